/* SPDX-License-Identifier: MIT */
/* fs-internal: the wait engine shared by poll and select. */
#ifndef FS_POLL_H
#define FS_POLL_H

#include <signal/signal.h>

#include "vfs.h"

/* One watched descriptor: @f referenced (NULL: none; @nval: a bad fd) */
struct fs_pollfd {
	struct file *f;
	short events, revents;
	bool nval;
};

/* now + @ns on the monotonic clock; FRAME_WAIT_FOREVER for @ns < 0 */
uint64_t fs_poll_deadline(int64_t ns);

/*
 * fs_poll_run() - wait until one of @v is ready or @deadline passes
 * (a deadline in the past: look once). The number ready (revents set),
 * or -ERESTARTNOHAND when a signal interrupted the wait.
 */
int fs_poll_run(struct fs_pollfd *v, size_t n, uint64_t deadline);

/* fs_timespec_deadline() - a user struct timespec (0: none, forever)
 * as a deadline; -EFAULT, -EINVAL for a bad one */
int fs_timespec_deadline(uint64_t uts, uint64_t *deadline);

/* A wait's temporary signal mask (ppoll, pselect6), when @set. */
struct fs_wait_mask {
	sigset_t mask;
	bool set;
};

/*
 * fs_wait_sigmask() - read a wait's user mask @umask of @size bytes into
 * @m (0 @umask: none); -EINVAL for a size other than sigset_t's, -EFAULT.
 * The caller applies it around the wait with signal_mask_wait_begin/end.
 */
int fs_wait_sigmask(uint64_t umask, uint64_t size, struct fs_wait_mask *m);

#endif /* FS_POLL_H */
