/* SPDX-License-Identifier: MIT */
/* connect(2). */
#include <net/syscalls.h>

#include <frame/errno.h>

#include "sock.h"

long sys_connect(const uint64_t a[6])
{
	struct unix_name name;
	struct unix_sock *s;
	struct file *f;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	ret = unix_addr_get(a[1], (uint32_t)a[2], &name);
	if (!ret && !name.len)
		ret = -EINVAL; /* the family alone names nothing */
	if (!ret && s->type == UNIX_SOCK_DGRAM)
		ret = unix_ns_dgram_connect(s, &name);
	else if (!ret)
		ret = unix_ns_connect(s, &name, sock_nonblock(f));
	file_put(f);
	return ret;
}
