/* SPDX-License-Identifier: MIT */
/* accept(2) and accept4(2). */
#include <net/syscalls.h>

#include <frame/errno.h>

#include <fs/fd.h>
#include <fs/fs.h>

#include "sock.h"

/*
 * Take the next connection of listener @fd into a new socket file with
 * @flags (SOCK_NONBLOCK, SOCK_CLOEXEC), install it, and write the
 * client's name to @uaddr/@ulen (when @uaddr is not 0). Linux's order:
 * flags, descriptor, type, the wait, then the address: a fault there
 * loses the connection.
 */
static long do_accept(int fd, uint64_t uaddr, uint64_t ulen, uint64_t flags)
{
	struct fd_table *t = fd_table_current();
	struct unix_sock *s;
	struct unix_conn *c;
	struct file *f, *nf;
	long ret;
	int nfd;

	if (flags & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	ret = sock_lookup(fd, &f, &s);
	if (ret)
		return ret;
	if (s->type == UNIX_SOCK_DGRAM) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	ret = unix_ns_accept(s, sock_nonblock(f), &c);
	if (ret)
		goto out;
	nf = sock_file_create(s->type, c, 1, flags & O_NONBLOCK);
	if (!nf) {
		unix_conn_reset(c, 1);
		ret = -ENOMEM;
		goto out;
	}
	if (uaddr) {
		ret = unix_addr_put(&c->name[0], uaddr, ulen);
		if (ret) {
			file_put(nf); /* closes end 1: the client reads EOF */
			goto out;
		}
	}
	nfd = t ? fd_install(t, nf, fd_rights_for_oflags(O_RDWR),
			     flags & O_CLOEXEC)
		: -EBADF;
	file_put(nf);
	ret = nfd;
out:
	file_put(f);
	return ret;
}

long sys_accept(const uint64_t a[6])
{
	return do_accept((int)a[0], a[1], a[2], 0);
}

long sys_accept4(const uint64_t a[6])
{
	return do_accept((int)a[0], a[1], a[2], a[3]);
}
