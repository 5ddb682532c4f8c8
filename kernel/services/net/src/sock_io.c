/* SPDX-License-Identifier: MIT */
/* Sends and receives over user iovecs: streams direct, packets gathered. */
#include "sock_io.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

#include "sock.h"

/* The sum of the iovec lengths (the caller cut it to SOCK_MAX_RW), or
 * -EINVAL for a length that is negative as an ssize_t. */
static long iov_total(const struct sock_iov *iov, size_t n, size_t *total)
{
	size_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		if (iov[i].len > SOCK_SSIZE_MAX)
			return -EINVAL;
		sum += iov[i].len;
	}
	*total = sum;
	return 0;
}

/* A datagram's destination: the address's errors, then where it leads
 * (nowhere yet: no datagram socket can be named). */
static long dgram_dest_check(uint64_t name, uint32_t len)
{
	struct unix_name n;
	int err;

	err = unix_addr_get(name, len, &n);
	if (err)
		return err;
	if (!n.len)
		return -EINVAL; /* the family alone names nothing */
	return unix_ns_dgram_dest(&n);
}

/* Gather @iov into one kernel buffer of @total bytes (NULL when empty:
 * the caller checks *@err). */
static uint8_t *iov_gather(const struct sock_iov *iov, size_t n, size_t total,
			   int *err)
{
	uint8_t *buf;
	size_t off = 0;

	*err = 0;
	if (!total)
		return NULL;
	buf = frame_alloc(total);
	if (!buf) {
		*err = -ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (frame_copy_from_user(buf + off,
					 uaddr_from_syscall_arg(iov[i].base),
					 iov[i].len)) {
			frame_free(buf);
			*err = -EFAULT;
			return NULL;
		}
		off += iov[i].len;
	}
	return buf;
}

static long send_packet_iov(struct unix_sock *s, const struct sock_iov *iov,
			    size_t n, size_t total, bool nonblock)
{
	struct unix_io io = { 0 };
	struct vm_reader r;
	long ret;
	int err;

	if (total > UNIX_MAX_PACKET)
		return -EMSGSIZE;
	if (n == 1) {
		if (vm_reader_init(&r, uaddr_from_syscall_arg(iov[0].base),
				   iov[0].len))
			return -EFAULT;
		io.r = &r;
		return sock_send(s, &io, nonblock);
	}
	io.kbuf = iov_gather(iov, n, total, &err);
	if (err)
		return err;
	io.klen = total;
	ret = sock_send(s, &io, nonblock);
	frame_free(io.kbuf);
	return ret;
}

static long send_stream_iov(struct unix_sock *s, const struct sock_iov *iov,
			    size_t n, bool nonblock)
{
	size_t sent = 0;
	long ret = 0;

	if (!sock_conn(s))
		return -ENOTCONN; /* even for an empty send */
	for (size_t i = 0; i < n; i++) {
		struct vm_reader r;
		struct unix_io io = { .r = &r };

		if (!iov[i].len)
			continue;
		if (vm_reader_init(&r, uaddr_from_syscall_arg(iov[i].base),
				   iov[i].len)) {
			ret = -EFAULT;
			break;
		}
		ret = sock_send(s, &io, nonblock);
		if (ret < 0)
			break;
		sent += (size_t)ret;
		if ((uint64_t)ret < iov[i].len)
			break;
	}
	return sent ? (long)sent : ret;
}

long sock_do_send(const struct sock_xfer *x)
{
	struct unix_sock *s;
	struct file *f;
	size_t total;
	bool nonblock;
	long ret;

	ret = sock_lookup(x->fd, &f, &s);
	if (ret)
		return ret;
	ret = iov_total(x->iov, x->n, &total);
	if (ret)
		goto out;
	if (x->flags & MSG_OOB_) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	nonblock = sock_nonblock(f) || (x->flags & MSG_DONTWAIT_);
	if (x->name && s->type == UNIX_SOCK_STREAM) {
		ret = sock_conn(s) ? -EISCONN : -EOPNOTSUPP;
		goto out;
	}
	if (x->name && s->type == UNIX_SOCK_DGRAM) {
		ret = dgram_dest_check(x->name, x->namelen);
		goto out;
	}
	if (s->type == UNIX_SOCK_STREAM)
		ret = send_stream_iov(s, x->iov, x->n, nonblock);
	else
		ret = send_packet_iov(s, x->iov, x->n, total, nonblock);
	if (ret == -EPIPE && !(x->flags & MSG_NOSIGNAL_))
		sock_sigpipe();
out:
	file_put(f);
	return ret;
}

/* Scatter @n bytes of @buf over @iov: 0 or -EFAULT. */
static int iov_scatter(const struct sock_iov *iov, size_t cnt,
		       const uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < cnt && n; i++) {
		size_t chunk = MIN(n, iov[i].len);

		if (frame_copy_to_user(uaddr_from_syscall_arg(iov[i].base), buf,
				       chunk))
			return -EFAULT;
		buf += chunk;
		n -= chunk;
	}
	return 0;
}

long sock_do_recv(const struct sock_xfer *x, unsigned int *out_flags)
{
	struct unix_io io = { 0 };
	struct unix_sock *s;
	struct vm_writer w;
	struct file *f;
	size_t total, full;
	bool nonblock;
	long ret;

	*out_flags = 0;
	ret = sock_lookup(x->fd, &f, &s);
	if (ret)
		return ret;
	ret = iov_total(x->iov, x->n, &total);
	if (ret)
		goto out;
	if (x->flags & MSG_OOB_) {
		/* A stream has no urgent byte to give (none is ever sent):
		 * Linux's answer then; the packet types have no such thing. */
		ret = s->type == UNIX_SOCK_STREAM ? -EINVAL : -EOPNOTSUPP;
		goto out;
	}
	nonblock = sock_nonblock(f) || (x->flags & MSG_DONTWAIT_);
	if (x->n == 1) {
		if (vm_writer_init(&w, uaddr_from_syscall_arg(x->iov[0].base),
				   x->iov[0].len)) {
			ret = -EFAULT;
			goto out;
		}
		io.w = &w;
	} else {
		/* A ring holds no more than this: one call takes no more. */
		io.klen = MIN(total, (size_t)UNIX_RING_SIZE);
		if (io.klen) {
			io.kbuf = frame_alloc(io.klen);
			if (!io.kbuf) {
				ret = -ENOMEM;
				goto out;
			}
		}
	}
	ret = sock_recv(s, &io, nonblock, x->flags & MSG_PEEK_, &full);
	if (ret > 0 && io.kbuf && iov_scatter(x->iov, x->n, io.kbuf, ret))
		ret = -EFAULT;
	frame_free(io.kbuf);
	if (ret >= 0 && s->type != UNIX_SOCK_STREAM && full > (size_t)ret) {
		*out_flags = MSG_TRUNC_;
		if (x->flags & MSG_TRUNC_)
			ret = (long)full;
	}
out:
	file_put(f);
	return ret;
}
