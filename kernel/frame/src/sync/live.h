/* SPDX-License-Identifier: MIT */
/* Which embedded frame objects are live, so that freeing them is caught. */
#ifndef SYNC_LIVE_H
#define SYNC_LIVE_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * A timer, a work item, a wait queue or a cross-CPU call lives in a
 * service's memory, and while it is armed, pending, has waiters or is
 * queued, the frame holds links into it. Freeing that memory would leave
 * the frame following a dangling pointer. So each such object carries a
 * struct frame_live_, which the frame links into a table keyed by the
 * page the object starts on while the object is live; the heap's free
 * paths ask live_check_free(), which costs one load per page freed unless
 * a live object starts on that page (or another page of the same
 * bucket), and only then scans the bucket.
 *
 * Only objects in the direct map (heap memory) are tracked: stacks and
 * the kernel image are not freed through the heap.
 */
enum live_kind {
	LIVE_TIMER,
	LIVE_WORK,
	LIVE_WAITQ,
	LIVE_SMP_CALL,
};

/*
 * live_track() - note that @obj (@size bytes, whose record is @rec) is
 * live, armed by code at @who; again while live just updates @who.
 * live_untrack() - it is not any more. Callers serialise the two for one
 * object (they hold its own lock). Any context.
 */
void live_track(struct frame_live_ *rec, enum live_kind kind, const void *obj,
		size_t size, const void *who);
void live_untrack(struct frame_live_ *rec);

/*
 * live_init() - for the objects' init functions: start @rec untracked.
 * Initialising an object again while it is live (itself a bug that
 * corrupts the object's own links) at least leaves no record of it in
 * the table, which could point into memory freed later.
 */
void live_init(struct frame_live_ *rec);

/*
 * live_check_free() - @what (the freeing function) is about to free
 * [@p, @p + @size): panic if a live object lies in it. Call before taking
 * any lock, so that a ktest can catch the panic (ktest/panic_probe.h).
 */
void live_check_free(const char *what, const void *p, size_t size);

/* live_count() - objects tracked now (for tests). */
size_t live_count(void);

#endif /* SYNC_LIVE_H */
