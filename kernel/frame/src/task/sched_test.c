/* SPDX-License-Identifier: MIT */
/* Tests of tasks and the scheduler: switching, priorities, preemption. */
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/irq_flags.h"
#include "task/task.h"

/*
 * Assertions abandon a test with a jump on the boot task's stack, so only
 * the test body (the boot task) asserts; spawned tasks record what they
 * saw and the body checks it after joining them.
 */

static int return_arg(void *arg)
{
	return (int)(intptr_t)arg;
}

KTEST(task_spawn_join_returns_code)
{
	struct task_stats before, after;
	struct task *t;

	task_stats(&before);
	t = task_spawn("ret", return_arg, (void *)(intptr_t)42,
		       TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(task_join(t), 42);
	task_stats(&after);
	KT_ASSERT_EQ(after.live, before.live);
	KT_ASSERT_NULL(task_spawn("bad", return_arg, NULL, TASK_PRIO_MAX + 1));
}

/* Ping-pong: two tasks alternate strictly through yields on one CPU. */
struct pingpong {
	int turn; /* whose turn: 0 or 1 */
	int rounds;
	int errors;
	int log[64];
	int n;
};

static int pingpong_fn(void *arg, int me)
{
	struct pingpong *pp = arg;

	for (int i = 0; i < pp->rounds; i++) {
		uint64_t start = frame_clock_monotonic_ns();

		while (__atomic_load_n(&pp->turn, __ATOMIC_ACQUIRE) != me) {
			if (frame_clock_monotonic_ns() - start >
			    FRAME_NSEC_PER_SEC) {
				pp->errors++;
				return -1;
			}
			task_yield();
		}
		if (pp->n < 64)
			pp->log[pp->n++] = me;
		__atomic_store_n(&pp->turn, !me, __ATOMIC_RELEASE);
	}
	return 0;
}

static int ping(void *arg)
{
	return pingpong_fn(arg, 0);
}

static int pong(void *arg)
{
	return pingpong_fn(arg, 1);
}

KTEST(task_switch_ping_pong)
{
	struct pingpong pp = { .turn = 0, .rounds = 20 };
	struct task_stats before, after;
	struct task *a, *b;

	task_stats(&before);
	a = task_spawn_on("ping", ping, &pp, TASK_PRIO_NORMAL, 0);
	b = task_spawn_on("pong", pong, &pp, TASK_PRIO_NORMAL, 0);
	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_EQ(task_join(a), 0);
	KT_ASSERT_EQ(task_join(b), 0);
	task_stats(&after);
	KT_ASSERT_EQ(pp.errors, 0);
	KT_ASSERT_EQ(pp.n, 40);
	for (int i = 0; i < 40; i++)
		KT_ASSERT_EQ(pp.log[i], i % 2);
	KT_ASSERT(after.switches >= before.switches + 40);
}

/* Priorities: tasks made ready together run highest first. */
struct order {
	struct frame_spinlock lock;
	int seq[8];
	int n;
};

struct order_arg {
	struct order *o;
	int id;
};

static int record_order(void *arg)
{
	struct order_arg *a = arg;
	uint64_t flags = frame_spin_lock_irqsave(&a->o->lock);

	a->o->seq[a->o->n++] = a->id;
	frame_spin_unlock_irqrestore(&a->o->lock, flags);
	return 0;
}

KTEST(task_priorities_honoured)
{
	struct order o = { .lock = FRAME_SPINLOCK_INIT };
	struct order_arg args[4];
	struct task *t[4];
	static const int prios[4] = { 3, 20, 10, 25 };

	/*
	 * Spawned on this CPU below the boot task's priority, so none runs
	 * before all are ready (they are pinned, and so is the boot task
	 * while it spawns them).
	 */
	task_pin(task_current(), true);
	task_set_prio(task_current(), TASK_PRIO_MAX);
	for (int i = 0; i < 4; i++) {
		args[i] = (struct order_arg){ &o, prios[i] };
		t[i] = task_spawn_on("prio", record_order, &args[i], prios[i],
				     task_cpu(task_current()));
	}
	task_set_prio(task_current(), TASK_PRIO_NORMAL);
	task_pin(task_current(), false);
	/* Lower than some of them now: those ran already; sleep for all. */
	for (int i = 0; i < 4; i++)
		if (t[i])
			task_join(t[i]);
	for (int i = 0; i < 4; i++)
		KT_ASSERT_NOT_NULL(t[i]);
	KT_ASSERT_EQ(o.n, 4);
	KT_ASSERT_EQ(o.seq[0], 25);
	KT_ASSERT_EQ(o.seq[1], 20);
	KT_ASSERT_EQ(o.seq[2], 10);
	KT_ASSERT_EQ(o.seq[3], 3);
}

/* A task that never yields is preempted by the tick. */
static int spin_until_flag(void *arg)
{
	bool *stop = arg;

	while (!__atomic_load_n(stop, __ATOMIC_ACQUIRE))
		;
	return 7;
}

KTEST(task_tick_preempts_busy_task)
{
	struct task_stats before, after;
	bool stop = false;
	struct task *t;
	uint64_t start;

	/* Both on one CPU, or another CPU would take one of them. */
	task_pin(task_current(), true);
	task_stats(&before);
	t = task_spawn_on("busy", spin_until_flag, &stop, TASK_PRIO_NORMAL,
			  task_cpu(task_current()));
	if (t)
		task_yield(); /* it runs; only the tick brings us back */
	start = frame_clock_monotonic_ns();
	while (frame_clock_monotonic_ns() - start < 20 * FRAME_NSEC_PER_MSEC)
		;
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
	task_pin(task_current(), false);
	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(task_join(t), 7);
	task_stats(&after);
	KT_ASSERT(after.preemptions > before.preemptions);
}

KTEST(task_sleep_lasts_at_least_the_time)
{
	uint64_t start = frame_clock_monotonic_ns(), took;

	task_sleep_ns(10 * FRAME_NSEC_PER_MSEC);
	took = frame_clock_monotonic_ns() - start;
	KT_ASSERT(took >= 10 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT(took < FRAME_NSEC_PER_SEC);
}

KTEST(task_stack_has_guard_below)
{
	struct task *t =
		task_create("guard", return_arg, NULL, TASK_PRIO_NORMAL);

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT(task_stack_guard_unmapped(t));
	KT_ASSERT(task_stack_guard_owner(t->stack_top - TASK_STACK_SIZE - 8) ==
		  t);
	KT_ASSERT_NULL(task_stack_guard_owner(t->stack_top - 8));
	/* Never started: run it so that join can reap it. */
	sched_start_task(t, TASK_ANY_CPU);
	KT_ASSERT_EQ(task_join(t), 0);
}

/* A policy that runs the lowest priority first, to show pluggability. */
struct fifo_rq {
	struct task_policy_links head;
};

static void *fifo_init(int cpu)
{
	struct fifo_rq *rq = frame_zalloc(sizeof(*rq));

	(void)cpu;
	if (rq)
		rq->head.prev = rq->head.next = &rq->head;
	return rq;
}

static void fifo_free(void *rq)
{
	frame_free(rq);
}

/* Sorted by ascending priority, FIFO among equals. */
static void fifo_enqueue(void *rqp, struct task *t)
{
	struct fifo_rq *rq = rqp;
	struct task_policy_links *l = task_policy_links(t), *pos = &rq->head;

	while (pos->prev != &rq->head &&
	       task_prio(task_from_policy_links(pos->prev)) > task_prio(t))
		pos = pos->prev;
	l->next = pos;
	l->prev = pos->prev;
	((struct task_policy_links *)pos->prev)->next = l;
	pos->prev = l;
}

static void fifo_dequeue(void *rqp, struct task *t)
{
	struct task_policy_links *l = task_policy_links(t);

	(void)rqp;
	((struct task_policy_links *)l->prev)->next = l->next;
	((struct task_policy_links *)l->next)->prev = l->prev;
}

static struct task *fifo_pick(void *rqp)
{
	struct fifo_rq *rq = rqp;
	struct task *t;

	if (rq->head.next == &rq->head)
		return NULL;
	t = task_from_policy_links(rq->head.next);
	fifo_dequeue(rq, t);
	return t;
}

static struct task *fifo_peek_steal(void *rqp)
{
	struct fifo_rq *rq = rqp;

	for (struct task_policy_links *l = rq->head.next; l != &rq->head;
	     l = l->next)
		if (!task_pinned(task_from_policy_links(l)))
			return task_from_policy_links(l);
	return NULL;
}

static bool fifo_tick(void *rq, struct task *curr, uint64_t ticks)
{
	(void)rq;
	(void)curr;
	(void)ticks;
	return false;
}

static bool fifo_preempts(void *rq, struct task *curr, struct task *woken)
{
	(void)rq;
	(void)curr;
	(void)woken;
	return false;
}

static const struct task_policy lowest_first = {
	.name = "lowest-first",
	.rq_init = fifo_init,
	.rq_free = fifo_free,
	.enqueue = fifo_enqueue,
	.dequeue = fifo_dequeue,
	.pick = fifo_pick,
	.peek_steal = fifo_peek_steal,
	.tick = fifo_tick,
	.preempts = fifo_preempts,
};

KTEST(task_policy_is_pluggable)
{
	struct order o = { .lock = FRAME_SPINLOCK_INIT };
	struct order_arg args[3];
	struct task *t[3];
	static const int prios[3] = { 20, 5, 12 };
	uint64_t flags;
	int err;

	err = task_set_policy(&lowest_first);
	KT_ASSERT_EQ(err, 0);
	/* Interrupts off: nothing runs until all three are queued. */
	flags = arch_irq_save();
	for (int i = 0; i < 3; i++) {
		args[i] = (struct order_arg){ &o, prios[i] };
		t[i] = task_create("pol", record_order, &args[i], prios[i]);
		if (t[i]) {
			t[i]->pinned = true;
			sched_start_task(t[i], task_cpu(task_current()));
		}
	}
	arch_irq_restore(flags);
	for (int i = 0; i < 3; i++)
		if (t[i])
			task_join(t[i]);
	KT_ASSERT_EQ(task_set_policy(NULL), 0);
	KT_ASSERT_STREQ(task_policy_name(), "prio-rr");
	KT_ASSERT_EQ(o.n, 3);
	KT_ASSERT_EQ(o.seq[0], 5);
	KT_ASSERT_EQ(o.seq[1], 12);
	KT_ASSERT_EQ(o.seq[2], 20);
}
