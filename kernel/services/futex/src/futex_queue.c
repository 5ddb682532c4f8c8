/* SPDX-License-Identifier: MIT */
/* Futex wait queues: enqueue, wake, requeue, and the wait itself. */
#include "futex_internal.h"

#include <frame/errno.h>
#include <frame/task.h>

void futex_enqueue_locked(struct futex_bucket *b, struct futex_waiter *w)
{
	struct futex_waiter **pp = &b->head;

	/* FIFO: the longest waiting is woken first. */
	while (*pp) {
		w->prev = *pp;
		pp = &(*pp)->next;
	}
	if (!b->head)
		w->prev = NULL;
	w->next = NULL;
	*pp = w;
	w->bucket = b;
}

void futex_unlink_locked(struct futex_bucket *b, struct futex_waiter *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		b->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	w->prev = w->next = NULL;
	w->bucket = NULL;
}

int futex_wake_locked(struct futex_bucket *b, const struct futex_key *key,
		      int n, uint32_t bitset)
{
	struct futex_waiter *w = b->head, *next;
	int woken = 0;

	for (; w; w = next) {
		next = w->next;
		if (!futex_key_eq(&w->key, key) || !(w->bitset & bitset))
			continue;
		futex_unlink_locked(b, w);
		w->woken = true;
		/* The waiter takes this bucket's lock before it returns, so
		 * its queue outlives this call. */
		frame_waitq_wake_all(&w->wq);
		if (++woken >= n)
			break;
	}
	return woken;
}

struct futex_bucket *futex_lock_waiter_bucket(struct futex_waiter *w,
					      uint64_t *flags)
{
	for (;;) {
		struct futex_bucket *b = w->bucket;

		if (!b) {
			/* Woken: its waker held some bucket; any lock it
			 * held is released once it is seen free here. */
			return NULL;
		}
		*flags = frame_spin_lock_irqsave(&b->lock);
		if (b == w->bucket)
			return b;
		frame_spin_unlock_irqrestore(&b->lock, *flags);
	}
}

void futex_lock_two(struct futex_bucket *a, struct futex_bucket *b,
		    uint64_t *fa, uint64_t *fb)
{
	if (a == b) {
		*fa = frame_spin_lock_irqsave(&a->lock);
		return;
	}
	if (a < b) {
		*fa = frame_spin_lock_irqsave(&a->lock);
		*fb = frame_spin_lock_irqsave(&b->lock);
	} else {
		*fb = frame_spin_lock_irqsave(&b->lock);
		*fa = frame_spin_lock_irqsave(&a->lock);
	}
}

void futex_unlock_two(struct futex_bucket *a, struct futex_bucket *b,
		      uint64_t fa, uint64_t fb)
{
	if (a == b) {
		frame_spin_unlock_irqrestore(&a->lock, fa);
		return;
	}
	if (a < b) {
		frame_spin_unlock_irqrestore(&b->lock, fb);
		frame_spin_unlock_irqrestore(&a->lock, fa);
	} else {
		frame_spin_unlock_irqrestore(&a->lock, fa);
		frame_spin_unlock_irqrestore(&b->lock, fb);
	}
}

/* Read the word under the bucket lock; -EFAULT means: fault it in. */
static int futex_read_locked(uaddr_t uaddr, uint32_t *val)
{
	return frame_copy_from_user_nofault(val, uaddr, sizeof(*val));
}

int futex_wait_key(uaddr_t uaddr, const struct futex_key *key, uint32_t val,
		   uint32_t bitset, uint64_t deadline)
{
	struct futex_waiter w = { .key = *key, .bitset = bitset };
	struct futex_bucket *b = futex_bucket_of(key);
	struct frame_waiter fw;
	uint64_t fl;
	uint32_t cur;
	int err = 0, tries = 0;

	frame_waitq_init(&w.wq);
	for (;;) {
		fl = frame_spin_lock_irqsave(&b->lock);
		err = futex_read_locked(uaddr, &cur);
		if (!err)
			break;
		frame_spin_unlock_irqrestore(&b->lock, fl);
		if (++tries > 8 || frame_user_load_u32(uaddr, &cur))
			return -EFAULT;
	}
	if (cur != val) {
		frame_spin_unlock_irqrestore(&b->lock, fl);
		return -EAGAIN;
	}
	futex_enqueue_locked(b, &w);
	frame_spin_unlock_irqrestore(&b->lock, fl);

	for (;;) {
		frame_waitq_prepare_interruptible(&w.wq, &fw);
		if (w.woken)
			break;
		err = frame_waitq_sleep(&w.wq, &fw, deadline);
		if (err)
			break;
		frame_waitq_finish(&w.wq, &fw);
	}
	frame_waitq_finish(&w.wq, &fw);

	/* Off the queue for good, and the waker done with w.wq. */
	b = futex_lock_waiter_bucket(&w, &fl);
	if (b) {
		futex_unlink_locked(b, &w);
		frame_spin_unlock_irqrestore(&b->lock, fl);
	} else {
		/* The waker unlinked us under the lock of the bucket we
		 * were on; take it once so that its wake is over. */
		struct futex_bucket *last = futex_bucket_of(&w.key);

		fl = frame_spin_lock_irqsave(&last->lock);
		frame_spin_unlock_irqrestore(&last->lock, fl);
		return 0;
	}
	return err == -ETIMEDOUT ? -ETIMEDOUT : -EINTR;
}
