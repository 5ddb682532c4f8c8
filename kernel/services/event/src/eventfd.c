/* SPDX-License-Identifier: MIT */
/* eventfd files: the counter, its blocking reads and writes, and poll. */
#include "eventfd.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/sync.h>
#include <frame/user.h>

#include <fs/fs.h>

/*
 * One waitq serves readers and writers: every change of the counter can
 * let either side go on, and both re-check their condition after a wake.
 */
struct eventfd {
	struct file_priv priv;
	struct frame_waitq wq;
	bool semaphore;
	struct frame_mutex lock; /* guards: */
	uint64_t count;		 /* also read without it by waiters */
};

static const struct file_ops eventfd_fops;

struct eventfd *eventfd_of(struct file *f)
{
	struct file_priv *p = file_priv(f, &eventfd_fops);

	return p ? container_of(p, struct eventfd, priv) : NULL;
}

static uint64_t eventfd_count(const struct eventfd *e)
{
	return __atomic_load_n(&e->count, __ATOMIC_ACQUIRE);
}

static void eventfd_set(struct eventfd *e, uint64_t v)
{
	__atomic_store_n(&e->count, v, __ATOMIC_RELEASE);
}

int eventfd_take(struct eventfd *e, bool nonblock, uint64_t *val)
{
	int err;

	frame_mutex_lock(&e->lock);
	while (!e->count) {
		frame_mutex_unlock(&e->lock);
		if (nonblock)
			return -EAGAIN;
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&e->wq, eventfd_count(e) > 0, FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
		frame_mutex_lock(&e->lock);
	}
	*val = e->semaphore ? 1 : e->count;
	eventfd_set(e, e->count - *val);
	frame_mutex_unlock(&e->lock);
	frame_waitq_wake_all(&e->wq);
	return 0;
}

static bool eventfd_room(const struct eventfd *e, uint64_t val)
{
	return EVENTFD_MAX - eventfd_count(e) >= val;
}

int eventfd_add(struct eventfd *e, bool nonblock, uint64_t val)
{
	int err;

	if (val == UINT64_MAX)
		return -EINVAL;
	frame_mutex_lock(&e->lock);
	while (EVENTFD_MAX - e->count < val) {
		frame_mutex_unlock(&e->lock);
		if (nonblock)
			return -EAGAIN;
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&e->wq, eventfd_room(e, val), FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
		frame_mutex_lock(&e->lock);
	}
	eventfd_set(e, e->count + val);
	frame_mutex_unlock(&e->lock);
	if (val)
		frame_waitq_wake_all(&e->wq);
	return 0;
}

static bool nonblock(struct file *f)
{
	return file_flags(f) & O_NONBLOCK;
}

static ssize_t eventfd_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	uint64_t val;
	int err;

	(void)pos;
	if (vm_writer_remain(w) < sizeof(val))
		return -EINVAL;
	err = eventfd_take(eventfd_of(f), nonblock(f), &val);
	if (err)
		return err;
	/* As on Linux, a value taken but not copied out is lost. */
	if (vm_writer_write(w, &val, sizeof(val)))
		return -EFAULT;
	return sizeof(val);
}

static ssize_t eventfd_write(struct file *f, struct vm_reader *r, uint64_t *pos)
{
	uint64_t val;
	int err;

	(void)pos;
	if (vm_reader_remain(r) < sizeof(val))
		return -EINVAL;
	if (vm_reader_read(r, &val, sizeof(val)))
		return -EFAULT;
	err = eventfd_add(eventfd_of(f), nonblock(f), val);
	return err ? err : (ssize_t)sizeof(val);
}

static ssize_t eventfd_write_kernel(struct file *f, uint8_t *buf, size_t n,
				    uint64_t *pos)
{
	uint64_t val;
	int err;

	(void)pos;
	if (n < sizeof(val))
		return -EINVAL;
	memcpy(&val, buf, sizeof(val));
	err = eventfd_add(eventfd_of(f), nonblock(f), val);
	return err ? err : (ssize_t)sizeof(val);
}

static unsigned int eventfd_poll(struct file *f, struct frame_poller *p)
{
	struct eventfd *e = eventfd_of(f);
	unsigned int ev = 0;
	uint64_t n;

	fs_poll_wait(p, &e->wq);
	n = eventfd_count(e);
	if (n > 0)
		ev |= POLLIN | POLLRDNORM;
	if (n < EVENTFD_MAX)
		ev |= POLLOUT | POLLWRNORM;
	return ev;
}

static void eventfd_release(struct file *f)
{
	frame_free(eventfd_of(f));
}

static const struct file_ops eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.write_kernel = eventfd_write_kernel,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

int eventfd_file_create(uint64_t initval, unsigned int flags, struct file **out)
{
	struct eventfd *e = frame_zalloc(sizeof(*e));

	if (!e)
		return -ENOMEM;
	frame_mutex_init(&e->lock);
	frame_waitq_init(&e->wq);
	e->count = initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	*out = file_create_anon(&eventfd_fops, O_RDWR | (flags & EFD_NONBLOCK),
				&e->priv);
	if (!*out) {
		frame_free(e);
		return -ENOMEM;
	}
	return 0;
}
