/* SPDX-License-Identifier: MIT */
/* select(2) and pselect6(2), on the poll engine. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/time.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "poll.h"
#include "sys_util.h"

#define SEL_IN	(POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define SEL_OUT (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define SEL_EX	POLLPRI

struct select_args {
	int nfds;
	uint64_t uset[3];	      /* in, out, except (0: none) */
	uint64_t set[3][FD_MAX / 64]; /* kernel copies */
	uint64_t deadline;
};

static bool bit(const uint64_t *s, int i)
{
	return s[i / 64] >> (i % 64) & 1;
}

static long do_select(struct select_args *a)
{
	size_t words = ((size_t)a->nfds + 63) / 64;
	uint64_t out[3][FD_MAX / 64];
	struct fs_pollfd *v;
	int *fdof, n = 0;
	long ret = 0;

	v = frame_calloc((size_t)a->nfds + 1, sizeof(*v));
	fdof = frame_calloc((size_t)a->nfds + 1, sizeof(*fdof));
	if (!v || !fdof) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (int fd = 0; fd < a->nfds; fd++) {
		short ev = 0;

		if (bit(a->set[0], fd))
			ev |= SEL_IN;
		if (bit(a->set[1], fd))
			ev |= SEL_OUT;
		if (bit(a->set[2], fd))
			ev |= SEL_EX;
		if (!ev)
			continue;
		if (fd_get(fd_table_current(), fd, RIGHT_POLL, &v[n].f)) {
			ret = -EBADF;
			goto out_put;
		}
		v[n].events = ev;
		fdof[n++] = fd;
	}
	ret = fs_poll_run(v, (size_t)n, a->deadline);
	if (ret < 0)
		goto out_put;
	memset(out, 0, sizeof(out));
	ret = 0;
	for (int i = 0; i < n; i++) {
		int fd = fdof[i];
		unsigned int r = (unsigned short)v[i].revents;
		bool hit[3] = { bit(a->set[0], fd) && (r & SEL_IN),
				bit(a->set[1], fd) && (r & SEL_OUT),
				bit(a->set[2], fd) && (r & SEL_EX) };

		for (int s = 0; s < 3; s++) {
			if (hit[s]) {
				out[s][fd / 64] |= 1ull << (fd % 64);
				ret++;
			}
		}
	}
	for (int s = 0; s < 3; s++) {
		if (a->uset[s] &&
		    frame_copy_to_user(uaddr_from_syscall_arg(a->uset[s]),
				       out[s], words * 8)) {
			ret = -EFAULT;
			break;
		}
	}
out_put:
	for (int i = 0; i < n; i++)
		file_put(v[i].f);
out_free:
	frame_free(v);
	frame_free(fdof);
	return ret;
}

static int select_decode(const uint64_t a[6], struct select_args *s)
{
	size_t words;

	s->nfds = (int)a[0];
	if (s->nfds < 0)
		return -EINVAL;
	if (s->nfds > FD_MAX)
		s->nfds = FD_MAX; /* Linux clips to the table's size */
	words = ((size_t)s->nfds + 63) / 64;
	memset(s->set, 0, sizeof(s->set));
	for (int i = 0; i < 3; i++) {
		s->uset[i] = a[1 + i];
		if (s->uset[i] &&
		    frame_copy_from_user(s->set[i],
					 uaddr_from_syscall_arg(s->uset[i]),
					 words * 8))
			return -EFAULT;
		/* bits past nfds in the last word do not count */
		if (s->nfds % 64)
			s->set[i][words - 1] &= (1ull << (s->nfds % 64)) - 1;
	}
	return 0;
}

/* Time left until @deadline, for the updated timeout. */
static uint64_t select_left(uint64_t deadline)
{
	uint64_t now = frame_clock_monotonic_ns();

	return deadline > now ? deadline - now : 0;
}

struct linux_timeval {
	int64_t sec, usec;
};

static int64_t select_ns(int64_t sec, int64_t usec)
{
	int64_t ns;

	if (sec >= INT64_MAX / 1000000000 || usec >= INT64_MAX / 1000)
		return INT64_MAX;
	ns = sec * 1000000000;
	if (usec * 1000 > INT64_MAX - ns)
		return INT64_MAX;
	return ns + usec * 1000;
}

long sys_select(const uint64_t a[6])
{
	struct select_args *s;
	struct linux_timeval tv;
	uaddr_t utv = uaddr_from_syscall_arg(a[4]);
	long ret;

	s = frame_zalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->deadline = FRAME_WAIT_FOREVER;
	if (a[4]) {
		if (frame_copy_from_user(&tv, utv, sizeof(tv))) {
			ret = -EFAULT;
			goto out;
		}
		if (tv.sec < 0 || tv.usec < 0) {
			ret = -EINVAL;
			goto out;
		}
		/* A usec of a second or more is folded in, as Linux does;
		 * past what 64 bits of nanoseconds hold, it is forever. */
		s->deadline = fs_poll_deadline(select_ns(tv.sec, tv.usec));
	}
	ret = select_decode(a, s);
	if (!ret)
		ret = do_select(s);
	if (a[4] && ret != -EFAULT) {
		uint64_t left = select_left(s->deadline);

		tv.sec = (int64_t)(left / 1000000000);
		tv.usec = (int64_t)(left % 1000000000 / 1000);
		frame_copy_to_user(utv, &tv, sizeof(tv));
	}
out:
	frame_free(s);
	return ret;
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; } */
struct pselect_sig {
	uint64_t ss, len;
};

long sys_pselect6(const uint64_t a[6])
{
	struct fs_wait_mask m = { .set = false };
	struct select_args *s;
	struct pselect_sig sig;
	long ret;

	if (a[5] && frame_copy_from_user(&sig, uaddr_from_syscall_arg(a[5]),
					 sizeof(sig)))
		return -EFAULT;
	s = frame_zalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	ret = fs_timespec_deadline(a[4], &s->deadline);
	if (!ret && a[5])
		ret = fs_wait_sigmask(sig.ss, sig.len, &m);
	if (!ret)
		ret = select_decode(a, s);
	if (ret)
		goto out;
	if (m.set)
		signal_mask_wait_begin(m.mask);
	ret = do_select(s);
	if (m.set)
		signal_mask_wait_end(ret == -ERESTARTNOHAND || ret == -EINTR);
out:
	frame_free(s);
	return ret;
}
