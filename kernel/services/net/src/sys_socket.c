/* SPDX-License-Identifier: MIT */
/* socket(2) and socketpair(2) for AF_UNIX. */
#include <net/syscalls.h>

#include <frame/errno.h>
#include <frame/user.h>

#include <fs/fd.h>
#include <fs/fs.h>

#include "sock.h"

#define SOCK_TYPE_MASK 0xf
#define SOCK_RAW_      3
#define SOCK_MAX_      11 /* one past SOCK_PACKET */
#define AF_MAX_	       46 /* one past the last family Linux numbers */

/* What socket() and socketpair() were asked for, once validated. */
struct sock_spec {
	int type;
	bool cloexec, nonblock;
};

/*
 * The checks Linux makes, in its order: unknown flag bits -EINVAL, a
 * family out of range -EAFNOSUPPORT, a type out of range -EINVAL, a
 * family Keel lacks -EAFNOSUPPORT; then AF_UNIX's own: a protocol other
 * than 0 or PF_UNIX -EPROTONOSUPPORT, a type it lacks -ESOCKTNOSUPPORT
 * (SOCK_RAW means SOCK_DGRAM there).
 */
static int sock_spec_parse(uint64_t domain, uint64_t type, uint64_t protocol,
			   struct sock_spec *spec)
{
	int family = (int)domain, t = (int)type, proto = (int)protocol;
	int flags = t & ~SOCK_TYPE_MASK;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	t &= SOCK_TYPE_MASK;
	if (family < 0 || family >= AF_MAX_)
		return -EAFNOSUPPORT;
	if (t >= SOCK_MAX_)
		return -EINVAL;
	if (family != AF_UNIX_)
		return -EAFNOSUPPORT;
	if (proto != 0 && proto != AF_UNIX_)
		return -EPROTONOSUPPORT;
	if (t == SOCK_RAW_)
		t = UNIX_SOCK_DGRAM;
	if (t != UNIX_SOCK_STREAM && t != UNIX_SOCK_DGRAM &&
	    t != UNIX_SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	spec->type = t;
	spec->cloexec = flags & O_CLOEXEC;
	spec->nonblock = flags & O_NONBLOCK;
	return 0;
}

long sys_socket(const uint64_t a[6])
{
	struct fd_table *t = fd_table_current();
	struct sock_spec spec;
	struct file *f;
	int err, fd;

	err = sock_spec_parse(a[0], a[1], a[2], &spec);
	if (err)
		return err;
	if (!t)
		return -EBADF;
	f = sock_file_create(spec.type, NULL, 0, spec.nonblock);
	if (!f)
		return -ENOMEM;
	fd = fd_install(t, f, fd_rights_for_oflags(O_RDWR), spec.cloexec);
	file_put(f); /* the table holds its own reference, or none */
	return fd;
}

long sys_socketpair(const uint64_t a[6])
{
	struct fd_table *t = fd_table_current();
	struct file *f[2] = { NULL, NULL };
	uaddr_t sv = uaddr_from_syscall_arg(a[3]);
	struct unix_cred me;
	struct unix_conn *c;
	struct sock_spec spec;
	int fds[2] = { -1, -1 }, err, i;

	err = sock_spec_parse(a[0], a[1], a[2], &spec);
	if (err)
		return err;
	if (!t)
		return -EBADF;
	unix_cred_current(&me);
	c = unix_conn_create(spec.type, &me);
	if (!c)
		return -ENOMEM;
	for (i = 0; i < 2; i++) {
		f[i] = sock_file_create(spec.type, c, i, spec.nonblock);
		if (!f[i])
			goto out_nomem;
	}
	for (i = 0; i < 2; i++) {
		fds[i] = fd_install(t, f[i], fd_rights_for_oflags(O_RDWR),
				    spec.cloexec);
		if (fds[i] < 0) {
			err = fds[i];
			goto out_close;
		}
	}
	if (frame_copy_to_user(sv, fds, sizeof(fds))) {
		err = -EFAULT;
		goto out_close;
	}
	file_put(f[0]);
	file_put(f[1]);
	return 0;

out_nomem:
	/* The ends without a file are still the connection's to close. */
	for (int j = i; j < 2; j++)
		unix_conn_close(c, j);
	err = -ENOMEM;
	goto out_put;
out_close:
	for (i = 0; i < 2; i++)
		if (fds[i] >= 0)
			(void)fd_close(t, fds[i]);
out_put:
	for (i = 0; i < 2; i++)
		if (f[i])
			file_put(f[i]);
	return err;
}
