/* SPDX-License-Identifier: MIT */
/* qemu.h - the QEMU command line for a bundle, and what its exit means. */
#ifndef OSDK_CORE_QEMU_H
#define OSDK_CORE_QEMU_H

#include <stdbool.h>
#include <stddef.h>

struct bundle;
struct osdk_err;
struct strvec;

/* The I/O port of isa-debug-exit, as the frame expects it. */
#define QEMU_EXIT_PORT "0xf4"
/* The debugcon port where the frame writes its exit record. */
#define QEMU_EXIT_RECORD_PORT "0xe9"
/* The debugcon port where a coverage build writes its counters. */
#define QEMU_COV_PORT "0x4e9"

struct qemu_opts {
	const char *qemu; /* binary */
	const char *args; /* user arguments from the manifest and CLI */
	const char *accel; /* QEMU's -accel value, or NULL (accel_choose()) */
	const struct bundle *bundle;
	bool interactive; /* serial on the terminal, with QEMU's Ctrl-A keys */
	const char *gdb_addr; /* HOST:PORT or a socket path, or NULL */
	bool gdb_wait;	      /* start with the CPU stopped */
	/* Where QEMU writes what the guest sends to the debugcon port: the
	 * frame's exit record (see qemu_end()). NULL: no record channel. */
	const char *exit_file;
	/* A coverage build: where QEMU appends what the guest sends to the
	 * coverage port (coverage.h), or NULL. */
	const char *cov_file;
	/* grub-qcow2: the UEFI firmware (qemu.ovmf-code, qemu.ovmf-vars), or
	 * NULL to use Debian's (qemu_find_ovmf()) */
	const char *ovmf_code, *ovmf_vars;
	/* Boot a TDX guest with this firmware (tdx_check()), or NULL. */
	const char *tdvf;
};

/*
 * qemu_find_ovmf() - the UEFI firmware to boot with: @code and @vars when
 * given (each must exist), else Debian's OVMF (package ovmf): the 4 MiB
 * build, else the 2 MiB one. Caller frees *code_out and *vars_out; -ENOENT
 * naming what is missing.
 */
int qemu_find_ovmf(const char *code, const char *vars, char **code_out,
		   char **vars_out, struct osdk_err *err);

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

/* How a guest ended, from its exit record or else QEMU's status. */
enum qemu_end_kind {
	QEMU_END_CODE,	      /* powered off with a code (0..255) */
	QEMU_END_PANIC,	      /* the kernel panicked */
	QEMU_END_KTEST_PANIC, /* a ktest panicked */
	QEMU_END_OTHER,	      /* no power-off through the frame: see what */
};

struct qemu_end {
	enum qemu_end_kind kind;
	int code;	  /* QEMU_END_CODE */
	const char *what; /* QEMU_END_OTHER: a sentence for the user */
};

/*
 * qemu_exit_record() - the last "osdk-exit ..." record in @text (the
 * contents of an exit file); false when it holds none
 */
bool qemu_exit_record(const char *text, size_t len, struct qemu_end *out);

/*
 * qemu_end() - how the guest ended: the exit record in @exit_file when
 * there is one (the whole 0..255 code, or a panic), else decoded from
 * QEMU's @status as qemu_guest_code() does.
 */
void qemu_end(int status, const char *exit_file, struct qemu_end *out);

/* QEMU's -gdb argument for "HOST:PORT" or a Unix socket path. */
char *qemu_gdb_chardev(const char *addr);

#endif
