/* SPDX-License-Identifier: MIT */
/* Tests of mutexes, wait queues, completions, guards, the atomic check. */
#include <frame/errno.h>
#include <frame/irq.h>
#include <frame/ktest.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/time.h>

#include "task/task.h"

/* Mutex contention: increments under the mutex, with sleeps inside. */
#define MUTEX_TASKS  4
#define MUTEX_ROUNDS 50

struct mutex_shared {
	struct task_entry entry;
	struct frame_mutex m;
	int counter;
	int inside; /* tasks inside the critical section: must stay <= 1 */
	int max_inside;
};

static int mutex_worker(struct task_entry *e)
{
	struct mutex_shared *s = container_of(e, struct mutex_shared, entry);

	for (int i = 0; i < MUTEX_ROUNDS; i++) {
		int in, c;

		frame_mutex_lock(&s->m);
		in = __atomic_add_fetch(&s->inside, 1, __ATOMIC_RELAXED);
		if (in > s->max_inside)
			s->max_inside = in;
		c = s->counter;

		if (i % 8 == 0)
			task_yield(); /* let the others pile up on the mutex */
		s->counter = c + 1;
		__atomic_sub_fetch(&s->inside, 1, __ATOMIC_RELAXED);
		frame_mutex_unlock(&s->m);
	}
	return 0;
}

KTEST(sync_mutex_contention)
{
	static struct mutex_shared s;
	struct task *t[MUTEX_TASKS];

	frame_mutex_init(&s.m);
	task_entry_init(&s.entry, mutex_worker);
	s.counter = s.inside = s.max_inside = 0;
	for (int i = 0; i < MUTEX_TASKS; i++)
		t[i] = task_spawn("mtx", &s.entry, TASK_PRIO_NORMAL);
	for (int i = 0; i < MUTEX_TASKS; i++)
		if (t[i])
			task_join(t[i]);
	for (int i = 0; i < MUTEX_TASKS; i++)
		KT_ASSERT_NOT_NULL(t[i]);
	KT_ASSERT_EQ(s.counter, MUTEX_TASKS * MUTEX_ROUNDS);
	KT_ASSERT_EQ(s.max_inside, 1);
	KT_ASSERT(frame_mutex_trylock(&s.m));
	KT_ASSERT(frame_mutex_held(&s.m));
	frame_mutex_unlock(&s.m);
	KT_ASSERT(!frame_mutex_held(&s.m));
}

/* Wait queue: a wake-up ends the wait early; no wake-up times out. */
struct wq_shared {
	struct task_entry entry;
	struct frame_waitq wq;
	bool flag;
	int result;
	uint64_t waited_ns;
};

static int wq_waiter(struct task_entry *e)
{
	struct wq_shared *s = container_of(e, struct wq_shared, entry);
	uint64_t start = frame_clock_monotonic_ns();

	s->result = FRAME_WAIT_EVENT_TIMEOUT(
		&s->wq, __atomic_load_n(&s->flag, __ATOMIC_ACQUIRE),
		FRAME_NSEC_PER_SEC);
	s->waited_ns = frame_clock_monotonic_ns() - start;
	return 0;
}

KTEST(sync_waitq_wake_ends_wait)
{
	static struct wq_shared s;
	struct task *t;

	frame_waitq_init(&s.wq);
	s.flag = false;
	s.result = 1;
	task_entry_init(&s.entry, wq_waiter);
	t = task_spawn("wqw", &s.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	__atomic_store_n(&s.flag, true, __ATOMIC_RELEASE);
	frame_waitq_wake_all(&s.wq);
	task_join(t);
	KT_ASSERT_EQ(s.result, 0);
	KT_ASSERT(s.waited_ns < FRAME_NSEC_PER_SEC);
}

KTEST(sync_waitq_times_out)
{
	struct frame_waitq wq;
	uint64_t start = frame_clock_monotonic_ns(), took;
	int r;

	frame_waitq_init(&wq);
	r = FRAME_WAIT_EVENT_TIMEOUT(&wq, false, 30 * FRAME_NSEC_PER_MSEC);
	took = frame_clock_monotonic_ns() - start;
	KT_ASSERT_EQ(r, -ETIMEDOUT);
	KT_ASSERT(took >= 30 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT(took < FRAME_NSEC_PER_SEC);
	KT_ASSERT_EQ(frame_waitq_wake_all(&wq), 0); /* nobody left queued */
}

/* A wake-up from a timer callback (bottom half) reaches the sleeper. */
static struct frame_completion timer_done;

static void complete_from_timer(struct frame_timer *t)
{
	(void)t;
	frame_completion_complete(&timer_done);
}

KTEST(sync_completion_from_bottom_half)
{
	struct frame_timer timer;

	frame_completion_init(&timer_done);
	frame_timer_init(&timer, complete_from_timer);
	frame_timer_arm_in(&timer, 5 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_EQ(frame_completion_wait(&timer_done, FRAME_NSEC_PER_SEC), 0);
	frame_completion_init(&timer_done);
	KT_ASSERT_EQ(
		frame_completion_wait(&timer_done, 5 * FRAME_NSEC_PER_MSEC),
		-ETIMEDOUT);
}

static int guard_scope(struct frame_spinlock *l, bool *held_inside)
{
	FRAME_SPIN_SCOPED(g, l);

	*held_inside =
		l->locked_ && !frame_irqs_enabled() && frame_spin_any_held();
	return 0; /* the guard unlocks on the way out */
}

KTEST(sync_spin_guard_disables_irqs_and_releases)
{
	struct frame_spinlock l = FRAME_SPINLOCK_INIT;
	struct frame_spin_guard g;
	bool inside = false;

	guard_scope(&l, &inside);
	KT_ASSERT(inside);
	KT_ASSERT(!l.locked_);
	KT_ASSERT(frame_irqs_enabled());
	KT_ASSERT(!frame_spin_any_held());

	g = frame_spin_guard(&l);
	KT_ASSERT(!frame_irqs_enabled());
	KT_ASSERT(!frame_spin_trylock(&l));
	frame_spin_guard_release(&g);
	KT_ASSERT(frame_irqs_enabled());
	KT_ASSERT(frame_spin_trylock(&l));
	frame_spin_unlock(&l);
}

/* Sleeping in atomic context: the predicate and the report. */
static const char *reported_caller, *reported_why;

/* Keeps the first report: the outermost sleeping call comes first. */
static void record_report(const char *caller, const char *why)
{
	if (reported_caller)
		return;
	reported_caller = caller;
	reported_why = why;
}

KTEST(sync_sleep_in_atomic_context_is_caught)
{
	struct frame_spinlock l = FRAME_SPINLOCK_INIT;
	struct frame_mutex m;
	const char *why = NULL;
	bool with_lock, with_irqs_off, normal;
	frame_irq_state_t s;
	uint64_t flags;

	normal = sched_may_sleep(&why);
	KT_ASSERT(normal);
	frame_spin_lock(&l);
	with_lock = sched_may_sleep(&why);
	frame_spin_unlock(&l);
	KT_ASSERT(!with_lock);
	KT_ASSERT_STREQ(why, "a spinlock held");
	s = frame_irq_save();
	with_irqs_off = sched_may_sleep(&why);
	frame_irq_restore(s);
	KT_ASSERT(!with_irqs_off);
	KT_ASSERT_STREQ(why, "interrupts disabled");

	/* The report names the caller (debug builds only). */
	frame_mutex_init(&m);
	reported_caller = reported_why = NULL;
	sched_atomic_report_set(record_report);
	flags = frame_spin_lock_irqsave(&l);
	frame_mutex_lock(&m); /* uncontended: returns after the report */
	frame_spin_unlock_irqrestore(&l, flags);
	sched_atomic_report_set(NULL);
	frame_mutex_unlock(&m);
	if (SCHED_ATOMIC_CHECKS) {
		KT_ASSERT_NOT_NULL(reported_caller);
		KT_ASSERT_STREQ(reported_caller, "frame_mutex_lock");
		KT_ASSERT_STREQ(reported_why, "a spinlock held");
	} else {
		KT_ASSERT_NULL(reported_caller);
	}
}

/* Wake callbacks: called at every wake-up, until removed. */
struct readiness {
	struct frame_waiter cb;
	unsigned int calls;
	bool irqs_were_on;
};

static void note_ready(struct frame_waiter *w)
{
	struct readiness *r = container_of(w, struct readiness, cb);

	r->calls++;
	r->irqs_were_on |= frame_irqs_enabled();
}

KTEST(sync_waitq_wake_callback)
{
	struct frame_waitq wq;
	struct readiness r = { .calls = 0 };
	unsigned int woken_one, woken_all, after_removal;

	frame_waitq_init(&wq);
	frame_waitq_add_callback(&wq, &r.cb, note_ready);
	woken_one = frame_waitq_wake_one(&wq);
	woken_all = frame_waitq_wake_all(&wq);
	frame_waitq_remove_callback(&wq, &r.cb);
	after_removal = frame_waitq_wake_all(&wq);
	/* Callbacks are not sleepers: they are not counted as woken. */
	KT_ASSERT_EQ(woken_one, 0);
	KT_ASSERT_EQ(woken_all, 0);
	KT_ASSERT_EQ(after_removal, 0);
	KT_ASSERT_EQ(r.calls, 2);
	KT_ASSERT(!r.irqs_were_on);
}

/*
 * A poller over two queues, as poll() would use it: woken by the second
 * queue (from another task), it sees that queue ready; with neither
 * woken it times out; interruptible, task_interrupt() ends it.
 */
struct two_queues {
	struct task_entry entry;
	struct frame_waitq a, b;
	bool a_ready, b_ready;
	int ret;
	int which; /* 1: a, 2: b */
};

static int poll_two(struct task_entry *e)
{
	struct two_queues *q = container_of(e, struct two_queues, entry);
	struct frame_poll_entry pe[2];
	struct frame_poller p;
	uint64_t deadline = frame_waitq_deadline(2 * FRAME_NSEC_PER_SEC);

	frame_poller_init(&p, true);
	frame_poller_add(&p, &q->a, &pe[0]);
	frame_poller_add(&p, &q->b, &pe[1]);
	for (;;) {
		frame_poller_prepare(&p);
		if (__atomic_load_n(&q->a_ready, __ATOMIC_ACQUIRE)) {
			q->which = 1;
			break;
		}
		if (__atomic_load_n(&q->b_ready, __ATOMIC_ACQUIRE)) {
			q->which = 2;
			break;
		}
		q->ret = frame_poller_sleep(&p, deadline);
		if (q->ret)
			break;
	}
	frame_poller_finish(&p);
	return 0;
}

KTEST(sync_poller_waits_on_several_queues)
{
	static struct two_queues q;
	uint64_t start = frame_clock_monotonic_ns(), took;
	struct task *t;

	q = (struct two_queues){ .entry = TASK_ENTRY_INIT(poll_two) };
	frame_waitq_init(&q.a);
	frame_waitq_init(&q.b);
	t = task_spawn("poll", &q.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	__atomic_store_n(&q.b_ready, true, __ATOMIC_RELEASE);
	frame_waitq_wake_all(&q.b);
	task_join(t);
	took = frame_clock_monotonic_ns() - start;
	KT_ASSERT_EQ(q.ret, 0);
	KT_ASSERT_EQ(q.which, 2);
	KT_ASSERT_LT(took, FRAME_NSEC_PER_SEC);
	/* finish() took the entries off both queues. */
	KT_ASSERT_EQ(frame_waitq_wake_all(&q.a), 0);
	KT_ASSERT_EQ(frame_waitq_wake_all(&q.b), 0);
}

KTEST(sync_poller_is_interruptible)
{
	static struct two_queues q;
	uint64_t start = frame_clock_monotonic_ns();
	struct task *t;

	q = (struct two_queues){ .entry = TASK_ENTRY_INIT(poll_two) };
	frame_waitq_init(&q.a);
	frame_waitq_init(&q.b);
	t = task_spawn("poll", &q.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	task_interrupt(t);
	task_join(t);
	KT_ASSERT_ERR(q.ret, -EINTR);
	KT_ASSERT_EQ(q.which, 0);
	KT_ASSERT_LT(frame_clock_monotonic_ns() - start, FRAME_NSEC_PER_SEC);
}
