/* SPDX-License-Identifier: MIT */
/* Spinlocks with interrupt-disabling guards, mutexes, wait queues. */
#ifndef FRAME_SYNC_H
#define FRAME_SYNC_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * Why in the frame: a lock is only as good as its interaction with the
 * scheduler and the interrupt controller. A spinlock must keep the holder
 * from being preempted on its CPU (else a waiter on that CPU spins for a
 * whole time slice), and the _irqsave forms must clear RFLAGS.IF, which
 * C cannot do. Mutexes and wait queues put the calling task to sleep,
 * which is a context switch. So services get the locks from here and
 * cannot build their own from atomics that the scheduler knows nothing of.
 *
 * Contexts. Spinlocks may be taken anywhere, including hard handlers and
 * bottom halves; one that is also taken in an interrupt must be taken
 * with interrupts off elsewhere (the _irqsave forms). Everything that may
 * sleep (frame_mutex_lock(), frame_waitq_wait*(), task_sleep_ns(),
 * task_join(), task_yield()) must be called from task context with no
 * spinlock held and interrupts on; in debug builds (without NDEBUG) a
 * violation is a panic naming the caller: "sleeping in atomic context".
 */

/*
 * A test-and-test-and-set spinlock. Not fair, not recursive: taking it
 * twice on one CPU deadlocks. While it is held, the holder's CPU does not
 * preempt the holder (interrupts still run unless the _irqsave form was
 * used).
 */
struct __frame_nocopy frame_spinlock {
	bool locked_; /* private */
};

#define FRAME_SPINLOCK_INIT      \
	{                        \
		.locked_ = false \
	}

void frame_spin_lock(struct frame_spinlock *l);
void frame_spin_unlock(struct frame_spinlock *l);
/* Take @l if it is free; returns whether it was taken. Never spins. */
bool frame_spin_trylock(struct frame_spinlock *l);

/*
 * Disable interrupts on this CPU, then lock; the return value is what
 * frame_spin_unlock_irqrestore() needs to put the interrupt flag back, so
 * the pair nests inside other _irqsave sections.
 */
uint64_t frame_spin_lock_irqsave(struct frame_spinlock *l);
void frame_spin_unlock_irqrestore(struct frame_spinlock *l, uint64_t flags);

/*
 * An interrupt-disabling guard: holds the lock and the saved interrupt
 * state together, so that the unlock cannot pair with the wrong flags.
 *
 *	struct frame_spin_guard g = frame_spin_guard(&lock);
 *	...
 *	frame_spin_guard_release(&g);
 *
 * FRAME_SPIN_SCOPED(name, &lock) declares such a guard that is released
 * automatically when the enclosing block is left by any path.
 */
struct __frame_nocopy frame_spin_guard {
	struct frame_spinlock *lock_;
	uint64_t flags_;
};

static inline struct frame_spin_guard frame_spin_guard(struct frame_spinlock *l)
{
	struct frame_spin_guard g = { .lock_ = l,
				      .flags_ = frame_spin_lock_irqsave(l) };

	return g;
}

static inline void frame_spin_guard_release(struct frame_spin_guard *g)
{
	if (g->lock_)
		frame_spin_unlock_irqrestore(g->lock_, g->flags_);
	g->lock_ = NULL;
}

#define FRAME_SPIN_SCOPED(name, l)                           \
	struct frame_spin_guard name __attribute__((unused)) \
	__attribute__((cleanup(frame_spin_guard_release))) = \
		frame_spin_guard(l)

/* Whether the calling CPU holds any spinlock (for assertions). */
bool frame_spin_any_held(void);

/*
 * A wait queue: tasks sleep on it until woken or until a deadline. The
 * condition they wait for is the caller's; FRAME_WAIT_EVENT_TIMEOUT below
 * re-checks it after every wake-up, so spurious wake-ups are harmless.
 */
struct __frame_nocopy frame_waitq {
	struct frame_spinlock lock_;
	struct {
		void *prev_, *next_; /* private: the sleepers */
	} list_;
	struct frame_live_ live_; /* while it has waiters */
};

#define FRAME_WAITQ_INIT(name)                           \
	{                                                \
		.lock_ = FRAME_SPINLOCK_INIT, .list_ = { \
			.prev_ = &(name).list_,          \
			.next_ = &(name).list_           \
		}                                        \
	}

void frame_waitq_init(struct frame_waitq *wq);

/*
 * One sleeper, on the sleeper's stack; or a wake callback, in the object
 * of the service that installed it (frame_waitq_add_callback()). Fields
 * are private to the frame.
 */
struct __frame_nocopy frame_waiter {
	void *prev_, *next_;
	struct task *task_;
	void (*fn_)(struct frame_waiter *w);
	bool woken_, queued_, interruptible_;
};

/*
 * The three steps of a wait, for conditions a macro cannot express:
 * frame_waitq_prepare() queues @w and marks the caller as about to sleep
 * (a wake-up from here on is not lost); then the caller checks its
 * condition and, if it does not hold, calls frame_waitq_sleep(), which
 * switches away until a wake-up or @deadline_ns on the monotonic clock
 * (FRAME_WAIT_FOREVER for none) and returns 0 or -ETIMEDOUT (or -EINTR,
 * see below); finally frame_waitq_finish() dequeues @w. Between prepare
 * and finish the caller must not sleep on anything else.
 */
#define FRAME_WAIT_FOREVER UINT64_MAX
void frame_waitq_prepare(struct frame_waitq *wq, struct frame_waiter *w);

/*
 * frame_waitq_prepare_interruptible() - frame_waitq_prepare() for a wait
 * that task_interrupt() (<frame/task.h>) ends: frame_waitq_sleep() then
 * returns -EINTR, at once when the caller's interrupt mark is already set.
 */
void frame_waitq_prepare_interruptible(struct frame_waitq *wq,
				       struct frame_waiter *w);
int frame_waitq_sleep(struct frame_waitq *wq, struct frame_waiter *w,
		      uint64_t deadline_ns);
void frame_waitq_finish(struct frame_waitq *wq, struct frame_waiter *w);

/* Wake one sleeper (the longest waiting) or all; returns how many. Any
 * context, including hard handlers. */
unsigned int frame_waitq_wake_one(struct frame_waitq *wq);
unsigned int frame_waitq_wake_all(struct frame_waitq *wq);

/* For FRAME_WAIT_EVENT_TIMEOUT: now + @ns, saturating. */
uint64_t frame_waitq_deadline(uint64_t ns);

/*
 * Sleep on @wq until @cond holds (0) or @ns nanoseconds of the monotonic
 * clock pass (-ETIMEDOUT, with @cond checked one last time). @ns of
 * FRAME_WAIT_FOREVER never times out. @cond is evaluated with no lock
 * held; the waker must make it true before waking the queue.
 */
#define FRAME_WAIT_EVENT_TIMEOUT(wq, cond, ns) \
	FRAME_WAIT_EVENT_(wq, cond, ns, frame_waitq_prepare)

/*
 * FRAME_WAIT_EVENT_INTERRUPTIBLE() - FRAME_WAIT_EVENT_TIMEOUT() that
 * task_interrupt() ends with -EINTR (unless @cond holds by then).
 */
#define FRAME_WAIT_EVENT_INTERRUPTIBLE(wq, cond, ns) \
	FRAME_WAIT_EVENT_(wq, cond, ns, frame_waitq_prepare_interruptible)

#define FRAME_WAIT_EVENT_(wq, cond, ns, prepare)                   \
	({                                                         \
		struct frame_waiter w__;                           \
		uint64_t dl__ = frame_waitq_deadline(ns);          \
		int r__ = 0;                                       \
		for (;;) {                                         \
			prepare((wq), &w__);                       \
			if (cond)                                  \
				break;                             \
			r__ = frame_waitq_sleep((wq), &w__, dl__); \
			if (r__) {                                 \
				r__ = (cond) ? 0 : r__;            \
				break;                             \
			}                                          \
			frame_waitq_finish((wq), &w__);            \
		}                                                  \
		frame_waitq_finish((wq), &w__);                    \
		r__;                                               \
	})

/*
 * Wake callbacks, what poll, select and epoll are built on: @fn(@w) is
 * called at every wake-up of @wq (frame_waitq_wake_one() and _all() call
 * every callback, and wake sleepers as they say), with the queue's lock
 * held and interrupts off, in whatever context the waker runs: it must
 * not sleep or take the queue's lock, and usually records readiness and
 * wakes a queue of its own. @w is embedded in the service's object,
 * which finds itself with container_of(), and stays queued until
 * frame_waitq_remove_callback(), after which @fn is not running and will
 * not be called. Any context. Why in the frame: the callback runs inside
 * the frame's wake path, under the queue's lock, whose list is private.
 */
void frame_waitq_add_callback(struct frame_waitq *wq, struct frame_waiter *w,
			      void (*fn)(struct frame_waiter *w));
void frame_waitq_remove_callback(struct frame_waitq *wq,
				 struct frame_waiter *w);

/*
 * A poller: one task waiting on several queues at once, until any of
 * them is woken (select, poll, epoll_wait). One entry per queue, on the
 * caller's stack or in its object:
 *
 *	struct frame_poller p;
 *	struct frame_poll_entry e[2];
 *
 *	frame_poller_init(&p, true);
 *	frame_poller_add(&p, &a->wq, &e[0]);
 *	frame_poller_add(&p, &b->wq, &e[1]);
 *	for (;;) {
 *		frame_poller_prepare(&p);
 *		if (a_ready(a) || b_ready(b))
 *			break;
 *		err = frame_poller_sleep(&p, deadline);
 *		if (err)
 *			break;
 *	}
 *	frame_poller_finish(&p);
 *
 * After frame_poller_prepare() a wake-up of any added queue is not lost;
 * frame_poller_sleep() returns 0 (woken, or spuriously: check again),
 * -ETIMEDOUT at the absolute @deadline_ns (FRAME_WAIT_FOREVER: none) or,
 * for an interruptible poller, -EINTR (task_interrupt()).
 * frame_poller_finish() removes every entry; the entries may be reused or
 * freed after it. Task context only, like every wait. Why in the frame:
 * a sleep that any of several queues ends is a scheduler state, which
 * services cannot build from single-queue waits without losing wake-ups.
 */
struct frame_poller;

struct __frame_nocopy frame_poll_entry {
	struct frame_waiter w_;
	struct frame_waitq *wq_;
	struct frame_poller *poller_;
	struct frame_poll_entry *next_;
};

struct __frame_nocopy frame_poller {
	struct task *task_;
	struct frame_poll_entry *entries_;
	bool woken_, interruptible_;
};

void frame_poller_init(struct frame_poller *p, bool interruptible);
void frame_poller_add(struct frame_poller *p, struct frame_waitq *wq,
		      struct frame_poll_entry *e);
void frame_poller_prepare(struct frame_poller *p);
int frame_poller_sleep(struct frame_poller *p, uint64_t deadline_ns);
void frame_poller_finish(struct frame_poller *p);

/*
 * A sleeping mutex: one owner, a task; waiters sleep instead of spinning.
 * Not recursive (locking it twice from one task is a BUG), and only the
 * owner may unlock it.
 */
struct __frame_nocopy frame_mutex {
	struct frame_spinlock lock_;
	struct task *owner_;
	struct frame_waitq waiters_;
};

#define FRAME_MUTEX_INIT(name)                                \
	{                                                     \
		.lock_ = FRAME_SPINLOCK_INIT, .owner_ = NULL, \
		.waiters_ = FRAME_WAITQ_INIT((name).waiters_) \
	}

void frame_mutex_init(struct frame_mutex *m);
void frame_mutex_lock(struct frame_mutex *m);
/* Take the mutex if free; returns whether it was taken. Never sleeps. */
bool frame_mutex_trylock(struct frame_mutex *m);
void frame_mutex_unlock(struct frame_mutex *m);
/* Whether the calling task owns @m. */
bool frame_mutex_held(const struct frame_mutex *m);

/*
 * A completion: one event that tasks wait for, with a timeout.
 */
struct __frame_nocopy frame_completion {
	bool done_;
	struct frame_waitq wq_;
};

void frame_completion_init(struct frame_completion *c);
void frame_completion_complete(struct frame_completion *c);
/* 0 once completed, -ETIMEDOUT after @ns (FRAME_WAIT_FOREVER: never). */
int frame_completion_wait(struct frame_completion *c, uint64_t ns);

#endif /* FRAME_SYNC_H */
