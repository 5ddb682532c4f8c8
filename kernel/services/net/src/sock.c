/* SPDX-License-Identifier: MIT */
/* Socket files: read, write, poll, FIONREAD, SIOCATMARK, release; lookup and
 * SIGPIPE. */
#include "sock.h"
#include "sock_io.h"
#include "unix_gc.h"
#include "unix_scm.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include <fs/fd.h>
#include <fs/fs.h>
#include <signal/signal.h>

#define SOCK_FIONREAD 0x541b
#define SOCK_SIOCATMARK 0x8905
/* Linux's default SO_SNDBUF and SO_RCVBUF (net.core.[wr]mem_default). */
#define SOCK_DEFAULT_BUF 212992

static const struct file_ops sock_fops;

static struct unix_sock *file_sock(struct file *f);

struct unix_sock *sock_from_file(struct file *f)
{
	return file_sock(f);
}

static struct unix_sock *file_sock(struct file *f)
{
	struct file_priv *p = file_priv(f, &sock_fops);

	return p ? container_of(p, struct unix_sock, priv) : NULL;
}

bool sock_nonblock(struct file *f)
{
	return file_flags(f) & O_NONBLOCK;
}

void sock_sigpipe(void)
{
	struct sig_thread *t = sig_thread_current();
	struct ksiginfo info;

	if (!t)
		return;
	ksiginfo_init(&info, SIGPIPE, SI_USER);
	(void)signal_send_thread(t, &info);
}

ssize_t sock_recv(struct unix_sock *s, struct unix_io *io, bool nonblock,
		  bool peek, size_t *full)
{
	struct unix_conn *c = sock_conn(s);
	int err;

	*full = 0;
	io->oob_inline = __atomic_load_n(&s->oobinline, __ATOMIC_ACQUIRE);
	if (c)
		return unix_conn_recv(c, s->end, io, nonblock, peek, full);
	if (s->type == UNIX_SOCK_STREAM)
		return -EINVAL;
	if (s->type == UNIX_SOCK_SEQPACKET)
		return -ENOTCONN;
	/* An unnamed, unconnected datagram socket: no packet can come. */
	if (nonblock)
		return -EAGAIN;
	err = FRAME_WAIT_EVENT_INTERRUPTIBLE(&s->idle_wq, false,
					     FRAME_WAIT_FOREVER);
	(void)err;
	return -ERESTARTSYS;
}

ssize_t sock_send(struct unix_sock *s, struct unix_io *io, bool nonblock)
{
	struct unix_conn *c = sock_conn(s);

	if (s->type == UNIX_SOCK_DGRAM)
		return unix_ns_dgram_send(s, NULL, io, nonblock);
	if (!c)
		return -ENOTCONN;
	return unix_conn_send(c, s->end, io, nonblock);
}

static ssize_t sock_file_read(struct file *f, struct vm_writer *w,
			      uint64_t *pos)
{
	struct unix_io io = { .w = w };
	size_t full;

	(void)pos;
	return sock_recv(file_sock(f), &io, sock_nonblock(f), false, &full);
}

static ssize_t sock_file_write(struct file *f, struct vm_reader *r,
			       uint64_t *pos)
{
	struct unix_sock *s = file_sock(f);
	struct unix_io io = { .r = r };
	ssize_t ret = 0;

	(void)pos;
	if (sock_send_passcred(s))
		ret = unix_scm_sender(&io.scm);
	if (!ret)
		ret = sock_send(s, &io, sock_nonblock(f));
	unix_scm_free(io.scm); /* what was not queued */
	if (ret == -EPIPE)
		sock_sigpipe();
	return ret;
}

static ssize_t sock_file_write_kernel(struct file *f, uint8_t *buf, size_t n,
				      uint64_t *pos)
{
	struct unix_io io = { .kbuf = buf, .klen = n };
	ssize_t ret;

	(void)pos;
	ret = sock_send(file_sock(f), &io, sock_nonblock(f));
	if (ret == -EPIPE)
		sock_sigpipe();
	return ret;
}

static long sock_file_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct unix_sock *s = file_sock(f);
	struct unix_conn *c = sock_conn(s);
	int n;

	if (cmd == SOCK_SIOCATMARK) {
		/* Linux answers for streams only */
		if (s->type != UNIX_SOCK_STREAM)
			return -EOPNOTSUPP;
		n = c && unix_conn_atmark(c, s->end);
		return frame_copy_to_user(uaddr_from_syscall_arg(arg), &n,
					  sizeof(n));
	}
	if (cmd != SOCK_FIONREAD)
		return -ENOTTY;
	n = c ? (int)unix_conn_nread(c, s->end) : 0;
	return frame_copy_to_user(uaddr_from_syscall_arg(arg), &n, sizeof(n));
}

static unsigned int sock_file_poll(struct file *f, struct frame_poller *p)
{
	struct unix_sock *s = file_sock(f);
	struct unix_conn *c = sock_conn(s);

	if (!c) {
		fs_poll_wait(p, &s->idle_wq);
		/* A listener is readable with connections pending and never
		 * writable. */
		if (sock_listening(s))
			return __atomic_load_n(&s->npending, __ATOMIC_ACQUIRE)
				       ? UNIX_POLLIN | UNIX_POLLRDNORM
				       : 0;
		/* Linux: an unconnected stream socket is hung up; any
		 * socket may be written to (the send then fails). */
		return UNIX_POLLOUT | UNIX_POLLWRNORM |
		       (s->type == UNIX_SOCK_DGRAM ? 0 : UNIX_POLLHUP);
	}
	for (int i = 0; i < 2; i++) {
		fs_poll_wait(p, &c->ring[i].rd_wq);
		fs_poll_wait(p, &c->ring[i].wr_wq);
	}
	return unix_conn_poll(c, s->end);
}

static void sock_file_release(struct file *f)
{
	struct unix_sock *s = file_sock(f);
	struct unix_conn *c;

	/* First out of the namespace: no connect can reach @s after. */
	unix_ns_release(s);
	c = sock_conn(s);
	if (c)
		unix_conn_close(c, s->end);
	frame_free(s);
	/* A socket closing may leave others reachable only from queues. */
	if (unix_gc_inflight_total())
		unix_gc();
}

static const struct file_ops sock_fops = {
	.read = sock_file_read,
	.write = sock_file_write,
	.write_kernel = sock_file_write_kernel,
	.ioctl = sock_file_ioctl,
	.poll = sock_file_poll,
	.release = sock_file_release,
	.rwv = sock_file_rwv,
};

struct file *sock_file_create(int type, struct unix_conn *conn, int end,
			      bool nonblock)
{
	struct unix_sock *s = frame_zalloc(sizeof(*s));
	struct file *f;

	if (!s)
		return NULL;
	s->type = type;
	s->sndbuf = s->rcvbuf = SOCK_DEFAULT_BUF;
	frame_waitq_init(&s->idle_wq);
	f = file_create_anon(&sock_fops, O_RDWR | (nonblock ? O_NONBLOCK : 0),
			     &s->priv);
	if (!f) {
		frame_free(s);
		return NULL;
	}
	s->file = f;
	file_set_anon_mode(f, S_IFSOCK | 0777);
	/* Only now: a failed create leaves @conn's end to the caller. An
	 * accepted socket has its listener's SO_PASSCRED. */
	if (conn) {
		s->passcred = conn->passcred[end];
		sock_set_conn(s, conn, end);
	}
	return f;
}

int sock_lookup(int fd, struct file **f, struct unix_sock **s)
{
	struct fd_table *t = fd_table_current();
	int err;

	if (!t)
		return -EBADF;
	err = fd_get(t, fd, 0, f);
	if (err)
		return err;
	*s = file_sock(*f);
	if (!*s) {
		file_put(*f);
		return -ENOTSOCK;
	}
	return 0;
}
