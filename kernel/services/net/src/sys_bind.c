/* SPDX-License-Identifier: MIT */
/* bind(2) and listen(2). */
#include <net/syscalls.h>

#include <frame/errno.h>

#include "sock.h"

long sys_bind(const uint64_t a[6])
{
	struct unix_name name;
	struct unix_sock *s;
	struct file *f;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	ret = unix_addr_get(a[1], (uint32_t)a[2], &name);
	if (ret)
		goto out;
	ret = unix_ns_bind(s, &name);
out:
	file_put(f);
	return ret;
}

long sys_listen(const uint64_t a[6])
{
	struct unix_sock *s;
	struct file *f;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	if (s->type == UNIX_SOCK_DGRAM)
		ret = -EOPNOTSUPP;
	else
		ret = unix_ns_listen(s, (int)a[1]);
	file_put(f);
	return ret;
}
