/* SPDX-License-Identifier: MIT */
/* AF_UNIX sockets as files: creation, lookup by descriptor, SIGPIPE. */
#ifndef NET_SOCK_H
#define NET_SOCK_H

#include <frame/sync.h>
#include <frame/types.h>

#include <fs/file.h>

#include "unix_conn.h"

#define AF_UNIX_ 1 /* AF_UNIX, AF_LOCAL */

/* A connection made by connect() that accept() has not taken yet. */
struct unix_pending {
	struct unix_pending *next;
	struct unix_conn *conn; /* end 1 is the future accepted socket's */
};

/*
 * A socket: the file's hook and its type. @conn and @end: once connected,
 * the connection and which end of it the socket is; @end is set before
 * @conn is published (release), and neither changes after, so a reader
 * needs no lock (sock_conn()). @idle_wq: what an unconnected datagram
 * reader and accept() wait on. @passcred: SO_PASSCRED's value,
 * @oobinline SO_OOBINLINE's.
 *
 * Under unix_ns_lock (unix_ns.c): @name (bound, or 0 long), @node_key
 * (a path name's socket node in fs, fs_sock_mknod(); 0 for none), @listening,
 * @ns_next (the list of named sockets), the queue of pending connections
 * @pend_head..@pend_tail (@npending of at most @backlog + 1), and
 * @listen_cred (who called listen(): what a client's SO_PEERCRED shows).
 * A datagram socket: @inbox when @conn is its own queue, made at bind()
 * (it has no pair); @dpeer/@dpeer_end the queue connect() aimed it at
 * (held with unix_conn_hold()), named @dpeer_name.
 */
struct unix_sock {
	struct file_priv priv;
	int type;
	struct unix_conn *conn;
	int end;
	bool passcred;
	bool oobinline;
	int sndbuf, rcvbuf;
	struct frame_waitq idle_wq;

	struct unix_name name;
	uint64_t node_key;
	bool listening;
	struct unix_sock *ns_next;
	struct unix_pending *pend_head, **pend_tail;
	unsigned int npending, backlog;
	struct unix_cred listen_cred;
	bool inbox;
	struct unix_conn *dpeer;
	int dpeer_end;
	struct unix_name dpeer_name;

	/* Passed sockets (unix_gc.c), under unix_gc_lock: @file the socket
	 * is; @inflight, its references held by queued messages; on the
	 * list @gc_next/@gc_pprev while @inflight > 0; a collection's
	 * scratch @gc_count, @gc_cand, @gc_live. */
	struct file *file;
	unsigned int inflight;
	struct unix_sock *gc_next, **gc_pprev;
	unsigned int gc_count;
	bool gc_cand, gc_live, gc_scanned;
};

/* sock_conn() - @s's connection, or NULL while unconnected */
static inline struct unix_conn *sock_conn(struct unix_sock *s)
{
	return __atomic_load_n(&s->conn, __ATOMIC_ACQUIRE);
}

/* sock_set_conn() - connect @s to end @end of @c (once, not yet shared
 * end: the caller's reference to it moves to @s) */
static inline void sock_set_conn(struct unix_sock *s, struct unix_conn *c,
				 int end)
{
	s->end = end;
	__atomic_store_n(&s->conn, c, __ATOMIC_RELEASE);
}

/* sock_set_passcred() - SO_PASSCRED on @s, and on its end of the
 * connection when connected (which a sender reads) */
static inline void sock_set_passcred(struct unix_sock *s, bool on)
{
	struct unix_conn *c = sock_conn(s);

	__atomic_store_n(&s->passcred, on, __ATOMIC_RELEASE);
	if (c)
		__atomic_store_n(&c->passcred[s->end], on, __ATOMIC_RELEASE);
}

/* sock_send_passcred() - whether a send on @s carries the sender's
 * credentials: when it or its pair's peer has SO_PASSCRED (Linux's
 * unix_passcred_enabled(); a receiver by name is checked at delivery) */
static inline bool sock_send_passcred(struct unix_sock *s)
{
	struct unix_conn *c = sock_conn(s);

	return __atomic_load_n(&s->passcred, __ATOMIC_ACQUIRE) ||
	       (c && !s->inbox &&
		__atomic_load_n(&c->passcred[1 - s->end], __ATOMIC_ACQUIRE));
}

/* sock_listening() - whether listen() was called on @s */
static inline bool sock_listening(struct unix_sock *s)
{
	return __atomic_load_n(&s->listening, __ATOMIC_ACQUIRE);
}

/* unix_cred_current() - the calling process's pid, euid and egid */
void unix_cred_current(struct unix_cred *out);

/*
 * unix_addr_get() - read a struct sockaddr_un of @len bytes at @uaddr
 * into *@name: -EINVAL for a length out of range or another family,
 * -EFAULT. Just the family (@len 2) gives a 0-long name.
 */
int unix_addr_get(uint64_t uaddr, uint32_t len, struct unix_name *name);

/* unix_addr_put() - write @name as a struct sockaddr_un to @uaddr, at
 * most *@ulen bytes of it, and its full length to *@ulen: 0, -EFAULT,
 * -EINVAL (a negative *@ulen) */
int unix_addr_put(const struct unix_name *name, uint64_t uaddr, uint64_t ulen);

/*
 * Names (unix_ns.c). unix_ns_bind(): give @s @name (0 long: an autobind
 * name "\0XXXXX"; a path: a new socket node): -EINVAL (@s has a name),
 * -EADDRINUSE, a path's mknod errors. unix_ns_listen(): -EINVAL unless @s is a
 * bound, unconnected stream or seqpacket socket. unix_ns_connect(): connect @s
 * to the listener named @name (-ECONNREFUSED when none, -EPROTOTYPE for another
 * type, -EAGAIN when its queue is full and @nonblock, -ERESTARTSYS,
 * -EISCONN, -EINVAL when @s listens, -ENOMEM). unix_ns_accept(): the
 * next pending connection's, in *@c (end 1 is the caller's to own):
 * -EINVAL unless @s listens, -EAGAIN, -ERESTARTSYS. unix_ns_release():
 * @s goes: its name is freed and its pending connections reset.
 */
int unix_ns_bind(struct unix_sock *s, const struct unix_name *name);
int unix_ns_listen(struct unix_sock *s, int backlog);
int unix_ns_connect(struct unix_sock *s, const struct unix_name *name,
		    bool nonblock);
int unix_ns_accept(struct unix_sock *s, bool nonblock, struct unix_conn **c);
/*
 * unix_ns_dgram_send() - send @io's datagram from @s to the socket named
 * @to, or (@to NULL) to the one @s connected to, else to its pair's
 * peer: the bytes or -errno: -ENOTCONN (nowhere to send), the name's
 * lookup errors (-ENOENT, -EACCES, -ECONNREFUSED, -EPROTOTYPE), -EPIPE
 * (@s shut writing, or the receiver reading), those of
 * unix_conn_deliver(). The first -ECONNREFUSED of a connected
 * destination disconnects @s from it, as on Linux.
 */
ssize_t unix_ns_dgram_send(struct unix_sock *s, const struct unix_name *to,
			   struct unix_io *io, bool nonblock);

/* unix_ns_dgram_connect() - aim datagram socket @s at the socket named
 * @name: 0, the lookup errors, -ENOMEM */
int unix_ns_dgram_connect(struct unix_sock *s, const struct unix_name *name);

/* unix_ns_dgram_disconnect() - connect(AF_UNSPEC) of datagram socket
 * @s: it forgets where it sends (also its pair's peer); what is queued
 * for it stays */
void unix_ns_dgram_disconnect(struct unix_sock *s);

/* unix_ns_peer() - the name of @s's peer into *@out: false when @s has
 * none (unconnected) */
bool unix_ns_peer(struct unix_sock *s, struct unix_name *out);
void unix_ns_release(struct unix_sock *s);
/* unix_ns_each_pending() - call @v->fn on each connection waiting for @s
 * to accept it, under the namespace's lock (embed @v to carry more) */
struct unix_pending_visit {
	void (*fn)(struct unix_pending_visit *v, struct unix_conn *c);
};
void unix_ns_each_pending(struct unix_sock *s, struct unix_pending_visit *v);
/* unix_ns_name() - a copy of @s's name (taken under the lock) */
void unix_ns_name(struct unix_sock *s, struct unix_name *out);

/* sock_file_create() - a socket file of @type on end @end of @conn (NULL:
 * unconnected; the file then owns nothing), O_NONBLOCK when @nonblock.
 * One reference, or NULL when out of memory (@conn's end is then not
 * closed: the caller still owns it). */
struct file *sock_file_create(int type, struct unix_conn *conn, int end,
			      bool nonblock);

/* sock_lookup() - the socket of descriptor @fd with a file reference in
 * *@f that the caller puts: 0, -EBADF, or -ENOTSOCK (@fd is no socket) */
int sock_lookup(int fd, struct file **f, struct unix_sock **s);

/* sock_from_file() - the socket of @f, NULL when @f is not a socket */
struct unix_sock *sock_from_file(struct file *f);

/* sock_nonblock() - whether @f has O_NONBLOCK */
bool sock_nonblock(struct file *f);

/* sock_sigpipe() - raise SIGPIPE for the calling thread (after -EPIPE
 * from a send without MSG_NOSIGNAL) */
void sock_sigpipe(void);

/* sock_recv() / sock_send() - one transfer on @s, with the errors of an
 * unconnected socket (stream recv -EINVAL, seqpacket -ENOTCONN, send
 * -ENOTCONN); otherwise as unix_conn_recv() / unix_conn_send() */
ssize_t sock_recv(struct unix_sock *s, struct unix_io *io, bool nonblock,
		  bool peek, size_t *full);
ssize_t sock_send(struct unix_sock *s, struct unix_io *io, bool nonblock);

#endif /* NET_SOCK_H */
