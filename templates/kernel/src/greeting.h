/* SPDX-License-Identifier: MIT */
/* greeting.h - the line the {{name}} kernel prints when it boots. */
#ifndef {{IDENT}}_GREETING_H
#define {{IDENT}}_GREETING_H

#include <frame/types.h>

/*
 * {{ident}}_greeting() - write the boot greeting into @buf
 * @size: size of @buf
 * @cpus: how many CPUs are online, which the greeting names
 *
 * Returns the greeting's length, or -E2BIG when it does not fit in @size
 * bytes; @buf then holds as much of it as fits, NUL-terminated.
 */
int {{ident}}_greeting(char *buf, size_t size, int cpus);

#endif
