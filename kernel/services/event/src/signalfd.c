/* SPDX-License-Identifier: MIT */
/* signalfd files: the caller's pending signals of a set, read as records. */
#include "signalfd.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/sync.h>
#include <frame/user.h>

#include <fs/fs.h>

BUILD_BUG_ON(sizeof(struct signalfd_info) != SIGNALFD_INFO_SIZE);

#define SI_TIMER (-2)

/* A thread group whose signal queue a poll of the file went on. */
struct signalfd_pin {
	struct sig_group *group;
	struct signalfd_pin *next;
};

/*
 * Only the set belongs to the file: as on Linux, a read or poll looks at
 * the signals of whichever thread makes it (a forked child reads its
 * own). But a poll may leave a registration on that thread group's queue
 * (an epoll item stays until the file's last close), and the group may
 * end first: so the file pins every group it was polled in, until it is
 * released, after such registrations are gone.
 */
struct signalfd {
	struct file_priv priv;
	sigset_t mask; /* atomic: signalfd4 may replace it at any time */
	struct frame_spinlock pins_lock;
	struct signalfd_pin *pins;
};

static const struct file_ops signalfd_fops;

struct signalfd *signalfd_of(struct file *f)
{
	struct file_priv *p = file_priv(f, &signalfd_fops);

	return p ? container_of(p, struct signalfd, priv) : NULL;
}

static sigset_t signalfd_mask(const struct signalfd *s)
{
	return __atomic_load_n(&s->mask, __ATOMIC_ACQUIRE);
}

void signalfd_set_mask(struct signalfd *s, sigset_t mask)
{
	__atomic_store_n(&s->mask, mask, __ATOMIC_RELEASE);
}

static bool sig_is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	       sig == SIGFPE || sig == SIGTRAP;
}

void signalfd_info_from(const struct ksiginfo *info, struct signalfd_info *out)
{
	memset(out, 0, sizeof(*out));
	out->signo = (uint32_t)info->signo;
	out->errno_ = info->errno_;
	out->code = info->code;
	/* The fields of the siginfo_t layout the signal and code select. */
	if (info->code == SI_TIMER) {
		out->tid = (uint32_t)info->timerid;
		out->overrun = (uint32_t)info->overrun;
		out->ptr = info->value;
		out->int_ = (int32_t)info->value;
	} else if (info->code <= 0) {
		/* kill, tkill, sigqueue: the sender and any value */
		out->pid = (uint32_t)info->pid;
		out->uid = info->uid;
		out->ptr = info->value;
		out->int_ = (int32_t)info->value;
	} else if (info->signo == SIGCHLD) {
		out->pid = (uint32_t)info->pid;
		out->uid = info->uid;
		out->status = info->status;
		out->utime = (uint64_t)info->utime;
		out->stime = (uint64_t)info->stime;
	} else if (sig_is_fault(info->signo)) {
		out->addr = info->addr;
	} else if (info->signo == SIGIO) {
		out->band = (uint32_t)info->band;
		out->fd = info->fd;
	} else if (info->signo == SIGSYS) {
		out->call_addr = info->addr;
		out->syscall = info->syscall;
		out->arch = info->arch;
	} else {
		out->pid = (uint32_t)info->pid;
		out->uid = info->uid;
	}
}

/* The next signal of @mask for the caller: blocking unless @nonblock. */
static int signalfd_take(struct signalfd *s, bool nonblock,
			 struct ksiginfo *info)
{
	struct sig_thread *t = sig_thread_current();
	int err;

	/* A thread without signals (a kernel task, one that has left its
	 * group) has nothing to wait for. */
	if (!t || !signal_queue_wq(t))
		return -EAGAIN;
	for (;;) {
		sigset_t mask = signalfd_mask(s);

		if (signal_take(t, mask, info))
			return 0;
		if (nonblock)
			return -EAGAIN;
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			signal_queue_wq(t),
			signal_pending_in(t, signalfd_mask(s)) != 0,
			FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
	}
}

static ssize_t signalfd_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	struct signalfd *s = signalfd_of(f);
	bool nonblock = file_flags(f) & O_NONBLOCK;
	struct signalfd_info out;
	struct ksiginfo info;
	ssize_t done = 0;
	int err;

	(void)pos;
	if (vm_writer_remain(w) < sizeof(out))
		return -EINVAL;
	/* Only the first record may wait; then whatever is pending. */
	while (vm_writer_remain(w) >= sizeof(out)) {
		err = signalfd_take(s, nonblock || done, &info);
		if (err)
			return done ? done : err;
		signalfd_info_from(&info, &out);
		if (vm_writer_write(w, &out, sizeof(out)))
			return done ? done : -EFAULT;
		done += (ssize_t)sizeof(out);
	}
	return done;
}

/* Pin @t's group for @s, once; false when memory is short. */
static bool signalfd_pin(struct signalfd *s, struct sig_thread *t)
{
	struct signalfd_pin *pin = frame_zalloc(sizeof(*pin)), *it;
	uint64_t fl;

	if (!pin)
		return false;
	fl = frame_spin_lock_irqsave(&s->pins_lock);
	for (it = s->pins; it; it = it->next)
		if (signal_queue_pinned(t, it->group))
			break;
	if (!it) {
		pin->group = signal_queue_pin(t);
		pin->next = s->pins;
		s->pins = pin;
		pin = NULL;
	}
	frame_spin_unlock_irqrestore(&s->pins_lock, fl);
	frame_free(pin); /* NULL, or not needed: the group was pinned */
	return true;
}

static unsigned int signalfd_poll(struct file *f, struct frame_poller *p)
{
	struct sig_thread *t = sig_thread_current();
	struct signalfd *s = signalfd_of(f);

	if (!t || !signal_queue_wq(t))
		return 0;
	if (!signalfd_pin(s, t))
		return POLLERR;
	fs_poll_wait(p, signal_queue_wq(t));
	return signal_pending_in(t, signalfd_mask(signalfd_of(f)))
		       ? POLLIN | POLLRDNORM
		       : 0;
}

static void signalfd_release(struct file *f)
{
	struct signalfd *s = signalfd_of(f);

	/* The file's registrations went before its release (fs_watch). */
	while (s->pins) {
		struct signalfd_pin *pin = s->pins;

		s->pins = pin->next;
		signal_queue_unpin(pin->group);
		frame_free(pin);
	}
	frame_free(s);
}

static const struct file_ops signalfd_fops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.release = signalfd_release,
};

int signalfd_file_create(sigset_t mask, unsigned int flags, struct file **out)
{
	struct signalfd *s = frame_zalloc(sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->mask = mask;
	/* pins_lock: zeroed memory is an unlocked lock (FRAME_SPINLOCK_INIT) */
	*out = file_create_anon(&signalfd_fops, O_RDWR | (flags & SFD_NONBLOCK),
				&s->priv);
	if (!*out) {
		frame_free(s);
		return -ENOMEM;
	}
	return 0;
}
