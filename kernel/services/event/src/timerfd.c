/* SPDX-License-Identifier: MIT */
/* timerfd files: a frame timer that counts expirations for read(2). */
#include "timerfd.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/sync.h>
#include <frame/time.h>
#include <frame/user.h>

#include <fs/fs.h>

/*
 * The timer's callback runs in bottom-half context, so @lock is a spin
 * lock taken with interrupts off. frame_timer_cancel() does not wait for
 * a callback that has started: such a callback is counted in @stale, it
 * only drops that count, and when the file is gone the last one frees.
 */
struct timerfd {
	struct file_priv priv;
	struct frame_waitq wq;
	struct frame_timer timer;
	int clockid;
	struct frame_spinlock lock; /* guards: */
	bool pending; /* the callback may yet run for the current arming */
	unsigned int stale; /* callbacks of earlier armings still running */
	bool dead;
	bool realtime; /* @expiry is wall-clock time */
	bool cancel_on_set, canceled;
	uint64_t expiry;   /* next expiration, on the timer's clock */
	uint64_t interval; /* 0: one-shot */
	uint64_t ticks;	   /* expirations not yet read */
};

static const struct file_ops timerfd_fops;

struct timerfd *timerfd_of(struct file *f)
{
	struct file_priv *p = file_priv(f, &timerfd_fops);

	return p ? container_of(p, struct timerfd, priv) : NULL;
}

bool timerfd_clock_ok(int clockid)
{
	return clockid == TIMERFD_CLOCK_REALTIME ||
	       clockid == TIMERFD_CLOCK_MONOTONIC ||
	       clockid == TIMERFD_CLOCK_BOOTTIME;
}

/* Keel does not suspend: boot time is monotonic time. */
static uint64_t timerfd_now(const struct timerfd *t, bool realtime)
{
	(void)t;
	return realtime ? frame_clock_realtime_ns()
			: frame_clock_monotonic_ns();
}

static void timerfd_arm_locked(struct timerfd *t)
{
	t->pending = true;
	if (t->realtime)
		(void)frame_timer_arm_realtime(
			&t->timer, t->expiry,
			t->cancel_on_set ? FRAME_TIMER_CANCEL_ON_SET : 0);
	else
		frame_timer_arm(&t->timer, t->expiry);
}

/* Disarm @t's timer; a callback already on its way becomes stale. */
static void timerfd_disarm_locked(struct timerfd *t)
{
	if (!frame_timer_cancel(&t->timer) && t->pending)
		t->stale++;
	t->pending = false;
}

static void timerfd_fire(struct frame_timer *timer)
{
	struct timerfd *t = container_of(timer, struct timerfd, timer);
	uint64_t flags = frame_spin_lock_irqsave(&t->lock);
	uint64_t now;

	if (t->stale) {
		/* A firing that timerfd_set() or the release overtook. */
		bool last = --t->stale == 0 && t->dead;

		frame_spin_unlock_irqrestore(&t->lock, flags);
		if (last)
			frame_free(t);
		return;
	}
	t->pending = false;
	if (frame_timer_fired_by_set(timer)) {
		/* The deadline still stands; reads report the setting. */
		t->canceled = true;
		t->ticks = 0;
		timerfd_arm_locked(t);
		goto out_wake;
	}
	now = timerfd_now(t, t->realtime);
	if (t->interval) {
		/* Expirations missed while the callback waited count too. */
		uint64_t n = 1;

		if (now > t->expiry)
			n += (now - t->expiry) / t->interval;
		t->ticks += n;
		t->expiry += n * t->interval;
		timerfd_arm_locked(t);
	} else {
		t->ticks++;
		t->expiry = 0;
	}
out_wake:
	frame_spin_unlock_irqrestore(&t->lock, flags);
	frame_waitq_wake_all(&t->wq);
}

static void timerfd_get_locked(struct timerfd *t, struct timerfd_spec *out)
{
	uint64_t now;

	out->interval_ns = t->interval;
	out->value_ns = 0;
	if (!t->expiry)
		return;
	now = timerfd_now(t, t->realtime);
	/* Due but not yet counted: it expires as good as now. */
	out->value_ns = t->expiry > now ? t->expiry - now : 1;
}

void timerfd_get(struct timerfd *t, struct timerfd_spec *out)
{
	uint64_t flags = frame_spin_lock_irqsave(&t->lock);

	timerfd_get_locked(t, out);
	frame_spin_unlock_irqrestore(&t->lock, flags);
}

void timerfd_set(struct timerfd *t, unsigned int flags,
		 const struct timerfd_spec *spec, struct timerfd_spec *old)
{
	uint64_t irq = frame_spin_lock_irqsave(&t->lock);

	timerfd_get_locked(t, old);
	timerfd_disarm_locked(t);
	t->ticks = 0;
	t->canceled = false;
	t->expiry = 0;
	t->interval = spec->interval_ns;
	t->realtime = t->clockid == TIMERFD_CLOCK_REALTIME;
	t->cancel_on_set = t->realtime && (flags & TFD_TIMER_ABSTIME) &&
			   (flags & TFD_TIMER_CANCEL_ON_SET);
	if (spec->value_ns) {
		if (flags & TFD_TIMER_ABSTIME)
			t->expiry = spec->value_ns;
		else
			t->expiry =
				timerfd_now(t, t->realtime) + spec->value_ns;
		/* 0 means disarmed: an absolute time 0 is as past as 1. */
		if (!t->expiry)
			t->expiry = 1;
		timerfd_arm_locked(t);
	}
	frame_spin_unlock_irqrestore(&t->lock, irq);
}

static bool timerfd_ready(struct timerfd *t)
{
	return __atomic_load_n(&t->ticks, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&t->canceled, __ATOMIC_ACQUIRE);
}

int timerfd_take(struct timerfd *t, bool nonblock, uint64_t *n)
{
	uint64_t flags;
	int err;

	for (;;) {
		flags = frame_spin_lock_irqsave(&t->lock);
		if (t->canceled) {
			t->canceled = false;
			frame_spin_unlock_irqrestore(&t->lock, flags);
			return -ECANCELED;
		}
		if (t->ticks) {
			*n = t->ticks;
			t->ticks = 0;
			frame_spin_unlock_irqrestore(&t->lock, flags);
			return 0;
		}
		frame_spin_unlock_irqrestore(&t->lock, flags);
		if (nonblock)
			return -EAGAIN;
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(&t->wq, timerfd_ready(t),
						     FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
	}
}

static ssize_t timerfd_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	uint64_t n;
	int err;

	(void)pos;
	if (vm_writer_remain(w) < sizeof(n))
		return -EINVAL;
	err = timerfd_take(timerfd_of(f), file_flags(f) & O_NONBLOCK, &n);
	if (err)
		return err;
	if (vm_writer_write(w, &n, sizeof(n)))
		return -EFAULT;
	return sizeof(n);
}

static unsigned int timerfd_poll(struct file *f, struct frame_poller *p)
{
	struct timerfd *t = timerfd_of(f);

	fs_poll_wait(p, &t->wq);
	/* As on Linux, a clock setting wakes pollers but is not POLLIN:
	 * only expirations are. */
	return __atomic_load_n(&t->ticks, __ATOMIC_ACQUIRE)
		       ? POLLIN | POLLRDNORM
		       : 0;
}

static void timerfd_release(struct file *f)
{
	struct timerfd *t = timerfd_of(f);
	uint64_t flags = frame_spin_lock_irqsave(&t->lock);
	bool free_now;

	t->dead = true;
	timerfd_disarm_locked(t);
	free_now = !t->stale;
	frame_spin_unlock_irqrestore(&t->lock, flags);
	if (free_now)
		frame_free(t);
}

static const struct file_ops timerfd_fops = {
	.read = timerfd_read,
	.poll = timerfd_poll,
	.release = timerfd_release,
};

int timerfd_file_create(int clockid, unsigned int flags, struct file **out)
{
	struct timerfd *t = frame_zalloc(sizeof(*t));

	if (!t)
		return -ENOMEM;
	frame_waitq_init(&t->wq);
	frame_timer_init(&t->timer, timerfd_fire);
	/* Zeroed memory is an unlocked spin lock (FRAME_SPINLOCK_INIT). */
	t->clockid = clockid;
	*out = file_create_anon(&timerfd_fops, O_RDWR | (flags & TFD_NONBLOCK),
				&t->priv);
	if (!*out) {
		frame_free(t);
		return -ENOMEM;
	}
	return 0;
}
