/* SPDX-License-Identifier: MIT */
/* gdb.h - the gdb command line that attaches to a kernel in QEMU. */
#ifndef OSDK_CORE_GDB_H
#define OSDK_CORE_GDB_H

struct strvec;

/* Where `osdk run --gdb-server` listens when no address is given. */
#define GDB_DEFAULT_ADDR "localhost:1234"

/*
 * gdb -q ELF -ex 'target remote ADDR' followed by `extra` (arguments the
 * user passed after "--"), with the architecture fixed to x86-64 so that a
 * CPU still in 32-bit boot code does not confuse gdb's register layout.
 */
void gdb_argv(const char *elf, const char *addr, const char *const *extra,
	      struct strvec *argv);

#endif
