/* SPDX-License-Identifier: MIT */
/* getsockname(2) and getpeername(2). */
#include <net/syscalls.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "sock.h"

/*
 * Write @s's address (an unnamed AF_UNIX one: the family alone) to
 * @addr, at most *@lenp bytes of it, and its full length to *@lenp, as
 * Linux does: -EFAULT, or -EINVAL for a negative length.
 */
static long put_unnamed(uint64_t addr, uint64_t lenp)
{
	uaddr_t ul = uaddr_from_syscall_arg(lenp);
	uint16_t family = AF_UNIX_;
	int32_t len, full = sizeof(family);

	if (frame_copy_from_user(&len, ul, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > full)
		len = full;
	if (len && frame_copy_to_user(uaddr_from_syscall_arg(addr), &family,
				      (size_t)len))
		return -EFAULT;
	return frame_copy_to_user(ul, &full, sizeof(full)) ? -EFAULT : 0;
}

static long get_name(const uint64_t a[6], bool peer)
{
	struct unix_sock *s;
	struct file *f;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	if (peer && !(s->conn && unix_conn_connected(s->conn, s->end)))
		ret = -ENOTCONN;
	else
		ret = put_unnamed(a[1], a[2]);
	file_put(f);
	return ret;
}

long sys_getsockname(const uint64_t a[6])
{
	return get_name(a, false);
}

long sys_getpeername(const uint64_t a[6])
{
	return get_name(a, true);
}
