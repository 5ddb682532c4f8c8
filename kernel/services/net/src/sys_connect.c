/* SPDX-License-Identifier: MIT */
/* connect(2). */
#include <net/syscalls.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "sock.h"

#define AF_UNSPEC_ 0

/* Whether @a's address is AF_UNSPEC: a datagram socket's disconnect. */
static bool addr_unspec(const uint64_t a[6])
{
	uint16_t family;

	if ((uint32_t)a[2] < sizeof(family) || (int32_t)a[2] < 0)
		return false;
	if (frame_copy_from_user(&family, uaddr_from_syscall_arg(a[1]),
				 sizeof(family)))
		return false; /* unix_addr_get() reports the fault */
	return family == AF_UNSPEC_;
}

long sys_connect(const uint64_t a[6])
{
	struct unix_name name;
	struct unix_sock *s;
	struct file *f;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	if (s->type == UNIX_SOCK_DGRAM && addr_unspec(a)) {
		unix_ns_dgram_disconnect(s);
		goto out;
	}
	ret = unix_addr_get(a[1], (uint32_t)a[2], &name);
	if (!ret && !name.len)
		ret = -EINVAL; /* the family alone names nothing */
	if (!ret && s->type == UNIX_SOCK_DGRAM)
		ret = unix_ns_dgram_connect(s, &name);
	else if (!ret)
		ret = unix_ns_connect(s, &name, sock_nonblock(f));
out:
	file_put(f);
	return ret;
}
