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
 * sendto/recvfrom/sendmsg/recvmsg on AF_UNIX sockets, with MSG_DONTWAIT,
 * MSG_NOSIGNAL (no SIGPIPE with EPIPE), MSG_OOB on a stream (the last
 * byte sent is the urgent one: reads stop before it, recv(MSG_OOB) takes
 * it, SIOCATMARK says a read is at it, POLLPRI that it is there; with
 * SO_OOBINLINE it is read in line), MSG_PEEK and MSG_TRUNC (a
 * datagram's or record's full length); a stream keeps no boundaries, the
 * other types one packet per call; a datagram goes to the address given,
 * else where the socket is connected, and the receiver gets the sender's
 * name. -EBADF, -ENOTSOCK, -EFAULT, -EMSGSIZE (a packet above 65532 bytes
 * or more than 1024 iovecs), -ENOTCONN, -EPIPE, -EAGAIN, -ECONNRESET (a
 * stream or seqpacket peer closed with data unread, reported once),
 * -ECONNREFUSED (a datagram receiver gone: once for a connected socket,
 * then -ENOTCONN), -EOPNOTSUPP (MSG_OOB on a packet type or an empty
 * stream send), -EINVAL (recv(MSG_OOB) with no urgent byte or with
 * SO_OOBINLINE), -ENOBUFS (16 out-of-band bytes unread), -EISCONN (an address given to a connected stream), an
 * address's errors (-EINVAL, then the name's lookup errors, as connect).
 * Control data: SCM_RIGHTS and SCM_CREDENTIALS (-EBADF, -EINVAL, -EPERM,
 * -ENOBUFS).
 */
long sys_sendto(const uint64_t a[6]);
long sys_recvfrom(const uint64_t a[6]);
long sys_sendmsg(const uint64_t a[6]);
long sys_recvmsg(const uint64_t a[6]);

/* shutdown(fd, how): SHUT_RD, SHUT_WR, SHUT_RDWR; -EINVAL for another
 * @how, -EBADF, -ENOTSOCK; on an unconnected socket it changes nothing
 * (0, as Linux). */
long sys_shutdown(const uint64_t a[6]);

/*
 * bind/listen/connect/accept/accept4 with path names (a socket node in
 * fs) and abstract names (sun_path starting with a NUL; bind with the
 * family alone picks one). bind: -EINVAL (a bad address or length,
 * already named), -EADDRINUSE (also a path that exists), a path walk's
 * errors, -EFAULT. listen: -EINVAL (unnamed or connected), -EOPNOTSUPP
 * (datagram). connect: -EINVAL, -EFAULT, -ECONNREFUSED (nobody by that
 * name; a path: its lookup's error, -EACCES without write permission,
 * -ECONNREFUSED for a node that is no socket), -EPROTOTYPE (a path bound
 * by a socket of another type); a stream or seqpacket: -EAGAIN (the
 * listener's queue is full, non-blocking), -EISCONN, -ERESTARTSYS; a
 * datagram socket is only aimed at the name. accept/accept4: -EINVAL
 * (not listening, unknown flags), -EOPNOTSUPP (datagram), -EAGAIN,
 * -EFAULT (the connection is then lost), -EMFILE.
 */
long sys_bind(const uint64_t a[6]);
long sys_listen(const uint64_t a[6]);
long sys_connect(const uint64_t a[6]);
long sys_accept(const uint64_t a[6]);
long sys_accept4(const uint64_t a[6]);

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

/* getsockname/getpeername: the socket's or its peer's name (the family
 * alone when unnamed; an accepted socket has its listener's); getpeername
 * -ENOTCONN when not connected. */
long sys_getsockname(const uint64_t a[6]);
long sys_getpeername(const uint64_t a[6]);

#endif /* NET_SYSCALLS_H */
