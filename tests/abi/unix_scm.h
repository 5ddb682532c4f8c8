/* SPDX-License-Identifier: MIT */
/* unix_scm.h - part of unix.c: ancillary data: descriptors passed with
 * SCM_RIGHTS (delivered, dropped, cut), credentials with SCM_CREDENTIALS
 * and SO_PASSCRED, and the errno of malformed control data. */
#ifndef ABI_UNIX_SCM_H
#define ABI_UNIX_SCM_H

/* Send @len bytes of @data on @fd with the @n descriptors @fds. */
static ssize_t send_fds(int fd, const char *data, size_t len, const int *fds,
			int n)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { (void *)data, len };
	struct msghdr m = { 0 };
	struct cmsghdr *c;

	memset(&u, 0, sizeof(u));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = CMSG_SPACE((size_t)n * sizeof(int));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, (size_t)n * sizeof(int));
	return sendmsg(fd, &m, 0);
}

/* Receive into @data with room for @room descriptors; the descriptors
 * in @fds (count in *@n), msg_flags in *@mflags. */
static ssize_t recv_fds(int fd, char *data, size_t len, int room, int *fds,
			int *n, int *mflags, int flags)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { data, len };
	struct msghdr m = { 0 };
	struct cmsghdr *c;
	ssize_t r;

	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = room ? u.buf : NULL;
	/* Exactly @room descriptors' worth: CMSG_SPACE would round up. */
	m.msg_controllen = room ? CMSG_LEN((size_t)room * sizeof(int)) : 0;
	*n = 0;
	r = recvmsg(fd, &m, flags);
	*mflags = m.msg_flags;
	for (c = CMSG_FIRSTHDR(&m); r >= 0 && c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		*n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		memcpy(fds, CMSG_DATA(c), (size_t)*n * sizeof(int));
	}
	return r;
}

static void test_rights(void)
{
	int sv[2], p[2], fds[4], n = -1, fl, two[2];
	char buf[8];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	CHECK_EQ("rights.send", send_fds(sv[0], "cd", 2, &p[1], 1), 2);
	close(p[1]);
	CHECK_EQ("rights.plain_after", send(sv[0], "ef", 2, 0), 2);
	/* The message that carries descriptors is read on its own. */
	CHECK_EQ("rights.recv",
		 recv_fds(sv[1], buf, sizeof(buf), 1, fds, &n, &fl, 0), 2);
	CHECK_EQ("rights.count", n, 1);
	CHECK_EQ("rights.flags", fl, 0);
	CHECK_EQ("rights.no_cloexec", n == 1 ? fcntl(fds[0], F_GETFD) : -1, 0);
	CHECK_EQ("rights.works", n == 1 ? write(fds[0], "hi", 2) : -1, 2);
	CHECK_EQ("rights.reaches_pipe", read(p[0], buf, sizeof(buf)), 2);
	if (n == 1)
		close(fds[0]);
	CHECK_EQ("rights.last_writer_gone", read(p[0], buf, sizeof(buf)), 0);
	CHECK_EQ("rights.rest_plain",
		 recv_fds(sv[1], buf, sizeof(buf), 1, fds, &n, &fl, 0), 2);
	CHECK_EQ("rights.rest_no_fds", n, 0);
	close(p[0]);

	/* MSG_CMSG_CLOEXEC; too little room: MSG_CTRUNC, the rest closed. */
	pipe(p);
	two[0] = p[1];
	two[1] = p[1];
	CHECK_EQ("rights.send_two", send_fds(sv[0], "x", 1, two, 2), 1);
	CHECK_EQ("rights.recv_cut",
		 recv_fds(sv[1], buf, sizeof(buf), 1, fds, &n, &fl,
			  MSG_CMSG_CLOEXEC),
		 1);
	CHECK_EQ("rights.cut_count", n, 1);
	CHECK("rights.ctrunc", fl & MSG_CTRUNC);
	CHECK_EQ("rights.cloexec", n == 1 ? fcntl(fds[0], F_GETFD) : -1,
		 FD_CLOEXEC);
	if (n == 1)
		close(fds[0]);
	close(p[1]);
	CHECK_EQ("rights.cut_ones_closed", read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);

	/* A plain recv drops what it does not take. */
	pipe(p);
	send_fds(sv[0], "y", 1, &p[1], 1);
	close(p[1]);
	CHECK_EQ("rights.recv_plain", recv(sv[1], buf, sizeof(buf), 0), 1);
	CHECK_EQ("rights.dropped", read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);

	/* Unreceived in a socket that closes: released with it. */
	pipe(p);
	send_fds(sv[0], "z", 1, &p[1], 1);
	close(p[1]);
	close(sv[1]);
	CHECK_EQ("rights.released_on_close", read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);
	close(sv[0]);

	/* A datagram carries its descriptors; the next one none. */
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	send_fds(sv[0], "one", 3, &p[0], 1);
	send(sv[0], "two", 3, 0);
	CHECK_EQ("rights.dgram",
		 recv_fds(sv[1], buf, sizeof(buf), 2, fds, &n, &fl, 0), 3);
	CHECK_EQ("rights.dgram_count", n, 1);
	if (n == 1)
		close(fds[0]);
	CHECK_EQ("rights.dgram_next",
		 recv_fds(sv[1], buf, sizeof(buf), 2, fds, &n, &fl, 0), 3);
	CHECK_EQ("rights.dgram_next_none", n, 0);
	fds[0] = 999;
	CHECK_ERR("rights.ebadf", send_fds(sv[0], "x", 1, fds, 1), EBADF);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static int cred_child(void *arg)
{
	int *sv = arg;
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	struct ucred uc = { getpid(), 0, 0 };
	struct iovec iov = { "c", 1 };
	struct msghdr m = { 0 };
	struct cmsghdr *c;

	if (setgid(65534) || setuid(65534))
		return 1;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(uc));
	memcpy(CMSG_DATA(c), &uc, sizeof(uc));
	/* Another's ids without privilege: EPERM. */
	if (sendmsg(sv[0], &m, 0) != -1 || errno != EPERM)
		return 2;
	return 0;
}

/* Receive one message on @fd; whether it carried SCM_CREDENTIALS (into
 * *@uc). */
static int recv_cred(int fd, struct ucred *uc)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	char data[8];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { 0 };
	struct cmsghdr *c;

	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	if (recvmsg(fd, &m, 0) < 0)
		return 0;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_CREDENTIALS) {
			memcpy(uc, CMSG_DATA(c), sizeof(*uc));
			return 1;
		}
	}
	return 0;
}

static void test_credentials(void)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(16)];
		struct cmsghdr align;
	} u;
	struct ucred uc = { 0 };
	struct iovec iov;
	struct msghdr m;
	struct cmsghdr *c;
	int sv[2], on = 1, got = 0, st;
	char buf[8];

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	CHECK_EQ("cred.plain_send", send(sv[0], "p", 1, 0), 1);
	memset(&m, 0, sizeof(m));
	iov = (struct iovec){ buf, sizeof(buf) };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	CHECK_EQ("cred.recv", recvmsg(sv[1], &m, 0), 1);
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_CREDENTIALS) {
			memcpy(&uc, CMSG_DATA(c), sizeof(uc));
			got = c->cmsg_len == CMSG_LEN(sizeof(uc));
		}
	}
	CHECK("cred.passed", got);
	CHECK_EQ("cred.pid", uc.pid, getpid());
	CHECK_EQ("cred.uid", uc.uid, getuid());
	CHECK_EQ("cred.gid", uc.gid, getgid());
	st = abi_in_child(cred_child, sv);
	CHECK_CHILD_OK("cred.eperm", st);

	/* write(2) carries them too, and so does a datagram sent by name to
	 * a receiver with SO_PASSCRED. */
	CHECK_EQ("cred.write", write(sv[0], "w", 1), 1);
	CHECK("cred.write_passed", recv_cred(sv[1], &uc) && uc.pid == getpid());
	{
		struct sockaddr_un sa;
		socklen_t len = abstract_name(&sa, "cred");
		int r = socket(AF_UNIX, SOCK_DGRAM, 0);
		int w = socket(AF_UNIX, SOCK_DGRAM, 0);

		setsockopt(r, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
		bind(r, SA(&sa), len);
		CHECK_EQ("cred.dgram_sendto",
			 sendto(w, "d", 1, 0, SA(&sa), len), 1);
		memset(&uc, 0, sizeof(uc));
		CHECK("cred.dgram_passed",
		      recv_cred(r, &uc) && uc.pid == getpid());
		close(r);
		close(w);
	}

	/* Malformed control data. */
	memset(&u, 0, sizeof(u));
	iov = (struct iovec){ "x", 1 };
	m.msg_controllen = CMSG_SPACE(sizeof(int));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = 99;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	CHECK_ERR("cmsg.bad_type", sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = 4;
	CHECK_ERR("cmsg.short_len", sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_len = CMSG_SPACE(sizeof(int)) + 64;
	CHECK_ERR("cmsg.long_len", sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	CHECK_ERR("cmsg.cred_len", sendmsg(sv[0], &m, 0), EINVAL);
	/* The raw call: a libc may copy the control data itself. */
	m.msg_control = unix_bad_ptr;
	CHECK_ERR("cmsg.efault", syscall(SYS_sendmsg, sv[0], &m, 0), EFAULT);
	close(sv[0]);
	close(sv[1]);
}

static void test_scm(void)
{
	test_rights();
	test_credentials();
}

#endif /* ABI_UNIX_SCM_H */
