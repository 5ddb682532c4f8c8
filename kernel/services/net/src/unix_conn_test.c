/* SPDX-License-Identifier: MIT */
/* ktests of AF_UNIX connections: order, boundaries, shutdown, errors, poll. */
#include "unix_conn.h"
#include "unix_scm.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/time.h>

static const struct unix_cred test_cred = { 42, 1000, 100 };
static uint8_t big_in[3 * UNIX_RING_SIZE], big_out[3 * UNIX_RING_SIZE];

static ssize_t ksend(struct unix_conn *c, int end, uint8_t *buf, size_t n,
		     bool nb)
{
	struct unix_io io = { .kbuf = buf, .klen = n };

	return unix_conn_send(c, end, &io, nb);
}

/* Send the short string @str (its NUL left out). */
static ssize_t ksend_str(struct unix_conn *c, int end, const char *str, bool nb)
{
	uint8_t buf[16];
	size_t n = strnlen(str, sizeof(buf));

	memcpy(buf, str, n);
	return ksend(c, end, buf, n, nb);
}

static ssize_t krecv(struct unix_conn *c, int end, uint8_t *buf, size_t n,
		     bool nb, bool peek, size_t *full)
{
	struct unix_io io = { .kbuf = buf, .klen = n };
	size_t dummy;

	return unix_conn_recv(c, end, &io, nb, peek, full ? full : &dummy);
}

static void conn_free(struct unix_conn *c)
{
	unix_conn_close(c, 0);
	unix_conn_close(c, 1);
}

KTEST(unix_stream_keeps_order_across_partial_reads)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &test_cred);
	uint8_t out[16] = { 0 };

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(ksend_str(c, 0, "hello", true), 5);
	KT_ASSERT_EQ(ksend_str(c, 0, "world", true), 5);
	KT_ASSERT_EQ(unix_conn_nread(c, 1), 10);
	/* Nothing went the other way. */
	KT_ASSERT_EQ(unix_conn_nread(c, 0), 0);
	KT_ASSERT_EQ(krecv(c, 1, out, 3, true, true, NULL), 3);
	KT_ASSERT_EQ(memcmp(out, "hel", 3), 0);
	/* A stream read crosses the writes' boundaries. */
	KT_ASSERT_EQ(krecv(c, 1, out, 7, true, false, NULL), 7);
	KT_ASSERT_EQ(memcmp(out, "hellowo", 7), 0);
	KT_ASSERT_EQ(krecv(c, 1, out, sizeof(out), true, false, NULL), 3);
	KT_ASSERT_EQ(memcmp(out, "rld", 3), 0);
	KT_ASSERT_EQ(krecv(c, 1, out, 1, true, false, NULL), -EAGAIN);
	KT_ASSERT_EQ(unix_conn_poll(c, 0) & UNIX_POLLIN, 0);
	conn_free(c);
}

KTEST(unix_stream_wraps_the_ring_and_stops_when_full)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &test_cred);
	size_t moved = 0;

	KT_ASSERT_NOT_NULL(c);
	for (size_t i = 0; i < sizeof(big_in); i++)
		big_in[i] = (uint8_t)(i * 13 + (i >> 8));
	for (int round = 0; round < 20; round++) {
		size_t n = 9999;

		KT_ASSERT_EQ(ksend(c, 1, big_in + moved % 5000, n, true),
			     (ssize_t)n);
		KT_ASSERT_EQ(krecv(c, 0, big_out, n, true, false, NULL),
			     (ssize_t)n);
		KT_ASSERT_EQ(memcmp(big_out, big_in + moved % 5000, n), 0);
		moved += n;
	}
	/* A non-blocking send takes what fits, then EAGAIN. */
	KT_ASSERT_EQ(ksend(c, 1, big_in, sizeof(big_in), true),
		     (ssize_t)UNIX_RING_SIZE);
	KT_ASSERT_EQ(ksend(c, 1, big_in, 1, true), -EAGAIN);
	KT_ASSERT_EQ(unix_conn_poll(c, 1) & UNIX_POLLOUT, 0);
	KT_ASSERT_EQ(krecv(c, 0, big_out, sizeof(big_out), true, false, NULL),
		     (ssize_t)UNIX_RING_SIZE);
	KT_ASSERT_EQ(memcmp(big_out, big_in, UNIX_RING_SIZE), 0);
	KT_ASSERT_NE(unix_conn_poll(c, 1) & UNIX_POLLOUT, 0);
	conn_free(c);
}

static void check_packets(int type)
{
	struct unix_conn *c = unix_conn_create(type, &test_cred);
	uint8_t out[16] = { 0 };
	size_t full;

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(ksend_str(c, 0, "abc", true), 3);
	KT_ASSERT_EQ(ksend_str(c, 0, "", true), 0);
	KT_ASSERT_EQ(ksend_str(c, 0, "defgh", true), 5);
	KT_ASSERT_EQ(unix_conn_nread(c, 1),
		     type == UNIX_SOCK_DGRAM ? 3 : 3 + 0 + 5);
	KT_ASSERT_EQ(krecv(c, 1, out, sizeof(out), true, false, &full), 3);
	KT_ASSERT_EQ(full, 3);
	/* The empty packet is one too. */
	KT_ASSERT_EQ(krecv(c, 1, out, sizeof(out), true, false, &full), 0);
	KT_ASSERT_EQ(full, 0);
	KT_ASSERT_EQ(krecv(c, 1, out, 2, true, true, &full), 2);
	KT_ASSERT_EQ(full, 5);
	/* Cut to the buffer: the rest of the packet is gone. */
	KT_ASSERT_EQ(krecv(c, 1, out, 2, true, false, &full), 2);
	KT_ASSERT_EQ(full, 5);
	KT_ASSERT_EQ(memcmp(out, "de", 2), 0);
	KT_ASSERT_EQ(krecv(c, 1, out, sizeof(out), true, false, &full),
		     -EAGAIN);
	/* A packet goes whole or not at all. */
	KT_ASSERT_EQ(ksend(c, 0, big_in, UNIX_MAX_PACKET + 1, true), -EMSGSIZE);
	KT_ASSERT_EQ(ksend(c, 0, big_in, UNIX_RING_SIZE / 2, true),
		     (ssize_t)UNIX_RING_SIZE / 2);
	KT_ASSERT_EQ(ksend(c, 0, big_in, UNIX_RING_SIZE / 2, true), -EAGAIN);
	KT_ASSERT_EQ(unix_conn_nread(c, 1), UNIX_RING_SIZE / 2);
	KT_ASSERT_EQ(krecv(c, 1, big_out, sizeof(big_out), true, false, &full),
		     (ssize_t)UNIX_RING_SIZE / 2);
	KT_ASSERT_EQ(ksend(c, 0, big_in, UNIX_MAX_PACKET, true),
		     (ssize_t)UNIX_MAX_PACKET);
	conn_free(c);
}

KTEST(unix_datagrams_keep_their_boundaries)
{
	check_packets(UNIX_SOCK_DGRAM);
}

KTEST(unix_seqpackets_keep_their_boundaries)
{
	check_packets(UNIX_SOCK_SEQPACKET);
}

KTEST(unix_stream_shutdown_gives_eof_and_epipe)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &test_cred);
	uint8_t out[8];

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(ksend_str(c, 0, "ab", true), 2);
	unix_conn_shutdown(c, 0, UNIX_SHUT_WR);
	KT_ASSERT_EQ(ksend_str(c, 0, "x", true), -EPIPE);
	/* Queued bytes first, then EOF, even for a blocking read. */
	KT_ASSERT_EQ(krecv(c, 1, out, sizeof(out), false, false, NULL), 2);
	KT_ASSERT_EQ(krecv(c, 1, out, sizeof(out), false, false, NULL), 0);
	KT_ASSERT_EQ(unix_conn_poll(c, 1),
		     UNIX_POLLIN | UNIX_POLLRDNORM | UNIX_POLLRDHUP |
			     UNIX_POLLOUT | UNIX_POLLWRNORM);
	/* The other way still works until end 0 stops reading. */
	KT_ASSERT_EQ(ksend_str(c, 1, "cd", true), 2);
	unix_conn_shutdown(c, 0, UNIX_SHUT_RD);
	KT_ASSERT_EQ(ksend_str(c, 1, "x", true), -EPIPE);
	KT_ASSERT_NE(unix_conn_poll(c, 0) & UNIX_POLLHUP, 0);
	KT_ASSERT_NE(unix_conn_poll(c, 1) & UNIX_POLLHUP, 0);
	conn_free(c);
}

KTEST(unix_dgram_shutdown_is_not_the_peers_eof)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_DGRAM, &test_cred);
	uint8_t out[8];

	KT_ASSERT_NOT_NULL(c);
	unix_conn_shutdown(c, 0, UNIX_SHUT_WR);
	KT_ASSERT_EQ(ksend_str(c, 0, "x", true), -EPIPE);
	KT_ASSERT_EQ(krecv(c, 1, out, sizeof(out), true, false, NULL), -EAGAIN);
	KT_ASSERT_EQ(unix_conn_poll(c, 1) & UNIX_POLLRDHUP, 0);
	unix_conn_shutdown(c, 1, UNIX_SHUT_RD);
	KT_ASSERT_EQ(krecv(c, 1, out, sizeof(out), true, false, NULL), 0);
	KT_ASSERT_EQ(ksend_str(c, 0, "x", true), -EPIPE);
	conn_free(c);
}

KTEST(unix_stream_close_with_unread_data_resets_once)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &test_cred);
	uint8_t out[8];

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(ksend_str(c, 0, "lost", true), 4);
	KT_ASSERT_EQ(ksend_str(c, 1, "kept", true), 4);
	unix_conn_close(c, 1);
	KT_ASSERT_NE(unix_conn_poll(c, 0) & UNIX_POLLERR, 0);
	KT_ASSERT_EQ(ksend_str(c, 0, "x", true), -EPIPE);
	/* A stream's queued bytes come before the error, EOF after. */
	KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, NULL), 4);
	KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, NULL),
		     -ECONNRESET);
	KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, NULL), 0);
	KT_ASSERT_EQ(unix_conn_take_error(c, 0), 0);
	unix_conn_close(c, 0);
}

KTEST(unix_seqpacket_close_reports_the_error_first)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_SEQPACKET, &test_cred);
	uint8_t out[8];

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(ksend_str(c, 0, "lost", true), 4);
	KT_ASSERT_EQ(ksend_str(c, 1, "kept", true), 4);
	unix_conn_close(c, 1);
	KT_ASSERT_EQ(unix_conn_take_error(c, 0), ECONNRESET);
	KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, NULL), 4);
	KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, NULL), 0);
	KT_ASSERT_EQ(ksend_str(c, 0, "x", true), -EPIPE);
	unix_conn_close(c, 0);
}

KTEST(unix_dgram_peer_close_refuses_once_then_disconnects)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_DGRAM, &test_cred);
	uint8_t out[8];

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(ksend_str(c, 0, "lost", true), 4);
	KT_ASSERT_EQ(ksend_str(c, 1, "drop", true), 4);
	unix_conn_close(c, 1);
	/* No error and no EOF for a datagram end. */
	KT_ASSERT_EQ(unix_conn_take_error(c, 0), 0);
	KT_ASSERT(unix_conn_connected(c, 0));
	KT_ASSERT_EQ(ksend_str(c, 0, "x", true), -ECONNREFUSED);
	KT_ASSERT(!unix_conn_connected(c, 0));
	KT_ASSERT_EQ(ksend_str(c, 0, "x", true), -ENOTCONN);
	/* What was queued for it went with the peer. */
	KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, NULL), -EAGAIN);
	unix_conn_close(c, 0);
}

/* A task on the other end, for the blocking cases. */
static struct peer {
	struct task_entry entry;
	struct unix_conn *c;
	size_t n;
	ssize_t ret;
	bool send, done;
} peer;

static int peer_run(struct task_entry *e)
{
	struct peer *pr = container_of(e, struct peer, entry);

	if (pr->send)
		pr->ret = ksend(pr->c, 1, big_in, pr->n, false);
	else
		pr->ret = krecv(pr->c, 1, big_out, pr->n, false, false, NULL);
	__atomic_store_n(&pr->done, true, __ATOMIC_RELEASE);
	return 0;
}

static struct task *start_peer(struct unix_conn *c, bool send, size_t n)
{
	peer.c = c;
	peer.send = send;
	peer.n = n;
	peer.ret = 0;
	peer.done = false;
	task_entry_init(&peer.entry, peer_run);
	return task_spawn("ktest-unix", &peer.entry, TASK_PRIO_NORMAL);
}

KTEST(unix_blocked_reader_wakes_for_data_and_for_close)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_SEQPACKET, &test_cred);
	struct task *t;

	KT_ASSERT_NOT_NULL(c);
	t = start_peer(c, false, 16);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT(!__atomic_load_n(&peer.done, __ATOMIC_ACQUIRE));
	KT_ASSERT_EQ(ksend_str(c, 0, "abc", false), 3);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(peer.ret, 3);
	KT_ASSERT_EQ(memcmp(big_out, "abc", 3), 0);
	t = start_peer(c, false, 16);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	unix_conn_close(c, 0);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(peer.ret, 0);
	unix_conn_close(c, 1);
}

KTEST(unix_blocked_stream_writer_moves_everything_through)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &test_cred);
	static uint8_t sink[sizeof(big_in)];
	size_t got = 0;
	struct task *t;

	KT_ASSERT_NOT_NULL(c);
	for (size_t i = 0; i < sizeof(big_in); i++)
		big_in[i] = (uint8_t)(i * 7 + 1);
	t = start_peer(c, true, sizeof(big_in));
	KT_ASSERT_NOT_NULL(t);
	while (got < sizeof(big_in)) {
		ssize_t n = krecv(c, 0, sink + got, sizeof(sink) - got, false,
				  false, NULL);

		KT_ASSERT_GT(n, 0);
		got += (size_t)n;
	}
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(peer.ret, (ssize_t)sizeof(big_in));
	KT_ASSERT_EQ(memcmp(sink, big_in, sizeof(big_in)), 0);
	conn_free(c);
}

KTEST(unix_blocked_writer_wakes_when_the_reader_goes)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_SEQPACKET, &test_cred);
	struct task *t;

	KT_ASSERT_NOT_NULL(c);
	/* Fill end 0's queue so that a full-size record must wait. */
	KT_ASSERT_EQ(ksend(c, 1, big_in, UNIX_MAX_PACKET, true),
		     (ssize_t)UNIX_MAX_PACKET);
	t = start_peer(c, true, 100);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT(!__atomic_load_n(&peer.done, __ATOMIC_ACQUIRE));
	unix_conn_close(c, 0);
	KT_ASSERT_OK(task_join(t));
	/* End 0 left a record unread: the error first, as on Linux. */
	KT_ASSERT_EQ(peer.ret, -ECONNRESET);
	KT_ASSERT_EQ(ksend_str(c, 1, "x", true), -EPIPE);
	unix_conn_close(c, 1);
}

KTEST(unix_blocked_read_is_interruptible)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &test_cred);
	struct task *t;

	KT_ASSERT_NOT_NULL(c);
	t = start_peer(c, false, 8);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	task_interrupt(t);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(peer.ret, -ERESTARTSYS);
	conn_free(c);
}

/* Ancillary data rides with its bytes: a stream read stops at it and
 * takes it; a packet's goes with the packet; a peek copies it. */
KTEST(unix_ancillary_data_stays_with_its_bytes)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &test_cred);
	uint8_t msg[8] = "abcdefg", out[8];
	struct unix_io io = { .kbuf = msg, .klen = 3 };
	size_t full;

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(ksend(c, 0, msg, 2, true), 2);
	KT_ASSERT_OK(unix_scm_sender(&io.scm));
	KT_ASSERT_EQ(unix_conn_send(c, 0, &io, true), 3);
	KT_ASSERT_NULL(io.scm);
	KT_ASSERT_EQ(ksend(c, 0, msg, 2, true), 2);
	/* The plain bytes before it come alone... */
	io = (struct unix_io){ .kbuf = out, .klen = 8, .want_scm = true };
	KT_ASSERT_EQ(unix_conn_recv(c, 1, &io, true, false, &full), 2);
	KT_ASSERT_NULL(io.scm);
	/* ...then its own bytes, with it (a peek gets a copy). */
	io = (struct unix_io){ .kbuf = out, .klen = 8, .want_scm = true };
	KT_ASSERT_EQ(unix_conn_recv(c, 1, &io, true, true, &full), 3);
	KT_ASSERT_NOT_NULL(io.scm);
	KT_ASSERT(io.scm->has_cred);
	unix_scm_free(io.scm);
	io = (struct unix_io){ .kbuf = out, .klen = 8, .want_scm = true };
	KT_ASSERT_EQ(unix_conn_recv(c, 1, &io, true, false, &full), 3);
	KT_ASSERT_NOT_NULL(io.scm);
	KT_ASSERT_EQ(io.scm->cred.pid, 0);
	unix_scm_free(io.scm);
	io = (struct unix_io){ .kbuf = out, .klen = 8, .want_scm = true };
	KT_ASSERT_EQ(unix_conn_recv(c, 1, &io, true, false, &full), 2);
	KT_ASSERT_NULL(io.scm);
	/* Unreceived, it goes with the connection. */
	io = (struct unix_io){ .kbuf = msg, .klen = 1 };
	KT_ASSERT_OK(unix_scm_sender(&io.scm));
	KT_ASSERT_EQ(unix_conn_send(c, 1, &io, true), 1);
	conn_free(c);
}

KTEST(unix_packet_ancillary_data_goes_with_its_packet)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_DGRAM, &test_cred);
	uint8_t msg[4] = "xyz", out[4];
	struct unix_io io = { .kbuf = msg, .klen = 0 };
	size_t full;

	KT_ASSERT_NOT_NULL(c);
	/* An empty datagram carries it too. */
	KT_ASSERT_OK(unix_scm_sender(&io.scm));
	KT_ASSERT_EQ(unix_conn_send(c, 0, &io, true), 0);
	KT_ASSERT_EQ(ksend(c, 0, msg, 3, true), 3);
	/* Received without wanting it: dropped with its packet. */
	io = (struct unix_io){ .kbuf = out, .klen = 4 };
	KT_ASSERT_EQ(unix_conn_recv(c, 1, &io, true, false, &full), 0);
	io = (struct unix_io){ .kbuf = out, .klen = 4, .want_scm = true };
	KT_ASSERT_EQ(unix_conn_recv(c, 1, &io, true, false, &full), 3);
	KT_ASSERT_NULL(io.scm);
	conn_free(c);
}

/* A named datagram socket's queue: strangers deliver to its end until it
 * stops reading (EPIPE) or goes (ECONNREFUSED); a hold keeps the memory
 * past the owner's close. */
KTEST(unix_inbox_takes_datagrams_by_name)
{
	struct unix_conn *c = unix_conn_create_inbox(&test_cred);
	uint8_t msg[4] = "abc", out[4];
	struct unix_io io = { .kbuf = msg, .klen = 3 };
	size_t full;

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(unix_conn_deliver(c, 0, &io, true), 3);
	io = (struct unix_io){ .kbuf = msg, .klen = 2 };
	KT_ASSERT_EQ(unix_conn_deliver(c, 0, &io, true), 2);
	KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, &full), 3);
	KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, &full), 2);
	/* Senders by name stop at UNIX_DGRAM_QLEN + 1 queued records. */
	for (int i = 0; i <= UNIX_DGRAM_QLEN; i++) {
		io = (struct unix_io){ .kbuf = msg, .klen = 1 };
		KT_ASSERT_EQ(unix_conn_deliver(c, 0, &io, true), 1);
	}
	io = (struct unix_io){ .kbuf = msg, .klen = 1 };
	KT_ASSERT_EQ(unix_conn_deliver(c, 0, &io, true), -EAGAIN);
	for (int i = 0; i <= UNIX_DGRAM_QLEN; i++)
		KT_ASSERT_EQ(krecv(c, 0, out, sizeof(out), true, false, &full),
			     1);
	unix_conn_shutdown(c, 0, UNIX_SHUT_RD);
	io = (struct unix_io){ .kbuf = msg, .klen = 1 };
	KT_ASSERT_EQ(unix_conn_deliver(c, 0, &io, true), -EPIPE);
	unix_conn_hold(c);
	unix_conn_close(c, 0);
	io = (struct unix_io){ .kbuf = msg, .klen = 1 };
	KT_ASSERT_EQ(unix_conn_deliver(c, 0, &io, true), -ECONNREFUSED);
	unix_conn_unhold(c);
}
