/* SPDX-License-Identifier: MIT */
/* FIFOs: open's rendezvous of readers and writers over a shared pipe. */
#include "fifo.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/sync.h>

#include <fs/fs.h>

#include "pipe.h"
#include "pipe_file.h"

/*
 * The object of a FIFO node. @lock guards @pipe (present while some end
 * is open) and the ends' opening and closing. @r_opens and @w_opens
 * count the opens of each side ever made: an open waiting for the other
 * side waits for its count to move, so that a partner that opens and
 * closes at once still releases it (as on Linux). @wq is woken at every
 * open.
 */
struct fifo {
	struct frame_mutex lock;
	struct pipe *pipe;
	unsigned int r_opens, w_opens;
	struct frame_waitq wq;
};

/* Makes the slots' objects: one lock for every FIFO's first open. */
static struct frame_mutex fifo_slot_lock = FRAME_MUTEX_INIT(fifo_slot_lock);

static struct fifo *fifo_of_slot(struct fifo **slot)
{
	struct fifo *fifo;

	frame_mutex_lock(&fifo_slot_lock);
	fifo = *slot;
	if (!fifo) {
		fifo = frame_zalloc(sizeof(*fifo));
		if (fifo) {
			frame_mutex_init(&fifo->lock);
			frame_waitq_init(&fifo->wq);
			*slot = fifo;
		}
	}
	frame_mutex_unlock(&fifo_slot_lock);
	return fifo;
}

/* Drop the sides of an end; the last one takes the pipe. @lock held. */
static void fifo_drop_locked(struct fifo *fifo, bool reader, bool writer)
{
	struct pipe *p = fifo->pipe;
	bool last = pipe_ends(p, false) == (reader ? 1u : 0u) &&
		    pipe_ends(p, true) == (writer ? 1u : 0u);

	if (reader)
		pipe_close_end(p, false);
	if (writer)
		pipe_close_end(p, true);
	if (last)
		fifo->pipe = NULL; /* freed by its last close */
}

void fifo_end_closed(struct fifo *fifo, bool reader, bool writer)
{
	frame_mutex_lock(&fifo->lock);
	fifo_drop_locked(fifo, reader, writer);
	frame_mutex_unlock(&fifo->lock);
}

static unsigned int opens(const unsigned int *counter)
{
	return __atomic_load_n(counter, __ATOMIC_ACQUIRE);
}

/* Wait until the other side's open count moves from @seen. */
static int fifo_wait_partner(struct fifo *fifo, const unsigned int *counter,
			     unsigned int seen)
{
	int err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
		&fifo->wq, opens(counter) != seen, FRAME_WAIT_FOREVER);

	return err ? -ERESTARTSYS : 0;
}

static int fifo_open(struct fifo **slot, struct file *f)
{
	unsigned int fl = file_flags(f), acc = fl & O_ACCMODE;
	bool nonblock = fl & O_NONBLOCK;
	bool reader = acc != O_WRONLY, writer = acc != O_RDONLY;
	unsigned int *partner = NULL, seen = 0;
	struct fifo *fifo = fifo_of_slot(slot);
	struct pipe *p;
	int err;

	if (!fifo)
		return -ENOMEM;
	frame_mutex_lock(&fifo->lock);
	if (!fifo->pipe) {
		if (acc == O_WRONLY && nonblock) {
			err = -ENXIO; /* no reader: there is no pipe either */
			goto out_unlock;
		}
		fifo->pipe = pipe_create_unopened();
		if (!fifo->pipe) {
			err = -ENOMEM;
			goto out_unlock;
		}
	}
	p = fifo->pipe;
	if (acc == O_WRONLY && nonblock && !pipe_ends(p, false)) {
		err = -ENXIO;
		goto out_unlock;
	}
	if (reader)
		pipe_open_end(p, false);
	if (writer)
		pipe_open_end(p, true);
	if (reader)
		__atomic_store_n(&fifo->r_opens, fifo->r_opens + 1,
				 __ATOMIC_RELEASE);
	if (writer)
		__atomic_store_n(&fifo->w_opens, fifo->w_opens + 1,
				 __ATOMIC_RELEASE);
	/* one side alone waits for the other, unless told not to */
	if (acc == O_RDONLY && !nonblock && !pipe_ends(p, true))
		partner = &fifo->w_opens;
	else if (acc == O_WRONLY && !pipe_ends(p, false))
		partner = &fifo->r_opens;
	if (partner)
		seen = *partner;
	frame_mutex_unlock(&fifo->lock);
	frame_waitq_wake_all(&fifo->wq);
	err = partner ? fifo_wait_partner(fifo, partner, seen) : 0;
	if (!err)
		err = pipe_fifo_attach(f, p, fifo, reader, writer);
	if (err)
		fifo_end_closed(fifo, reader, writer);
	return err;

out_unlock:
	frame_mutex_unlock(&fifo->lock);
	return err;
}

static void fifo_destroy(struct fifo *fifo)
{
	frame_free(fifo);
}

const struct fs_fifo_ops ipc_fifo_ops = {
	.open = fifo_open,
	.destroy = fifo_destroy,
};

void fifo_register(void)
{
	fs_set_fifo_ops(&ipc_fifo_ops);
}
