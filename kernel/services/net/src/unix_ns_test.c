/* SPDX-License-Identifier: MIT */
/* ktests of AF_UNIX names: bind, listen's backlog, connect, accept, reset. */
#include "sock.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include <fs/file.h>

static struct unix_sock *new_sock(int type, struct file **f)
{
	*f = sock_file_create(type, NULL, 0, false);
	return *f ? sock_from_file(*f) : NULL;
}

static void set_name(struct unix_name *n, const char *s)
{
	memset(n, 0, sizeof(*n));
	n->len = (uint8_t)(1 + strnlen(s, UNIX_PATH_MAX - 1));
	memcpy(n->path + 1, s, n->len - 1u);
}

KTEST(unix_ns_bind_listen_connect_accept)
{
	struct unix_sock *l, *c1, *c2, *other;
	struct file *fl, *f1, *f2, *fo;
	struct unix_name name, got;
	struct unix_conn *c;

	l = new_sock(UNIX_SOCK_STREAM, &fl);
	c1 = new_sock(UNIX_SOCK_STREAM, &f1);
	c2 = new_sock(UNIX_SOCK_STREAM, &f2);
	other = new_sock(UNIX_SOCK_SEQPACKET, &fo);
	KT_ASSERT(l && c1 && c2 && other);
	set_name(&name, "ktest-ns");
	KT_ASSERT_ERR(unix_ns_listen(l, 0), -EINVAL);
	KT_ASSERT_OK(unix_ns_bind(l, &name));
	KT_ASSERT_ERR(unix_ns_bind(l, &name), -EINVAL);
	KT_ASSERT_ERR(unix_ns_bind(c2, &name), -EADDRINUSE);
	/* Each type has its own abstract names. */
	KT_ASSERT_OK(unix_ns_bind(other, &name));
	KT_ASSERT_ERR(unix_ns_connect(c1, &name, true), -ECONNREFUSED);
	KT_ASSERT_OK(unix_ns_listen(l, 0));
	KT_ASSERT_OK(unix_ns_connect(c1, &name, true));
	KT_ASSERT_ERR(unix_ns_connect(c1, &name, true), -EAGAIN);
	/* Backlog 0 keeps one: the next is refused without blocking. */
	KT_ASSERT_ERR(unix_ns_connect(c2, &name, true), -EAGAIN);
	KT_ASSERT_OK(unix_ns_accept(l, true, &c));
	KT_ASSERT(c == sock_conn(c1));
	unix_ns_name(l, &got);
	KT_ASSERT_EQ(got.len, name.len);
	KT_ASSERT_EQ(c->name[1].len, name.len);
	KT_ASSERT_ERR(unix_ns_accept(l, true, &c), -EAGAIN);
	unix_conn_close(c, 1);
	/* The listener goes with a connection pending: reset. */
	KT_ASSERT_OK(unix_ns_connect(c2, &name, true));
	file_put(fl);
	KT_ASSERT_EQ(unix_conn_take_error(sock_conn(c2), 0), ECONNRESET);
	/* Its name is free again. */
	l = new_sock(UNIX_SOCK_STREAM, &fl);
	KT_ASSERT_NOT_NULL(l);
	KT_ASSERT_OK(unix_ns_bind(l, &name));
	file_put(fl);
	file_put(f1);
	file_put(f2);
	file_put(fo);
}

KTEST(unix_ns_autobind_names_differ)
{
	struct unix_sock *a, *b;
	struct unix_name none = { 0 }, na, nb;
	struct file *fa, *fb;

	a = new_sock(UNIX_SOCK_DGRAM, &fa);
	b = new_sock(UNIX_SOCK_DGRAM, &fb);
	KT_ASSERT(a && b);
	KT_ASSERT_OK(unix_ns_bind(a, &none));
	KT_ASSERT_OK(unix_ns_bind(b, &none));
	unix_ns_name(a, &na);
	unix_ns_name(b, &nb);
	KT_ASSERT_EQ(na.len, 6);
	KT_ASSERT_EQ(na.path[0], 0);
	KT_ASSERT(memcmp(na.path, nb.path, 6) != 0);
	/* A named datagram socket has its own queue. */
	KT_ASSERT(a->inbox && sock_conn(a));
	file_put(fa);
	file_put(fb);
}
