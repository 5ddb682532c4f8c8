/* SPDX-License-Identifier: MIT */
/* Tests of tasks and the scheduler: switching, priorities, preemption. */
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/smp.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/irq_flags.h"
#include "lib/handle.h"
#include "task/task.h"

/*
 * Assertions abandon a test with a jump on the boot task's stack, so only
 * the test body (the boot task) asserts; spawned tasks record what they
 * saw and the body checks it after joining them.
 */

struct ret_value {
	struct task_entry entry;
	int value;
};

static int return_value(struct task_entry *e)
{
	return container_of(e, struct ret_value, entry)->value;
}

KTEST(task_spawn_join_returns_code)
{
	struct ret_value rv = { TASK_ENTRY_INIT(return_value), 42 };
	struct task_entry none = { 0 };
	struct task_stats before, after;
	struct task *t;

	task_stats(&before);
	t = task_spawn("ret", &rv.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(task_join(t), 42);
	task_stats(&after);
	KT_ASSERT_EQ(after.live, before.live);
	KT_ASSERT_NULL(task_spawn("bad", &rv.entry, TASK_PRIO_MAX + 1));
	KT_ASSERT_NULL(task_spawn("bad", &none, TASK_PRIO_NORMAL));
	KT_ASSERT_NULL(task_spawn("bad", NULL, TASK_PRIO_NORMAL));
}

/* Ping-pong: two tasks alternate strictly through yields on one CPU. */
struct pingpong {
	struct task_entry ping, pong;
	int turn; /* whose turn: 0 or 1 */
	int rounds;
	int errors;
	int log[64];
	int n;
};

static int pingpong_fn(struct pingpong *pp, int me)
{
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

static int ping(struct task_entry *e)
{
	return pingpong_fn(container_of(e, struct pingpong, ping), 0);
}

static int pong(struct task_entry *e)
{
	return pingpong_fn(container_of(e, struct pingpong, pong), 1);
}

KTEST(task_switch_ping_pong)
{
	struct pingpong pp = { .ping = TASK_ENTRY_INIT(ping),
			       .pong = TASK_ENTRY_INIT(pong),
			       .turn = 0,
			       .rounds = 20 };
	struct task_stats before, after;
	struct task *a, *b;

	task_stats(&before);
	a = task_spawn_on("ping", &pp.ping, TASK_PRIO_NORMAL, 0);
	b = task_spawn_on("pong", &pp.pong, TASK_PRIO_NORMAL, 0);
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
	struct task_entry entry;
	struct order *o;
	int id;
};

static int record_order(struct task_entry *e)
{
	struct order_arg *a = container_of(e, struct order_arg, entry);
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
		args[i] = (struct order_arg){ TASK_ENTRY_INIT(record_order), &o,
					      prios[i] };
		t[i] = task_spawn_on("prio", &args[i].entry, prios[i],
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
struct spinner {
	struct task_entry entry;
	bool stop;
};

static int spin_until_flag(struct task_entry *e)
{
	struct spinner *s = container_of(e, struct spinner, entry);

	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE))
		;
	return 7;
}

KTEST(task_tick_preempts_busy_task)
{
	struct spinner sp = { .entry = TASK_ENTRY_INIT(spin_until_flag) };
	struct task_stats before, after;
	struct task *t;
	uint64_t start;

	/* Both on one CPU, or another CPU would take one of them. */
	task_pin(task_current(), true);
	task_stats(&before);
	t = task_spawn_on("busy", &sp.entry, TASK_PRIO_NORMAL,
			  task_cpu(task_current()));
	if (t)
		task_yield(); /* it runs; only the tick brings us back */
	start = frame_clock_monotonic_ns();
	while (frame_clock_monotonic_ns() - start < 20 * FRAME_NSEC_PER_MSEC)
		;
	__atomic_store_n(&sp.stop, true, __ATOMIC_RELEASE);
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
	static struct ret_value rv = { TASK_ENTRY_INIT(return_value), 0 };
	struct task *t = task_create("guard", &rv.entry, TASK_PRIO_NORMAL);

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT(task_stack_guard_unmapped(t));
	KT_ASSERT(task_stack_guard_owner(t->stack_top - TASK_STACK_SIZE - 8) ==
		  t);
	KT_ASSERT_NULL(task_stack_guard_owner(t->stack_top - 8));
	/* Never started: run it so that join can reap it. */
	sched_start_task(t, TASK_ANY_CPU);
	KT_ASSERT_EQ(task_join(task_handle(t)), 0);
}

/*
 * A policy that runs the lowest priority first, to show pluggability. It
 * is written as a service would write one: its run queue embeds the
 * frame's struct task_rq, and its list links task handles.
 */
struct fifo_rq {
	struct task_rq rq;
	struct task *first, *last;
};

static struct fifo_rq *fifo_rq(struct task_rq *rq)
{
	return container_of(rq, struct fifo_rq, rq);
}

static struct task_rq *fifo_init(int cpu)
{
	struct fifo_rq *rq = frame_zalloc(sizeof(*rq));

	(void)cpu;
	return rq ? &rq->rq : NULL;
}

static void fifo_free(struct task_rq *rq)
{
	frame_free(fifo_rq(rq));
}

/* Sorted by ascending priority, FIFO among equals. */
static void fifo_enqueue(struct task_rq *rqp, struct task *t)
{
	struct fifo_rq *rq = fifo_rq(rqp);
	struct task_policy_links *l = task_policy_links(t);
	struct task *after = rq->last;

	while (after && task_prio(after) > task_prio(t))
		after = task_policy_links(after)->prev;
	l->prev = after;
	l->next = after ? task_policy_links(after)->next : rq->first;
	if (l->next)
		task_policy_links(l->next)->prev = t;
	else
		rq->last = t;
	if (after)
		task_policy_links(after)->next = t;
	else
		rq->first = t;
}

static void fifo_dequeue(struct task_rq *rqp, struct task *t)
{
	struct fifo_rq *rq = fifo_rq(rqp);
	struct task_policy_links *l = task_policy_links(t);

	if (l->prev)
		task_policy_links(l->prev)->next = l->next;
	else
		rq->first = l->next;
	if (l->next)
		task_policy_links(l->next)->prev = l->prev;
	else
		rq->last = l->prev;
	l->prev = l->next = NULL;
}

static struct task *fifo_pick(struct task_rq *rqp)
{
	struct task *t = fifo_rq(rqp)->first;

	if (t)
		fifo_dequeue(rqp, t);
	return t;
}

static struct task *fifo_peek_steal(struct task_rq *rqp, int cpu)
{
	for (struct task *t = fifo_rq(rqp)->first; t;
	     t = task_policy_links(t)->next)
		if (task_allowed_on(t, cpu))
			return t;
	return NULL;
}

static bool fifo_tick(struct task_rq *rq, struct task *curr, uint64_t ticks)
{
	(void)rq;
	(void)curr;
	(void)ticks;
	return false;
}

static bool fifo_preempts(struct task_rq *rq, struct task *curr,
			  struct task *woken)
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
		struct task *raw;

		args[i] = (struct order_arg){ TASK_ENTRY_INIT(record_order), &o,
					      prios[i] };
		raw = task_create("pol", &args[i].entry, prios[i]);
		t[i] = raw ? task_handle(raw) : NULL;
		if (raw) {
			task_cpuset_clear(&raw->affinity);
			task_cpuset_add(&raw->affinity,
					task_cpu(task_current()));
			sched_start_task(raw, task_cpu(task_current()));
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

/*
 * A policy that lies: it keeps its queue as prio-rr does, but every third
 * pick() and every other peek_steal() returns a task it must not: a
 * joined task's stale handle, a finished task, a task running on another
 * CPU, a sleeping one. The frame must refuse each, log it and carry on;
 * the work under it still completes.
 */
static struct task *liar_wrong[4];
static unsigned int liar_picks, liar_steals;

static struct task *liar_answer(unsigned int n)
{
	return liar_wrong[n % ARRAY_SIZE(liar_wrong)];
}

static struct task *liar_pick(struct task_rq *rq)
{
	unsigned int n = __atomic_add_fetch(&liar_picks, 1, __ATOMIC_RELAXED);
	struct task *h, *t;

	if (n % 3 == 0) {
		h = liar_answer(n / 3);
		t = handle_lookup(&task_handles, (uintptr_t)h);
		/*
		 * The spinner, preempted by the counters, can be queued on
		 * this very CPU: then the "wrong" answer is a right one,
		 * which the frame takes. Take it out of prio-rr's queue as
		 * a true pick() does, or prio-rr would keep a task that is
		 * running and link it twice when it is queued again.
		 */
		if (t && t->queued && t->cpu == rq->cpu_)
			sched_prio_policy.dequeue(rq, h);
		return h;
	}
	return sched_prio_policy.pick(rq);
}

static struct task *liar_peek_steal(struct task_rq *rq, int cpu)
{
	unsigned int n = __atomic_add_fetch(&liar_steals, 1, __ATOMIC_RELAXED);

	if (n % 2 == 0)
		return liar_answer(n / 2);
	return sched_prio_policy.peek_steal(rq, cpu);
}

static struct task_policy liar;

struct parked {
	struct task_entry entry;
	struct frame_completion go;
	bool spin;
	bool stop;
};

static int parked_fn(struct task_entry *e)
{
	struct parked *p = container_of(e, struct parked, entry);

	if (p->spin)
		while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE))
			;
	else
		frame_completion_wait(&p->go, FRAME_WAIT_FOREVER);
	return 0;
}

/* Work to do under the liar: count to a number, yielding. */
struct counter {
	struct task_entry entry;
	int count;
};

static int counter_fn(struct task_entry *e)
{
	struct counter *c = container_of(e, struct counter, entry);

	for (int i = 0; i < 200; i++) {
		c->count++;
		if (i % 10 == 0)
			task_yield();
	}
	return c->count;
}

KTEST(task_policy_results_are_checked)
{
	static struct parked sleeping, spinning;
	static struct counter work[6];
	struct ret_value done = { TASK_ENTRY_INIT(return_value), 1 };
	struct task *joined, *dead, *sleeper, *spinner, *t[6];
	struct task_stats before, after;
	int results[6], other = smp_cpu_count() - 1;

	/* The wrong answers, each alive (or dead) as it must be. */
	joined = task_spawn("joined", &done.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(joined);
	task_join(joined);
	dead = task_spawn("dead", &done.entry, TASK_PRIO_NORMAL);
	sleeping = (struct parked){ .entry = TASK_ENTRY_INIT(parked_fn) };
	frame_completion_init(&sleeping.go);
	sleeper = task_spawn("sleeper", &sleeping.entry, TASK_PRIO_NORMAL);
	spinning = (struct parked){ .entry = TASK_ENTRY_INIT(parked_fn),
				    .spin = true };
	spinner = task_spawn_on("spinner", &spinning.entry, TASK_PRIO_MIN + 1,
				other);
	KT_ASSERT_NOT_NULL(dead);
	KT_ASSERT_NOT_NULL(sleeper);
	KT_ASSERT_NOT_NULL(spinner);
	task_sleep_ns(10 * FRAME_NSEC_PER_MSEC);
	liar_wrong[0] = joined;
	liar_wrong[1] = dead;
	liar_wrong[2] = sleeper;
	liar_wrong[3] = spinner;

	liar = sched_prio_policy;
	liar.name = "liar";
	liar.pick = liar_pick;
	liar.peek_steal = liar_peek_steal;
	task_stats(&before);
	KT_ASSERT_OK(task_set_policy(&liar));
	for (int i = 0; i < 6; i++) {
		work[i] = (struct counter){ .entry = TASK_ENTRY_INIT(
						    counter_fn) };
		t[i] = task_spawn("count", &work[i].entry, TASK_PRIO_NORMAL);
	}
	for (int i = 0; i < 6; i++)
		results[i] = t[i] ? task_join(t[i]) : -1;
	task_stats(&after);
	KT_ASSERT_OK(task_set_policy(NULL));

	__atomic_store_n(&spinning.stop, true, __ATOMIC_RELEASE);
	frame_completion_complete(&sleeping.go);
	task_join(spinner);
	task_join(sleeper);
	task_join(dead);
	for (int i = 0; i < 6; i++)
		KT_ASSERT_EQ(results[i], 200);
	KT_ASSERT_GT(after.policy_errors, before.policy_errors);
	KT_ASSERT_STREQ(task_policy_name(), "prio-rr");
}
