/* SPDX-License-Identifier: MIT */
/* Handles with generations: what the frame hands out instead of addresses. */
#ifndef LIB_HANDLE_H
#define LIB_HANDLE_H

#include <frame/types.h>

#include "sync/spinlock.h"

/*
 * A handle names a slot of a table and the generation the slot had when
 * the handle was made. Freeing the object bumps the slot's generation, so
 * every copy of the handle goes stale, and the check at each entry point
 * catches it even after the slot has been given to a new object (which a
 * plain pointer cannot tell from the old one).
 *
 * The value is pointer-sized so that public signatures can keep their
 * opaque `struct x *` types: bit 63 set and bit 62 clear, so it is never a
 * canonical address and frame code that dereferences one by mistake
 * faults at once; the kind in bits 56..61, the generation in bits 24..55,
 * the slot in bits 0..23. A generation wraps after 2^32 reuses of one
 * slot.
 */
enum handle_kind {
	HANDLE_TASK = 1,
	HANDLE_IRQ_LINE,
	HANDLE_UCTX,
	HANDLE_IO_PORT,
	HANDLE_IO_MEM,
	HANDLE_DMA_BUF,
	HANDLE_SLAB,
};

#define HANDLE_TAG	  (1ull << 63)
#define HANDLE_KIND_SHIFT 56
#define HANDLE_GEN_SHIFT  24
#define HANDLE_INDEX_MASK ((1ull << HANDLE_GEN_SHIFT) - 1)

static inline uintptr_t handle_make(enum handle_kind kind, uint32_t gen,
				    uint32_t index)
{
	return (uintptr_t)(HANDLE_TAG | (uint64_t)kind << HANDLE_KIND_SHIFT |
			   (uint64_t)gen << HANDLE_GEN_SHIFT |
			   (index & HANDLE_INDEX_MASK));
}

/* Split @h; false when it is not a handle of @kind at all. */
static inline bool handle_split(uintptr_t h, enum handle_kind kind,
				uint32_t *gen, uint32_t *index)
{
	uint64_t v = h;

	if ((v >> 62) != 2 || ((v >> HANDLE_KIND_SHIFT) & 0x3f) != kind)
		return false;
	*gen = (uint32_t)(v >> HANDLE_GEN_SHIFT);
	*index = (uint32_t)(v & HANDLE_INDEX_MASK);
	return true;
}

/*
 * handle_slot_index() - the slot @h names in a fixed table of @nslots
 * slots whose generations the caller keeps; false when @h is no handle
 * of @kind or its index is out of range. The caller then compares *@gen
 * with the slot's own generation.
 */
static inline bool handle_slot_index(uintptr_t h, enum handle_kind kind,
				     size_t nslots, uint32_t *gen,
				     uint32_t *index)
{
	return handle_split(h, kind, gen, index) && *index < nslots;
}

/* The next generation of a slot: never 0, so a zeroed slot never matches. */
static inline uint32_t handle_next_gen(uint32_t gen)
{
	return gen + 1 ? gen + 1 : 1;
}

/*
 * A table of objects reached by handle, grown in chunks as slots are
 * needed up to @max. Freed slots are reused, most recently freed first.
 * Lookups take no lock: a slot's chunk never moves once allocated, and
 * its generation changes before its object does.
 */
#define HANDLE_CHUNK	  256
#define HANDLE_MAX_CHUNKS 256

struct handle_slot {
	void *obj;
	uint32_t gen;
	uint32_t next_free; /* index + 1 of the next free slot; 0: none */
};

struct handle_table {
	const char *name;
	enum handle_kind kind;
	uint32_t max; /* at most HANDLE_CHUNK * HANDLE_MAX_CHUNKS */
	struct frame_spinlock lock;
	uint32_t used;	    /* slots handed out at least once */
	uint32_t free_head; /* index + 1 of the first free slot; 0: none */
	uint32_t live;
	struct handle_slot *chunks[HANDLE_MAX_CHUNKS];
};

#define HANDLE_TABLE_INIT(n, k, m)                    \
	{                                             \
		.name = (n), .kind = (k), .max = (m), \
		.lock = FRAME_SPINLOCK_INIT           \
	}

/*
 * handle_alloc() - a slot for @obj; 0 and the handle in *@out, -ENOSPC
 * when @max slots are in use, -ENOMEM when a chunk cannot be allocated.
 * Any context.
 */
int handle_alloc(struct handle_table *t, void *obj, uintptr_t *out);

/* handle_free() - end @h: every copy of it goes stale. @h must be live. */
void handle_free(struct handle_table *t, uintptr_t h);

/* handle_lookup() - the object @h names, or NULL when it is stale or not
 * a handle of this table's kind. */
void *handle_lookup(struct handle_table *t, uintptr_t h);

/*
 * handle_get() - the object @h names; a stale or forged handle panics,
 * naming @what (the entry point) and the table.
 */
void *handle_get(struct handle_table *t, uintptr_t h, const char *what);

/* handle_live() - slots in use now */
uint32_t handle_live(const struct handle_table *t);

#endif /* LIB_HANDLE_H */
