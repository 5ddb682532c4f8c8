/* SPDX-License-Identifier: MIT */
/* depfile.h - reading the make rule a compiler writes with -MD. */
#ifndef OSDK_CORE_DEPFILE_H
#define OSDK_CORE_DEPFILE_H

#include <stddef.h>

#include "util/strvec.h"

/*
 * Parse the prerequisites of the first rule of a depfile (`target: a.c
 * b.h \` continued over lines): words separated by blanks, `\ ` an escaped
 * space inside a name, backslash-newline a continuation, `$$` a dollar.
 * The rules -MP adds after it (`b.h:` with no prerequisites) are not read.
 * Returns 0 with the names appended to *out, or -EINVAL when the text has
 * no rule (no ':' before the first newline that is not continued) or ends
 * inside an escape.
 */
int depfile_parse(const char *text, size_t len, struct strvec *out);

#endif
