/* SPDX-License-Identifier: MIT */
/* getsockopt(2) and setsockopt(2) at SOL_SOCKET. */
#include <net/syscalls.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "sock.h"

#define SOL_SOCKET_    1
#define SO_REUSEADDR_  2
#define SO_TYPE_       3
#define SO_ERROR_      4
#define SO_SNDBUF_     7
#define SO_OOBINLINE_  10
#define SO_RCVBUF_     8
#define SO_PASSCRED_   16
#define SO_PEERCRED_   17
#define SO_ACCEPTCONN_ 30
#define SO_DOMAIN_     39

/* Linux's floor for SO_SNDBUF and SO_RCVBUF, and its doubling of what is
 * asked (the kernel's bookkeeping is counted in the buffer). */
#define SOCK_MIN_SNDBUF 4608
#define SOCK_MIN_RCVBUF 2304
#define SOCK_MAX_BUF	212992 /* net.core.[wr]mem_max */

/*
 * SO_PEERCRED: who made the connection (the pid and effective ids at
 * socketpair()); an unconnected socket has none, which Linux shows as pid
 * 0 and the overflow ids. At most *@ulen bytes, the length written back.
 */
static long get_peercred(struct unix_sock *s, uaddr_t uval, uaddr_t ulen,
			 int32_t len)
{
	struct unix_cred none = { 0, 65534, 65534 }, *cr = &none;
	struct unix_conn *c = sock_conn(s);

	if (c && !s->inbox && unix_conn_connected(c, s->end))
		cr = &c->cred[1 - s->end];
	else if (sock_listening(s))
		cr = &s->listen_cred; /* Linux: a listener's own, from listen()
				       */
	if (len > (int32_t)sizeof(*cr))
		len = sizeof(*cr);
	if (frame_copy_to_user(uval, cr, (size_t)len) ||
	    frame_copy_to_user(ulen, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

long sys_getsockopt(const uint64_t a[6])
{
	uaddr_t uval = uaddr_from_syscall_arg(a[3]);
	uaddr_t ulen = uaddr_from_syscall_arg(a[4]);
	struct unix_sock *s;
	struct file *f;
	int32_t len, val;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	if ((int)a[1] != SOL_SOCKET_) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (frame_copy_from_user(&len, ulen, sizeof(len))) {
		ret = -EFAULT;
		goto out;
	}
	if (len < 0) {
		ret = -EINVAL;
		goto out;
	}
	switch ((int)a[2]) {
	case SO_TYPE_:
		val = s->type;
		break;
	case SO_DOMAIN_:
		val = AF_UNIX_;
		break;
	case SO_PEERCRED_:
		ret = get_peercred(s, uval, ulen, len);
		goto out;
	case SO_ERROR_:
		/* reading the pending error clears it */
		val = sock_conn(s) ? unix_conn_take_error(sock_conn(s), s->end)
				   : 0;
		break;
	case SO_ACCEPTCONN_:
		val = sock_listening(s);
		break;
	case SO_REUSEADDR_:
		val = 0;
		break;
	case SO_SNDBUF_:
		val = s->sndbuf;
		break;
	case SO_RCVBUF_:
		val = s->rcvbuf;
		break;
	case SO_PASSCRED_:
		val = s->passcred;
		break;
	case SO_OOBINLINE_:
		val = __atomic_load_n(&s->oobinline, __ATOMIC_ACQUIRE);
		break;
	default:
		ret = -ENOPROTOOPT;
		goto out;
	}
	if (len > (int32_t)sizeof(val))
		len = sizeof(val);
	if (frame_copy_to_user(uval, &val, (size_t)len) ||
	    frame_copy_to_user(ulen, &len, sizeof(len)))
		ret = -EFAULT;
out:
	file_put(f);
	return ret;
}

long sys_setsockopt(const uint64_t a[6])
{
	uaddr_t uval = uaddr_from_syscall_arg(a[3]);
	int32_t len = (int32_t)a[4], val;
	struct unix_sock *s;
	struct file *f;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	if ((int)a[1] != SOL_SOCKET_) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (len < (int32_t)sizeof(val)) {
		ret = -EINVAL;
		goto out;
	}
	if (frame_copy_from_user(&val, uval, sizeof(val))) {
		ret = -EFAULT;
		goto out;
	}
	switch ((int)a[2]) {
	case SO_REUSEADDR_:
		break; /* accepted: an AF_UNIX name is never reused */
	case SO_PASSCRED_:
		sock_set_passcred(s, val != 0);
		break;
	case SO_OOBINLINE_:
		__atomic_store_n(&s->oobinline, val != 0, __ATOMIC_RELEASE);
		break;
	case SO_SNDBUF_:
	case SO_RCVBUF_:
		/* Linux doubles the value, clamped to the sysctl maximum,
		 * with a floor. */
		val = (uint32_t)val > SOCK_MAX_BUF ? SOCK_MAX_BUF : val;
		if ((int)a[2] == SO_SNDBUF_)
			s->sndbuf = MAX(val * 2, SOCK_MIN_SNDBUF);
		else
			s->rcvbuf = MAX(val * 2, SOCK_MIN_RCVBUF);
		break;
	default:
		ret = -ENOPROTOOPT;
	}
out:
	file_put(f);
	return ret;
}
