/* SPDX-License-Identifier: MIT */
/* Keel's init: bring the services up, start PID 1, power off when it ends. */
#include "init.h"

#include <frame/boot.h>
#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/string.h>
#include <fs/fs.h>
#include <process/process.h>
#include <procfs/procfs.h>
#include <signal/signal.h>
#include <syscall/syscall.h>
#include <tty/tty.h>

/* What Linux tries when init= does not say, in this order. */
static const char *const init_candidates[] = {
	"/init", "/sbin/init", "/etc/init", "/bin/init", "/bin/sh",
};

static const char *errname(int err)
{
	const char *n = frame_errno_name(err);

	return n ? n : "unknown error";
}

/* The services, in dependency order, then the initramfs in the root. */
static int init_services(void)
{
	int err;

	err = signal_init();
	if (err) {
		log_error("cannot set up signals: %s", errname(err));
		return err;
	}
	err = fs_init();
	if (err) {
		log_error("cannot set up the root file system: %s",
			  errname(err));
		return err;
	}
	if (!frame_boot_initramfs()) {
		log_error("no initramfs: there is no program to run as init "
			  "(give QEMU one with -initrd, or set boot.initramfs "
			  "in osdk.yaml)");
		return -ENOENT;
	}
	err = fs_unpack_initramfs();
	if (err) {
		log_error("cannot unpack the initramfs: %s", errname(err));
		return err;
	}
	/*
	 * /proc and /sys are mounted on the initramfs's directories; a root
	 * without them (as Linux's initramfs may be) simply goes without.
	 */
	err = procfs_init();
	if (err == -EBUSY)
		log_info("/proc or /sys is not a directory of the root: "
			 "not mounted");
	else if (err)
		log_warn("cannot mount /proc and /sys: %s", errname(err));
	err = tty_init();
	if (err) {
		log_error("cannot start the console terminal: %s",
			  errname(err));
		return err;
	}
	err = proc_init();
	if (!err)
		err = syscall_init();
	if (err)
		log_error("cannot set up processes: %s", errname(err));
	return err;
}

/*
 * Start @path as PID 1 with @c's arguments and environment. 0, or the
 * exec's error (nothing is left behind, the next one may be tried).
 */
static int init_try(struct keel_init_cmdline *c, const char *path)
{
	frame_strscpy(c->argv0, path, sizeof(c->argv0));
	c->argv[0] = c->argv0;
	return proc_spawn_init(c->argv0, c->argv, c->envp);
}

/* PID 1 as the command line says, or the first of the usual ones. */
static int init_start(struct keel_init_cmdline *c)
{
	int err;

	if (c->path[0]) {
		err = init_try(c, c->path);
		if (err)
			log_error("requested init %s failed (error %s)",
				  c->path, errname(err));
		return err;
	}
	for (size_t i = 0; i < ARRAY_SIZE(init_candidates); i++) {
		err = init_try(c, init_candidates[i]);
		if (!err)
			return 0;
		if (err != -ENOENT)
			log_warn("failed to execute %s (error %s)",
				 init_candidates[i], errname(err));
	}
	log_error("no working init found: tried /init, /sbin/init, "
		  "/etc/init, /bin/init and /bin/sh; pass init= on the "
		  "command line");
	return err;
}

/*
 * Linux panics when init exits. A test kernel is more useful powering off
 * with init's own exit code, which `osdk run` then exits with: a test
 * suite run as PID 1 reports through it. Killed by a signal, the code is
 * 128 + the signal, as a shell would say it.
 */
static int init_exit_code(int status)
{
	int sig = status & 0x7f;

	if (!sig) {
		log_info("init exited with code %d", (status >> 8) & 0xff);
		return (status >> 8) & 0xff;
	}
	log_info("init was killed by signal %d", sig);
	return 128 + sig;
}

int keel_init_run(struct keel_init_cmdline *c)
{
	if (init_services() || init_start(c))
		return 1;
	return init_exit_code(proc_wait_init());
}
