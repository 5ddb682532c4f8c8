/* SPDX-License-Identifier: MIT */
/* run.h - osdk run's parts: its boot set-up, the gdb server, the exit. */
#ifndef OSDK_CMD_RUN_H
#define OSDK_CMD_RUN_H

#include <stdbool.h>

#include "cli.h"
#include "cli_cov.h"
#include "core/boot/accel.h"
#include "core/boot/bundle_dir.h"
#include "core/boot/qemu.h"

/* What osdk run's command line asks, once parsed. */
struct run_args {
	struct build_flags f;
	struct cov_flags cov;
	const char *bundle_from; /* --bundle DIR, or NULL */
	char *gdb_addr;		 /* --gdb-server's address, or NULL */
	bool gdb_wait;		 /* ...,wait-client */
	bool vscode;		 /* ...,vscode */
};

/*
 * How the kernel boots, and what that set-up owns (run_boot.c).
 * Zero-initialised; run_boot_release() frees it and removes tmp_dir.
 */
struct run_boot {
	struct qemu_opts qo;
	struct accel_choice accel;
	struct bundle b;
	struct bundle_dir bd; /* --bundle DIR's description */
	char *qargs;	      /* --bundle: its QEMU args, then --qemu-args */
	char *tmp_dir;	      /* --bundle: the exit record (it may be
			       * read-only) */
	char *tdvf;
	char *exit_file; /* where the frame's exit record goes */
	char *cov_file;
};

/*
 * run_boot_from_bundle() - @rb from the bundle in a->bundle_from as it
 * was kept (firmware, a TDX guest's checked on this host), with
 * --qemu-args and --accel. 0, or an exit code after printing why.
 */
int run_boot_from_bundle(const struct run_args *a, struct run_boot *rb);

/*
 * run_boot_from_build() - build the kernel into @s and @rb from it: its
 * bundle (and image record), accelerator, a TDX guest's firmware, the VS
 * Code configuration --gdb-server's vscode asks for and, for --coverage,
 * the stream the kernel writes. 0, or an exit code after printing why.
 */
int run_boot_from_build(const struct run_args *a, struct session *s,
			struct run_boot *rb);

void run_boot_release(struct run_boot *rb);

/*
 * run_gdb_parse() - --gdb-server's "[addr=A][,wait-client][,vscode]"
 * (gdb.h) into @a (run_gdb.c). 0, or EXIT_USAGE after printing why.
 */
int run_gdb_parse(const char *spec, struct run_args *a);

/* run_gdb_vscode() - a VS Code launch configuration that attaches to the
 * gdb stub on @addr, merged into the workspace's. 0, or 1 after printing
 * why not. */
int run_gdb_vscode(const struct session *s, const char *addr);

/* run_gdb_announce() - the status line saying where gdb may attach. */
void run_gdb_announce(const struct run_args *a);

/*
 * run_exit_code() - how the guest ended, from QEMU's @status and
 * @exit_file, into @end, and osdk's exit code for it: the kernel's own
 * code, EXIT_PANIC after a panic, else 1 after printing why (run_exit.c).
 * @gdb: a gdb stub was listening.
 */
int run_exit_code(int status, const char *exit_file, bool gdb,
		  struct qemu_end *end);

/* run_emit_finished() - the run-finished record of --message-format json,
 * for @end and osdk's exit code @code. */
void run_emit_finished(const struct qemu_end *end, int code);

#endif
