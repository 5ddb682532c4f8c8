/* SPDX-License-Identifier: MIT */
/* gdb.c - the gdb command line that attaches to a kernel in QEMU. */
#include "core/boot/gdb.h"

#include <stdlib.h>

#include "util/strvec.h"

void gdb_argv(const char *elf, const char *addr, const char *const *extra,
	      struct strvec *argv)
{
	strvec_push(argv, "gdb");
	strvec_push(argv, "-q");
	strvec_push(argv, "-ex");
	strvec_push(argv, "set architecture i386:x86-64");
	strvec_push(argv, "-ex");
	strvec_pushf(argv, "target remote %s", addr);
	strvec_pushv(argv, extra);
	/* The ELF comes last so that extra options still apply to it. */
	strvec_push(argv, elf);
}
