/* SPDX-License-Identifier: MIT */
/* qemu.h - the QEMU command line for a bundle, and what its exit means. */
#ifndef OSDK_CORE_QEMU_H
#define OSDK_CORE_QEMU_H

#include <stdbool.h>

struct bundle;
struct osdk_err;
struct strvec;

/* The I/O port of isa-debug-exit, as the frame expects it. */
#define QEMU_EXIT_PORT "0xf4"

struct qemu_opts {
	const char *qemu; /* binary */
	const char *args; /* user arguments from the manifest and CLI */
	const struct bundle *bundle;
	bool interactive; /* serial on the terminal, with QEMU's Ctrl-A keys */
	const char *gdb_addr; /* HOST:PORT or a socket path, or NULL */
	bool gdb_wait;	      /* start with the CPU stopped */
};

/*
 * The full argument vector: user arguments first, then what osdk needs (no
 * display, serial console on stdio, no reboot, the exit device, the boot
 * medium, the gdb stub). A malformed args string is -EINVAL.
 */
int qemu_argv(const struct qemu_opts *o, struct strvec *argv,
	      struct osdk_err *err);

/*
 * How QEMU ended. Returns true and sets *code when the guest powered off
 * through the frame; otherwise false, with `what` describing it (QEMU error,
 * guest reset, signal).
 */
bool qemu_guest_code(int status, int *code, const char **what);

/* QEMU's -gdb argument for "HOST:PORT" or a Unix socket path. */
char *qemu_gdb_chardev(const char *addr);

#endif
