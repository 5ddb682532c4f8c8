/* SPDX-License-Identifier: MIT */
/* Slab caches: fixed-size objects carved from page blocks, with checks. */
#include "mm/slab.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "lib/handle.h"
#include "mm/buddy.h"
#include "mm/slab_debug.h"
#include "sync/live.h"

#define SLAB_MIN_OBJ_SIZE 16
#define SLAB_MIN_ALIGN	  8

static size_t slab_pages; /* atomic: pages in all slabs */
static slab_report_fn report_hook;

slab_report_fn slab_set_report_hook(slab_report_fn fn)
{
	return __atomic_exchange_n(&report_hook, fn, __ATOMIC_ACQ_REL);
}

static void slab_report(enum slab_fault fault, const struct frame_slab *c,
			const void *obj)
{
	slab_report_fn fn = __atomic_load_n(&report_hook, __ATOMIC_ACQUIRE);

	if (fn) {
		fn(fault, c, obj);
		return;
	}
	frame_panic("slab '%s': %s of object %p", c->name,
		    fault == SLAB_DOUBLE_FREE ? "double free"
					      : "write after free",
		    obj);
}

size_t slab_pages_total(void)
{
	return __atomic_load_n(&slab_pages, __ATOMIC_RELAXED);
}

/* The smallest slab order that wastes at most an eighth of the slab. */
static unsigned int pick_order(size_t obj_size)
{
	for (unsigned int order = 0; order < SLAB_MAX_ORDER; order++) {
		size_t bytes = 4096ul << order;

		if (obj_size <= bytes && bytes % obj_size <= bytes / 8)
			return order;
	}
	return SLAB_MAX_ORDER;
}

int slab_cache_init(struct frame_slab *c, const char *name, size_t size,
		    size_t align, size_t max_objects)
{
	if (!align)
		align = SLAB_MIN_ALIGN;
	if (!size || size > SLAB_MAX_OBJ_SIZE || align & (align - 1) ||
	    align > 4096)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	frame_strscpy(c->name, name, sizeof(c->name));
	align = MAX(align, (size_t)SLAB_MIN_ALIGN);
	c->obj_size = ALIGN_UP(MAX(size, (size_t)SLAB_MIN_OBJ_SIZE), align);
	c->order = pick_order(c->obj_size);
	c->per_slab = (4096ul << c->order) / c->obj_size;
	c->max_objects = max_objects;
	c->lock = (struct frame_spinlock)FRAME_SPINLOCK_INIT;
	list_init(&c->partial);
	list_init(&c->full);
	list_init(&c->empty);
	return 0;
}

static char *slab_base(const struct frame_page *slab)
{
	return page_to_virt(slab);
}

/* Whether every byte after the link of a free object is still poison. */
static bool poison_intact(const struct frame_slab *c, const void *obj)
{
	const unsigned char *p = obj;

	for (size_t i = sizeof(void *); i < c->obj_size; i++) {
		if (p[i] != SLAB_POISON)
			return false;
	}
	return true;
}

static void poison(const struct frame_slab *c, void *obj)
{
	memset((char *)obj + sizeof(void *), SLAB_POISON,
	       c->obj_size - sizeof(void *));
}

/* Whether @obj is on @slab's free list (bounded: a cycle cannot hang). */
static bool on_free_list(const struct frame_slab *c,
			 const struct frame_page *slab, const void *obj)
{
	void *p = slab->slab.freelist;

	for (size_t n = 0; p && n < c->per_slab; n++) {
		if (p == obj)
			return true;
		p = *(void **)p;
	}
	return false;
}

/* Whether @p may be a free-list link in @slab: NULL or an object. */
static bool link_ok(const struct frame_slab *c, const struct frame_page *slab,
		    const void *p)
{
	uintptr_t base = (uintptr_t)slab_base(slab);
	uintptr_t a = (uintptr_t)p;

	return !p || (a >= base && (a - base) % c->obj_size == 0 &&
		      (a - base) / c->obj_size < c->per_slab);
}

/* A new slab for @c, every object free (and poisoned in debug builds). */
static struct frame_page *slab_grow(struct frame_slab *c)
{
	struct frame_page *slab = buddy_alloc(c->order, PAGE_SLAB);
	char *base;

	if (!slab)
		return NULL;
	base = slab_base(slab);
	slab->slab.cache = c;
	slab->inuse = 0;
	slab->slab.freelist = base;
	list_init(&slab->node);
	for (size_t i = 0; i < c->per_slab; i++) {
		void *obj = base + i * c->obj_size;

		*(void **)obj = i + 1 < c->per_slab
					? base + (i + 1) * c->obj_size
					: NULL;
		if (SLAB_DEBUG)
			poison(c, obj);
	}
	__atomic_add_fetch(&slab_pages, 1ul << c->order, __ATOMIC_RELAXED);
	return slab;
}

static void slab_release(struct frame_slab *c, struct frame_page *slab)
{
	__atomic_sub_fetch(&slab_pages, 1ul << c->order, __ATOMIC_RELAXED);
	buddy_free(slab);
}

static struct frame_page *first_slab(struct list_node *list)
{
	struct list_node *n = list_first(list);

	return n ? container_of(n, struct frame_page, node) : NULL;
}

/* Take an object from @slab, which has a free one; @c is locked. */
static void *slab_pop(struct frame_slab *c, struct frame_page *slab)
{
	void *obj = slab->slab.freelist;
	void *next = *(void **)obj;

	/* A bad link cannot be stepped over: the free list is lost. */
	if (!link_ok(c, slab, next))
		frame_panic("slab '%s': free list corrupt at object %p (a "
			    "write after free?)",
			    c->name, obj);
	if (SLAB_DEBUG && !poison_intact(c, obj))
		slab_report(SLAB_USE_AFTER_FREE, c, obj);
	slab->slab.freelist = next;
	slab->inuse++;
	c->in_use++;
	if (slab->inuse == c->per_slab) {
		list_del(&slab->node);
		list_add(&c->full, &slab->node);
	}
	return obj;
}

void *slab_cache_alloc(struct frame_slab *c)
{
	struct frame_page *slab, *fresh = NULL;
	void *obj = NULL;
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&c->lock);
	for (;;) {
		if (c->max_objects && c->in_use >= c->max_objects)
			goto out;
		if (fresh) {
			list_add(&c->partial, &fresh->node);
			c->slabs++;
			fresh = NULL;
		}
		slab = first_slab(&c->partial);
		if (!slab) {
			slab = first_slab(&c->empty);
			if (slab) {
				list_del(&slab->node);
				list_add(&c->partial, &slab->node);
			}
		}
		if (slab)
			break;
		/* Grow without the lock: the page allocator takes its own. */
		frame_spin_unlock_irqrestore(&c->lock, flags);
		fresh = slab_grow(c);
		flags = frame_spin_lock_irqsave(&c->lock);
		if (!fresh)
			goto out;
	}
	obj = slab_pop(c, slab);
out:
	frame_spin_unlock_irqrestore(&c->lock, flags);
	if (fresh)
		slab_release(c, fresh);
	return obj;
}

void slab_free_obj(struct frame_slab *c, struct frame_page *slab, void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)slab_base(slab);
	const char *what = c ? "frame_slab_free" : "frame_free";
	struct frame_page *to_release = NULL;
	bool was_full;
	uint64_t flags;

	if (slab->kind != PAGE_SLAB)
		frame_panic("freeing %p, which is not a slab object", obj);
	if (!c)
		c = slab->slab.cache;
	if (slab->slab.cache != c || off % c->obj_size ||
	    off / c->obj_size >= c->per_slab)
		frame_panic("slab '%s': freeing %p, which is not one of its "
			    "objects",
			    c->name, obj);
	/* Before the lock: a ktest may catch this panic. */
	live_check_free(what, obj, c->obj_size);

	flags = frame_spin_lock_irqsave(&c->lock);
	if (SLAB_DEBUG && poison_intact(c, obj) && on_free_list(c, slab, obj)) {
		slab_report(SLAB_DOUBLE_FREE, c, obj);
		goto out;
	}
	if (SLAB_DEBUG)
		poison(c, obj);
	*(void **)obj = slab->slab.freelist;
	slab->slab.freelist = obj;
	was_full = slab->inuse == c->per_slab;
	slab->inuse--;
	c->in_use--;
	if (!slab->inuse) {
		list_del(&slab->node);
		if (list_empty(&c->empty)) {
			list_add(&c->empty, &slab->node);
		} else {
			c->slabs--;
			to_release = slab;
		}
	} else if (was_full) {
		list_del(&slab->node);
		list_add(&c->partial, &slab->node);
	}
out:
	frame_spin_unlock_irqrestore(&c->lock, flags);
	if (to_release)
		slab_release(c, to_release);
}

size_t slab_cache_trim(struct frame_slab *c)
{
	struct frame_page *slab;
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&c->lock);
	slab = first_slab(&c->empty);
	if (slab) {
		list_del(&slab->node);
		c->slabs--;
	}
	frame_spin_unlock_irqrestore(&c->lock, flags);
	if (!slab)
		return 0;
	slab_release(c, slab);
	return 1ul << c->order;
}

/*
 * The caches frame_slab_create() makes are reached by handle: a cache
 * used after frame_slab_destroy() panics, even once another cache has
 * its slot (and its memory). The heap's own caches are not in the table.
 */
#define SLAB_HANDLES_MAX 4096
static struct handle_table slab_handles =
	HANDLE_TABLE_INIT("slab cache", HANDLE_SLAB, SLAB_HANDLES_MAX);

static struct frame_slab *slab_of(const struct frame_slab *h, const char *what)
{
	return handle_get(&slab_handles, (uintptr_t)h, what);
}

struct frame_slab *frame_slab_create(const char *name, size_t size,
				     size_t align, size_t max_objects)
{
	struct frame_slab *c = frame_alloc(sizeof(*c));
	uintptr_t h;

	if (!c)
		return NULL;
	if (slab_cache_init(c, name, size, align, max_objects) ||
	    handle_alloc(&slab_handles, c, &h)) {
		frame_free(c);
		return NULL;
	}
	return (struct frame_slab *)h;
}

int frame_slab_destroy(struct frame_slab *cache)
{
	struct frame_slab *c = slab_of(cache, __func__);
	struct frame_page *slab;
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&c->lock);
	if (c->in_use) {
		frame_spin_unlock_irqrestore(&c->lock, flags);
		return -EBUSY;
	}
	/* Nothing in use: only the one empty slab can be left. */
	BUG_ON(!list_empty(&c->partial) || !list_empty(&c->full));
	slab = first_slab(&c->empty);
	if (slab)
		list_del(&slab->node);
	frame_spin_unlock_irqrestore(&c->lock, flags);
	handle_free(&slab_handles, (uintptr_t)cache);
	if (slab)
		slab_release(c, slab);
	frame_free(c);
	return 0;
}

void *frame_slab_alloc(struct frame_slab *cache)
{
	return slab_cache_alloc(slab_of(cache, __func__));
}

void *frame_slab_zalloc(struct frame_slab *cache)
{
	struct frame_slab *c = slab_of(cache, __func__);
	void *obj = slab_cache_alloc(c);

	if (obj)
		memset(obj, 0, c->obj_size);
	return obj;
}

void frame_slab_free(struct frame_slab *cache, void *obj)
{
	struct frame_slab *c = slab_of(cache, __func__);
	struct frame_page *page;

	if (!obj)
		return;
	page = page_from_virt(obj);
	if (!page)
		frame_panic("slab '%s': freeing %p, which is not heap memory",
			    c->name, obj);
	slab_free_obj(c, page_head(page), obj);
}

void slab_cache_stats(struct frame_slab *c, struct frame_slab_stats *out)
{
	uint64_t flags = frame_spin_lock_irqsave(&c->lock);

	out->object_size = c->obj_size;
	out->in_use = c->in_use;
	out->capacity = c->slabs * c->per_slab;
	out->slabs = c->slabs;
	out->pages = c->slabs << c->order;
	frame_spin_unlock_irqrestore(&c->lock, flags);
}

void frame_slab_stats(const struct frame_slab *cache,
		      struct frame_slab_stats *out)
{
	slab_cache_stats(slab_of(cache, __func__), out);
}
