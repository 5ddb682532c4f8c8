/* SPDX-License-Identifier: MIT */
/* A pipe's buffer: a 64 KiB ring with blocking, atomic small writes, EOF. */
#ifndef IPC_PIPE_H
#define IPC_PIPE_H

#include <frame/sync.h>
#include <frame/types.h>
#include <frame/user.h>

#define PIPE_PAGE_SIZE 4096
#define PIPE_PAGES     16
#define PIPE_SIZE      (PIPE_PAGES * PIPE_PAGE_SIZE) /* a new pipe's */
/* F_SETPIPE_SZ's ceiling: Linux's default /proc/sys/fs/pipe-max-size. */
#define PIPE_MAX_PAGES 256
#define PIPE_MAX_SIZE  (PIPE_MAX_PAGES * PIPE_PAGE_SIZE)
/* Writes of at most PIPE_BUF bytes are atomic (POSIX, Linux: 4096). */
#define PIPE_BUF 4096

/* Poll bits of Linux. */
#define PIPE_POLLIN	0x001
#define PIPE_POLLOUT	0x004
#define PIPE_POLLERR	0x008
#define PIPE_POLLHUP	0x010
#define PIPE_POLLRDNORM 0x040
#define PIPE_POLLWRNORM 0x100

/*
 * A pipe. @lock (a sleeping mutex: copies to and from user memory may
 * fault and sleep while it is held) guards the ring and the end counts.
 * The ring is a byte queue of @size bytes (a power of two pages)
 * indexed by free-running counters: [tail, head) holds data, its pages
 * are allocated on first use. @rd_wq is
 * woken when data arrives or the last writer leaves, @wr_wq when room
 * appears or the last reader leaves. @refs counts the open ends (the
 * files) that keep the pipe alive.
 */
struct pipe {
	struct frame_mutex lock;
	uint8_t *page[PIPE_MAX_PAGES];
	size_t size;
	size_t head, tail;
	unsigned int readers, writers;
	struct frame_waitq rd_wq, wr_wq;
	unsigned int refs;
};

/*
 * A read's destination or a write's source: user memory through a frame
 * writer/reader, or a kernel buffer. Exactly one of @w, @r, @kbuf is set.
 */
struct pipe_io {
	struct vm_writer *w;
	struct vm_reader *r;
	uint8_t *kbuf;
	size_t klen, kpos;
};

/* pipe_size() - the ring's capacity in bytes (F_GETPIPE_SZ) */
size_t pipe_size(struct pipe *p);

/*
 * pipe_set_size() - F_SETPIPE_SZ: the capacity becomes @bytes rounded up
 * to a power of two pages, at least one; the new size, or -EINVAL above
 * 2 GiB, -EPERM above PIPE_MAX_SIZE (for every caller: Keel keeps no
 * larger pipes), -EBUSY when the queued bytes would not fit, -ENOMEM.
 */
long pipe_set_size(struct pipe *p, uint64_t bytes);

/* pipe_create() - a pipe with one reader and one writer (@refs 2), or
 * NULL when out of memory */
struct pipe *pipe_create(void);

/* pipe_create_unopened() - a pipe without ends yet (a FIFO's, whose
 * ends come with pipe_open_end()); frees with its last end closed, so it
 * must get one. NULL when out of memory. */
struct pipe *pipe_create_unopened(void);

/* pipe_open_end() - one more end (@writer: a write end) */
void pipe_open_end(struct pipe *p, bool writer);

/* pipe_ends() - how many write (@writer) or read ends are open now */
unsigned int pipe_ends(struct pipe *p, bool writer);

/* pipe_close_end() - an end goes away (@writer: the write end); frees
 * the pipe with its last end */
void pipe_close_end(struct pipe *p, bool writer);

/*
 * pipe_read() - up to the io's size of the queued bytes (it does not wait
 * for more once it has some); 0 when empty with no writer left. -EAGAIN
 * (@nonblock, empty), -ERESTARTSYS (a signal before any byte), -EFAULT.
 */
ssize_t pipe_read(struct pipe *p, struct pipe_io *io, bool nonblock);

/*
 * pipe_write() - a write of at most PIPE_BUF bytes goes in whole or waits;
 * a larger one goes in as room appears and may be cut short by a signal
 * or O_NONBLOCK (the bytes written, or -ERESTARTSYS / -EAGAIN when none).
 * -EPIPE when no reader is left (the caller raises SIGPIPE), -ENOMEM,
 * -EFAULT.
 */
ssize_t pipe_write(struct pipe *p, struct pipe_io *io, bool nonblock);

/* pipe_poll_read(), pipe_poll_write() - the poll events of each end */
unsigned int pipe_poll_read(struct pipe *p);
unsigned int pipe_poll_write(struct pipe *p);

/* pipe_nread() - bytes queued (FIONREAD) */
size_t pipe_nread(struct pipe *p);

#endif /* IPC_PIPE_H */
