/* SPDX-License-Identifier: MIT */
/* AF_UNIX rings: byte and record copies, ancillary data beside the bytes. */
#ifndef NET_UNIX_RING_H
#define NET_UNIX_RING_H

#include "unix_conn.h"

/* A flag or the ring's fill as a waiter sees them, without the lock. */
static inline bool unix_flag(const bool *flag)
{
	return __atomic_load_n(flag, __ATOMIC_ACQUIRE);
}

static inline void unix_flag_set(bool *flag)
{
	__atomic_store_n(flag, true, __ATOMIC_RELEASE);
}

static inline size_t unix_ring_used(const struct unix_ring *r)
{
	return __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}

/* unix_io_remain() - the bytes @io has left to give or take */
size_t unix_io_remain(const struct unix_io *io);

/* unix_ring_room_for() - whether a send of @need bytes may put some (a
 * stream) or all (a packet) in now; lock-free */
bool unix_ring_room_for(const struct unix_ring *r, size_t need, bool packet);

/*
 * Under the connection's lock. unix_ring_read() / unix_ring_write():
 * copy @n bytes between ring position @pos and @io; how many went (fewer
 * after a fault). unix_ring_hdr_get() / _put(): a record's length header
 * at @pos.
 */
size_t unix_ring_read(struct unix_ring *r, size_t pos, struct unix_io *io,
		      size_t n);
size_t unix_ring_write(struct unix_ring *r, size_t pos, struct unix_io *io,
		       size_t n);
uint32_t unix_ring_hdr_get(struct unix_ring *r, size_t pos);
void unix_ring_hdr_put(struct unix_ring *r, size_t pos, uint32_t v);

/*
 * Ancillary data, under the lock. unix_ring_scm_put(): queue @io's with
 * the bytes at [@start, @end). unix_ring_scm_take(): once the bytes at the
 * tail were taken, their data goes to @io (a copy when @peek), or to
 * *@drop when @io does not want it. unix_ring_stream_span(): how many
 * bytes from a stream's tail one read may take (a message that carries
 * data is read on its own). unix_ring_scm_steal(): all of it off the
 * ring, for unix_scm_list_free() once unlocked (the last reference to a
 * passed socket closes it: never under a connection's lock).
 */
void unix_ring_scm_put(struct unix_ring *r, struct unix_io *io, size_t start,
		       size_t end);
void unix_ring_scm_take(struct unix_ring *r, struct unix_io *io, bool peek,
			struct unix_scm **drop);
size_t unix_ring_stream_span(const struct unix_ring *r);
struct unix_scm *unix_ring_scm_steal(struct unix_ring *r);
void unix_scm_list_free(struct unix_scm *list);

#endif /* NET_UNIX_RING_H */
