/* SPDX-License-Identifier: MIT */
/* Fixture frame: objects with private members and identities. */
#ifndef FRAME_SYNC_H
#define FRAME_SYNC_H

#include <frame/compiler.h>
#include <frame/types.h>

struct __frame_nocopy frame_spinlock {
	bool locked_;
};

#define FRAME_SPINLOCK_INIT { .locked_ = false }

void frame_spin_lock(struct frame_spinlock *l);
void frame_spin_unlock(struct frame_spinlock *l);

/* Made by a function: initialising one from the call is not a copy. */
struct __frame_nocopy frame_spin_guard {
	struct frame_spinlock *lock_;
	unsigned long flags_;
};

static inline struct frame_spin_guard frame_spin_guard(struct frame_spinlock *l)
{
	struct frame_spin_guard g = { .lock_ = l, .flags_ = 0 };

	frame_spin_lock(l);
	return g;
}

static inline void frame_spin_guard_release(struct frame_spin_guard *g)
{
	frame_spin_unlock(g->lock_);
	g->lock_ = NULL;
}

/* A queue whose initialiser macro names private members. */
struct __frame_nocopy frame_waitq {
	struct frame_spinlock lock_;
	struct {
		void *prev_, *next_;
	} list_;
};

#define FRAME_WAITQ_INIT(name)                                               \
	{                                                                    \
		.lock_ = FRAME_SPINLOCK_INIT,                                \
		.list_ = { .prev_ = &(name).list_, .next_ = &(name).list_ } \
	}

/* Private members but no identity: copies are fine. */
typedef struct {
	bool enabled_;
} frame_irq_state_t;

frame_irq_state_t frame_irq_save(void);
void frame_irq_restore(frame_irq_state_t s);

/* Public and private members side by side. */
struct frame_stat {
	unsigned long count;
	unsigned long seq_;
};

#endif
