/* SPDX-License-Identifier: MIT */
/* A connected pair of AF_UNIX sockets: two rings, shutdown, blocking I/O. */
#ifndef NET_UNIX_CONN_H
#define NET_UNIX_CONN_H

#include <frame/sync.h>
#include <frame/types.h>
#include <frame/user.h>

struct unix_scm;

/* Each direction's queue; Linux's default is larger, but any size keeps
 * the semantics (a stream write blocks for room, a packet must fit). */
#define UNIX_RING_SIZE 65536
/* Out-of-band bytes a stream's ring holds unread at most (-ENOBUFS for
 * one more: Linux's bound is the socket's memory). */
#define UNIX_OOB_MARKS 16

/* A packet's length header in the ring. */
#define UNIX_HDR_SIZE sizeof(uint32_t)
/* The largest datagram or seqpacket record one send may carry. */
#define UNIX_MAX_PACKET (UNIX_RING_SIZE - UNIX_HDR_SIZE)
/* Linux's net.unix.max_dgram_qlen: a named socket's queue takes one
 * more datagram from senders by name while it holds at most this many. */
#define UNIX_DGRAM_QLEN 10

/* Socket types of Linux (the low bits of socket()'s type). */
#define UNIX_SOCK_STREAM    1
#define UNIX_SOCK_DGRAM	    2
#define UNIX_SOCK_SEQPACKET 5

/* Poll bits of Linux. */
#define UNIX_POLLIN	0x0001
#define UNIX_POLLPRI	0x0002
#define UNIX_POLLOUT	0x0004
#define UNIX_POLLERR	0x0008
#define UNIX_POLLHUP	0x0010
#define UNIX_POLLRDNORM 0x0040
#define UNIX_POLLWRNORM 0x0100
#define UNIX_POLLRDHUP	0x2000

/* shutdown()'s sides */
#define UNIX_SHUT_RD 1u
#define UNIX_SHUT_WR 2u

/*
 * One direction: the bytes (or length-prefixed packets) in [tail, head)
 * of @buf, indexed by free-running counters. @eof: no more data will
 * come (the writing side shut down writing or closed); @closed: nobody
 * reads any more (the reading side shut down reading or closed), so a
 * write fails with EPIPE. @rd_wq wakes readers when data or EOF comes,
 * @wr_wq writers when room appears or the reader goes. @scm_head..: the
 * ancillary data sent with bytes of this ring, oldest first.
 *
 * A stream's out-of-band bytes (send with MSG_OOB) stay in the ring at
 * the positions @oob[0..@noob), oldest first. Every mark but the last
 * was taken by recv(MSG_OOB): a read stops before it and drops its byte.
 * The last is the urgent byte @oob_byte while @oob_pending; a newer one
 * turns a pending byte into plain data, as on Linux.
 */
struct unix_ring {
	uint8_t *buf;
	size_t head, tail;
	bool eof, closed;
	struct frame_waitq rd_wq, wr_wq;
	struct unix_scm *scm_head, **scm_tail; /* ancillary data, in order */
	unsigned int npkts; /* records queued (packet types) */
	size_t oob[UNIX_OOB_MARKS];
	unsigned int noob;
	bool oob_pending;
	uint8_t oob_byte;
};

/* Who made the connection, for SO_PEERCRED (struct ucred's layout). */
struct unix_cred {
	int32_t pid;
	uint32_t uid, gid;
};

/* The longest sun_path (struct sockaddr_un's 108 bytes). */
#define UNIX_PATH_MAX 108

/*
 * A socket's name: the @len bytes of sun_path that matter (0: unnamed).
 * An abstract name starts with a NUL and counts all its bytes; a path
 * name stops at its first NUL, which it counts (109 bytes for a 108-byte
 * sun_path without one, as Linux).
 */
struct unix_name {
	uint8_t len;
	char path[UNIX_PATH_MAX + 1]; /* a path is always NUL-terminated */
};

/*
 * A connection between end 0 and end 1: end i reads ring[i] and writes
 * ring[1 - i]. @lock (a sleeping mutex: user copies may fault and sleep
 * under it) guards both rings, @err and @detached; @refs counts the open
 * ends. @err[i]: end i's pending error (ECONNRESET when a stream or
 * seqpacket peer closed with data unread), taken once by a receive or
 * SO_ERROR. @detached[i]: end i is a datagram socket that learnt its
 * peer is gone (a send got ECONNREFUSED); it is unconnected since.
 * @gone[i]: end i was closed (a datagram sent to it by name is then
 * refused). @holds: references of senders by name (unix_conn_hold()),
 * which keep the memory, not an end, alive.
 * @passcred[i]: end i's SO_PASSCRED (a send attaches the sender's
 * credentials when either end has it).
 * @cred[i], @name[i]: end i's owner when connected (the creator for both
 * ends of a pair; the client and the listener after connect()) and the
 * name it had, fixed before the connection is shared.
 */
struct unix_conn {
	struct frame_mutex lock;
	struct unix_ring ring[2];
	int type;
	unsigned int refs;
	int err[2];
	bool detached[2];
	struct unix_cred cred[2];
	struct unix_name name[2];
	bool passcred[2];
	bool gone[2];
	unsigned int holds;
};

/*
 * A transfer's user memory or kernel buffer: exactly one of @w, @r,
 * @kbuf is set. @scm: a send's ancillary data (queued with the bytes:
 * the connection takes it and sets @scm NULL), or where a receive with
 * @want_scm puts the data it delivers (a receive without drops it).
 */
struct unix_io {
	struct vm_writer *w;
	struct vm_reader *r;
	uint8_t *kbuf;
	size_t klen, kpos;
	struct unix_scm *scm;
	bool want_scm;
	bool oob;	 /* a send: the one byte is out of band */
	bool oob_inline; /* a receive: SO_OOBINLINE */
};

/* unix_conn_create() - a connection of socket @type with both ends open
 * (@refs 2), made by @cred, or NULL when out of memory */
struct unix_conn *unix_conn_create(int type, const struct unix_cred *cred);

/* unix_conn_close() - end @end goes: its peer reads EOF and gets EPIPE
 * on writes; the last end frees the connection */
void unix_conn_close(struct unix_conn *c, int end);

/* unix_conn_create_inbox() - the queue of a named datagram socket that
 * has no pair: end 0 is the socket's (one end open), end 1 nobody's:
 * senders by name deliver to end 0. NULL when out of memory. */
struct unix_conn *unix_conn_create_inbox(const struct unix_cred *cred);

/* unix_conn_disconnect() - datagram end @end no longer sends to its
 * peer (-ENOTCONN after), nor names it; it still receives */
void unix_conn_disconnect(struct unix_conn *c, int end);

/* unix_conn_snd_shut() - whether end @end shut writing */
bool unix_conn_snd_shut(struct unix_conn *c, int end);

/* unix_conn_hold() / unix_conn_unhold() - keep @c's memory while
 * delivering to one of its ends by name; the last of the ends and the
 * holds frees it */
void unix_conn_hold(struct unix_conn *c);
void unix_conn_unhold(struct unix_conn *c);

/*
 * unix_conn_deliver() - a datagram from a sender by name (not end
 * 1 - @end's owner) into end @end's queue, whole or not at all:
 * -ECONNREFUSED when end @end is gone, -EPIPE when it shut reading,
 * -EMSGSIZE, -EAGAIN (@nonblock, no room), -ERESTARTSYS, -EFAULT.
 */
ssize_t unix_conn_deliver(struct unix_conn *c, int end, struct unix_io *io,
			  bool nonblock);

/* unix_conn_reset() - unix_conn_close() of an end nobody accepted: its
 * peer also gets ECONNRESET, as Linux gives a client whose pending
 * connection the listener dropped */
void unix_conn_reset(struct unix_conn *c, int end);

/* unix_conn_shutdown() - shutdown(2) of end @end: @how is a mask of
 * UNIX_SHUT_RD and UNIX_SHUT_WR */
void unix_conn_shutdown(struct unix_conn *c, int end, unsigned int how);

/*
 * unix_conn_recv() - what end @end reads. A stream gives up to the io's
 * size of the queued bytes (without waiting for more once it has some);
 * a packet type gives one packet, cut to the io's size, its full length
 * in *@full. @peek leaves the data queued. 0 at EOF; -EAGAIN
 * (@nonblock, nothing queued), -ERESTARTSYS (a signal), -EFAULT; the
 * pending error (-ECONNRESET) once, where Linux gives it: a stream
 * after the queued bytes, a seqpacket before them.
 */
ssize_t unix_conn_recv(struct unix_conn *c, int end, struct unix_io *io,
		       bool nonblock, bool peek, size_t *full);

/*
 * unix_conn_send() - end @end writes the whole io. A stream goes in as
 * room appears (a signal or @nonblock may cut it short: the bytes sent,
 * or -ERESTARTSYS / -EAGAIN when none); a packet goes in whole or not at
 * all (-EMSGSIZE above UNIX_MAX_PACKET). -EPIPE when the peer reads no
 * more (the caller raises SIGPIPE unless MSG_NOSIGNAL), -EFAULT. A
 * seqpacket send gives the pending error first. A datagram send to a
 * closed peer gives -ECONNREFUSED once, which detaches the end (its
 * queue is dropped); -ENOTCONN after.
 */
ssize_t unix_conn_send(struct unix_conn *c, int end, struct unix_io *io,
		       bool nonblock);

/*
 * unix_conn_recv_oob() - recv(MSG_OOB) of stream end @end: the urgent
 * byte in *@byte, taken unless @peek; -EINVAL when there is none.
 * unix_conn_atmark() - SIOCATMARK: whether the next byte to read is the
 * urgent one.
 */
int unix_conn_recv_oob(struct unix_conn *c, int end, uint8_t *byte, bool peek);
bool unix_conn_atmark(struct unix_conn *c, int end);

/* unix_conn_take_error() - end @end's pending error (a positive errno),
 * cleared; 0 when none */
int unix_conn_take_error(struct unix_conn *c, int end);

/* unix_conn_connected() - whether end @end still has a peer to send to
 * and name (false once a datagram end got ECONNREFUSED) */
bool unix_conn_connected(struct unix_conn *c, int end);

/* unix_conn_poll() - end @end's poll events now (the caller registers
 * both rings' queues with its poller first) */
unsigned int unix_conn_poll(struct unix_conn *c, int end);

/* unix_conn_nread() - FIONREAD of end @end: the bytes queued (a stream),
 * all the queued records' bytes (a seqpacket), the next datagram's
 * length (0 when none) */
size_t unix_conn_nread(struct unix_conn *c, int end);

#endif /* NET_UNIX_CONN_H */
