/* SPDX-License-Identifier: MIT */
/* sendto(2), recvfrom(2), sendmsg(2) and recvmsg(2). */
#include <net/syscalls.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include "sock.h"
#include "sock_io.h"
#include "unix_scm.h"

#define MSG_CMSG_CLOEXEC_ 0x40000000u
#define SUN_PATH_OFF_	  2 /* offsetof(struct sockaddr_un, sun_path) */

/* struct msghdr's layout on x86-64. */
struct sock_msghdr {
	uint64_t name;
	uint32_t namelen;
	uint32_t pad_;
	uint64_t iov;
	uint64_t iovlen;
	uint64_t control;
	uint64_t controllen;
	int32_t flags;
	uint32_t pad2_;
};

#define MSGHDR_CONTROLLEN_OFF 40
#define MSGHDR_FLAGS_OFF      48

/* The address of an unnamed sender for recvfrom/recvmsg: the length is
 * 0 (after Linux's checks of the given one). */
static long put_unnamed_addr(uint64_t lenp)
{
	uaddr_t u = uaddr_from_syscall_arg(lenp);
	int32_t len, zero = 0;

	if (frame_copy_from_user(&len, u, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	return frame_copy_to_user(u, &zero, sizeof(zero)) ? -EFAULT : 0;
}

long sys_sendto(const uint64_t a[6])
{
	struct file_iovec iov = { a[1], MIN(a[2], SOCK_MAX_RW) };
	struct sock_xfer x = {
		.fd = (int)a[0],
		.iov = &iov,
		.n = 1,
		.flags = (unsigned int)a[3],
		.name = a[4],
		.namelen = (uint32_t)a[5],
	};

	return sock_do_send(&x);
}

long sys_recvfrom(const uint64_t a[6])
{
	struct file_iovec iov = { a[1], MIN(a[2], SOCK_MAX_RW) };
	struct sock_xfer x = {
		.fd = (int)a[0],
		.iov = &iov,
		.n = 1,
		.flags = (unsigned int)a[3],
	};
	unsigned int out;
	long ret, err;

	ret = sock_do_recv(&x, &out);
	if (ret >= 0 && a[4] && a[5]) {
		err = x.from.len ? unix_addr_put(&x.from, a[4], a[5])
				 : put_unnamed_addr(a[5]);
		if (err)
			return err;
	}
	return ret;
}

/* Read the msghdr at @u and its iovecs (*@iov: frame_free() it). */
static long msghdr_read(uint64_t u, struct sock_msghdr *m,
			struct file_iovec **iov)
{
	size_t bytes, total = 0;

	*iov = NULL;
	if (frame_copy_from_user(m, uaddr_from_syscall_arg(u), sizeof(*m)))
		return -EFAULT;
	if (m->iovlen > SOCK_UIO_MAXIOV)
		return -EMSGSIZE;
	if (!m->iovlen)
		return 0;
	bytes = m->iovlen * sizeof(**iov);
	*iov = frame_alloc(bytes);
	if (!*iov)
		return -ENOMEM;
	if (frame_copy_from_user(*iov, uaddr_from_syscall_arg(m->iov), bytes)) {
		frame_free(*iov);
		*iov = NULL;
		return -EFAULT;
	}
	/* Linux's import_iovec(): a negative length is refused, a total
	 * past SOCK_MAX_RW is cut there. */
	for (size_t i = 0; i < m->iovlen; i++) {
		if ((*iov)[i].len > SOCK_MAX_RW - total) {
			if ((*iov)[i].len > SOCK_SSIZE_MAX)
				break; /* iov_total() refuses it */
			(*iov)[i].len = SOCK_MAX_RW - total;
		}
		total += (*iov)[i].len;
	}
	return 0;
}

long sys_sendmsg(const uint64_t a[6])
{
	struct sock_msghdr m;
	struct file_iovec *iov;
	struct sock_xfer x = { .fd = (int)a[0], .flags = (unsigned int)a[2] };
	long ret;

	ret = msghdr_read(a[1], &m, &iov);
	if (ret)
		return ret;
	ret = unix_scm_from_user(m.control, m.controllen, &x.scm);
	if (ret)
		goto out;
	x.iov = iov;
	x.n = m.iovlen;
	x.name = m.name;
	x.namelen = m.namelen;
	ret = sock_do_send(&x);
out:
	frame_free(iov);
	return ret;
}

long sys_recvmsg(const uint64_t a[6])
{
	struct sock_msghdr m;
	struct file_iovec *iov;
	struct sock_xfer x = { .fd = (int)a[0], .flags = (unsigned int)a[2] };
	uaddr_t u = uaddr_from_syscall_arg(a[1]);
	uint64_t controllen = 0;
	unsigned int out;
	uint32_t namelen = 0;
	int32_t flags;
	long ret, err;

	ret = msghdr_read(a[1], &m, &iov);
	if (ret)
		return ret;
	x.iov = iov;
	x.n = m.iovlen;
	x.want_scm = true;
	ret = sock_do_recv(&x, &out);
	if (ret < 0)
		goto out;
	/* The control data (descriptors become the caller's now), and the
	 * sender's name when it had one. */
	flags = (int32_t)out;
	if (m.name && x.from.len) {
		err = unix_addr_put(&x.from, m.name, a[1] + 8);
		if (err) {
			ret = err;
			goto out;
		}
		namelen = SUN_PATH_OFF_ + x.from.len;
	}
	err = unix_scm_to_user(x.scm, x.passcred,
			       (unsigned int)a[2] & MSG_CMSG_CLOEXEC_,
			       m.control, m.controllen, &controllen, &flags);
	if (err) {
		ret = err;
		goto out;
	}
	if (frame_copy_to_user(uaddr_add(u, 8), &namelen, sizeof(namelen)) ||
	    frame_copy_to_user(uaddr_add(u, MSGHDR_CONTROLLEN_OFF), &controllen,
			       sizeof(controllen)) ||
	    frame_copy_to_user(uaddr_add(u, MSGHDR_FLAGS_OFF), &flags,
			       sizeof(flags)))
		ret = -EFAULT;
out:
	frame_free(iov);
	return ret;
}
