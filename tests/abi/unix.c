/* SPDX-License-Identifier: MIT */
/* unix.c - AF_UNIX sockets: socket() and socketpair() errors and flags,
 * stream order across partial reads, datagram and seqpacket boundaries,
 * MSG_PEEK/DONTWAIT/TRUNC/NOSIGNAL, shutdown, EOF, EPIPE and SIGPIPE,
 * poll readiness, socket options, names, sendmsg/recvmsg iovecs, MSG_OOB. */
#include "abi.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>

#define BIG	  (256 * 1024)
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* An address no program maps: a non-constant so the compiler cannot see
 * through it. */
void *unix_bad_ptr = (void *)1;

#include "unix_life.h"
#include "unix_names.h"
#include "unix_scm.h"
#include "unix_gc.h"
#include "unix_dgram.h"
#include "unix_oob.h"

static int sigpipe_child(void *arg)
{
	int *sv = arg;
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	signal(SIGPIPE, SIG_DFL);
	write(sv[0], "x", 1);
	return 3; /* not reached: SIGPIPE kills */
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 131 + (i >> 9));
}

static void test_socket_errors(void)
{
	int fd, p[2];

	CHECK_ERR("socket.bad_flags", socket(AF_UNIX, SOCK_STREAM | 0x10, 0),
		  EINVAL);
	CHECK_ERR("socket.bad_family", socket(255, SOCK_STREAM, 0),
		  EAFNOSUPPORT);
	CHECK_ERR("socket.neg_family", socket(-1, SOCK_STREAM, 0),
		  EAFNOSUPPORT);
	CHECK_ERR("socket.type_range", socket(AF_UNIX, 11, 0), EINVAL);
	CHECK_ERR("socket.rdm", socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT);
	CHECK_ERR("socket.protocol", socket(AF_UNIX, SOCK_STREAM, 7),
		  EPROTONOSUPPORT);
	fd = CHECK_OK("socket.pf_unix", socket(AF_UNIX, SOCK_STREAM, PF_UNIX));
	close(fd);
	CHECK_ERR("socketpair.bad_family", socketpair(255, SOCK_STREAM, 0, p),
		  EAFNOSUPPORT);
	CHECK_ERR("socketpair.efault",
		  socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)unix_bad_ptr),
		  EFAULT);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	CHECK("socket.flags_ok", fd >= 0);
	CHECK_EQ("socket.cloexec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK("socket.nonblock", fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK_EQ("socket.rdwr", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	close(fd);
}

static void test_unconnected(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), q, d, p[2];
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);
	char c;

	CHECK_ERR("unconn.send", send(s, "x", 1, MSG_NOSIGNAL), ENOTCONN);
	CHECK_ERR("unconn.recv", recv(s, &c, 1, MSG_DONTWAIT), EINVAL);
	/* Linux records it on an unconnected socket: no error. */
	CHECK_OK("unconn.shutdown", shutdown(s, SHUT_RDWR));
	CHECK_ERR("unconn.getpeername",
		  getpeername(s, (struct sockaddr *)&sa, &len), ENOTCONN);
	CHECK_OK("unconn.getsockname",
		 getsockname(s, (struct sockaddr *)&sa, &len));
	CHECK_EQ("unconn.name_len", len, sizeof(sa_family_t));
	CHECK_EQ("unconn.name_family", sa.sun_family, AF_UNIX);
	q = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_ERR("unconn.seq_recv", recv(q, &c, 1, MSG_DONTWAIT), ENOTCONN);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR("unconn.dgram_recv", recv(d, &c, 1, MSG_DONTWAIT), EAGAIN);
	CHECK_ERR("unconn.dgram_send", send(d, "x", 1, 0), ENOTCONN);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, "/nonexistent-socket-path");
	CHECK_ERR("dgram.sendto_enoent",
		  sendto(d, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)),
		  ENOENT);
	strcpy(sa.sun_path + 1, "keel-abi-unbound");
	sa.sun_path[0] = 0;
	CHECK_ERR("dgram.sendto_abstract",
		  sendto(d, "x", 1, 0, (struct sockaddr *)&sa,
			 offsetof(struct sockaddr_un, sun_path) + 17),
		  ECONNREFUSED);
	close(open("plainfile", O_CREAT | O_WRONLY, 0644));
	strcpy(sa.sun_path, "plainfile");
	CHECK_ERR("dgram.sendto_notsock",
		  sendto(d, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)),
		  ECONNREFUSED);
	CHECK_ERR("dgram.sendto_badlen",
		  sendto(d, "x", 1, 0, (struct sockaddr *)&sa, 1), EINVAL);
	sa.sun_family = AF_INET;
	CHECK_ERR("dgram.sendto_family",
		  sendto(d, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)),
		  EINVAL);
	socketpair(AF_UNIX, SOCK_STREAM, 0, p);
	sa.sun_family = AF_UNIX;
	CHECK_ERR("stream.sendto_eisconn",
		  sendto(p[0], "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)),
		  EISCONN);
	close(p[0]);
	close(p[1]);
	close(s);
	close(q);
	close(d);
}

static void test_badfd(void)
{
	int pp[2], v;
	socklen_t len = sizeof(v);
	char c;

	pipe(pp);
	CHECK_ERR("ebadf.send", send(999, "x", 1, 0), EBADF);
	CHECK_ERR("ebadf.recv", recv(999, &c, 1, 0), EBADF);
	CHECK_ERR("ebadf.shutdown", shutdown(999, SHUT_RD), EBADF);
	CHECK_ERR("enotsock.send", send(pp[1], "x", 1, 0), ENOTSOCK);
	CHECK_ERR("enotsock.recv", recv(pp[0], &c, 1, 0), ENOTSOCK);
	CHECK_ERR("enotsock.shutdown", shutdown(pp[0], SHUT_RD), ENOTSOCK);
	CHECK_ERR("enotsock.getsockopt",
		  getsockopt(pp[0], SOL_SOCKET, SO_TYPE, &v, &len), ENOTSOCK);
	close(pp[0]);
	close(pp[1]);
}

static void test_sockopt(void)
{
	int sv[2], v = 0, on = 1;
	socklen_t len = sizeof(v);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	CHECK_OK("opt.type", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len));
	CHECK_EQ("opt.type_val", v, SOCK_DGRAM);
	CHECK_EQ("opt.len", len, sizeof(int));
	getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &len);
	CHECK_EQ("opt.domain", v, AF_UNIX);
	v = -1;
	getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &len);
	CHECK_EQ("opt.error", v, 0);
	v = -1;
	getsockopt(sv[0], SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	CHECK_EQ("opt.acceptconn", v, 0);
	CHECK_OK("opt.passcred_set",
		 setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
	getsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &v, &len);
	CHECK_EQ("opt.passcred", v, 1);
	v = 65536;
	CHECK_OK("opt.sndbuf_set",
		 setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
	getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &len);
	CHECK_EQ("opt.sndbuf_doubled", v, 131072);
	CHECK_OK("opt.reuseaddr",
		 setsockopt(sv[0], SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)));
	CHECK_ERR("opt.unknown", getsockopt(sv[0], SOL_SOCKET, 9999, &v, &len),
		  ENOPROTOOPT);
	CHECK_ERR("opt.short",
		  setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on, 2), EINVAL);
	len = -1;
	CHECK_ERR("opt.neg_len",
		  getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len), EINVAL);
	len = sizeof(v);
	CHECK_ERR("opt.efault",
		  getsockopt(sv[0], SOL_SOCKET, SO_TYPE, unix_bad_ptr, &len),
		  EFAULT);
	close(sv[0]);
	close(sv[1]);
}

/* A child writes BIG patterned bytes in uneven pieces; the parent reads
 * them in other uneven pieces: every byte once, in order. */
static void test_stream_bulk(void)
{
	static unsigned char buf[BIG];
	int sv[2], st, bad = 0;
	size_t got = 0;
	pid_t pid;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = fork();
	if (pid == 0) {
		size_t off = 0, step = 1;

		close(sv[1]);
		for (size_t i = 0; i < BIG; i++)
			buf[i] = pattern(i);
		while (off < BIG) {
			size_t n = MIN(step, BIG - off);
			ssize_t w = write(sv[0], buf + off, n);

			if (w <= 0)
				_exit(1);
			off += (size_t)w;
			step = step * 3 % 20011 + 1;
		}
		_exit(0);
	}
	close(sv[0]);
	while (got < BIG) {
		ssize_t r = read(sv[1], buf, MIN((size_t)7777, BIG - got));

		if (r <= 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			bad += buf[i] != pattern(got + (size_t)i);
		got += (size_t)r;
	}
	CHECK_EQ("stream.bulk_bytes", got, BIG);
	CHECK_EQ("stream.bulk_intact", bad, 0);
	CHECK_EQ("stream.bulk_eof", read(sv[1], buf, 1), 0);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("stream.bulk_writer", st);
	close(sv[1]);
}

static void test_stream(void)
{
	struct pollfd pf;
	char buf[16];
	int sv[2], n = 0, st;

	CHECK_OK("socketpair.stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pf = (struct pollfd){ sv[1], POLLIN | POLLOUT | POLLRDHUP, 0 };
	CHECK_EQ("poll.empty", poll(&pf, 1, 0), 1);
	CHECK_EQ("poll.empty_revents", pf.revents, POLLOUT);
	CHECK_ERR("stream.dontwait", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ("stream.send", send(sv[0], "hello", 5, 0), 5);
	CHECK_EQ("stream.write", write(sv[0], "world", 5), 5);
	poll(&pf, 1, 0);
	CHECK_EQ("poll.data", pf.revents, POLLIN | POLLOUT);
	ioctl(sv[1], FIONREAD, &n);
	CHECK_EQ("stream.fionread", n, 10);
	CHECK_EQ("stream.peek", recv(sv[1], buf, 3, MSG_PEEK), 3);
	CHECK("stream.peek_data", !memcmp(buf, "hel", 3));
	CHECK_EQ("stream.partial", read(sv[1], buf, 7), 7);
	CHECK("stream.partial_data", !memcmp(buf, "hellowo", 7));
	CHECK_EQ("stream.rest", recv(sv[1], buf, sizeof(buf), 0), 3);
	CHECK("stream.rest_data", !memcmp(buf, "rld", 3));
	CHECK_ERR("stream.efault_recv",
		  (send(sv[0], "z", 1, 0), recv(sv[1], unix_bad_ptr, 1, 0)),
		  EFAULT);
	recv(sv[1], buf, 1, 0);
	CHECK_ERR("stream.efault_send", send(sv[0], unix_bad_ptr, 1, 0),
		  EFAULT);
	CHECK_ERR("stream.recv_oob",
		  recv(sv[1], buf, 1, MSG_OOB | MSG_DONTWAIT), EINVAL);

	/* Half close: the peer reads EOF, the writer gets EPIPE. */
	CHECK_OK("shutdown.wr", shutdown(sv[0], SHUT_WR));
	CHECK_EQ("shutdown.peer_eof", read(sv[1], buf, 1), 0);
	poll(&pf, 1, 0);
	CHECK_EQ("poll.rdhup", pf.revents, POLLIN | POLLOUT | POLLRDHUP);
	CHECK_ERR("shutdown.epipe", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ("shutdown.other_way", write(sv[1], "back", 4), 4);
	CHECK_EQ("shutdown.other_way_read", read(sv[0], buf, 4), 4);
	CHECK_ERR("shutdown.bad_how", shutdown(sv[0], 3), EINVAL);
	close(sv[0]);
	close(sv[1]);

	/* The peer closes: EOF, hang-up, EPIPE and SIGPIPE. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[1], "last", 4);
	close(sv[1]);
	pf = (struct pollfd){ sv[0], POLLIN | POLLRDHUP, 0 };
	CHECK_EQ("close.poll", poll(&pf, 1, 1000), 1);
	CHECK_EQ("close.revents", pf.revents, POLLIN | POLLHUP | POLLRDHUP);
	CHECK_EQ("close.data_first", read(sv[0], buf, sizeof(buf)), 4);
	CHECK_EQ("close.eof", read(sv[0], buf, sizeof(buf)), 0);
	CHECK_ERR("close.epipe", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	st = abi_in_child(sigpipe_child, sv);
	CHECK("close.sigpipe", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
	close(sv[0]);
}

static int wake_writer(void *arg)
{
	int *sv = arg;

	usleep(50000);
	return write(sv[0], "w", 1) == 1 ? 0 : 1;
}

static void test_blocking(void)
{
	int sv[2], st;
	char c = 0;
	pid_t pid;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = fork();
	if (pid == 0)
		_exit(wake_writer(sv));
	CHECK_EQ("block.read_woken", read(sv[1], &c, 1), 1);
	CHECK_EQ("block.byte", c, 'w');
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("block.writer", st);
	close(sv[0]);
	close(sv[1]);
}

static void test_packets(int type, const char *pfx)
{
	char name[64], buf[32] = { 0 };
	struct iovec iov[2];
	struct msghdr m;
	int sv[2];

#define PNAME(s) (snprintf(name, sizeof(name), "%s.%s", pfx, s), name)
	CHECK_OK(PNAME("pair"), socketpair(AF_UNIX, type, 0, sv));
	CHECK_EQ(PNAME("send_a"), send(sv[0], "abc", 3, 0), 3);
	CHECK_EQ(PNAME("send_b"), send(sv[0], "defgh", 5, 0), 5);
	CHECK_EQ(PNAME("send_empty"), send(sv[0], "", 0, 0), 0);
	CHECK_EQ(PNAME("send_c"), send(sv[0], "ijklmn", 6, 0), 6);
	CHECK_EQ(PNAME("boundary_a"), recv(sv[1], buf, sizeof(buf), 0), 3);
	CHECK_EQ(PNAME("peek_b"), recv(sv[1], buf, sizeof(buf), MSG_PEEK), 5);
	CHECK_EQ(PNAME("trunc_b"), recv(sv[1], buf, 2, MSG_TRUNC), 5);
	CHECK(PNAME("trunc_data"), !memcmp(buf, "de", 2));
	CHECK_EQ(PNAME("empty"), recv(sv[1], buf, sizeof(buf), 0), 0);
	memset(&m, 0, sizeof(m));
	iov[0] = (struct iovec){ buf, 2 };
	iov[1] = (struct iovec){ buf + 10, 2 };
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	CHECK_EQ(PNAME("recvmsg_cut"), recvmsg(sv[1], &m, 0), 4);
	CHECK_EQ(PNAME("recvmsg_flags"), m.msg_flags, MSG_TRUNC);
	CHECK(PNAME("recvmsg_scatter"),
	      !memcmp(buf, "ij", 2) && !memcmp(buf + 10, "kl", 2));
	CHECK_ERR(PNAME("dontwait"), recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
	iov[0] = (struct iovec){ "xy", 2 };
	iov[1] = (struct iovec){ "zzz", 3 };
	CHECK_EQ(PNAME("sendmsg_gather"), sendmsg(sv[0], &m, 0), 5);
	CHECK_EQ(PNAME("one_packet"), read(sv[1], buf, sizeof(buf)), 5);
	CHECK(PNAME("gathered"), !memcmp(buf, "xyzzz", 5));
	CHECK_ERR(PNAME("emsgsize"),
		  send(sv[0], malloc(1 << 20), 1 << 20, MSG_DONTWAIT),
		  EMSGSIZE);
	close(sv[0]);
	close(sv[1]);
#undef PNAME
}

int main(int argc, char **argv)
{
	struct iovec iov[3];
	struct msghdr m;
	char buf[16];
	int sv[2];

	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	test_socket_errors();
	test_unconnected();
	test_badfd();
	test_sockopt();
	test_stream();
	test_stream_bulk();
	test_blocking();
	test_packets(SOCK_DGRAM, "dgram");
	test_packets(SOCK_SEQPACKET, "seqpacket");

	/* A stream's sendmsg/recvmsg over several iovecs. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	memset(&m, 0, sizeof(m));
	iov[0] = (struct iovec){ "ab", 2 };
	iov[1] = (struct iovec){ "", 0 };
	iov[2] = (struct iovec){ "cde", 3 };
	m.msg_iov = iov;
	m.msg_iovlen = 3;
	CHECK_EQ("stream.sendmsg", sendmsg(sv[0], &m, 0), 5);
	iov[0] = (struct iovec){ buf, 4 };
	iov[1] = (struct iovec){ buf + 8, 4 };
	m.msg_iovlen = 2;
	CHECK_EQ("stream.recvmsg", recvmsg(sv[1], &m, 0), 5);
	CHECK("stream.recvmsg_data", !memcmp(buf, "abcd", 4) && buf[8] == 'e');
	CHECK_EQ("stream.recvmsg_flags", m.msg_flags, 0);
	m.msg_iovlen = 1025;
	CHECK_ERR("stream.iov_max", recvmsg(sv[1], &m, 0), EMSGSIZE);
	/* The raw call: a libc may read the msghdr itself. */
	CHECK_ERR("stream.msghdr_efault",
		  syscall(SYS_recvmsg, sv[1], unix_bad_ptr, 0), EFAULT);
	close(sv[0]);
	close(sv[1]);
	test_life();
	test_names();
	test_scm();
	test_gc();
	test_dgram_names();
	test_oob();
	return abi_end();
}
