/* SPDX-License-Identifier: MIT */
/* Pipe ends as files: read, write, poll, FIONREAD, release. */
#include "pipe_file.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/sync.h>
#include <frame/user.h>

#include <fs/file.h>
#include <signal/signal.h>

#include "fifo.h"
#include "pipe.h"

#define PIPE_FIONREAD 0x541b
#define F_SETPIPE_SZ  1031
#define F_GETPIPE_SZ  1032

/* An end: the file's hook, the pipe it leads to, which sides it holds
 * (a FIFO opened O_RDWR holds both) and the FIFO it came from. */
struct pipe_end {
	struct file_priv priv;
	struct pipe *pipe;
	bool reader, writer;
	struct fifo *fifo;
};

static const struct file_ops pipe_read_fops, pipe_write_fops, pipe_rdwr_fops;

static struct pipe_end *file_end(struct file *f)
{
	struct file_priv *p = file_priv(f, &pipe_read_fops);

	if (!p)
		p = file_priv(f, &pipe_write_fops);
	if (!p)
		p = file_priv(f, &pipe_rdwr_fops);
	return p ? container_of(p, struct pipe_end, priv) : NULL;
}

static bool nonblock(struct file *f)
{
	return file_flags(f) & O_NONBLOCK;
}

static ssize_t pipe_file_read(struct file *f, struct vm_writer *w,
			      uint64_t *pos)
{
	struct pipe_io io = { .w = w };

	(void)pos;
	return pipe_read(file_end(f)->pipe, &io, nonblock(f));
}

/* SIGPIPE for the writing thread (a standard signal: should the caller
 * raise it too, the two sends make one pending signal). */
static void pipe_sigpipe(void)
{
	struct sig_thread *t = sig_thread_current();
	struct ksiginfo info;

	if (!t)
		return;
	ksiginfo_init(&info, SIGPIPE, SI_USER);
	(void)signal_send_thread(t, &info);
}

static ssize_t pipe_file_write(struct file *f, struct vm_reader *r,
			       uint64_t *pos)
{
	struct pipe_io io = { .r = r };
	ssize_t ret;

	(void)pos;
	ret = pipe_write(file_end(f)->pipe, &io, nonblock(f));
	if (ret == -EPIPE)
		pipe_sigpipe();
	return ret;
}

static ssize_t pipe_file_write_kernel(struct file *f, uint8_t *buf, size_t n,
				      uint64_t *pos)
{
	struct pipe_io io = { .kbuf = buf, .klen = n };
	ssize_t ret;

	(void)pos;
	ret = pipe_write(file_end(f)->pipe, &io, nonblock(f));
	if (ret == -EPIPE)
		pipe_sigpipe();
	return ret;
}

static long pipe_file_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	int n;

	if (cmd != PIPE_FIONREAD)
		return -ENOTTY;
	n = (int)pipe_nread(file_end(f)->pipe);
	return frame_copy_to_user(uaddr_from_syscall_arg(arg), &n, sizeof(n));
}

static long pipe_file_fcntl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct pipe *pipe = file_end(f)->pipe;

	if (cmd == F_GETPIPE_SZ)
		return (long)pipe_size(pipe);
	if (cmd == F_SETPIPE_SZ)
		/* fcntl's argument is an int: a negative one is huge. */
		return pipe_set_size(pipe, (uint64_t)(unsigned int)arg);
	return -EINVAL;
}

static unsigned int pipe_file_poll_read(struct file *f, struct frame_poller *p)
{
	struct pipe *pipe = file_end(f)->pipe;

	fs_poll_wait(p, &pipe->rd_wq);
	return pipe_poll_read(pipe);
}

static unsigned int pipe_file_poll_write(struct file *f, struct frame_poller *p)
{
	struct pipe *pipe = file_end(f)->pipe;

	fs_poll_wait(p, &pipe->wr_wq);
	return pipe_poll_write(pipe);
}

static unsigned int pipe_file_poll_rdwr(struct file *f, struct frame_poller *p)
{
	struct pipe *pipe = file_end(f)->pipe;

	fs_poll_wait(p, &pipe->rd_wq);
	fs_poll_wait(p, &pipe->wr_wq);
	return pipe_poll_read(pipe) | pipe_poll_write(pipe);
}

static void pipe_file_release(struct file *f)
{
	struct pipe_end *end = file_end(f);

	if (end->fifo) {
		fifo_end_closed(end->fifo, end->reader, end->writer);
	} else {
		if (end->reader)
			pipe_close_end(end->pipe, false);
		if (end->writer)
			pipe_close_end(end->pipe, true);
	}
	frame_free(end);
}

static const struct file_ops pipe_read_fops = {
	.read = pipe_file_read,
	.ioctl = pipe_file_ioctl,
	.poll = pipe_file_poll_read,
	.release = pipe_file_release,
	.fcntl = pipe_file_fcntl,
};

static const struct file_ops pipe_write_fops = {
	.write = pipe_file_write,
	.write_kernel = pipe_file_write_kernel,
	.ioctl = pipe_file_ioctl,
	.poll = pipe_file_poll_write,
	.release = pipe_file_release,
	.fcntl = pipe_file_fcntl,
};

static const struct file_ops pipe_rdwr_fops = {
	.read = pipe_file_read,
	.write = pipe_file_write,
	.write_kernel = pipe_file_write_kernel,
	.ioctl = pipe_file_ioctl,
	.poll = pipe_file_poll_rdwr,
	.release = pipe_file_release,
	.fcntl = pipe_file_fcntl,
};

int pipe_fifo_attach(struct file *f, struct pipe *p, struct fifo *fifo,
		     bool reader, bool writer)
{
	struct pipe_end *e = frame_zalloc(sizeof(*e));

	if (!e)
		return -ENOMEM;
	e->pipe = p;
	e->fifo = fifo;
	e->reader = reader;
	e->writer = writer;
	file_open_attach(f,
			 reader && writer ? &pipe_rdwr_fops
			 : writer	  ? &pipe_write_fops
					  : &pipe_read_fops,
			 &e->priv);
	return 0;
}

int pipe_files_create(bool nonblock_, struct file **rd, struct file **wr)
{
	unsigned int nb = nonblock_ ? O_NONBLOCK : 0;
	struct pipe_end *re, *we;
	struct pipe *p;

	p = pipe_create();
	if (!p)
		return -ENOMEM;
	re = frame_zalloc(sizeof(*re));
	we = frame_zalloc(sizeof(*we));
	if (!re || !we)
		goto out_free;
	re->pipe = we->pipe = p;
	re->reader = true;
	we->writer = true;
	*rd = file_create_anon(&pipe_read_fops, O_RDONLY | nb, &re->priv);
	if (!*rd)
		goto out_free;
	*wr = file_create_anon(&pipe_write_fops, O_WRONLY | nb, &we->priv);
	if (!*wr) {
		/* The read end's release closes its side and frees @re. */
		file_put(*rd);
		pipe_close_end(p, true);
		frame_free(we);
		return -ENOMEM;
	}
	return 0;

out_free:
	frame_free(re);
	frame_free(we);
	pipe_close_end(p, false);
	pipe_close_end(p, true);
	return -ENOMEM;
}
