/* SPDX-License-Identifier: MIT */
/* AF_UNIX sockets as files: creation, lookup by descriptor, SIGPIPE. */
#ifndef NET_SOCK_H
#define NET_SOCK_H

#include <frame/sync.h>
#include <frame/types.h>

#include <fs/file.h>

#include "unix_conn.h"

#define AF_UNIX_ 1 /* AF_UNIX, AF_LOCAL */

/*
 * A socket: the file's hook, its type, and, once connected, the
 * connection and which end of it the socket is. @idle_wq is what an
 * unconnected datagram socket's reader waits on (nothing can reach it
 * until it has a name). @passcred: SO_PASSCRED's value.
 */
struct unix_sock {
	struct file_priv priv;
	int type;
	struct unix_conn *conn;
	int end;
	bool passcred;
	int sndbuf, rcvbuf;
	struct frame_waitq idle_wq;
};

/* sock_file_create() - a socket file of @type on end @end of @conn (NULL:
 * unconnected; the file then owns nothing), O_NONBLOCK when @nonblock.
 * One reference, or NULL when out of memory (@conn's end is then not
 * closed: the caller still owns it). */
struct file *sock_file_create(int type, struct unix_conn *conn, int end,
			      bool nonblock);

/* sock_lookup() - the socket of descriptor @fd with a file reference in
 * *@f that the caller puts: 0, -EBADF, or -ENOTSOCK (@fd is no socket) */
int sock_lookup(int fd, struct file **f, struct unix_sock **s);

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
