/* SPDX-License-Identifier: MIT */
/* Sends and receives over user iovecs: streams direct, packets gathered. */
#include "sock_io.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

#include "sock.h"
#include "unix_ring.h"
#include "unix_scm.h"

/* The sum of the iovec lengths (the caller cut it to SOCK_MAX_RW), or
 * -EINVAL for a length that is negative as an ssize_t. */
static long iov_total(const struct file_iovec *iov, size_t n, size_t *total)
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

/* A datagram's destination address, read and checked into *@to. */
static long dgram_dest_get(uint64_t name, uint32_t len, struct unix_name *to)
{
	int err = unix_addr_get(name, len, to);

	if (!err && !to->len)
		err = -EINVAL; /* the family alone names nothing */
	return err;
}

/* Gather @iov into one kernel buffer of @total bytes (NULL when empty:
 * the caller checks *@err). */
static uint8_t *iov_gather(const struct file_iovec *iov, size_t n, size_t total,
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

static long send_packet_iov(struct unix_sock *s, struct sock_xfer *x,
			    const struct unix_name *to, size_t total,
			    bool nonblock)
{
	struct unix_io io = { .scm = x->scm };
	const struct file_iovec *iov = x->iov;
	struct vm_reader r;
	long ret;
	int err = 0;

	if (total > UNIX_MAX_PACKET)
		return -EMSGSIZE;
	if (x->n == 1) {
		if (vm_reader_init(&r, uaddr_from_syscall_arg(iov[0].base),
				   iov[0].len))
			return -EFAULT;
		io.r = &r;
	} else {
		io.kbuf = iov_gather(iov, x->n, total, &err);
		io.klen = total;
	}
	if (err)
		ret = err;
	else if (s->type == UNIX_SOCK_DGRAM)
		ret = unix_ns_dgram_send(s, to, &io, nonblock);
	else
		ret = sock_send(s, &io, nonblock);
	frame_free(io.kbuf);
	x->scm = io.scm; /* NULL once queued */
	return ret;
}

static long send_stream_iov(struct unix_sock *s, struct sock_xfer *x,
			    bool nonblock)
{
	const struct file_iovec *iov = x->iov;
	size_t sent = 0;
	long ret = 0;

	if (!sock_conn(s))
		return -ENOTCONN; /* even for an empty send */
	for (size_t i = 0; i < x->n; i++) {
		struct vm_reader r;
		struct unix_io io = { .r = &r, .scm = x->scm };

		if (!iov[i].len)
			continue;
		if (vm_reader_init(&r, uaddr_from_syscall_arg(iov[i].base),
				   iov[i].len)) {
			ret = -EFAULT;
			break;
		}
		ret = sock_send(s, &io, nonblock);
		x->scm = io.scm; /* NULL once queued with the first bytes */
		if (ret < 0)
			break;
		sent += (size_t)ret;
		if ((uint64_t)ret < iov[i].len)
			break;
	}
	return sent ? (long)sent : ret;
}

/*
 * MSG_OOB on a stream: all but the last byte as a plain send, then that
 * byte out of band (Linux queues it apart and makes it the urgent one).
 * Ancillary data goes with the first part; a one-byte send drops it.
 */
static long send_stream_oob(struct unix_sock *s, struct sock_xfer *x,
			    size_t total, bool nonblock)
{
	struct unix_io io = { 0 };
	uint8_t *buf;
	long ret = 0, last;
	int err;

	if (!sock_conn(s))
		return -ENOTCONN;
	buf = iov_gather(x->iov, x->n, total, &err);
	if (!buf)
		return err;
	if (total > 1) {
		io = (struct unix_io){ .kbuf = buf,
				       .klen = total - 1,
				       .scm = x->scm };
		ret = sock_send(s, &io, nonblock);
		x->scm = io.scm; /* NULL once queued */
		if (ret < 0 || (size_t)ret < total - 1)
			goto out;
	}
	io = (struct unix_io){ .kbuf = buf + total - 1, .klen = 1, .oob = true };
	last = sock_send(s, &io, nonblock);
	ret = last < 0 ? (ret ? ret : last) : ret + last;
out:
	frame_free(buf);
	return ret;
}

/* recv(MSG_OOB) on a stream: the urgent byte into the first non-empty
 * buffer; -EINVAL when there is none or it is read inline. */
static long sock_recv_oob(struct unix_sock *s, const struct sock_xfer *x,
			  unsigned int *out_flags)
{
	struct unix_conn *c = sock_conn(s);
	uint8_t byte;
	size_t i;
	int err;

	if (!c || __atomic_load_n(&s->oobinline, __ATOMIC_ACQUIRE))
		return -EINVAL;
	err = unix_conn_recv_oob(c, s->end, &byte, true);
	if (err)
		return err;
	for (i = 0; i < x->n && !x->iov[i].len; i++)
		;
	if (i == x->n)
		return 0;
	if (frame_copy_to_user(uaddr_from_syscall_arg(x->iov[i].base), &byte,
			       1))
		return -EFAULT;
	/* taken once copied (another reader may have taken it meanwhile) */
	if (!(x->flags & MSG_PEEK_))
		(void)unix_conn_recv_oob(c, s->end, &byte, false);
	*out_flags |= MSG_OOB_;
	return 1;
}

/* @x's socket, with a file reference the caller puts. */
static int sock_xfer_lookup(const struct sock_xfer *x, struct file **f,
			    struct unix_sock **s)
{
	if (!x->file)
		return sock_lookup(x->fd, f, s);
	*f = x->file;
	*s = sock_from_file(*f);
	file_get(*f);
	return 0;
}

long sock_do_send(struct sock_xfer *x)
{
	struct unix_name to, *pto = NULL;
	struct unix_sock *s;
	struct file *f;
	size_t total;
	bool nonblock;
	long ret;

	ret = sock_xfer_lookup(x, &f, &s);
	if (ret)
		goto out_scm;
	ret = iov_total(x->iov, x->n, &total);
	if (ret)
		goto out;
	/* out of band: one byte of a non-empty stream send */
	if ((x->flags & MSG_OOB_) && (s->type != UNIX_SOCK_STREAM || !total)) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	nonblock = sock_nonblock(f) || (x->flags & MSG_DONTWAIT_);
	if (x->name && s->type == UNIX_SOCK_STREAM) {
		ret = sock_conn(s) ? -EISCONN : -EOPNOTSUPP;
		goto out;
	}
	if (x->name && s->type == UNIX_SOCK_DGRAM) {
		ret = dgram_dest_get(x->name, x->namelen, &to);
		if (ret)
			goto out;
		pto = &to;
	}
	if (sock_send_passcred(s)) {
		ret = unix_scm_sender(&x->scm);
		if (ret)
			goto out;
	}
	if (s->type == UNIX_SOCK_STREAM && (x->flags & MSG_OOB_))
		ret = send_stream_oob(s, x, total, nonblock);
	else if (s->type == UNIX_SOCK_STREAM)
		ret = send_stream_iov(s, x, nonblock);
	else
		ret = send_packet_iov(s, x, pto, total, nonblock);
	if (ret == -EPIPE && !(x->flags & MSG_NOSIGNAL_))
		sock_sigpipe();
out:
	file_put(f);
out_scm:
	/* Not queued (an error, or a stream send of nothing): dropped. */
	unix_scm_free(x->scm);
	x->scm = NULL;
	return ret;
}

/* Scatter @n bytes of @buf over @iov: 0 or -EFAULT. */
static int iov_scatter(const struct file_iovec *iov, size_t cnt,
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

/*
 * One receive; on a stream with MSG_WAITALL (and neither MSG_PEEK nor a
 * non-blocking socket), more until the buffer is full, as Linux: EOF, an
 * error, a signal or passed descriptors end it early with what came.
 */
static ssize_t stream_recv_all(struct unix_sock *s, struct unix_io *io,
			       bool nonblock, unsigned int flags, size_t *full)
{
	bool peek = flags & MSG_PEEK_;
	bool all = (flags & MSG_WAITALL_) && !peek && !nonblock &&
		   s->type == UNIX_SOCK_STREAM;
	ssize_t got = 0, ret;

	for (;;) {
		ret = sock_recv(s, io, nonblock, peek, full);
		if (ret <= 0)
			return got ? got : ret;
		got += ret;
		if (!all || !unix_io_remain(io) || io->scm)
			return got;
	}
}

long sock_do_recv(struct sock_xfer *x, unsigned int *out_flags)
{
	struct unix_io io = { .want_scm = true };
	struct unix_sock *s;
	struct vm_writer w;
	struct file *f;
	size_t total, full;
	bool nonblock;
	long ret;

	*out_flags = 0;
	x->scm = NULL;
	x->from.len = 0;
	ret = sock_xfer_lookup(x, &f, &s);
	if (ret)
		return ret;
	x->passcred = __atomic_load_n(&s->passcred, __ATOMIC_ACQUIRE);
	ret = iov_total(x->iov, x->n, &total);
	if (ret)
		goto out;
	if (x->flags & MSG_OOB_) {
		/* the packet types have no urgent byte */
		ret = s->type == UNIX_SOCK_STREAM ? sock_recv_oob(s, x, out_flags)
						  : -EOPNOTSUPP;
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
	ret = stream_recv_all(s, &io, nonblock, x->flags, &full);
	if (ret > 0 && io.kbuf && iov_scatter(x->iov, x->n, io.kbuf, ret))
		ret = -EFAULT;
	frame_free(io.kbuf);
	if (ret >= 0 && s->type != UNIX_SOCK_STREAM && full > (size_t)ret) {
		*out_flags = MSG_TRUNC_;
		if (x->flags & MSG_TRUNC_)
			ret = (long)full;
	}
	/* The sender's name rides with the data; the rest goes to a caller
	 * that wants it. */
	if (ret >= 0 && io.scm)
		x->from = io.scm->from;
	if (ret >= 0 && x->want_scm)
		x->scm = io.scm;
	else
		unix_scm_free(io.scm);
out:
	file_put(f);
	return ret;
}

ssize_t sock_file_rwv(struct file *f, const struct file_iovec *iov, int cnt,
		      bool write)
{
	struct sock_xfer x = { .iov = iov, .n = (size_t)cnt, .file = f };
	unsigned int out;

	return write ? sock_do_send(&x) : sock_do_recv(&x, &out);
}
