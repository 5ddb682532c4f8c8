/* SPDX-License-Identifier: MIT */
/* Tables of objects reached by handles that carry a generation. */
#include "lib/handle.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/panic.h>

static struct handle_slot *slot_at(struct handle_table *t, uint32_t index)
{
	struct handle_slot *chunk;

	if (index >= t->max)
		return NULL;
	chunk = __atomic_load_n(&t->chunks[index / HANDLE_CHUNK],
				__ATOMIC_ACQUIRE);
	return chunk ? &chunk[index % HANDLE_CHUNK] : NULL;
}

/* A slot never handed out; its chunk allocated if needed. Lock held. */
static int slot_fresh(struct handle_table *t, uint32_t *index)
{
	uint32_t i = t->used;
	struct handle_slot *chunk;

	if (i >= t->max || i >= HANDLE_CHUNK * HANDLE_MAX_CHUNKS)
		return -ENOSPC;
	if (!t->chunks[i / HANDLE_CHUNK]) {
		chunk = frame_calloc(HANDLE_CHUNK, sizeof(*chunk));
		if (!chunk)
			return -ENOMEM;
		for (int j = 0; j < HANDLE_CHUNK; j++)
			chunk[j].gen = 1;
		__atomic_store_n(&t->chunks[i / HANDLE_CHUNK], chunk,
				 __ATOMIC_RELEASE);
	}
	t->used++;
	*index = i;
	return 0;
}

int handle_alloc(struct handle_table *t, void *obj, uintptr_t *out)
{
	uint64_t flags = frame_spin_lock_irqsave(&t->lock);
	struct handle_slot *s;
	uint32_t index;
	int err = 0;

	if (t->free_head) {
		index = t->free_head - 1;
		s = slot_at(t, index);
		t->free_head = s->next_free;
	} else {
		err = slot_fresh(t, &index);
		if (err)
			goto out_unlock;
		s = slot_at(t, index);
	}
	s->next_free = 0;
	__atomic_store_n(&s->obj, obj, __ATOMIC_RELEASE);
	t->live++;
	*out = handle_make(t->kind, __atomic_load_n(&s->gen, __ATOMIC_RELAXED),
			   index);
out_unlock:
	frame_spin_unlock_irqrestore(&t->lock, flags);
	return err;
}

void handle_free(struct handle_table *t, uintptr_t h)
{
	uint32_t gen, index;
	struct handle_slot *s;
	uint64_t flags;

	if (!handle_split(h, t->kind, &gen, &index) || !(s = slot_at(t, index)))
		frame_panic("%s: freeing %#lx, which is not a handle", t->name,
			    (unsigned long)h);
	flags = frame_spin_lock_irqsave(&t->lock);
	if (s->gen != gen || !s->obj)
		frame_panic("%s: freeing stale handle %#lx", t->name,
			    (unsigned long)h);
	/* The generation first: a lookup that sees the old object after
	 * this also sees the new generation and refuses it. */
	__atomic_store_n(&s->gen, gen + 1 ? gen + 1 : 1, __ATOMIC_RELEASE);
	__atomic_store_n(&s->obj, NULL, __ATOMIC_RELEASE);
	s->next_free = t->free_head;
	t->free_head = index + 1;
	t->live--;
	frame_spin_unlock_irqrestore(&t->lock, flags);
}

void *handle_lookup(struct handle_table *t, uintptr_t h)
{
	uint32_t gen, index;
	struct handle_slot *s;
	void *obj;

	if (!handle_split(h, t->kind, &gen, &index) || !(s = slot_at(t, index)))
		return NULL;
	obj = __atomic_load_n(&s->obj, __ATOMIC_ACQUIRE);
	if (__atomic_load_n(&s->gen, __ATOMIC_ACQUIRE) != gen)
		return NULL;
	return obj;
}

void *handle_get(struct handle_table *t, uintptr_t h, const char *what)
{
	void *obj = handle_lookup(t, h);

	if (!obj)
		frame_panic("%s: %s handle %#lx is %s", what, t->name,
			    (unsigned long)h,
			    handle_split(h, t->kind, &(uint32_t){ 0 },
					 &(uint32_t){ 0 })
				    ? "stale (used after it was freed)"
				    : "not a handle");
	return obj;
}

uint32_t handle_live(const struct handle_table *t)
{
	return __atomic_load_n(&t->live, __ATOMIC_RELAXED);
}
