/* SPDX-License-Identifier: MIT */
/* AF_UNIX connections: byte and packet rings, EOF, EPIPE, blocking I/O. */
#include "unix_conn.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

#include "unix_oob.h"
#include "unix_ring.h"
#include "unix_scm.h"

static bool is_packet(const struct unix_conn *c)
{
	return c->type != UNIX_SOCK_STREAM;
}

/* Stream and seqpacket ends are tied: one's shutdown is the other's. */
static bool is_dgram(const struct unix_conn *c)
{
	return c->type == UNIX_SOCK_DGRAM;
}

struct unix_conn *unix_conn_create(int type, const struct unix_cred *cred)
{
	struct unix_conn *c = frame_zalloc(sizeof(*c));

	if (!c)
		return NULL;
	for (int i = 0; i < 2; i++) {
		c->ring[i].buf = frame_alloc(UNIX_RING_SIZE);
		if (!c->ring[i].buf) {
			frame_free(c->ring[0].buf);
			frame_free(c);
			return NULL;
		}
		frame_waitq_init(&c->ring[i].rd_wq);
		frame_waitq_init(&c->ring[i].wr_wq);
		c->ring[i].scm_tail = &c->ring[i].scm_head;
	}
	frame_mutex_init(&c->lock);
	c->type = type;
	c->refs = 2;
	c->cred[0] = c->cred[1] = *cred;
	return c;
}

struct unix_conn *unix_conn_create_inbox(const struct unix_cred *cred)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_DGRAM, cred);

	if (c) {
		c->refs = 1;
		c->gone[1] = true;
	}
	return c;
}

void unix_conn_disconnect(struct unix_conn *c, int end)
{
	frame_mutex_lock(&c->lock);
	__atomic_store_n(&c->detached[end], true, __ATOMIC_RELEASE);
	frame_mutex_unlock(&c->lock);
}

bool unix_conn_snd_shut(struct unix_conn *c, int end)
{
	return unix_flag(&c->ring[1 - end].eof);
}

/* Under the lock: end @end stops reading (@rd) and/or writing (@wr). A
 * datagram peer does not see the end of writing: it has no EOF. */
static void conn_shut_locked(struct unix_conn *c, int end, bool rd, bool wr)
{
	if (rd)
		unix_flag_set(&c->ring[end].closed);
	if (wr)
		unix_flag_set(&c->ring[1 - end].eof);
}

/* Whether end @end's receiving side is shut (nothing more will come). */
static bool rcv_shut(const struct unix_conn *c, int end)
{
	const struct unix_ring *in = &c->ring[end];

	return unix_flag(&in->closed) || (!is_dgram(c) && unix_flag(&in->eof));
}

/* Whether end @end's sending side is shut, as its own shutdown flags
 * say (a stream or seqpacket end also takes its peer's SHUT_RD). */
static bool snd_shut(const struct unix_conn *c, int end)
{
	const struct unix_ring *out = &c->ring[1 - end];

	return unix_flag(&out->eof) ||
	       (!is_dgram(c) && unix_flag(&out->closed));
}

static int err_peek(const struct unix_conn *c, int end)
{
	return __atomic_load_n(&c->err[end], __ATOMIC_ACQUIRE);
}

int unix_conn_take_error(struct unix_conn *c, int end)
{
	return __atomic_exchange_n(&c->err[end], 0, __ATOMIC_ACQ_REL);
}

bool unix_conn_connected(struct unix_conn *c, int end)
{
	return !__atomic_load_n(&c->detached[end], __ATOMIC_ACQUIRE);
}

static void conn_wake(struct unix_conn *c)
{
	for (int i = 0; i < 2; i++) {
		frame_waitq_wake_all(&c->ring[i].rd_wq);
		frame_waitq_wake_all(&c->ring[i].wr_wq);
	}
}

void unix_conn_shutdown(struct unix_conn *c, int end, unsigned int how)
{
	frame_mutex_lock(&c->lock);
	conn_shut_locked(c, end, how & UNIX_SHUT_RD, how & UNIX_SHUT_WR);
	frame_mutex_unlock(&c->lock);
	conn_wake(c);
}

/* Nothing refers to @c any more. */
static void conn_free(struct unix_conn *c)
{
	unix_scm_list_free(c->ring[0].scm_head);
	unix_scm_list_free(c->ring[1].scm_head);
	frame_free(c->ring[0].buf);
	frame_free(c->ring[1].buf);
	frame_free(c);
}

static void conn_close(struct unix_conn *c, int end, bool reset)
{
	struct unix_scm *unread;
	bool last;

	frame_mutex_lock(&c->lock);
	/* What was passed to this end and not received goes now, as the
	 * files a closed socket's queue held do on Linux. */
	unread = unix_ring_scm_steal(&c->ring[end]);
	if (reset)
		__atomic_store_n(&c->err[1 - end], ECONNRESET,
				 __ATOMIC_RELEASE);
	/* A stream or seqpacket peer reads EOF and gets EPIPE, and learns
	 * of the data it sent that nobody will read (ECONNRESET); a
	 * datagram peer keeps waiting for packets (Linux) and gets
	 * ECONNREFUSED. */
	conn_shut_locked(c, end, true, !is_dgram(c));
	if (!is_dgram(c) && c->ring[end].head != c->ring[end].tail)
		__atomic_store_n(&c->err[1 - end], ECONNRESET,
				 __ATOMIC_RELEASE);
	__atomic_store_n(&c->gone[end], true, __ATOMIC_RELEASE);
	last = --c->refs == 0 && !c->holds;
	frame_mutex_unlock(&c->lock);
	unix_scm_list_free(unread);
	if (!last) {
		conn_wake(c);
		return;
	}
	conn_free(c);
}

void unix_conn_hold(struct unix_conn *c)
{
	frame_mutex_lock(&c->lock);
	c->holds++;
	frame_mutex_unlock(&c->lock);
}

void unix_conn_unhold(struct unix_conn *c)
{
	bool last;

	frame_mutex_lock(&c->lock);
	last = --c->holds == 0 && !c->refs;
	frame_mutex_unlock(&c->lock);
	if (last)
		conn_free(c);
}

void unix_conn_close(struct unix_conn *c, int end)
{
	conn_close(c, end, false);
}

void unix_conn_reset(struct unix_conn *c, int end)
{
	conn_close(c, end, true);
}

/* Under the lock, with data queued: take (or peek) what @io wants. */
static ssize_t ring_take(struct unix_conn *c, struct unix_ring *r,
			 struct unix_io *io, bool peek, size_t *full,
			 struct unix_scm **drop)
{
	size_t want = unix_io_remain(io), n, len;

	if (!is_packet(c)) {
		n = unix_ring_read(r, r->tail, io,
				   unix_oob_limit(r, MIN(unix_ring_stream_span(r),
							 want)));
		if (!n && want)
			return -EFAULT;
		unix_ring_scm_take(r, io, peek, drop);
		if (!peek)
			__atomic_store_n(&r->tail, r->tail + n,
					 __ATOMIC_RELEASE);
		*full = n;
		return (ssize_t)n;
	}
	len = unix_ring_hdr_get(r, r->tail);
	n = MIN(len, want);
	if (unix_ring_read(r, r->tail + UNIX_HDR_SIZE, io, n) != n)
		return -EFAULT; /* the packet stays queued */
	unix_ring_scm_take(r, io, peek, drop);
	if (!peek) {
		__atomic_store_n(&r->npkts, r->npkts - 1, __ATOMIC_RELEASE);
		__atomic_store_n(&r->tail, r->tail + UNIX_HDR_SIZE + len,
				 __ATOMIC_RELEASE);
	}
	*full = len;
	return (ssize_t)n;
}

ssize_t unix_conn_recv(struct unix_conn *c, int end, struct unix_io *io,
		       bool nonblock, bool peek, size_t *full)
{
	struct unix_ring *r = &c->ring[end];
	struct unix_scm *drop = NULL;
	ssize_t ret;
	int err;

	*full = 0;
	/* A zero-length stream read returns at once; a packet read takes
	 * (and discards) a packet. */
	if (!is_packet(c) && !unix_io_remain(io))
		return 0;
	frame_mutex_lock(&c->lock);
	for (;;) {
		/* Linux's order: a seqpacket reports the error before the
		 * queued records, a stream after its bytes. */
		if (c->type == UNIX_SOCK_SEQPACKET && err_peek(c, end)) {
			ret = -unix_conn_take_error(c, end);
			break;
		}
		if (r->noob && unix_oob_at_tail(r, io->oob_inline, peek))
			frame_waitq_wake_all(&r->wr_wq);
		if (r->head != r->tail) {
			ret = ring_take(c, r, io, peek, full, &drop);
			break;
		}
		if (err_peek(c, end)) {
			ret = -unix_conn_take_error(c, end);
			break;
		}
		if (rcv_shut(c, end)) {
			ret = 0;
			break;
		}
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		frame_mutex_unlock(&c->lock);
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(&r->rd_wq,
						     unix_ring_used(r) > 0 ||
							     rcv_shut(c, end) ||
							     err_peek(c, end),
						     FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
		frame_mutex_lock(&c->lock);
	}
	frame_mutex_unlock(&c->lock);
	unix_scm_free(drop);
	if (ret > 0 && !peek)
		frame_waitq_wake_all(&r->wr_wq);
	return ret;
}

/*
 * Under the lock: why end @end cannot send a packet now, in Linux's
 * order, or 0. The first send of a datagram end to a closed peer detaches
 * it: ECONNREFUSED once, then ENOTCONN, and what was queued for it goes.
 */
static int packet_send_error(struct unix_conn *c, int end, bool stranger)
{
	struct unix_ring *out = &c->ring[1 - end], *in = &c->ring[end];

	if (stranger) /* by name: only the receiving end's state counts */
		return c->gone[1 - end] ? -ECONNREFUSED
		       : out->closed	? -EPIPE
					: 0;
	if (c->type == UNIX_SOCK_SEQPACKET && c->err[end])
		return -unix_conn_take_error(c, end);
	if (c->detached[end])
		return -ENOTCONN;
	if (out->eof)
		return -EPIPE; /* our own SHUT_WR, or a seqpacket peer gone */
	if (is_dgram(c) && c->refs == 1) {
		__atomic_store_n(&c->detached[end], true, __ATOMIC_RELEASE);
		__atomic_store_n(&in->tail, in->head, __ATOMIC_RELEASE);
		__atomic_store_n(&in->npkts, 0, __ATOMIC_RELEASE);
		return -ECONNREFUSED;
	}
	if (out->closed)
		return -EPIPE;
	return 0;
}

/* Lock-free: whether a blocked packet send of @need bytes should look
 * again (room, or a change that fails it). */
/* Lock-free: whether a packet of @need bytes fits now; a sender by name
 * also needs the queue below UNIX_DGRAM_QLEN + 1 records. */
static bool packet_fits(const struct unix_ring *r, size_t need, bool stranger)
{
	return unix_ring_room_for(r, need, true) &&
	       (!stranger || __atomic_load_n(&r->npkts, __ATOMIC_ACQUIRE) <=
				     UNIX_DGRAM_QLEN);
}

static bool packet_wake(const struct unix_conn *c, int end, size_t need,
			bool stranger)
{
	const struct unix_ring *r = &c->ring[1 - end];

	if (packet_fits(r, need, stranger) || unix_flag(&r->closed))
		return true;
	if (stranger)
		return unix_flag(&c->gone[1 - end]);
	return unix_flag(&r->eof) || err_peek(c, end);
}

static ssize_t send_packet(struct unix_conn *c, int end, struct unix_io *io,
			   bool nonblock, bool stranger)
{
	struct unix_ring *r = &c->ring[1 - end];
	size_t len = unix_io_remain(io);
	uint32_t hdr = (uint32_t)len;
	int err;

	if (len > UNIX_MAX_PACKET)
		return -EMSGSIZE;
	frame_mutex_lock(&c->lock);
	for (;;) {
		err = packet_send_error(c, end, stranger);
		if (err) {
			frame_mutex_unlock(&c->lock);
			return err;
		}
		if (packet_fits(r, UNIX_HDR_SIZE + len, stranger))
			break;
		frame_mutex_unlock(&c->lock);
		if (nonblock)
			return -EAGAIN;
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&r->wr_wq,
			packet_wake(c, end, UNIX_HDR_SIZE + len, stranger),
			FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
		frame_mutex_lock(&c->lock);
	}
	if (unix_ring_write(r, r->head + UNIX_HDR_SIZE, io, len) != len) {
		frame_mutex_unlock(&c->lock);
		return -EFAULT; /* nothing was queued */
	}
	unix_ring_hdr_put(r, r->head, hdr);
	unix_ring_scm_put(r, io, r->head, r->head + UNIX_HDR_SIZE + len);
	__atomic_store_n(&r->npkts, r->npkts + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&r->head, r->head + UNIX_HDR_SIZE + len,
			 __ATOMIC_RELEASE);
	frame_mutex_unlock(&c->lock);
	frame_waitq_wake_all(&r->rd_wq);
	return (ssize_t)len;
}

static ssize_t send_stream(struct unix_conn *c, struct unix_ring *r,
			   struct unix_io *io, bool nonblock)
{
	size_t total = unix_io_remain(io), sent = 0;
	int err = 0;

	frame_mutex_lock(&c->lock);
	while (sent < total) {
		size_t n, room;

		if (r->closed || r->eof) {
			err = -EPIPE;
			break;
		}
		room = UNIX_RING_SIZE - (r->head - r->tail);
		if (io->oob && !unix_oob_room(r)) {
			err = -ENOBUFS;
			break;
		}
		if (room && io->oob) {
			/* one byte, from a kernel buffer: it cannot fault */
			uint8_t byte = io->kbuf[io->kpos];
			size_t pos = r->head;

			if (unix_ring_write(r, pos, io, 1) != 1) {
				err = -EFAULT;
				break;
			}
			unix_oob_mark(r, pos, byte);
			__atomic_store_n(&r->head, pos + 1, __ATOMIC_RELEASE);
			sent = 1;
			frame_waitq_wake_all(&r->rd_wq);
			break;
		}
		if (room) {
			n = MIN(room, total - sent);
			room = unix_ring_write(r, r->head, io, n);
			if (room)
				unix_ring_scm_put(r, io, r->head,
						  r->head + room);
			__atomic_store_n(&r->head, r->head + room,
					 __ATOMIC_RELEASE);
			sent += room;
			if (room)
				frame_waitq_wake_all(&r->rd_wq);
			if (room != n) {
				err = -EFAULT;
				break;
			}
			continue;
		}
		if (nonblock) {
			err = -EAGAIN;
			break;
		}
		frame_mutex_unlock(&c->lock);
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&r->wr_wq,
			unix_ring_room_for(r, 1, false) ||
				unix_flag(&r->closed) || unix_flag(&r->eof),
			FRAME_WAIT_FOREVER);
		if (err)
			return sent ? (ssize_t)sent : -ERESTARTSYS;
		frame_mutex_lock(&c->lock);
	}
	frame_mutex_unlock(&c->lock);
	return sent ? (ssize_t)sent : err;
}

ssize_t unix_conn_send(struct unix_conn *c, int end, struct unix_io *io,
		       bool nonblock)
{
	struct unix_ring *r = &c->ring[1 - end];

	if (is_packet(c))
		return send_packet(c, end, io, nonblock, false);
	if (!unix_io_remain(io))
		return 0;
	return send_stream(c, r, io, nonblock);
}

ssize_t unix_conn_deliver(struct unix_conn *c, int end, struct unix_io *io,
			  bool nonblock)
{
	return send_packet(c, 1 - end, io, nonblock, true);
}

unsigned int unix_conn_poll(struct unix_conn *c, int end)
{
	const struct unix_ring *in = &c->ring[end], *out = &c->ring[1 - end];
	bool rd = rcv_shut(c, end), wr = snd_shut(c, end);
	unsigned int mask = 0;

	if (unix_ring_used(in))
		mask |= UNIX_POLLIN | UNIX_POLLRDNORM;
	if (unix_flag(&in->oob_pending))
		mask |= UNIX_POLLPRI;
	if (rd)
		mask |= UNIX_POLLIN | UNIX_POLLRDNORM | UNIX_POLLRDHUP;
	if (rd && wr)
		mask |= UNIX_POLLHUP;
	if (err_peek(c, end))
		mask |= UNIX_POLLERR;
	/* Writable while at most half the peer's queue is used, as Linux
	 * counts a sender's memory; a gone reader frees it all. */
	if (unix_flag(&out->closed) ||
	    unix_ring_used(out) <= UNIX_RING_SIZE / 2)
		mask |= UNIX_POLLOUT | UNIX_POLLWRNORM;
	return mask;
}

size_t unix_conn_nread(struct unix_conn *c, int end)
{
	struct unix_ring *r = &c->ring[end];
	size_t n;

	frame_mutex_lock(&c->lock);
	n = r->head - r->tail;
	if (!is_packet(c)) {
		n -= unix_oob_hidden(r);
	} else if (n && is_dgram(c)) {
		n = unix_ring_hdr_get(r, r->tail);
	} else if (n && is_packet(c)) {
		/* Linux counts all a seqpacket's records hold. */
		n = 0;
		for (size_t pos = r->tail; pos != r->head;) {
			uint32_t len = unix_ring_hdr_get(r, pos);

			n += len;
			pos += UNIX_HDR_SIZE + len;
		}
	}
	frame_mutex_unlock(&c->lock);
	return n;
}
