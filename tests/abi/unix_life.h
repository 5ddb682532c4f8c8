/* SPDX-License-Identifier: MIT */
/* unix_life.h - part of unix.c: socket pairs over their life: flags at
 * creation, credentials, full queues, a peer that goes (EOF, EPIPE with
 * and without SIGPIPE, ECONNRESET, ECONNREFUSED), waking poll, and the
 * errno of calls on bad descriptors and bad memory. */
#ifndef ABI_UNIX_LIFE_H
#define ABI_UNIX_LIFE_H

#include <limits.h>

static const int pair_types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
static const char *const pair_names[] = { "stream", "dgram", "seqpacket" };

static char life_name[64];
#define LNAME(i, s)                                                         \
	(snprintf(life_name, sizeof(life_name), "%s.%s", pair_names[i], s), \
	 life_name)

/* SOCK_NONBLOCK and SOCK_CLOEXEC reach both ends of every type. */
static void test_pair_flags(void)
{
	for (int i = 0; i < 3; i++) {
		int sv[2], v = 0;
		socklen_t len = sizeof(v);
		struct stat st;
		char c;

		CHECK_OK(
			LNAME(i, "pair_flags"),
			socketpair(AF_UNIX,
				   pair_types[i] | SOCK_NONBLOCK | SOCK_CLOEXEC,
				   0, sv));
		for (int e = 0; e < 2; e++) {
			CHECK_EQ(LNAME(i, "pair_cloexec"),
				 fcntl(sv[e], F_GETFD), FD_CLOEXEC);
			CHECK(LNAME(i, "pair_nonblock"),
			      fcntl(sv[e], F_GETFL) & O_NONBLOCK);
		}
		CHECK_ERR(LNAME(i, "pair_read_eagain"), read(sv[1], &c, 1),
			  EAGAIN);
		CHECK_OK(LNAME(i, "fstat"), fstat(sv[0], &st));
		CHECK(LNAME(i, "fstat_sock"), S_ISSOCK(st.st_mode));
		CHECK_EQ(LNAME(i, "fstat_perm"), st.st_mode & 0777, 0777);
		getsockopt(sv[1], SOL_SOCKET, SO_TYPE, &v, &len);
		CHECK_EQ(LNAME(i, "pair_so_type"), v, pair_types[i]);
		v = 0;
		getsockopt(sv[1], SOL_SOCKET, SO_DOMAIN, &v, &len);
		CHECK_EQ(LNAME(i, "pair_so_domain"), v, AF_UNIX);
		close(sv[0]);
		close(sv[1]);
		CHECK_OK(LNAME(i, "pair_plain"),
			 socketpair(AF_UNIX, pair_types[i], 0, sv));
		CHECK_EQ(LNAME(i, "pair_no_cloexec"), fcntl(sv[0], F_GETFD), 0);
		CHECK_EQ(LNAME(i, "pair_blocking"),
			 fcntl(sv[1], F_GETFL) & O_NONBLOCK, 0);
		close(sv[0]);
		close(sv[1]);
	}
}

static int peercred_child(void *arg)
{
	int *sv = arg;
	struct ucred cr;
	socklen_t len = sizeof(cr);

	/* The creator's pid, not the process asking. */
	if (getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len))
		return 1;
	return cr.pid == getppid() ? 0 : 2;
}

static void test_peercred(void)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	int sv[2], v, st;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	memset(&cr, 0xff, sizeof(cr));
	CHECK_OK("opt.peercred",
		 getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len));
	CHECK_EQ("opt.peercred_len", len, sizeof(cr));
	CHECK_EQ("opt.peercred_pid", cr.pid, getpid());
	CHECK_EQ("opt.peercred_uid", cr.uid, geteuid());
	CHECK_EQ("opt.peercred_gid", cr.gid, getegid());
	st = abi_in_child(peercred_child, sv);
	CHECK_CHILD_OK("opt.peercred_creator", st);
	len = sizeof(int);
	v = -1;
	CHECK_OK("opt.peercred_short",
		 getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &v, &len));
	CHECK_EQ("opt.peercred_short_len", len, sizeof(int));
	CHECK_EQ("opt.peercred_short_pid", v, getpid());
	v = 65536;
	CHECK_OK("opt.rcvbuf_set",
		 setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
	len = sizeof(v);
	getsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, &len);
	CHECK_EQ("opt.rcvbuf_doubled", v, 131072);
	CHECK_ERR("opt.level", getsockopt(sv[0], SOL_IP, 1, &v, &len),
		  EOPNOTSUPP);
	close(sv[0]);
	close(sv[1]);
}

/* Non-blocking sends fill the peer's queue, then EAGAIN and no POLLOUT;
 * reading it all gives every byte or packet back and POLLOUT again. */
static void test_full_queue(void)
{
	static unsigned char chunk[4096], sink[4096];
	struct pollfd pf;
	size_t sent = 0, got = 0;
	int sv[2], npk = 0, bad = 0, last = 0;
	ssize_t n;

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	while ((n = write(sv[0], chunk, sizeof(chunk))) > 0 && sent < (1 << 24))
		sent += (size_t)n;
	CHECK_EQ("stream.full_eagain", n == -1 ? errno : 0, EAGAIN);
	pf = (struct pollfd){ sv[0], POLLOUT, 0 };
	CHECK_EQ("stream.full_no_pollout", poll(&pf, 1, 0), 0);
	while ((n = read(sv[1], sink, sizeof(sink))) > 0)
		got += (size_t)n;
	CHECK_EQ("stream.full_drained", got, sent);
	CHECK_EQ("stream.full_pollout_again", poll(&pf, 1, 0), 1);
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	for (;;) {
		memcpy(chunk, &npk, sizeof(npk));
		n = send(sv[0], chunk, 100, MSG_DONTWAIT);
		if (n != 100 || npk > 100000)
			break;
		npk++;
	}
	CHECK_EQ("dgram.full_eagain", n == -1 ? errno : 0, EAGAIN);
	CHECK("dgram.full_some", npk > 0);
	for (int i = 0; i < npk; i++) {
		n = recv(sv[1], sink, sizeof(sink), MSG_DONTWAIT);
		memcpy(&last, sink, sizeof(last));
		bad += n != 100 || last != i;
	}
	CHECK_EQ("dgram.full_in_order", bad, 0);
	CHECK_ERR("dgram.full_drained", recv(sv[1], sink, 1, MSG_DONTWAIT),
		  EAGAIN);
	close(sv[0]);
	close(sv[1]);
}

static int nosignal_child(void *arg)
{
	int *sv = arg;

	signal(SIGPIPE, SIG_DFL);
	if (send(sv[0], "x", 1, MSG_NOSIGNAL) != -1 || errno != EPIPE)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	if (write(sv[0], "x", 1) != -1 || errno != EPIPE)
		return 2;
	return 0;
}

/* A peer that goes: per type, what the survivor's calls then give. */
static void test_peer_gone(void)
{
	struct pollfd pf;
	char buf[8];
	int sv[2], v, st;
	socklen_t len = sizeof(v);

	/* MSG_NOSIGNAL, or SIGPIPE ignored: EPIPE and the process lives. */
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	close(sv[1]);
	CHECK_EQ("seqpacket.gone_eof", recv(sv[0], buf, sizeof(buf), 0), 0);
	st = abi_in_child(nosignal_child, sv);
	CHECK_CHILD_OK("seqpacket.gone_nosignal", st);
	close(sv[0]);

	/* A stream peer closed with our bytes unread: ECONNRESET once,
	 * after what it had sent us. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "unread", 6);
	write(sv[1], "ab", 2);
	close(sv[1]);
	pf = (struct pollfd){ sv[0], POLLIN, 0 };
	poll(&pf, 1, 0);
	CHECK("stream.reset_pollerr", pf.revents & POLLERR);
	CHECK_EQ("stream.reset_data_first", read(sv[0], buf, sizeof(buf)), 2);
	CHECK_ERR("stream.reset", read(sv[0], buf, sizeof(buf)), ECONNRESET);
	CHECK_EQ("stream.reset_then_eof", read(sv[0], buf, sizeof(buf)), 0);
	close(sv[0]);

	/* SO_ERROR takes the pending error. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "unread", 6);
	close(sv[1]);
	v = -1;
	getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &len);
	CHECK_EQ("opt.error_reset", v, ECONNRESET);
	getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &len);
	CHECK_EQ("opt.error_cleared", v, 0);
	CHECK_EQ("stream.cleared_eof", read(sv[0], buf, sizeof(buf)), 0);
	close(sv[0]);

	/* A seqpacket end sends the error before EPIPE. */
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[0], "unread", 6, 0);
	close(sv[1]);
	CHECK_ERR("seqpacket.reset_send", send(sv[0], "x", 1, MSG_NOSIGNAL),
		  ECONNRESET);
	CHECK_ERR("seqpacket.then_epipe", send(sv[0], "x", 1, MSG_NOSIGNAL),
		  EPIPE);
	close(sv[0]);

	/* A datagram end: ECONNREFUSED once, then unconnected. */
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	close(sv[1]);
	pf = (struct pollfd){ sv[0], POLLIN, 0 };
	CHECK_EQ("dgram.gone_no_hup", poll(&pf, 1, 0), 0);
	CHECK_ERR("dgram.gone_refused", send(sv[0], "x", 1, 0), ECONNREFUSED);
	CHECK_ERR("dgram.gone_notconn", send(sv[0], "x", 1, 0), ENOTCONN);
	CHECK_ERR("dgram.gone_recv", recv(sv[0], buf, 1, MSG_DONTWAIT), EAGAIN);
	close(sv[0]);
}

/* shutdown(SHUT_RD) of a stream, and a datagram's SHUT_WR, which its
 * peer does not see. */
static void test_shutdown_more(void)
{
	char buf[8];
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_OK("shutdown.rd", shutdown(sv[0], SHUT_RD));
	CHECK_EQ("shutdown.rd_eof", read(sv[0], buf, sizeof(buf)), 0);
	CHECK_ERR("shutdown.rd_peer_epipe", send(sv[1], "x", 1, MSG_NOSIGNAL),
		  EPIPE);
	CHECK_EQ("shutdown.rd_still_sends", write(sv[0], "ok", 2), 2);
	CHECK_EQ("shutdown.rd_peer_reads", read(sv[1], buf, sizeof(buf)), 2);
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	CHECK_OK("dgram.shutdown_wr", shutdown(sv[0], SHUT_WR));
	CHECK_ERR("dgram.shutdown_wr_epipe", send(sv[0], "x", 1, MSG_NOSIGNAL),
		  EPIPE);
	CHECK_ERR("dgram.shutdown_peer_no_eof",
		  recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ("dgram.shutdown_other_way", send(sv[1], "y", 1, 0), 1);
	CHECK_EQ("dgram.shutdown_other_way_read", recv(sv[0], buf, 8, 0), 1);
	close(sv[0]);
	close(sv[1]);
}

static int late_writer(void *arg)
{
	int *sv = arg;

	usleep(100000);
	return send(sv[0], "late", 4, 0) == 4 ? 0 : 1;
}

/* poll sleeps until the peer sends, for each type. */
static void test_poll_wakes(void)
{
	for (int i = 0; i < 3; i++) {
		struct pollfd pf;
		int sv[2], st;
		pid_t pid;

		socketpair(AF_UNIX, pair_types[i], 0, sv);
		pid = fork();
		if (pid == 0)
			_exit(late_writer(sv));
		pf = (struct pollfd){ sv[1], POLLIN, 0 };
		CHECK_EQ(LNAME(i, "poll_wakes"), poll(&pf, 1, 30000), 1);
		CHECK_EQ(LNAME(i, "poll_wakes_revents"), pf.revents, POLLIN);
		waitpid(pid, &st, 0);
		CHECK_CHILD_OK(LNAME(i, "poll_writer"), st);
		close(sv[0]);
		close(sv[1]);
	}
}

/* FIONREAD: a datagram's next packet, a seqpacket's whole queue. */
static void test_fionread(void)
{
	for (int i = 1; i < 3; i++) {
		int sv[2], n = -1;

		socketpair(AF_UNIX, pair_types[i], 0, sv);
		send(sv[0], "abc", 3, 0);
		send(sv[0], "defgh", 5, 0);
		ioctl(sv[1], FIONREAD, &n);
		CHECK_EQ(LNAME(i, "fionread"), n, i == 1 ? 3 : 8);
		close(sv[0]);
		close(sv[1]);
	}
}

static int waitall_writer(void *arg)
{
	int *sv = arg;

	write(sv[0], "abc", 3);
	usleep(100000);
	write(sv[0], "def", 3);
	usleep(100000);
	write(sv[0], "gh", 2);
	return 0;
}

/* MSG_WAITALL waits for the whole buffer on a stream, up to EOF. */
static void test_waitall(void)
{
	char buf[16];
	int sv[2], st;
	pid_t pid;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = fork();
	if (pid == 0)
		_exit(waitall_writer(sv));
	CHECK_EQ("stream.waitall", recv(sv[1], buf, 6, MSG_WAITALL), 6);
	CHECK("stream.waitall_data", !memcmp(buf, "abcdef", 6));
	waitpid(pid, &st, 0);
	close(sv[0]);
	CHECK_EQ("stream.waitall_eof", recv(sv[1], buf, 10, MSG_WAITALL), 2);
	close(sv[1]);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send(sv[0], "ab", 2, 0);
	send(sv[0], "cd", 2, 0);
	CHECK_EQ("dgram.waitall_one", recv(sv[1], buf, 10, MSG_WAITALL), 2);
	close(sv[0]);
	close(sv[1]);
}

/* readv/writev move one packet per call, as recvmsg/sendmsg do. */
static void test_rwv(void)
{
	for (int i = 1; i < 3; i++) {
		char a[4] = { 0 }, b[4] = { 0 };
		struct iovec out[2] = { { "ab", 2 }, { "cde", 3 } };
		struct iovec in[2] = { { a, 3 }, { b, 4 } };
		int sv[2];

		socketpair(AF_UNIX, pair_types[i], 0, sv);
		CHECK_EQ(LNAME(i, "writev"), writev(sv[0], out, 2), 5);
		CHECK_EQ(LNAME(i, "writev_one_packet"),
			 recv(sv[1], a, sizeof(a), MSG_PEEK), 4);
		CHECK_EQ(LNAME(i, "readv"), readv(sv[1], in, 2), 5);
		CHECK(LNAME(i, "readv_scatter"),
		      !memcmp(a, "abc", 3) && !memcmp(b, "de", 2));
		CHECK_ERR(LNAME(i, "readv_drained"),
			  recv(sv[1], a, 1, MSG_DONTWAIT), EAGAIN);
		CHECK_ERR(LNAME(i, "preadv"), preadv(sv[1], in, 2, 0), ESPIPE);
		close(sv[0]);
		close(sv[1]);
	}
}

/* The errno of calls with a bad descriptor, a non-socket, bad memory or
 * a bad length. */
static void test_bad_calls(void)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);
	struct iovec iov = { unix_bad_ptr, 4 };
	struct msghdr m = { 0 };
	int sv[2], pp[2], v = 1;
	char c;

	pipe(pp);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	CHECK_ERR("ebadf.sendmsg", sendmsg(-1, &m, 0), EBADF);
	CHECK_ERR("ebadf.recvmsg", recvmsg(999, &m, 0), EBADF);
	CHECK_ERR("ebadf.setsockopt",
		  setsockopt(999, SOL_SOCKET, SO_PASSCRED, &v, sizeof(v)),
		  EBADF);
	CHECK_ERR("ebadf.getsockname",
		  getsockname(999, (struct sockaddr *)&sa, &len), EBADF);
	CHECK_ERR("enotsock.sendmsg", sendmsg(pp[1], &m, 0), ENOTSOCK);
	CHECK_ERR("enotsock.getpeername",
		  getpeername(pp[0], (struct sockaddr *)&sa, &len), ENOTSOCK);
	CHECK_ERR("enotsock.setsockopt",
		  setsockopt(pp[0], SOL_SOCKET, SO_PASSCRED, &v, sizeof(v)),
		  ENOTSOCK);
	close(pp[0]);
	close(pp[1]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	CHECK_ERR("dgram.sendmsg_efault_iov", sendmsg(sv[0], &m, 0), EFAULT);
	CHECK_ERR("dgram.sendmsg_efault",
		  syscall(SYS_sendmsg, sv[0], unix_bad_ptr, 0), EFAULT);
	iov.iov_len = (size_t)SSIZE_MAX + 1;
	CHECK_ERR("dgram.sendmsg_neg_len", sendmsg(sv[0], &m, 0), EINVAL);
	CHECK_ERR("dgram.oob", send(sv[0], "x", 1, MSG_OOB), EOPNOTSUPP);
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pp);
	CHECK_ERR("seqpacket.oob", send(pp[0], "x", 1, MSG_OOB), EOPNOTSUPP);
	close(pp[0]);
	close(pp[1]);
	CHECK_ERR("dgram.recv_oob", recv(sv[1], &c, 1, MSG_OOB | MSG_DONTWAIT),
		  EOPNOTSUPP);
	CHECK_ERR("getsockname.efault", getsockname(sv[0], unix_bad_ptr, &len),
		  EFAULT);
	CHECK_ERR("getsockname.efault_len",
		  getsockname(sv[0], (struct sockaddr *)&sa, unix_bad_ptr),
		  EFAULT);
	len = sizeof(sa);
	CHECK_OK("getpeername.pair",
		 getpeername(sv[0], (struct sockaddr *)&sa, &len));
	CHECK_EQ("getpeername.pair_len", len, sizeof(sa_family_t));
	send(sv[1], "q", 1, 0);
	len = sizeof(sa);
	CHECK_EQ("recvfrom.pair",
		 recvfrom(sv[0], &c, 1, 0, (struct sockaddr *)&sa, &len), 1);
	CHECK_EQ("recvfrom.unnamed_len", len, 0);
	close(sv[0]);
	close(sv[1]);
}

static void test_life(void)
{
	test_pair_flags();
	test_peercred();
	test_full_queue();
	test_peer_gone();
	test_shutdown_more();
	test_poll_wakes();
	test_fionread();
	test_rwv();
	test_waitall();
	test_bad_calls();
}

#endif /* ABI_UNIX_LIFE_H */
