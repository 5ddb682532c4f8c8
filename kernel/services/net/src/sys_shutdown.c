/* SPDX-License-Identifier: MIT */
/* shutdown(2). */
#include <net/syscalls.h>

#include <frame/errno.h>

#include "sock.h"

long sys_shutdown(const uint64_t a[6])
{
	uint64_t how = a[1];
	struct unix_sock *s;
	struct file *f;
	long ret;

	ret = sock_lookup((int)a[0], &f, &s);
	if (ret)
		return ret;
	/* SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2: +1 makes the side mask. */
	/* Linux records a shutdown of an unconnected socket without an
	 * error; with no connection there is nothing it changes here. */
	if (how > 2)
		ret = -EINVAL;
	else if (sock_conn(s))
		unix_conn_shutdown(sock_conn(s), s->end, (unsigned int)how + 1);
	file_put(f);
	return ret;
}
