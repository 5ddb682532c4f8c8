/* SPDX-License-Identifier: MIT */
/* fs-internal: the wait engine shared by poll and select. */
#ifndef FS_POLL_H
#define FS_POLL_H

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

#endif /* FS_POLL_H */
