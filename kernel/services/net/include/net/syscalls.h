/* SPDX-License-Identifier: MIT */
/* The net system calls: long sys_<name>(const uint64_t a[6]). */
#ifndef NET_SYSCALLS_H
#define NET_SYSCALLS_H

#include <frame/types.h>

/*
 * socket(domain, type, protocol) and socketpair(domain, type, protocol,
 * sv[2]): AF_UNIX with SOCK_STREAM, SOCK_DGRAM (SOCK_RAW is taken for it)
 * or SOCK_SEQPACKET, | SOCK_CLOEXEC | SOCK_NONBLOCK. Unknown type flags
 * or a type past SOCK_PACKET -EINVAL; another family -EAFNOSUPPORT; a
 * protocol other than 0 or PF_UNIX -EPROTONOSUPPORT; another type
 * -ESOCKTNOSUPPORT. socketpair: -EFAULT when @sv cannot be written (no
 * descriptor stays open then); -EMFILE, -ENOMEM.
 */
long sys_socket(const uint64_t a[6]);
long sys_socketpair(const uint64_t a[6]);

/*
 * sendto/recvfrom/sendmsg/recvmsg on a connected AF_UNIX socket, with
 * MSG_DONTWAIT, MSG_NOSIGNAL (no SIGPIPE with EPIPE), MSG_PEEK and
 * MSG_TRUNC (a datagram's or record's full length); a stream keeps no
 * boundaries, the other types one packet per call. -EBADF, -ENOTSOCK,
 * -EFAULT, -EMSGSIZE (a packet above 65532 bytes or more than 1024
 * iovecs), -ENOTCONN (not connected), -EPIPE, -EAGAIN, -ECONNRESET (a
 * stream or seqpacket peer closed with data unread, reported once),
 * -ECONNREFUSED (a datagram peer closed: once, then -ENOTCONN), -EOPNOTSUPP
 * (MSG_OOB; control messages are not carried yet), -EISCONN (an address
 * given to a connected stream). A datagram sent to an address: -EINVAL
 * for a malformed one, then the path's lookup error (ENOENT...) or
 * -ECONNREFUSED (no socket is bound there: binding is not supported yet).
 */
long sys_sendto(const uint64_t a[6]);
long sys_recvfrom(const uint64_t a[6]);
long sys_sendmsg(const uint64_t a[6]);
long sys_recvmsg(const uint64_t a[6]);

/* shutdown(fd, how): SHUT_RD, SHUT_WR, SHUT_RDWR; -EINVAL for another
 * @how, -ENOTCONN when not connected, -EBADF, -ENOTSOCK. */
long sys_shutdown(const uint64_t a[6]);

/*
 * getsockopt/setsockopt at SOL_SOCKET: SO_TYPE, SO_DOMAIN, SO_ERROR
 * (the pending error, cleared), SO_PEERCRED and SO_ACCEPTCONN (read
 * only), SO_SNDBUF, SO_RCVBUF (recorded, doubled as Linux does; the
 * queues keep their own size), SO_PASSCRED, SO_REUSEADDR (accepted). Another
 * option -ENOPROTOOPT, another level -EOPNOTSUPP; -EFAULT, -EINVAL (a negative
 * length, or setsockopt's shorter than an int).
 */
long sys_getsockopt(const uint64_t a[6]);
long sys_setsockopt(const uint64_t a[6]);

/* getsockname/getpeername: the (unnamed) address, AF_UNIX with no path;
 * getpeername -ENOTCONN when not connected. */
long sys_getsockname(const uint64_t a[6]);
long sys_getpeername(const uint64_t a[6]);

#endif /* NET_SYSCALLS_H */
