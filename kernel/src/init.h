/* SPDX-License-Identifier: MIT */
/* Keel's init: the command line as Linux reads it, and starting PID 1. */
#ifndef KEEL_INIT_H
#define KEEL_INIT_H

#include <frame/types.h>

/* Linux's limits on what the command line hands init. */
#define KEEL_INIT_MAX_ARGS 32
#define KEEL_INIT_MAX_ENVS 32
#define KEEL_INIT_PATH_MAX 256
#define KEEL_INIT_STORE	   4096

/*
 * What the kernel command line says about init, read the way Linux reads
 * it (init/main.c):
 *
 * - `init=PATH` names the program to run as PID 1; `rdinit=PATH` is taken
 *   as the same (there is no root file system apart from the initramfs),
 *   the last of either wins. Without them Keel tries /init, then
 *   /sbin/init, /etc/init, /bin/init and /bin/sh.
 * - Words the kernel knows are its own: `quiet`, `keel.strace=1`, `log=`,
 *   `console=`, `loglevel=`, `root=`... and every `name.param=value`
 *   (module parameters).
 * - Any other word goes to init: `key=value` into its environment
 *   (replacing a variable of the same name), a bare word into its
 *   arguments.
 * - Every word after `--` is an argument of init, whatever it looks like.
 * - The environment starts with HOME=/ and TERM=linux, as Linux's does.
 *
 * @argv[0] is left for the path of the init being tried; @argv[1..argc]
 * are the arguments, NULL-terminated. @envp is NULL-terminated. Words
 * beyond the limits are dropped and counted in @dropped.
 */
struct keel_init_cmdline {
	char path[KEEL_INIT_PATH_MAX];	/* "" when init= was not given */
	char argv0[KEEL_INIT_PATH_MAX]; /* the init being tried, argv[0] */
	bool quiet;			/* `quiet` */
	bool log_given;			/* `log=` (which beats quiet) */
	bool strace;			/* `keel.strace=1` */
	size_t argc, envc;
	unsigned int dropped;
	char *argv[KEEL_INIT_MAX_ARGS + 2];
	char *envp[KEEL_INIT_MAX_ENVS + 1];
	char store[KEEL_INIT_STORE]; /* the strings argv and envp point at */
	size_t used;
};

/* keel_init_cmdline_parse() - fill @c from the @n words of a command line */
void keel_init_cmdline_parse(struct keel_init_cmdline *c,
			     const char *const words[], size_t n);

/*
 * keel_init_cmdline_read() - keel_init_cmdline_parse() of the kernel's own
 * command line (frame_cmdline_word()). 0, or -ENOMEM.
 */
int keel_init_cmdline_read(struct keel_init_cmdline *c);

/*
 * keel_init_run() - the rest of boot: file system, initramfs, tty,
 * processes, then PID 1 per @c; waits for PID 1 to exit and returns the
 * exit code the machine powers off with: PID 1's exit status, or 128 +
 * the signal that killed it (as a shell reports it). 1 when init could not
 * be started (the reason is logged as an error).
 */
int keel_init_run(struct keel_init_cmdline *c);

#endif /* KEEL_INIT_H */
