/* SPDX-License-Identifier: MIT */
/* The table of live embedded frame objects that the free paths consult. */
#include "sync/live.h"

#include <frame/panic.h>

#include "arch/x86_64/layout.h"
#include "panic/ksyms.h"
#include "sync/spinlock.h"

#define LIVE_BUCKETS   1024
#define LIVE_PAGE_BITS 12

struct live_bucket {
	struct frame_spinlock lock;
	struct frame_live_ *head;
};

static struct live_bucket buckets[LIVE_BUCKETS];
static size_t tracked;

static const char *const kind_names[] = {
	[LIVE_TIMER] = "an armed frame_timer",
	[LIVE_WORK] = "pending frame_work",
	[LIVE_WAITQ] = "a frame_waitq with waiters",
	[LIVE_SMP_CALL] = "a queued smp_call",
};

static struct live_bucket *bucket_of(uintptr_t addr)
{
	uint64_t page = addr >> LIVE_PAGE_BITS;

	return &buckets[(page ^ (page >> 10)) % LIVE_BUCKETS];
}

static bool in_direct_map(uintptr_t a)
{
	return a >= DIRECT_MAP_BASE && a - DIRECT_MAP_BASE < DIRECT_MAP_SIZE;
}

void live_track(struct frame_live_ *rec, enum live_kind kind, const void *obj,
		size_t size, const void *who)
{
	uintptr_t a = (uintptr_t)obj;
	struct live_bucket *b;
	uint64_t flags;

	if (!in_direct_map(a))
		return;
	b = bucket_of(a);
	flags = frame_spin_lock_irqsave(&b->lock);
	rec->who_ = who;
	if (!rec->on_) {
		rec->obj_ = a;
		rec->size_ = (uint32_t)size;
		rec->kind_ = (uint8_t)kind;
		rec->next_ = b->head;
		__atomic_store_n(&b->head, rec, __ATOMIC_RELEASE);
		__atomic_store_n(&rec->on_, true, __ATOMIC_RELAXED);
		__atomic_fetch_add(&tracked, 1, __ATOMIC_RELAXED);
	}
	frame_spin_unlock_irqrestore(&b->lock, flags);
}

/*
 * Unlink @rec if it is in its bucket. Only a record found there counts:
 * live_init() may meet one whose on_ is garbage.
 */
void live_untrack(struct frame_live_ *rec)
{
	struct live_bucket *b;
	struct frame_live_ **pp;
	uint64_t flags;

	if (!__atomic_load_n(&rec->on_, __ATOMIC_RELAXED))
		return;
	b = bucket_of(rec->obj_);
	flags = frame_spin_lock_irqsave(&b->lock);
	for (pp = &b->head; *pp; pp = &(*pp)->next_) {
		if (*pp == rec) {
			__atomic_store_n(pp, rec->next_, __ATOMIC_RELEASE);
			__atomic_fetch_sub(&tracked, 1, __ATOMIC_RELAXED);
			break;
		}
	}
	rec->next_ = NULL;
	__atomic_store_n(&rec->on_, false, __ATOMIC_RELAXED);
	frame_spin_unlock_irqrestore(&b->lock, flags);
}

void live_init(struct frame_live_ *rec)
{
	live_untrack(rec);
	*rec = (struct frame_live_){ 0 };
}

/* A live object starting in [lo, hi) in @b: copied into *@out. */
static bool bucket_find(struct live_bucket *b, uintptr_t lo, uintptr_t hi,
			struct frame_live_ *out)
{
	uint64_t flags = frame_spin_lock_irqsave(&b->lock);
	bool found = false;

	for (struct frame_live_ *r = b->head; r; r = r->next_) {
		if (r->obj_ >= lo && r->obj_ < hi) {
			*out = *r;
			found = true;
			break;
		}
	}
	frame_spin_unlock_irqrestore(&b->lock, flags);
	return found;
}

void live_check_free(const char *what, const void *p, size_t size)
{
	uintptr_t lo = (uintptr_t)p, hi = lo + size;
	struct frame_live_ r;
	char who[96];

	if (!size || !__atomic_load_n(&tracked, __ATOMIC_RELAXED))
		return;
	for (uintptr_t pg = lo >> LIVE_PAGE_BITS;
	     pg <= (hi - 1) >> LIVE_PAGE_BITS; pg++) {
		struct live_bucket *b = bucket_of(pg << LIVE_PAGE_BITS);

		if (!__atomic_load_n(&b->head, __ATOMIC_ACQUIRE) ||
		    !bucket_find(b, lo, hi, &r))
			continue;
		frame_ksyms_format((uint64_t)(uintptr_t)r.who_, true, who,
				   sizeof(who));
		frame_panic("%s(%p): the memory holds %s at %p (armed by %s)",
			    what, p, kind_names[r.kind_], (void *)r.obj_, who);
	}
}

size_t live_count(void)
{
	return __atomic_load_n(&tracked, __ATOMIC_RELAXED);
}
