/* SPDX-License-Identifier: MIT */
/* A stream's out-of-band bytes: the marks in its ring (unix_oob.c). */
#ifndef NET_UNIX_OOB_H
#define NET_UNIX_OOB_H

#include "unix_conn.h"

/*
 * All under the connection's lock, on a stream's ring @r.
 * unix_oob_room(): whether one more out-of-band byte may be queued.
 * unix_oob_mark(): the byte @byte just written at @pos is out of band.
 * unix_oob_at_tail(): a read is about to start: drop the taken marks'
 * bytes at the tail, and the urgent byte there unless it is read inline
 * (@inl) or peeked (@peek: it is then read as data, as Linux does);
 * returns whether the tail moved.
 * unix_oob_limit(): how many of @want bytes one read may take before it
 * stops at the next mark.
 * unix_oob_hidden(): the bytes in the ring no read will give (taken
 * marks), which FIONREAD does not count.
 */
bool unix_oob_room(const struct unix_ring *r);
void unix_oob_mark(struct unix_ring *r, size_t pos, uint8_t byte);
bool unix_oob_at_tail(struct unix_ring *r, bool inl, bool peek);
size_t unix_oob_limit(const struct unix_ring *r, size_t want);
size_t unix_oob_hidden(const struct unix_ring *r);

#endif /* NET_UNIX_OOB_H */
