/* SPDX-License-Identifier: MIT */
/* getsockname(2) and getpeername(2). */
#include <net/syscalls.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "sock.h"

/*
 * A socket's own name is the one it bound; an accepted socket has its
 * listener's. Its peer's is the one the peer had when they connected
 * (an unnamed address, the family alone, when none).
 */
static long get_name(const uint64_t a[6], bool peer)
{
	struct unix_name name;
	struct unix_sock *s;
	struct unix_conn *c;
	struct file *f;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	c = sock_conn(s);
	if (peer && !unix_ns_peer(s, &name)) {
		ret = -ENOTCONN;
		goto out;
	}
	if (!peer) {
		unix_ns_name(s, &name);
		if (!name.len && c)
			name = c->name[s->end];
	}
	ret = unix_addr_put(&name, a[1], a[2]);
out:
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
