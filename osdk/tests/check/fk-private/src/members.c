/* SPDX-License-Identifier: MIT */
/* FK-PRIVATE: naming a private member: `.`, `->`, designators, offsetof. */
#include <frame/compiler.h>
#include <frame/sync.h>

#define FK_PEEK(l) ((l)->locked_)

struct fk_dev {
	int id;
	struct frame_spinlock lock;
	struct frame_waitq wq;
};

bool fk_read(struct frame_spinlock *l)
{
	return l->locked_;
}

void fk_write(struct fk_dev *d)
{
	d->lock.locked_ = false;
}

void fk_links(struct fk_dev *d)
{
	d->wq.list_.next_ = NULL;
}

bool fk_macro(struct frame_spinlock *l)
{
	return FK_PEEK(l);
}

struct frame_spinlock fk_designated = { .locked_ = true };

struct fk_dev fk_nested = { .lock = { .locked_ = true } };

unsigned long fk_offset(void)
{
	return offsetof(struct frame_spinlock, locked_) +
	       __builtin_offsetof(struct fk_dev, wq.lock_);
}

struct fk_dev *fk_back(struct frame_spinlock *l)
{
	return container_of(l, struct fk_dev, wq.lock_);
}

struct frame_spinlock *fk_reach(struct fk_dev *d)
{
	return &container_of(&d->lock, struct fk_dev, lock)->wq.lock_;
}

/* Fine: the frame's initialisers and inline functions, public members,
 * and sizeof, which reads nothing. */
static struct fk_dev fk_ok = {
	.id = 1,
	.lock = FRAME_SPINLOCK_INIT,
	.wq = FRAME_WAITQ_INIT(fk_ok.wq),
};

unsigned long fk_fine(struct frame_stat *s)
{
	struct frame_spin_guard g = frame_spin_guard(&fk_ok.lock);

	frame_spin_guard_release(&g);
	return s->count + sizeof(s->seq_);
}
