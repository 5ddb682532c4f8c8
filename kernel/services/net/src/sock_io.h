/* SPDX-License-Identifier: MIT */
/* The transfer behind every send and receive call: iovecs and flags. */
#ifndef NET_SOCK_IO_H
#define NET_SOCK_IO_H

#include <frame/types.h>
#include <frame/user.h>

#include <fs/file.h>

#include "unix_conn.h"

#define MSG_OOB_      0x1
#define MSG_PEEK_     0x2
#define MSG_TRUNC_    0x20
#define MSG_DONTWAIT_ 0x40
#define MSG_WAITALL_  0x100
#define MSG_NOSIGNAL_ 0x4000

#define SOCK_UIO_MAXIOV 1024
/* The most one call moves (Linux's MAX_RW_COUNT): longer buffers are
 * cut to it, not refused. */
#define SOCK_MAX_RW 0x7ffff000ull
/* A length above this is a negative ssize_t: refused. */
#define SOCK_SSIZE_MAX 0x7fffffffffffffffull

struct unix_scm;

/*
 * A send or receive: @iov[@n] the user buffers, @flags the MSG_ flags,
 * @name/@namelen the address argument (0 when none). sock_do_recv()
 * reports in *@out_flags whether a packet was cut (MSG_TRUNC).
 * @scm: a send's ancillary data (sock_do_send() consumes it); a receive
 * with @want_scm gets the delivered data there, and in @passcred the
 * receiving socket's SO_PASSCRED.
 */
struct sock_xfer {
	int fd;
	const struct file_iovec *iov;
	size_t n;
	unsigned int flags;
	uint64_t name;
	uint32_t namelen;
	struct unix_scm *scm;
	bool want_scm, passcred;
	struct file *file; /* the socket's file, when known: @fd is not used */
	struct unix_name from; /* a received datagram's sender (0 long: none) */
};

/* sock_do_send() - the bytes sent or -errno (SIGPIPE raised on EPIPE
 * unless MSG_NOSIGNAL) */
long sock_do_send(struct sock_xfer *x);

/* sock_do_recv() - the bytes received (a packet's full length with
 * MSG_TRUNC) or -errno; *@out_flags gets MSG_TRUNC when a packet was
 * cut; the sender's address length is 0 (an unnamed peer) */
long sock_do_recv(struct sock_xfer *x, unsigned int *out_flags);

/* sock_file_rwv() - a socket's readv/writev (file_ops.rwv): one sendmsg
 * or recvmsg of the whole vector, without flags */
ssize_t sock_file_rwv(struct file *f, const struct file_iovec *iov, int cnt,
		      bool write);

#endif /* NET_SOCK_IO_H */
