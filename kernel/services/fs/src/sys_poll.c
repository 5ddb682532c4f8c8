/* SPDX-License-Identifier: MIT */
/* poll(2) and ppoll(2). */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include <fs/syscalls.h>
#include <signal/signal.h>

#include "poll.h"
#include "sys_util.h"

struct linux_pollfd {
	int32_t fd;
	int16_t events, revents;
};

struct linux_timespec {
	int64_t sec, nsec;
};

struct poll_args {
	uaddr_t ufds;
	size_t nfds;
	struct linux_pollfd *fds; /* kernel copy */
	uint64_t deadline;
};

static long do_poll(struct poll_args *a)
{
	struct fs_pollfd *v = NULL;
	long ret;

	if (a->nfds) {
		v = frame_calloc(a->nfds, sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	for (size_t i = 0; i < a->nfds; i++) {
		v[i].events = a->fds[i].events;
		if (a->fds[i].fd < 0)
			continue;
		if (fd_get(fd_table_current(), a->fds[i].fd, RIGHT_POLL,
			   &v[i].f))
			v[i].nval = true;
	}
	ret = fs_poll_run(v, a->nfds, a->deadline);
	for (size_t i = 0; i < a->nfds; i++) {
		a->fds[i].revents = ret >= 0 ? v[i].revents : 0;
		if (v[i].f)
			file_put(v[i].f);
	}
	frame_free(v);
	if (ret >= 0) {
		/* only revents changes; write the whole array back */
		int err = frame_copy_to_user(a->ufds, a->fds,
					     a->nfds * sizeof(*a->fds));

		if (err)
			ret = err;
	}
	return ret;
}

static long poll_common(uint64_t ufds, uint64_t nfds, uint64_t deadline)
{
	struct poll_args a = { .ufds = uaddr_from_syscall_arg(ufds),
			       .nfds = (size_t)nfds,
			       .deadline = deadline };
	long ret;

	if (nfds > (uint64_t)fd_limit())
		return -EINVAL; /* as Linux: more than RLIMIT_NOFILE */
	if (a.nfds) {
		a.fds = frame_calloc(a.nfds, sizeof(*a.fds));
		if (!a.fds)
			return -ENOMEM;
		ret = frame_copy_from_user(a.fds, a.ufds,
					   a.nfds * sizeof(*a.fds));
		if (ret) {
			frame_free(a.fds);
			return ret;
		}
	}
	ret = do_poll(&a);
	frame_free(a.fds);
	return ret;
}

long sys_poll(const uint64_t a[6])
{
	int timeout = (int)a[2];

	return poll_common(
		a[0], a[1],
		fs_poll_deadline(timeout < 0 ? -1
					     : (int64_t)timeout * 1000000));
}

/* A user timespec as a deadline: -EFAULT, -EINVAL; NULL: forever. */
int fs_timespec_deadline(uint64_t uts, uint64_t *deadline)
{
	struct linux_timespec ts;

	if (uts == 0) {
		*deadline = FRAME_WAIT_FOREVER;
		return 0;
	}
	if (frame_copy_from_user(&ts, uaddr_from_syscall_arg(uts), sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
		return -EINVAL;
	if (ts.sec > INT64_MAX / 1000000000 - 1)
		*deadline = fs_poll_deadline(INT64_MAX);
	else
		*deadline = fs_poll_deadline(ts.sec * 1000000000 + ts.nsec);
	return 0;
}

/*
 * A wait's user signal mask (ppoll, pselect6): none when @umask is 0;
 * -EINVAL for a size other than sigset_t's, -EFAULT.
 */
int fs_wait_sigmask(uint64_t umask, uint64_t size, struct fs_wait_mask *m)
{
	m->set = false;
	if (!umask)
		return 0;
	if (size != SIGSET_SIZE)
		return -EINVAL;
	if (frame_copy_from_user(&m->mask, uaddr_from_syscall_arg(umask),
				 sizeof(m->mask)))
		return -EFAULT;
	m->set = true;
	return 0;
}

long sys_ppoll(const uint64_t a[6])
{
	struct fs_wait_mask m;
	uint64_t deadline;
	long ret;

	ret = fs_timespec_deadline(a[2], &deadline);
	if (!ret)
		ret = fs_wait_sigmask(a[3], a[4], &m);
	if (ret)
		return ret;
	if (m.set)
		signal_mask_wait_begin(m.mask);
	ret = poll_common(a[0], a[1], deadline);
	if (m.set)
		signal_mask_wait_end(ret == -ERESTARTNOHAND || ret == -EINTR);
	return ret;
}
