/* SPDX-License-Identifier: MIT */
/* Futex internals: keys, hashed buckets, waiters (not an API). */
#ifndef FUTEX_FUTEX_INTERNAL_H
#define FUTEX_FUTEX_INTERNAL_H

#include <frame/sync.h>
#include <futex/futex.h>

struct frame_page;

/*
 * A key names one futex word. Private: the address space and the address
 * (page NULL). Shared: the physical page (a reference held by whoever
 * holds the key) and the offset in the object (space NULL).
 */
struct futex_key {
	const struct vm_space *space;
	struct frame_page *page;
	uint64_t addr;
};

struct futex_bucket;

/* A sleeping FUTEX_WAIT, on the waiter's stack. */
struct futex_waiter {
	struct futex_waiter *prev, *next;
	struct futex_bucket *bucket; /* changes under both locks (requeue) */
	struct futex_key key;
	uint32_t bitset;
	bool woken;
	struct frame_waitq wq;
};

struct futex_bucket {
	struct frame_spinlock lock;
	struct futex_waiter *head;
};

#define FUTEX_BUCKETS 256

/* futex_key.c */
/* @uaddr's key in the calling task's space; futex_key_put() after. */
int futex_key_get(uaddr_t uaddr, bool shared, struct futex_key *key);
/* The shared key of @uaddr in @space without faulting (-ENOENT). */
int futex_key_shared_in(struct vm_space *space, uaddr_t uaddr,
			struct futex_key *key);
void futex_key_put(struct futex_key *key);
bool futex_key_eq(const struct futex_key *a, const struct futex_key *b);
struct futex_bucket *futex_bucket_of(const struct futex_key *key);

/* futex_queue.c */
/* Wake up to @n (Linux: at least one) waiters of @key whose bitset
 * meets @bitset; the bucket is locked by the caller. */
int futex_wake_locked(struct futex_bucket *b, const struct futex_key *key,
		      int n, uint32_t bitset);
void futex_enqueue_locked(struct futex_bucket *b, struct futex_waiter *w);
void futex_unlink_locked(struct futex_bucket *b, struct futex_waiter *w);
/* Lock the bucket @w is on now (it may move while unlocked). */
struct futex_bucket *futex_lock_waiter_bucket(struct futex_waiter *w,
					      uint64_t *flags);
/* Lock two buckets in a fixed order (once when the same). */
void futex_lock_two(struct futex_bucket *a, struct futex_bucket *b,
		    uint64_t *fa, uint64_t *fb);
void futex_unlock_two(struct futex_bucket *a, struct futex_bucket *b,
		      uint64_t fa, uint64_t fb);

/*
 * futex_wait_key() - FUTEX_WAIT on @key for @uaddr holding @val:
 * -EAGAIN when it does not, 0 when woken, -ETIMEDOUT at @deadline
 * (monotonic ns, FRAME_WAIT_FOREVER for none), -EINTR when interrupted.
 */
int futex_wait_key(uaddr_t uaddr, const struct futex_key *key, uint32_t val,
		   uint32_t bitset, uint64_t deadline);

#endif /* FUTEX_FUTEX_INTERNAL_H */
