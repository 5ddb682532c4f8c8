/* SPDX-License-Identifier: MIT */
/* AF_UNIX rings: copying bytes and records in and out, ancillary data. */
#include "unix_ring.h"

#include <frame/errno.h>
#include <frame/string.h>

#include "unix_scm.h"

BUILD_BUG_ON(UNIX_RING_SIZE &(UNIX_RING_SIZE - 1));

/* Under the lock: take @r's ancillary data off it (to free unlocked). */
struct unix_scm *unix_ring_scm_steal(struct unix_ring *r)
{
	struct unix_scm *list = r->scm_head;

	r->scm_head = NULL;
	r->scm_tail = &r->scm_head;
	return list;
}

/* Free a list of ancillary data: never under a connection's lock (the
 * last reference to a passed socket closes it). */
void unix_scm_list_free(struct unix_scm *list)
{
	while (list) {
		struct unix_scm *next = list->next;

		unix_scm_free(list);
		list = next;
	}
}

size_t unix_io_remain(const struct unix_io *io)
{
	if (io->w)
		return vm_writer_remain(io->w);
	if (io->r)
		return vm_reader_remain(io->r);
	return io->klen - io->kpos;
}

/* Copy @n bytes from ring position @pos to @io; how many went (fewer
 * after a fault). */
size_t unix_ring_read(struct unix_ring *r, size_t pos, struct unix_io *io,
		      size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t off = (pos + done) & (UNIX_RING_SIZE - 1);
		size_t chunk = MIN(n - done, UNIX_RING_SIZE - off);

		if (io->w) {
			size_t before = vm_writer_remain(io->w);

			if (vm_writer_write(io->w, r->buf + off, chunk))
				return done + before - vm_writer_remain(io->w);
		} else {
			memcpy(io->kbuf + io->kpos, r->buf + off, chunk);
			io->kpos += chunk;
		}
		done += chunk;
	}
	return done;
}

/* Copy @n bytes of @io to ring position @pos; how many went (fewer
 * after a fault). */
size_t unix_ring_write(struct unix_ring *r, size_t pos, struct unix_io *io,
		       size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t off = (pos + done) & (UNIX_RING_SIZE - 1);
		size_t chunk = MIN(n - done, UNIX_RING_SIZE - off);

		if (io->r) {
			size_t before = vm_reader_remain(io->r);

			if (vm_reader_read(io->r, r->buf + off, chunk))
				return done + before - vm_reader_remain(io->r);
		} else {
			memcpy(r->buf + off, io->kbuf + io->kpos, chunk);
			io->kpos += chunk;
		}
		done += chunk;
	}
	return done;
}

/* A packet's length header at ring position @pos. */
uint32_t unix_ring_hdr_get(struct unix_ring *r, size_t pos)
{
	uint8_t b[UNIX_HDR_SIZE];
	struct unix_io io = { .kbuf = b, .klen = sizeof(b) };
	uint32_t v;

	unix_ring_read(r, pos, &io, sizeof(b));
	memcpy(&v, b, sizeof(v));
	return v;
}

void unix_ring_hdr_put(struct unix_ring *r, size_t pos, uint32_t v)
{
	uint8_t b[UNIX_HDR_SIZE];
	struct unix_io io = { .kbuf = b, .klen = sizeof(b) };

	memcpy(b, &v, sizeof(v));
	unix_ring_write(r, pos, &io, sizeof(b));
}

/*
 * Under the lock, once the bytes from the ring's tail were taken: the
 * ancillary data sent with them (at the tail) goes to @io, a copy of it
 * when @peek, or into *@drop when @io does not want it.
 */
void unix_ring_scm_take(struct unix_ring *r, struct unix_io *io, bool peek,
			struct unix_scm **drop)
{
	struct unix_scm *h = r->scm_head;

	if (!h || h->start != r->tail)
		return;
	if (peek) {
		if (io->want_scm)
			io->scm = unix_scm_clone(h);
		return;
	}
	r->scm_head = h->next;
	if (!r->scm_head)
		r->scm_tail = &r->scm_head;
	h->next = NULL;
	if (io->want_scm)
		io->scm = h;
	else
		*drop = h;
}

/* How many bytes from a stream ring's tail one read may take: a message
 * that carries ancillary data is read on its own, as on Linux. */
size_t unix_ring_stream_span(const struct unix_ring *r)
{
	const struct unix_scm *h = r->scm_head;
	size_t used = r->head - r->tail;

	if (!h)
		return used;
	return h->start == r->tail ? h->end - r->tail : h->start - r->tail;
}

/* Under the lock: queue @io's ancillary data with the bytes the ring got
 * at [@start, @end). */
void unix_ring_scm_put(struct unix_ring *r, struct unix_io *io, size_t start,
		       size_t end)
{
	struct unix_scm *scm = io->scm;

	if (!scm)
		return;
	io->scm = NULL;
	scm->start = start;
	scm->end = end;
	scm->next = NULL;
	*r->scm_tail = scm;
	r->scm_tail = &scm->next;
}

/* Whether a send of @need bytes may put some (a stream) or all (a
 * packet) in now. */
bool unix_ring_room_for(const struct unix_ring *r, size_t need, bool packet)
{
	size_t room = UNIX_RING_SIZE - unix_ring_used(r);

	return packet ? room >= need : room > 0;
}
