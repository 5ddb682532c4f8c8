/* SPDX-License-Identifier: MIT */
/* unix_names.h - part of unix.c: path and abstract names: bind (and autobind),
 * listen, connect, accept and accept4, getsockname and getpeername, the
 * backlog, a listener that goes, and the errno of bad calls. */
#ifndef ABI_UNIX_NAMES_H
#define ABI_UNIX_NAMES_H

/* An abstract name of this process: "\0keel-abi-<pid>-<tag>". */
static socklen_t abstract_name(struct sockaddr_un *sa, const char *tag)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1,
		     "keel-abi-%d-%s", (int)getpid(), tag);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

#define SA(p) ((struct sockaddr *)(p))

/* The read end of a pipe (left open: the program ends soon). */
static int abi_pipe_fd(void)
{
	int p[2];

	return pipe(p) ? -1 : p[0];
}

static void test_bind_listen(void)
{
	struct sockaddr_un sa, got;
	socklen_t len = abstract_name(&sa, "a"), glen = sizeof(got);
	int s = socket(AF_UNIX, SOCK_STREAM, 0), t, q, d, v = -1;
	socklen_t vlen = sizeof(v), crlen;
	struct ucred cr;

	CHECK_ERR("listen.unbound", listen(s, 5), EINVAL);
	CHECK_OK("bind.abstract", bind(s, SA(&sa), len));
	CHECK_OK("bind.getsockname", getsockname(s, SA(&got), &glen));
	CHECK_EQ("bind.name_len", glen, len);
	CHECK("bind.name_bytes", !memcmp(&got, &sa, len));
	CHECK_ERR("bind.twice", bind(s, SA(&sa), len), EINVAL);
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("bind.in_use", bind(t, SA(&sa), len), EADDRINUSE);
	/* Another type has its own abstract names. */
	q = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_OK("bind.other_type", bind(q, SA(&sa), len));
	CHECK_ERR("connect.not_listening", connect(t, SA(&sa), len),
		  ECONNREFUSED);
	getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &vlen);
	CHECK_EQ("listen.acceptconn_before", v, 0);
	CHECK_OK("listen", listen(s, 5));
	getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &vlen);
	CHECK_EQ("listen.acceptconn", v, 1);
	crlen = sizeof(cr);
	memset(&cr, 0, sizeof(cr));
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &crlen);
	CHECK_EQ("listen.peercred_own", cr.pid, getpid());
	CHECK_OK("listen.again", listen(s, 10));
	CHECK_ERR("listen.connect_self", connect(s, SA(&sa), len), EINVAL);
	CHECK_ERR("accept.not_listening", accept(t, NULL, NULL), EINVAL);
	/* The raw call: a libc may fall back to accept() on EINVAL. */
	CHECK_ERR("accept4.bad_flags", syscall(SYS_accept4, s, NULL, NULL, 0x1),
		  EINVAL);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR("listen.dgram", listen(d, 5), EOPNOTSUPP);
	CHECK_ERR("accept.dgram", accept(d, NULL, NULL), EOPNOTSUPP);
	CHECK_ERR("listen.ebadf", listen(999, 1), EBADF);
	CHECK_ERR("accept.enotsock", accept(abi_pipe_fd(), NULL, NULL),
		  ENOTSOCK);
	CHECK_ERR("connect.ebadf", connect(999, SA(&sa), len), EBADF);
	CHECK_ERR("bind.short", bind(t, SA(&sa), 1), EINVAL);
	sa.sun_family = AF_INET;
	CHECK_ERR("bind.family", bind(t, SA(&sa), len), EINVAL);
	CHECK_ERR("connect.family", connect(t, SA(&sa), len), EINVAL);
	sa.sun_family = AF_UNIX;
	CHECK_ERR("connect.too_long", connect(t, SA(&sa), 200), EINVAL);
	CHECK_ERR("connect.only_family", connect(t, SA(&sa), 2), EINVAL);
	CHECK_ERR("connect.efault", connect(t, unix_bad_ptr, len), EFAULT);
	CHECK_ERR("bind.efault", bind(t, unix_bad_ptr, len), EFAULT);
	/* The family alone: a name of the kernel's choosing. */
	glen = sizeof(got);
	CHECK_OK("bind.autobind",
		 bind(t, SA(&sa), offsetof(struct sockaddr_un, sun_path)));
	getsockname(t, SA(&got), &glen);
	CHECK_EQ("bind.autobind_len", glen,
		 offsetof(struct sockaddr_un, sun_path) + 6);
	CHECK_EQ("bind.autobind_abstract", got.sun_path[0], 0);
	close(s);
	close(t);
	close(q);
	close(d);
	/* A closed socket's name is free again. */
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK("bind.after_close", bind(s, SA(&sa), len));
	close(s);
}

static void test_connect_accept(void)
{
	struct sockaddr_un sa, got, cname;
	socklen_t len = abstract_name(&sa, "b"), glen;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), c, a, c2, a2;
	struct ucred cr;
	socklen_t crlen = sizeof(cr);
	struct pollfd pf;
	char buf[8];

	bind(s, SA(&sa), len);
	listen(s, 5);
	pf = (struct pollfd){ s, POLLIN | POLLOUT, 0 };
	CHECK_EQ("listen.poll_idle", poll(&pf, 1, 0), 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK("connect", connect(c, SA(&sa), len));
	CHECK_ERR("connect.again", connect(c, SA(&sa), len), EISCONN);
	glen = sizeof(got);
	CHECK_OK("connect.getpeername", getpeername(c, SA(&got), &glen));
	CHECK("connect.peer_is_listener",
	      glen == len && !memcmp(&got, &sa, len));
	glen = sizeof(got);
	getsockname(c, SA(&got), &glen);
	CHECK_EQ("connect.own_unnamed", glen, sizeof(sa_family_t));
	/* Data may go before the accept. */
	CHECK_EQ("connect.send_early", send(c, "hi", 2, 0), 2);
	CHECK_EQ("listen.poll_pending", poll(&pf, 1, 0), 1);
	CHECK_EQ("listen.poll_revents", pf.revents, POLLIN);
	glen = sizeof(got);
	a = accept4(s, SA(&got), &glen, SOCK_CLOEXEC | SOCK_NONBLOCK);
	CHECK("accept4", a >= 0);
	CHECK_EQ("accept4.addr_unnamed", glen, sizeof(sa_family_t));
	CHECK_EQ("accept4.cloexec", fcntl(a, F_GETFD), FD_CLOEXEC);
	CHECK("accept4.nonblock", fcntl(a, F_GETFL) & O_NONBLOCK);
	glen = sizeof(got);
	getsockname(a, SA(&got), &glen);
	CHECK("accept.sockname_is_listener",
	      glen == len && !memcmp(&got, &sa, len));
	CHECK_EQ("accept.recv_early", recv(a, buf, sizeof(buf), 0), 2);
	CHECK_ERR("accept.nonblock_empty", recv(a, buf, 1, 0), EAGAIN);
	CHECK_EQ("accept.reply", send(a, "yo", 2, 0), 2);
	CHECK_EQ("connect.reply", recv(c, buf, sizeof(buf), 0), 2);
	CHECK_OK("connect.peercred",
		 getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &crlen));
	CHECK_EQ("connect.peercred_pid", cr.pid, getpid());
	CHECK_EQ("listen.poll_drained", poll(&pf, 1, 0), 0);

	/* A bound client: accept gives its name. */
	c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	glen = abstract_name(&cname, "client");
	bind(c2, SA(&cname), glen);
	CHECK_OK("connect.bound_client", connect(c2, SA(&sa), len));
	len = sizeof(got);
	a2 = accept(s, SA(&got), &len);
	CHECK("accept.bound_client", a2 >= 0);
	CHECK("accept.client_name", len == glen && !memcmp(&got, &cname, glen));
	len = sizeof(got);
	getpeername(a2, SA(&got), &len);
	CHECK("accept.peername", len == glen && !memcmp(&got, &cname, glen));
	fcntl(s, F_SETFL, O_NONBLOCK);
	CHECK_ERR("accept.eagain", accept(s, NULL, NULL), EAGAIN);
	close(a2);
	close(c2);
	close(a);
	close(c);
	close(s);
}

static struct sockaddr_un late_sa;
static socklen_t late_len;

/* In a child: the parent's name, not one made with the child's pid. */
static int late_connect(void)
{
	int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	usleep(100000);
	if (connect(c, SA(&late_sa), late_len))
		return 1;
	return send(c, "rec", 3, 0) == 3 ? 0 : 2;
}

/* A blocking accept waits for a client (a seqpacket one: records). */
static void test_accept_blocks(void)
{
	int s = socket(AF_UNIX, SOCK_SEQPACKET, 0), a, st;
	char buf[8];
	pid_t pid;

	late_len = abstract_name(&late_sa, "c");
	bind(s, SA(&late_sa), late_len);
	listen(s, 1);
	pid = fork();
	if (pid == 0)
		_exit(late_connect());
	a = accept(s, NULL, NULL);
	CHECK("accept.blocking", a >= 0);
	CHECK_EQ("accept.record", recv(a, buf, sizeof(buf), 0), 3);
	CHECK_EQ("accept.eof", recv(a, buf, sizeof(buf), 0), 0);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("accept.client", st);
	close(a);
	close(s);
}

static struct sockaddr_un wait_sa;
static socklen_t wait_len;

/* In a child: a blocking connect to a full queue waits for room. */
static int waiting_client(void)
{
	int c = socket(AF_UNIX, SOCK_STREAM, 0);

	if (connect(c, SA(&wait_sa), wait_len))
		return 1;
	return send(c, "ok", 2, 0) == 2 ? 0 : 2;
}

static void test_connect_waits(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), c1, a1, a2, st;
	char buf[4];
	pid_t pid;

	wait_len = abstract_name(&wait_sa, "w");
	bind(s, SA(&wait_sa), wait_len);
	listen(s, 0);
	c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK("backlog.wait_first", connect(c1, SA(&wait_sa), wait_len));
	pid = fork();
	if (pid == 0)
		_exit(waiting_client());
	usleep(100000);
	a1 = accept(s, NULL, NULL);
	CHECK("backlog.wait_accept1", a1 >= 0);
	a2 = accept(s, NULL, NULL);
	CHECK("backlog.wait_accept2", a2 >= 0);
	CHECK_EQ("backlog.waited_client", recv(a2, buf, sizeof(buf), 0), 2);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("backlog.wait_child", st);
	close(a1);
	close(a2);
	close(c1);
	close(s);
}

/* The backlog: listen(s, 0) holds one pending connection, then a
 * non-blocking connect is EAGAIN; a listener that goes resets them. */
static void test_backlog(void)
{
	struct sockaddr_un sa;
	socklen_t len = abstract_name(&sa, "d");
	int s = socket(AF_UNIX, SOCK_STREAM, 0), c1, c2;
	char buf[4];

	bind(s, SA(&sa), len);
	listen(s, 0);
	c1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_OK("backlog.first", connect(c1, SA(&sa), len));
	CHECK_ERR("backlog.full", connect(c2, SA(&sa), len), EAGAIN);
	close(s);
	CHECK_ERR("backlog.listener_gone", recv(c1, buf, sizeof(buf), 0),
		  ECONNRESET);
	CHECK_EQ("backlog.then_eof", recv(c1, buf, sizeof(buf), 0), 0);
	CHECK_ERR("backlog.name_gone", connect(c2, SA(&sa), len), ECONNREFUSED);
	close(c1);
	close(c2);
}

/* Path names: bind makes a socket node; connect finds the socket by it. */
static void test_paths(void)
{
	struct sockaddr_un sa, got;
	socklen_t len, glen = sizeof(got);
	int s = socket(AF_UNIX, SOCK_STREAM, 0), t, c, a, q, d;
	mode_t old = umask(022);
	struct stat st;
	char buf[4];

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, "srv.sock");
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 9);
	CHECK_OK("path.bind", bind(s, SA(&sa), len));
	CHECK_OK("path.stat", stat("srv.sock", &st));
	CHECK("path.is_socket", S_ISSOCK(st.st_mode));
	CHECK_EQ("path.mode", st.st_mode & 07777, 0755);
	getsockname(s, SA(&got), &glen);
	CHECK_EQ("path.name_len", glen, len);
	CHECK("path.name", !strcmp(got.sun_path, "srv.sock"));
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("path.in_use", bind(t, SA(&sa), len), EADDRINUSE);
	CHECK_ERR("path.not_listening", connect(t, SA(&sa), len), ECONNREFUSED);
	listen(s, 4);
	/* Without the trailing NUL in the length, the same name. */
	CHECK_OK("path.connect", connect(t, SA(&sa), len - 1));
	a = accept(s, NULL, NULL);
	CHECK("path.accept", a >= 0);
	CHECK_EQ("path.send", send(t, "abc", 3, 0), 3);
	CHECK_EQ("path.recv", recv(a, buf, sizeof(buf), 0), 3);
	glen = sizeof(got);
	getpeername(t, SA(&got), &glen);
	CHECK("path.peername",
	      glen == len && !strcmp(got.sun_path, "srv.sock"));
	q = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_ERR("path.prototype", connect(q, SA(&sa), len), EPROTOTYPE);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR("path.dgram_prototype", sendto(d, "x", 1, 0, SA(&sa), len),
		  EPROTOTYPE);
	strcpy(sa.sun_path, "nodir/x.sock");
	CHECK_ERR("path.bind_enoent",
		  bind(q, SA(&sa), sizeof(struct sockaddr_un)), ENOENT);
	close(open("plain", O_CREAT | O_WRONLY, 0644));
	strcpy(sa.sun_path, "plain");
	CHECK_ERR("path.bind_exists", bind(q, SA(&sa), sizeof(sa)), EADDRINUSE);
	CHECK_ERR("path.connect_notsock", connect(q, SA(&sa), sizeof(sa)),
		  ECONNREFUSED);
	/* The node outlives the socket; unlinked, the name is gone. */
	close(a);
	close(t);
	close(s);
	strcpy(sa.sun_path, "srv.sock");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("path.closed", connect(c, SA(&sa), len), ECONNREFUSED);
	CHECK_OK("path.unlink", unlink("srv.sock"));
	CHECK_ERR("path.unlinked", connect(c, SA(&sa), len), ENOENT);
	close(c);
	close(q);
	close(d);
	umask(old);
}

static void test_names(void)
{
	test_paths();
	test_bind_listen();
	test_connect_accept();
	test_accept_blocks();
	test_backlog();
	test_connect_waits();
}

#endif /* ABI_UNIX_NAMES_H */
