/* SPDX-License-Identifier: MIT */
/* tools.h - the external programs osdk needs, and where they come from. */
#ifndef OSDK_CORE_TOOLS_H
#define OSDK_CORE_TOOLS_H

struct osdk_err;

/*
 * -ENOENT with "'PROG' not found: needed to WHY; install the Debian package
 * 'PKG'" when `prog` is not on PATH, else 0. The package is looked up in a
 * table of the tools osdk drives (QEMU, GRUB, xorriso, mtools, gdb, ...).
 */
int tools_require(const char *prog, const char *why, struct osdk_err *err);

/* The Debian package that provides `prog`, or NULL when not known. */
const char *tools_package(const char *prog);

#endif
