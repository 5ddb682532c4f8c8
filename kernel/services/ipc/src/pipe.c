/* SPDX-License-Identifier: MIT */
/* The pipe buffer: ring, blocking reads and writes, end-of-file and EPIPE. */
#include "pipe.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

BUILD_BUG_ON(PIPE_SIZE &(PIPE_SIZE - 1));

static size_t pipe_cap(const struct pipe *p)
{
	return __atomic_load_n(&p->size, __ATOMIC_ACQUIRE);
}

/* The counters as a waiter sees them, without the lock. */
static size_t pipe_used(const struct pipe *p)
{
	return __atomic_load_n(&p->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&p->tail, __ATOMIC_ACQUIRE);
}

static unsigned int pipe_writers(const struct pipe *p)
{
	return __atomic_load_n(&p->writers, __ATOMIC_ACQUIRE);
}

static unsigned int pipe_readers(const struct pipe *p)
{
	return __atomic_load_n(&p->readers, __ATOMIC_ACQUIRE);
}

struct pipe *pipe_create_unopened(void)
{
	struct pipe *p = frame_zalloc(sizeof(*p));

	if (!p)
		return NULL;
	frame_mutex_init(&p->lock);
	frame_waitq_init(&p->rd_wq);
	frame_waitq_init(&p->wr_wq);
	p->size = PIPE_SIZE;
	return p;
}

struct pipe *pipe_create(void)
{
	struct pipe *p = pipe_create_unopened();

	if (!p)
		return NULL;
	p->readers = 1;
	p->writers = 1;
	p->refs = 2;
	return p;
}

void pipe_open_end(struct pipe *p, bool writer)
{
	frame_mutex_lock(&p->lock);
	if (writer)
		__atomic_store_n(&p->writers, p->writers + 1, __ATOMIC_RELEASE);
	else
		__atomic_store_n(&p->readers, p->readers + 1, __ATOMIC_RELEASE);
	p->refs++;
	frame_mutex_unlock(&p->lock);
}

unsigned int pipe_ends(struct pipe *p, bool writer)
{
	return writer ? pipe_writers(p) : pipe_readers(p);
}

void pipe_close_end(struct pipe *p, bool writer)
{
	bool last;

	frame_mutex_lock(&p->lock);
	if (writer)
		__atomic_store_n(&p->writers, p->writers - 1, __ATOMIC_RELEASE);
	else
		__atomic_store_n(&p->readers, p->readers - 1, __ATOMIC_RELEASE);
	last = --p->refs == 0;
	frame_mutex_unlock(&p->lock);
	if (!last) {
		/* Readers see end of file, writers EPIPE. */
		frame_waitq_wake_all(writer ? &p->rd_wq : &p->wr_wq);
		return;
	}
	for (int i = 0; i < PIPE_MAX_PAGES; i++)
		frame_free(p->page[i]);
	frame_free(p);
}

static size_t io_remain(const struct pipe_io *io)
{
	if (io->w)
		return vm_writer_remain(io->w);
	if (io->r)
		return vm_reader_remain(io->r);
	return io->klen - io->kpos;
}

/*
 * Copy @n bytes from the ring at @pos to @io; returns how many went
 * (fewer after a fault).
 */
static size_t ring_to_io(struct pipe *p, size_t pos, struct pipe_io *io,
			 size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t off = (pos + done) & (p->size - 1);
		size_t in_page = off % PIPE_PAGE_SIZE;
		size_t chunk = MIN(n - done, PIPE_PAGE_SIZE - in_page);
		const uint8_t *src = p->page[off / PIPE_PAGE_SIZE] + in_page;

		if (io->w) {
			size_t before = vm_writer_remain(io->w);

			if (vm_writer_write(io->w, src, chunk))
				return done + before - vm_writer_remain(io->w);
		} else {
			memcpy(io->kbuf + io->kpos, src, chunk);
			io->kpos += chunk;
		}
		done += chunk;
	}
	return done;
}

/* Copy @n bytes of @io into the ring at @pos, allocating pages; returns
 * how many went, fewer after a fault; *@err says why it stopped. */
static size_t io_to_ring(struct pipe *p, size_t pos, struct pipe_io *io,
			 size_t n, int *err)
{
	size_t done = 0;

	*err = 0;
	while (done < n) {
		size_t off = (pos + done) & (p->size - 1);
		size_t in_page = off % PIPE_PAGE_SIZE;
		size_t chunk = MIN(n - done, PIPE_PAGE_SIZE - in_page);
		uint8_t **page = &p->page[off / PIPE_PAGE_SIZE];

		if (!*page) {
			*page = frame_alloc(PIPE_PAGE_SIZE);
			if (!*page) {
				*err = -ENOMEM;
				return done;
			}
		}
		if (io->r) {
			size_t before = vm_reader_remain(io->r);

			if (vm_reader_read(io->r, *page + in_page, chunk)) {
				*err = -EFAULT;
				return done + before - vm_reader_remain(io->r);
			}
		} else {
			memcpy(*page + in_page, io->kbuf + io->kpos, chunk);
			io->kpos += chunk;
		}
		done += chunk;
	}
	return done;
}

ssize_t pipe_read(struct pipe *p, struct pipe_io *io, bool nonblock)
{
	size_t want = io_remain(io), n;
	ssize_t ret;
	int err;

	if (!want)
		return 0;
	frame_mutex_lock(&p->lock);
	for (;;) {
		size_t used = p->head - p->tail;

		if (used) {
			n = ring_to_io(p, p->tail, io, MIN(used, want));
			__atomic_store_n(&p->tail, p->tail + n,
					 __ATOMIC_RELEASE);
			ret = n ? (ssize_t)n : -EFAULT;
			break;
		}
		if (!p->writers) {
			ret = 0;
			break;
		}
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		frame_mutex_unlock(&p->lock);
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&p->rd_wq, pipe_used(p) > 0 || pipe_writers(p) == 0,
			FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
		frame_mutex_lock(&p->lock);
	}
	frame_mutex_unlock(&p->lock);
	if (ret > 0)
		frame_waitq_wake_all(&p->wr_wq);
	return ret;
}

/* Whether a write of @total bytes may put some in now. */
static bool pipe_room_for(const struct pipe *p, size_t total)
{
	size_t room = pipe_cap(p) - pipe_used(p);

	return total <= PIPE_BUF ? room >= total : room > 0;
}

ssize_t pipe_write(struct pipe *p, struct pipe_io *io, bool nonblock)
{
	size_t total = io_remain(io), written = 0;
	int err = 0;

	if (!total)
		return 0;
	frame_mutex_lock(&p->lock);
	for (;;) {
		size_t n;

		if (!p->readers) {
			err = -EPIPE;
			break;
		}
		if (pipe_room_for(p, total)) {
			n = MIN(p->size - (p->head - p->tail), total - written);
			n = io_to_ring(p, p->head, io, n, &err);
			__atomic_store_n(&p->head, p->head + n,
					 __ATOMIC_RELEASE);
			written += n;
			if (n)
				frame_waitq_wake_all(&p->rd_wq);
			if (err || written == total)
				break;
			continue;
		}
		if (nonblock) {
			err = -EAGAIN;
			break;
		}
		frame_mutex_unlock(&p->lock);
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&p->wr_wq, pipe_room_for(p, total) || !pipe_readers(p),
			FRAME_WAIT_FOREVER);
		if (err) {
			err = -ERESTARTSYS;
			return written ? (ssize_t)written : err;
		}
		frame_mutex_lock(&p->lock);
	}
	frame_mutex_unlock(&p->lock);
	return written ? (ssize_t)written : err;
}

unsigned int pipe_poll_read(struct pipe *p)
{
	unsigned int mask = 0;

	if (pipe_used(p))
		mask |= PIPE_POLLIN | PIPE_POLLRDNORM;
	if (!pipe_writers(p))
		mask |= PIPE_POLLHUP;
	return mask;
}

unsigned int pipe_poll_write(struct pipe *p)
{
	unsigned int mask = 0;

	if (pipe_cap(p) - pipe_used(p) >= PIPE_BUF)
		mask |= PIPE_POLLOUT | PIPE_POLLWRNORM;
	if (!pipe_readers(p))
		mask |= PIPE_POLLERR;
	return mask;
}

size_t pipe_nread(struct pipe *p)
{
	return pipe_used(p);
}

size_t pipe_size(struct pipe *p)
{
	return pipe_cap(p);
}

long pipe_set_size(struct pipe *p, uint64_t bytes)
{
	size_t size = PIPE_PAGE_SIZE, used;
	struct pipe_io io = { 0 };
	uint8_t *save = NULL;
	long ret;
	int err;

	if (bytes > (1ull << 31))
		return -EINVAL;
	if (bytes > PIPE_MAX_SIZE)
		return -EPERM; /* Linux lets a privileged caller go further */
	while (size < bytes)
		size <<= 1;
	frame_mutex_lock(&p->lock);
	used = p->head - p->tail;
	if (used > size) {
		ret = -EBUSY;
		goto out;
	}
	/* The ring's positions depend on its size: take the queued bytes
	 * out, resize, and put them back from the start. */
	if (used) {
		save = frame_alloc(used);
		if (!save) {
			ret = -ENOMEM;
			goto out;
		}
		io.kbuf = save;
		io.klen = used;
		ring_to_io(p, p->tail, &io, used);
	}
	for (size_t i = size / PIPE_PAGE_SIZE; i < PIPE_MAX_PAGES; i++) {
		frame_free(p->page[i]);
		p->page[i] = NULL;
	}
	__atomic_store_n(&p->size, size, __ATOMIC_RELEASE);
	p->tail = 0;
	__atomic_store_n(&p->head, 0, __ATOMIC_RELEASE);
	if (used) {
		io.kpos = 0;
		if (io_to_ring(p, 0, &io, used, &err) != used) {
			/* Pages were there for these bytes a moment ago; the
			 * ones the new positions need may not be. */
			ret = err;
			goto out_free;
		}
		__atomic_store_n(&p->head, used, __ATOMIC_RELEASE);
	}
	ret = (long)size;
out_free:
	frame_free(save);
out:
	frame_mutex_unlock(&p->lock);
	if (ret > 0)
		frame_waitq_wake_all(&p->wr_wq);
	return ret;
}
