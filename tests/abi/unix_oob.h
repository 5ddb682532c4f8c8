/* SPDX-License-Identifier: MIT */
/* unix_oob.h - MSG_OOB on AF_UNIX streams (part of unix.c), as Linux 6.1
 * with CONFIG_AF_UNIX_OOB: the last byte of a send is urgent, reads stop
 * at it, recv(MSG_OOB) takes it, SIOCATMARK and POLLPRI, SO_OOBINLINE. */
#ifndef ABI_UNIX_OOB_H
#define ABI_UNIX_OOB_H

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#ifndef SIOCATMARK
#define SIOCATMARK 0x8905
#endif

/* SIOCATMARK's answer, or -errno. */
static int oob_atmark(int fd)
{
	int v = -1;

	return ioctl(fd, SIOCATMARK, &v) < 0 ? -errno : v;
}

static int oob_revents(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLPRI };

	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

/* A non-blocking recv into @buf (NUL-terminated), its result. */
static long oob_recv(int fd, char *buf, int flags)
{
	long n = recv(fd, buf, 15, flags | MSG_DONTWAIT);

	buf[n > 0 ? n : 0] = 0;
	return n;
}

static void test_oob(void)
{
	char buf[16];
	int sv[2], d[2], one = 1, v = 0;
	socklen_t len = sizeof(v);
	struct msghdr m = { 0 };
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_EQ("oob.send_plain", send(sv[0], "ab", 2, 0), 2);
	CHECK_EQ("oob.send", send(sv[0], "c", 1, MSG_OOB), 1);
	CHECK_EQ("oob.not_at_mark", oob_atmark(sv[1]), 0);
	CHECK_EQ("oob.pollpri", oob_revents(sv[1]), POLLIN | POLLPRI);
	CHECK_EQ("oob.read_stops", oob_recv(sv[1], buf, 0), 2);
	CHECK("oob.read_stops_data", !strcmp(buf, "ab"));
	CHECK_EQ("oob.at_mark", oob_atmark(sv[1]), 1);
	CHECK_EQ("oob.peek", oob_recv(sv[1], buf, MSG_OOB | MSG_PEEK), 1);
	CHECK("oob.peek_data", !strcmp(buf, "c"));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	CHECK_EQ("oob.recvmsg", recvmsg(sv[1], &m, MSG_OOB), 1);
	CHECK("oob.recvmsg_data", buf[0] == 'c');
	CHECK("oob.recvmsg_flag", m.msg_flags & MSG_OOB);
	CHECK_EQ("oob.taken_not_at_mark", oob_atmark(sv[1]), 0);
	CHECK_EQ("oob.taken_no_pri", oob_revents(sv[1]) & POLLPRI, 0);
	CHECK_ERR("oob.taken_einval", oob_recv(sv[1], buf, MSG_OOB), EINVAL);
	CHECK_ERR("oob.taken_byte_gone", oob_recv(sv[1], buf, 0), EAGAIN);

	/* taken before the bytes in front of it: reads stop where it was */
	send(sv[0], "de", 2, 0);
	CHECK_EQ("oob.send_two", send(sv[0], "fg", 2, MSG_OOB), 2);
	send(sv[0], "hi", 2, 0);
	CHECK_EQ("oob.fionread_pending", (ioctl(sv[1], FIONREAD, &v), v), 6);
	CHECK_EQ("oob.first", oob_recv(sv[1], buf, MSG_OOB), 1);
	CHECK("oob.first_is_last_byte", !strcmp(buf, "g"));
	/* the taken byte's place counts for nothing */
	CHECK_EQ("oob.fionread_taken", (ioctl(sv[1], FIONREAD, &v), v), 5);
	CHECK_EQ("oob.before", oob_recv(sv[1], buf, 0), 3);
	CHECK("oob.before_data", !strcmp(buf, "def"));
	CHECK_EQ("oob.after", oob_recv(sv[1], buf, 0), 2);
	CHECK("oob.after_data", !strcmp(buf, "hi"));

	/* never taken: a read starting at it skips it, and it is gone */
	send(sv[0], "j", 1, MSG_OOB);
	send(sv[0], "kl", 2, 0);
	CHECK_EQ("oob.skip_at_mark", oob_atmark(sv[1]), 1);
	CHECK_EQ("oob.skip", oob_recv(sv[1], buf, 0), 2);
	CHECK("oob.skip_data", !strcmp(buf, "kl"));
	CHECK_ERR("oob.skip_gone", oob_recv(sv[1], buf, MSG_OOB), EINVAL);

	/* a newer urgent byte makes the older one data */
	send(sv[0], "m", 1, MSG_OOB);
	send(sv[0], "n", 1, MSG_OOB);
	CHECK_EQ("oob.newer", oob_recv(sv[1], buf, MSG_OOB), 1);
	CHECK("oob.newer_data", !strcmp(buf, "n"));
	CHECK_EQ("oob.older_is_data", oob_recv(sv[1], buf, 0), 1);
	CHECK("oob.older_data", !strcmp(buf, "m"));
	CHECK_ERR("oob.newer_gone", oob_recv(sv[1], buf, 0), EAGAIN);

	/* SO_OOBINLINE: the byte stays in the stream */
	CHECK_OK("oob.inline_set", setsockopt(sv[1], SOL_SOCKET, SO_OOBINLINE,
					      &one, sizeof(one)));
	v = 0;
	CHECK_OK("oob.inline_get",
		 getsockopt(sv[1], SOL_SOCKET, SO_OOBINLINE, &v, &len));
	CHECK_EQ("oob.inline_value", v, 1);
	send(sv[0], "op", 2, 0);
	send(sv[0], "q", 1, MSG_OOB);
	send(sv[0], "rs", 2, 0);
	CHECK_EQ("oob.inline_pollpri", oob_revents(sv[1]), POLLIN | POLLPRI);
	CHECK_ERR("oob.inline_einval", oob_recv(sv[1], buf, MSG_OOB), EINVAL);
	CHECK_EQ("oob.inline_stops", oob_recv(sv[1], buf, 0), 2);
	CHECK("oob.inline_stops_data", !strcmp(buf, "op"));
	CHECK_EQ("oob.inline_at_mark", oob_atmark(sv[1]), 1);
	CHECK_EQ("oob.inline_read", oob_recv(sv[1], buf, 0), 3);
	CHECK("oob.inline_read_data", !strcmp(buf, "qrs"));

	CHECK_ERR("oob.empty_send", send(sv[0], "", 0, MSG_OOB), EOPNOTSUPP);
	shutdown(sv[0], SHUT_WR);
	CHECK_EQ("oob.eof_not_at_mark", oob_atmark(sv[1]), 0);
	CHECK_ERR("oob.eof_einval", oob_recv(sv[1], buf, MSG_OOB), EINVAL);
	close(sv[0]);
	close(sv[1]);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
	CHECK_EQ("oob.atmark_dgram", oob_atmark(d[0]), -EOPNOTSUPP);
	close(d[0]);
	close(d[1]);
}

#endif /* ABI_UNIX_OOB_H */
