/* SPDX-License-Identifier: MIT */
/* File locks: conflicts, range split and merge, waiting, deadlock checks. */
#include "lock.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/sync.h>

#include "vfs.h"

/*
 * One mutex guards every inode's lock list and the list of blocked
 * waiters; @lock_gen moves and @lock_wq is woken whenever a lock goes
 * or shrinks, so a waiter re-checks then.
 */
static struct frame_mutex lock_mutex = FRAME_MUTEX_INIT(lock_mutex);
static struct frame_waitq lock_wq = FRAME_WAITQ_INIT(lock_wq);
static uint64_t lock_gen;

/* A POSIX owner blocked by another (for deadlock detection). */
struct lock_waiter {
	struct lock_waiter *next;
	struct fd_table *tbl, *blocker;
};
static struct lock_waiter *lock_waiters;

/* Linux follows at most this many waits-for links. */
#define LOCK_DEADLOCK_STEPS 10

static bool same_owner(const struct lock_req *a, const struct lock_req *b)
{
	if (a->kind == LK_POSIX && b->kind == LK_POSIX)
		return a->tbl == b->tbl;
	if (a->kind == LK_POSIX || b->kind == LK_POSIX)
		return false;
	return a->file == b->file && a->kind == b->kind;
}

static bool overlap(const struct lock_req *a, const struct lock_req *b)
{
	return a->start <= b->end && b->start <= a->end;
}

/* Whether held @l blocks request @r. */
static bool conflicts(const struct lock_req *l, const struct lock_req *r)
{
	if ((l->kind == LK_FLOCK) != (r->kind == LK_FLOCK))
		return false;
	if (same_owner(l, r) || !overlap(l, r))
		return false;
	return l->type == LK_WRLCK || r->type == LK_WRLCK;
}

/* The blocking lock that starts first (what F_GETLK reports), or NULL. */
static struct file_lock *find_conflict(struct inode *ino,
				       const struct lock_req *r)
{
	struct file_lock *best = NULL;

	for (struct file_lock *l = ino->locks; l; l = l->next)
		if (conflicts(&l->req, r) &&
		    (!best || l->req.start < best->req.start))
			best = l;
	return best;
}

/* Whether @tbl waiting for @blocker would close a cycle. */
static bool would_deadlock(struct fd_table *tbl, struct fd_table *blocker)
{
	for (int i = 0; i < LOCK_DEADLOCK_STEPS && blocker; i++) {
		struct lock_waiter *w = lock_waiters;

		while (w && w->tbl != blocker)
			w = w->next;
		if (!w)
			return false;
		if (w->blocker == tbl)
			return true;
		blocker = w->blocker;
	}
	return false;
}

static void unlink_lock(struct file_lock **pp)
{
	struct file_lock *l = *pp;

	*pp = l->next;
	frame_free(l);
}

/* Whether @l, the owner's lock of @r's type, touches [@s, @e] (overlaps
 * or is adjacent): then the two become one. */
static bool mergeable(const struct lock_req *l, int64_t s, int64_t e)
{
	if (l->end < s && l->end != s - 1)
		return false;
	return l->start <= e || (e != LK_OFFSET_MAX && l->start == e + 1);
}

/*
 * The owner's locks after @r: its locks on [start, end] go (cut down or
 * split when they reach outside), those of the same type that touch the
 * range merge into the new one. @spare_new and @spare_split are the two
 * allocations this may need; used ones are set to NULL.
 */
static void apply(struct inode *ino, const struct lock_req *r,
		  struct file_lock **spare_new, struct file_lock **spare_split)
{
	int64_t s = r->start, e = r->end;
	struct file_lock **pp = &ino->locks;

	while (*pp) {
		struct lock_req *l = &(*pp)->req;

		if (!same_owner(l, r) ||
		    (l->kind == LK_FLOCK) != (r->kind == LK_FLOCK)) {
			pp = &(*pp)->next;
			continue;
		}
		if (r->kind == LK_FLOCK) {
			unlink_lock(pp);
			continue;
		}
		if (r->type != LK_UNLCK && l->type == r->type &&
		    mergeable(l, s, e)) {
			s = MIN(s, l->start);
			e = MAX(e, l->end);
			unlink_lock(pp);
			continue;
		}
		if (!overlap(l, &(struct lock_req){ .start = s, .end = e })) {
			pp = &(*pp)->next;
			continue;
		}
		if (l->start < s && l->end > e) {
			struct file_lock *right = *spare_split;

			*spare_split = NULL;
			right->req = *l;
			right->req.start = e + 1;
			right->next = (*pp)->next;
			(*pp)->next = right;
			l->end = s - 1;
			pp = &right->next;
		} else if (l->start < s) {
			l->end = s - 1;
			pp = &(*pp)->next;
		} else if (l->end > e) {
			l->start = e + 1;
			pp = &(*pp)->next;
		} else {
			unlink_lock(pp);
		}
	}
	if (r->type != LK_UNLCK) {
		struct file_lock *n = *spare_new;

		*spare_new = NULL;
		n->req = *r;
		n->req.start = s;
		n->req.end = e;
		n->next = ino->locks;
		ino->locks = n;
	}
	__atomic_store_n(&lock_gen, lock_gen + 1, __ATOMIC_RELEASE);
}

/* Wait for a change, registered as blocked by @blocker. lock_mutex held
 * on entry and on return. */
static int wait_change(const struct lock_req *r, struct fd_table *blocker)
{
	struct lock_waiter w = { .tbl = r->tbl, .blocker = blocker };
	uint64_t seen = lock_gen;
	struct lock_waiter **pp;
	int err;

	if (r->kind == LK_POSIX) {
		w.next = lock_waiters;
		lock_waiters = &w;
	}
	frame_mutex_unlock(&lock_mutex);
	err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
		&lock_wq, __atomic_load_n(&lock_gen, __ATOMIC_ACQUIRE) != seen,
		FRAME_WAIT_FOREVER);
	frame_mutex_lock(&lock_mutex);
	if (r->kind == LK_POSIX) {
		for (pp = &lock_waiters; *pp != &w; pp = &(*pp)->next)
			;
		*pp = w.next;
	}
	return err ? -ERESTARTSYS : 0;
}

int lock_set(struct inode *ino, const struct lock_req *r, bool wait)
{
	struct file_lock *spare_new = frame_zalloc(sizeof(*spare_new));
	struct file_lock *spare_split = frame_zalloc(sizeof(*spare_split));
	struct file_lock *c;
	int err = 0;

	if (!spare_new || !spare_split) {
		err = -ENOMEM;
		goto out_free;
	}
	frame_mutex_lock(&lock_mutex);
	if (r->kind == LK_FLOCK && r->type != LK_UNLCK) {
		/* a conversion drops the old lock first, as Linux does */
		for (c = ino->locks; c; c = c->next)
			if (c->req.kind == LK_FLOCK && same_owner(&c->req, r))
				break;
		if (c && c->req.type == r->type)
			goto out_unlock;
		if (c) {
			apply(ino,
			      &(struct lock_req){ .kind = LK_FLOCK,
						  .type = LK_UNLCK,
						  .file = r->file },
			      &spare_new, &spare_split);
			frame_waitq_wake_all(&lock_wq);
		}
	}
	while (r->type != LK_UNLCK && (c = find_conflict(ino, r))) {
		if (!wait) {
			err = -EAGAIN;
			goto out_unlock;
		}
		if (r->kind == LK_POSIX && c->req.kind == LK_POSIX &&
		    would_deadlock(r->tbl, c->req.tbl)) {
			err = -EDEADLK;
			goto out_unlock;
		}
		err = wait_change(r,
				  c->req.kind == LK_POSIX ? c->req.tbl : NULL);
		if (err)
			goto out_unlock;
	}
	apply(ino, r, &spare_new, &spare_split);
out_unlock:
	frame_mutex_unlock(&lock_mutex);
	frame_waitq_wake_all(&lock_wq);
out_free:
	frame_free(spare_new);
	frame_free(spare_split);
	return err;
}

bool lock_test(struct inode *ino, const struct lock_req *r,
	       struct lock_req *out)
{
	struct file_lock *c;

	frame_mutex_lock(&lock_mutex);
	c = find_conflict(ino, r);
	if (c)
		*out = c->req;
	frame_mutex_unlock(&lock_mutex);
	return c != NULL;
}

/* Drop @tbl's POSIX locks (@tbl not NULL) or @f's others (@f not NULL)
 * on @ino; wakes waiters. */
static void drop_matching(struct inode *ino, struct fd_table *tbl,
			  struct file *f)
{
	struct file_lock **pp;
	bool any = false;

	frame_mutex_lock(&lock_mutex);
	pp = &ino->locks;
	while (*pp) {
		const struct lock_req *l = &(*pp)->req;

		if ((tbl && l->kind == LK_POSIX && l->tbl == tbl) ||
		    (f && l->kind != LK_POSIX && l->file == f)) {
			unlink_lock(pp);
			any = true;
		} else {
			pp = &(*pp)->next;
		}
	}
	if (any)
		__atomic_store_n(&lock_gen, lock_gen + 1, __ATOMIC_RELEASE);
	frame_mutex_unlock(&lock_mutex);
	if (any)
		frame_waitq_wake_all(&lock_wq);
}

static bool has_locks(struct inode *ino)
{
	return ino && __atomic_load_n(&ino->locks, __ATOMIC_ACQUIRE);
}

void lock_close_posix(struct file *f, struct fd_table *tbl)
{
	if (has_locks(f->inode))
		drop_matching(f->inode, tbl, NULL);
}

void lock_release_file(struct file *f)
{
	if (has_locks(f->inode))
		drop_matching(f->inode, NULL, f);
}

int lock_count(struct inode *ino)
{
	int n = 0;

	frame_mutex_lock(&lock_mutex);
	for (struct file_lock *l = ino->locks; l; l = l->next)
		n++;
	frame_mutex_unlock(&lock_mutex);
	return n;
}

void lock_inode_free(struct inode *ino)
{
	while (ino->locks)
		unlink_lock(&ino->locks);
}
