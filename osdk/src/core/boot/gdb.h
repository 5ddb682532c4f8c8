/* SPDX-License-Identifier: MIT */
/* gdb.h - the gdb command line that attaches to a kernel in QEMU. */
#ifndef OSDK_CORE_GDB_H
#define OSDK_CORE_GDB_H

#include <stdbool.h>

struct osdk_err;
struct strvec;

/* Where `osdk run --gdb-server` listens when no address is given. */
#define GDB_DEFAULT_ADDR "localhost:1234"

/*
 * 0 when `addr` is somewhere a gdb stub can listen or be reached: a socket
 * path (it holds a '/'), a host without a port, or HOST:PORT with a port
 * from 1 to 65535 (":1234" is every local interface, as QEMU has it).
 * Else -EINVAL saying so, `what` naming the option ("--gdb-server").
 */
int gdb_check_addr(const char *addr, const char *what, struct osdk_err *err);

/*
 * `osdk run --gdb-server`'s value, "[addr=A][,wait-client][,vscode]":
 * *addr (the caller frees) is A or GDB_DEFAULT_ADDR, *wait whether the CPU
 * waits for gdb, *vscode whether to write VS Code's launch.json. An empty
 * spec means the defaults. -EINVAL for an unknown part or a bad address,
 * naming it.
 */
int gdb_parse_server_spec(const char *spec, char **addr, bool *wait,
			  bool *vscode, struct osdk_err *err);

/*
 * gdb_vscode_launch() - merge into the VS Code launch file @path (made
 * when missing, with its folder) a configuration named @name that
 * attaches VS Code's C/C++ debugger (cppdbg, gdb) to the stub at @addr
 * with the kernel @elf's symbols, running in @root and mapping each of
 * @maps' "FROM=TO" source prefixes; a configuration of that name is
 * replaced, others are kept. -EINVAL, leaving the file as it was, when it
 * is not a JSON object with a "configurations" array (VS Code allows
 * comments in it, which are not read here: the message says so).
 */
int gdb_vscode_launch(const char *path, const char *name, const char *elf,
		      const char *addr, const char *root,
		      const struct strvec *maps, struct osdk_err *err);

/*
 * gdb -q ELF -ex 'target remote ADDR' followed by `extra` (arguments the
 * user passed after "--"), with the architecture fixed to x86-64 so that a
 * CPU still in 32-bit boot code does not confuse gdb's register layout.
 */
void gdb_argv(const char *elf, const char *addr, const char *const *extra,
	      struct strvec *argv);

#endif
