/* SPDX-License-Identifier: MIT */
/* MSG_OOB on AF_UNIX streams: one urgent byte, marks, SIOCATMARK. */
#include "unix_oob.h"

#include <frame/errno.h>
#include <frame/string.h>

/*
 * Linux (CONFIG_AF_UNIX_OOB) queues the last byte of a MSG_OOB send as
 * a buffer of its own and remembers it as the urgent one. A read stops
 * before that buffer once it has copied something; starting on it, it
 * skips the byte (or reads it, with SO_OOBINLINE). recv(MSG_OOB) takes
 * the byte but leaves an empty buffer behind, where reads stop too. The
 * marks here are those buffers: positions in the byte ring.
 */

static void oob_drop_first(struct unix_ring *r)
{
	r->noob--;
	memmove(&r->oob[0], &r->oob[1], r->noob * sizeof(r->oob[0]));
}

bool unix_oob_room(const struct unix_ring *r)
{
	/* a pending byte gives its mark to the new one */
	return r->noob < UNIX_OOB_MARKS || r->oob_pending;
}

void unix_oob_mark(struct unix_ring *r, size_t pos, uint8_t byte)
{
	if (r->oob_pending)
		r->noob--; /* the older urgent byte is plain data now */
	r->oob[r->noob++] = pos;
	r->oob_byte = byte;
	r->oob_pending = true;
}

bool unix_oob_at_tail(struct unix_ring *r, bool inl, bool peek)
{
	bool moved = false;

	while (r->noob && r->oob[0] == r->tail && r->head != r->tail) {
		bool urgent = r->oob_pending && r->noob == 1;

		if (urgent && peek)
			break;
		if (urgent)
			r->oob_pending = false;
		oob_drop_first(r);
		if (urgent && inl)
			break; /* the byte stays, as data */
		__atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
		moved = true;
	}
	return moved;
}

size_t unix_oob_limit(const struct unix_ring *r, size_t want)
{
	for (unsigned int i = 0; i < r->noob; i++)
		if (r->oob[i] != r->tail)
			return MIN(want, r->oob[i] - r->tail);
	return want;
}

size_t unix_oob_hidden(const struct unix_ring *r)
{
	return r->noob - (r->oob_pending ? 1u : 0u);
}

int unix_conn_recv_oob(struct unix_conn *c, int end, uint8_t *byte, bool peek)
{
	struct unix_ring *r = &c->ring[end];
	int ret = -EINVAL;

	frame_mutex_lock(&c->lock);
	if (r->oob_pending) {
		*byte = r->oob_byte;
		/* taken: its mark stays, where reads stop */
		if (!peek)
			r->oob_pending = false;
		ret = 0;
	}
	frame_mutex_unlock(&c->lock);
	return ret;
}

bool unix_conn_atmark(struct unix_conn *c, int end)
{
	struct unix_ring *r = &c->ring[end];
	bool at;

	frame_mutex_lock(&c->lock);
	at = r->oob_pending && r->oob[r->noob - 1] == r->tail;
	frame_mutex_unlock(&c->lock);
	return at;
}
