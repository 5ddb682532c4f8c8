/* SPDX-License-Identifier: MIT */
/* Tests of what services get from tasks: handles, interrupts, data, time. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/smp.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/time.h>
#include <frame/umode.h>

#include "arch/x86_64/cpu/irq_flags.h"
#include "arch/x86_64/trap/vectors.h"
#include "arch/x86_64/umode/umode_test.h"
#include "ktest/panic_probe.h"
#include "mm/slab.h"
#include "task/task.h"

/* Only the test body asserts; spawned tasks record what they saw. */

struct quick {
	struct task_entry entry;
	int value;
};

static int quick_fn(struct task_entry *e)
{
	return container_of(e, struct quick, entry)->value;
}

static void join_again(void *arg)
{
	task_join(arg);
}

static void name_of(void *arg)
{
	task_name(arg);
}

/* A joined task's handle is stale, even once its slot has a new task. */
KTEST(task_handle_after_join_is_caught)
{
	struct quick q = { TASK_ENTRY_INIT(quick_fn), 3 };
	struct task *t = task_spawn("h1", &q.entry, TASK_PRIO_NORMAL), *u;
	char msg[160];
	int caught_join, caught_name, forged;

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_EQ(task_join(t), 3);
	/* Freed slots are reused first: u likely takes t's slot. */
	u = task_spawn("h2", &q.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(u);
	KT_ASSERT(u != t);
	caught_join = ktest_panic_probe(join_again, t, msg, sizeof(msg));
	KT_ASSERT(ktest_msg_has(msg, "stale"));
	caught_name = ktest_panic_probe(name_of, t, msg, sizeof(msg));
	KT_ASSERT_EQ(task_join(u), 3);
	forged = ktest_panic_probe(name_of, &q, msg, sizeof(msg));
	KT_ASSERT_EQ(caught_join, 1);
	KT_ASSERT_EQ(caught_name, 1);
	KT_ASSERT_EQ(forged, 1);
	KT_ASSERT(ktest_msg_has(msg, "not a handle"));
}

/* Ids are unique and the current ones are what the handles say. */
struct whoami {
	struct task_entry entry;
	uint64_t id;
	int cpu;
	struct task *self;
};

static int whoami_fn(struct task_entry *e)
{
	struct whoami *w = container_of(e, struct whoami, entry);

	w->id = task_current_id();
	w->cpu = task_current_cpu();
	w->self = task_current();
	return 0;
}

KTEST(task_current_id_and_cpu)
{
	struct whoami w = { .entry = TASK_ENTRY_INIT(whoami_fn) };
	int cpu = smp_cpu_count() - 1;
	struct task *t = task_spawn_on("who", &w.entry, TASK_PRIO_NORMAL, cpu);
	uint64_t id;

	KT_ASSERT_NOT_NULL(t);
	id = task_id(t);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(w.id, id);
	KT_ASSERT_EQ(w.cpu, cpu);
	KT_ASSERT(w.self == t);
	KT_ASSERT_EQ(task_current_id(), task_id(task_current()));
	KT_ASSERT_EQ(task_id(task_current()), 1);
	KT_ASSERT_NE(id, task_current_id());
}

/* Detached tasks free themselves; their handles go stale. */
struct detached {
	struct task_entry entry;
	struct frame_completion go;
	int ran;
};

static int detached_fn(struct task_entry *e)
{
	struct detached *d = container_of(e, struct detached, entry);

	frame_completion_wait(&d->go, FRAME_NSEC_PER_SEC);
	__atomic_store_n(&d->ran, 1, __ATOMIC_RELEASE);
	return 0;
}

KTEST(task_detached_frees_itself)
{
	static struct detached d[2];
	struct task_stats before, after;
	struct task *t[2];
	uint64_t start;
	char msg[128];

	task_stats(&before);
	for (int i = 0; i < 2; i++) {
		d[i] = (struct detached){ .entry = TASK_ENTRY_INIT(
						  detached_fn) };
		frame_completion_init(&d[i].go);
		t[i] = task_spawn("detached", &d[i].entry, TASK_PRIO_NORMAL);
		KT_ASSERT_NOT_NULL(t[i]);
	}
	/* One detached while it still runs, one after it ended. */
	task_detach(t[0]);
	frame_completion_complete(&d[0].go);
	frame_completion_complete(&d[1].go);
	start = frame_clock_monotonic_ns();
	while (!__atomic_load_n(&d[1].ran, __ATOMIC_ACQUIRE) &&
	       frame_clock_monotonic_ns() - start < FRAME_NSEC_PER_SEC)
		task_sleep_ns(FRAME_NSEC_PER_MSEC);
	task_sleep_ns(5 * FRAME_NSEC_PER_MSEC);
	task_detach(t[1]);
	start = frame_clock_monotonic_ns();
	do {
		task_sleep_ns(FRAME_NSEC_PER_MSEC);
		task_stats(&after);
	} while (after.live != before.live &&
		 frame_clock_monotonic_ns() - start < FRAME_NSEC_PER_SEC);
	KT_ASSERT_EQ(d[0].ran, 1);
	KT_ASSERT_EQ(d[1].ran, 1);
	KT_ASSERT_EQ(after.live, before.live);
	KT_ASSERT_EQ(ktest_panic_probe(name_of, t[0], msg, sizeof(msg)), 1);
	KT_ASSERT_EQ(ktest_panic_probe(name_of, t[1], msg, sizeof(msg)), 1);
}

/* Interrupts end interruptible sleeps and waits, and only those. */
struct sleeper {
	struct task_entry entry;
	struct frame_waitq wq;
	int mode; /* 0: sleep, 1: wait on wq, 2: uninterruptible sleep */
	int ret;
	bool started, pending_after;
	uint64_t took;
};

static int sleeper_fn(struct task_entry *e)
{
	struct sleeper *s = container_of(e, struct sleeper, entry);
	uint64_t start = frame_clock_monotonic_ns();

	__atomic_store_n(&s->started, true, __ATOMIC_RELEASE);
	if (s->mode == 0)
		s->ret = task_sleep_ns_interruptible(5 * FRAME_NSEC_PER_SEC);
	else if (s->mode == 1)
		s->ret = FRAME_WAIT_EVENT_INTERRUPTIBLE(&s->wq, false,
							5 * FRAME_NSEC_PER_SEC);
	else
		task_sleep_ns(100 * FRAME_NSEC_PER_MSEC);
	s->took = frame_clock_monotonic_ns() - start;
	s->pending_after = task_interrupt_clear();
	return 0;
}

static int run_sleeper(struct sleeper *s, int mode)
{
	struct task *t;

	*s = (struct sleeper){ .entry = TASK_ENTRY_INIT(sleeper_fn),
			       .mode = mode };
	frame_waitq_init(&s->wq);
	t = task_spawn("sleeper", &s->entry, TASK_PRIO_NORMAL);
	if (!t)
		return -ENOMEM;
	while (!__atomic_load_n(&s->started, __ATOMIC_ACQUIRE))
		task_yield();
	/* Asleep by then, most likely; the uninterruptible one surely
	 * still is, which is what it must show. */
	if (mode != 2)
		task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	task_interrupt(t);
	return task_join(t);
}

KTEST(task_interrupt_ends_interruptible_waits)
{
	static struct sleeper s[3];

	for (int mode = 0; mode < 3; mode++)
		KT_ASSERT_OK(run_sleeper(&s[mode], mode));
	KT_ASSERT_ERR(s[0].ret, -EINTR);
	KT_ASSERT_LT(s[0].took, FRAME_NSEC_PER_SEC);
	KT_ASSERT_ERR(s[1].ret, -EINTR);
	KT_ASSERT_LT(s[1].took, FRAME_NSEC_PER_SEC);
	/* The uninterruptible sleep lasted; the mark waited for it. */
	KT_ASSERT_GE(s[2].took, 100 * FRAME_NSEC_PER_MSEC);
	for (int i = 0; i < 3; i++)
		KT_ASSERT(s[i].pending_after);
}

KTEST(task_interrupt_before_the_wait_is_not_lost)
{
	struct frame_waitq wq;
	uint64_t start = frame_clock_monotonic_ns();
	int slept, waited;

	frame_waitq_init(&wq);
	KT_ASSERT(!task_interrupt_pending());
	task_interrupt(task_current());
	KT_ASSERT(task_interrupt_pending());
	slept = task_sleep_ns_interruptible(FRAME_NSEC_PER_SEC);
	waited = FRAME_WAIT_EVENT_INTERRUPTIBLE(&wq, false, FRAME_NSEC_PER_SEC);
	KT_ASSERT(task_interrupt_clear());
	KT_ASSERT(!task_interrupt_pending());
	KT_ASSERT_ERR(slept, -EINTR);
	KT_ASSERT_ERR(waited, -EINTR);
	KT_ASSERT_LT(frame_clock_monotonic_ns() - start, FRAME_NSEC_PER_SEC);
	KT_ASSERT_EQ(task_sleep_ns_interruptible(FRAME_NSEC_PER_MSEC), 0);
}

/*
 * Kicking a task out of user mode: the test body spins in user code on
 * this CPU while a task on another CPU interrupts it; umode_run() comes
 * back with UMODE_KICK. When the kick lands while user code runs it is
 * the IPI's doing (the report names the kick vector), else the tick
 * was there first; a few tries make the IPI case certain to happen on an
 * SMP machine.
 */
struct kicker {
	struct task_entry entry;
	struct task *target;
	int rounds;
};

static int kicker_fn(struct task_entry *e)
{
	struct kicker *k = container_of(e, struct kicker, entry);

	/* Busy, not asleep: a timer waking it would interrupt the target's
	 * CPU (where timers run) just before the kick. */
	frame_delay_us(30000);
	task_interrupt(k->target);
	return 0;
}

KTEST(task_interrupt_kicks_user_mode)
{
	struct kicker k = { .entry = TASK_ENTRY_INIT(kicker_fn) };
	struct umode_test_env env;
	int kicks = 0, by_ipi = 0, err = 0;
	int other = smp_cpu_count() - 1;
	struct task_cpuset cpu0;

	KT_ASSERT_OK(umode_test_env_init(&env));
	task_cpuset_clear(&cpu0);
	task_cpuset_add(&cpu0, 0);
	task_set_affinity(task_current(), &cpu0);
	k.target = task_current();
	for (int i = 0; i < 4 && !err; i++) {
		struct task *t = task_spawn_on("kicker", &k.entry,
					       TASK_PRIO_NORMAL + 1, other);
		struct umode_trap trap;

		if (!t) {
			err = -ENOMEM;
			break;
		}
		uctx_set_rip(env.ctx, umode_test_addr(umode_test_prog_spin));
		uctx_set_reg(env.ctx, UCTX_RDI, 1ull << 40);
		do {
			err = umode_run(env.ctx, env.space, &trap);
		} while (!err && trap.reason == UMODE_INTERRUPT);
		task_join(t);
		if (!err && trap.reason == UMODE_KICK) {
			kicks++;
			by_ipi += trap.vector == ARCH_VECTOR_KICK;
		}
		task_interrupt_clear();
	}
	task_pin(task_current(), false);
	umode_test_env_release(&env);
	KT_ASSERT_OK(err);
	KT_ASSERT_EQ(kicks, 4);
	if (other != 0)
		KT_ASSERT_GT(by_ipi, 0);
}

/*
 * User time: spinning in user code until a tick has landed there (a few
 * ticks of spinning at most; two seconds bound a broken sampler).
 */
KTEST(task_user_time_is_sampled)
{
	struct task_times before, after;
	struct umode_test_env env;
	uint64_t start = frame_clock_monotonic_ns();
	int err = 0;

	KT_ASSERT_OK(umode_test_env_init(&env));
	task_times(task_current(), &before);
	do {
		struct umode_trap trap;

		uctx_set_rip(env.ctx, umode_test_addr(umode_test_prog_spin));
		uctx_set_reg(env.ctx, UCTX_RDI, 1ull << 22);
		err = umode_test_run(env.ctx, env.space, &trap);
		task_times(task_current(), &after);
	} while (!err && after.user_ns == before.user_ns &&
		 frame_clock_monotonic_ns() - start < 2 * FRAME_NSEC_PER_SEC);
	umode_test_env_release(&env);
	KT_ASSERT_OK(err);
	KT_ASSERT_GT(after.user_ns, before.user_ns);
}

/* Per-task data: typed, released when the task ends. */
struct session {
	struct task_data data;
	int id;
	int *released;
};

static void session_release(struct task_data_key *key, struct task_data *d)
{
	struct session *s = container_of(d, struct session, data);

	(void)key;
	__atomic_fetch_add(s->released, s->id, __ATOMIC_RELAXED);
	frame_free(s);
}

static struct task_data_key session_key;

struct data_user {
	struct task_entry entry;
	int *released;
	int seen;
};

static int data_user_fn(struct task_entry *e)
{
	struct data_user *u = container_of(e, struct data_user, entry);
	struct session *s = frame_zalloc(sizeof(*s));
	struct task_data *d;

	if (!s)
		return -ENOMEM;
	s->id = 5;
	s->released = u->released;
	task_data_set(task_current(), &session_key, &s->data);
	d = task_data_get(task_current(), &session_key);
	u->seen = d ? container_of(d, struct session, data)->id : -1;
	return 0;
}

KTEST(task_data_slots_are_typed_and_released)
{
	static bool registered;
	int released = 0;
	struct data_user u = { .entry = TASK_ENTRY_INIT(data_user_fn),
			       .released = &released };
	size_t objects = heap_objects_in_use();
	struct task *t;

	if (!registered)
		KT_ASSERT_OK(
			task_data_key_register(&session_key, session_release));
	registered = true;
	KT_ASSERT_NULL(task_data_get(task_current(), &session_key));
	t = task_spawn("data", &u.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(u.seen, 5);
	KT_ASSERT_EQ(released, 5);
	KT_ASSERT_EQ(heap_objects_in_use(), objects);
}

/* Affinity: a running task moved off its CPU; a queued one placed. */
struct wanderer {
	struct task_entry entry;
	bool stop;
	uint32_t cpus_after; /* CPUs seen after the move was made */
	bool moved;
};

static int wanderer_fn(struct task_entry *e)
{
	struct wanderer *w = container_of(e, struct wanderer, entry);

	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
		if (__atomic_load_n(&w->moved, __ATOMIC_ACQUIRE))
			__atomic_fetch_or(&w->cpus_after,
					  1u << (task_current_cpu() & 31),
					  __ATOMIC_RELAXED);
		task_yield();
	}
	return 0;
}

KTEST(task_affinity_moves_and_keeps_tasks)
{
	static struct wanderer w;
	int last = smp_cpu_count() - 1;
	struct task_cpuset set, got;
	struct task *t;
	int on_before;

	w = (struct wanderer){ .entry = TASK_ENTRY_INIT(wanderer_fn) };
	t = task_spawn_on("wander", &w.entry, TASK_PRIO_NORMAL - 1, 0);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(10 * FRAME_NSEC_PER_MSEC);
	on_before = task_cpu(t);
	task_cpuset_clear(&set);
	task_cpuset_add(&set, last);
	KT_ASSERT_OK(task_set_affinity(t, &set));
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	__atomic_store_n(&w.moved, true, __ATOMIC_RELEASE);
	task_sleep_ns(30 * FRAME_NSEC_PER_MSEC);
	__atomic_store_n(&w.stop, true, __ATOMIC_RELEASE);
	task_get_affinity(t, &got);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(on_before, 0);
	KT_ASSERT(task_cpuset_has(&got, last));
	KT_ASSERT(last == 0 || !task_cpuset_has(&got, 0));
	KT_ASSERT_EQ(w.cpus_after, 1u << last);
	/* A set with no online CPU is refused. */
	task_cpuset_clear(&set);
	task_cpuset_add(&set, TASK_CPUSET_MAX - 1);
	KT_ASSERT_ERR(task_set_affinity(task_current(), &set), -EINVAL);
}

/* The caller moving itself: it comes back on the CPU it asked for. */
KTEST(task_affinity_moves_the_caller)
{
	int last = smp_cpu_count() - 1, now;
	struct task_cpuset set;

	task_cpuset_clear(&set);
	task_cpuset_add(&set, last);
	KT_ASSERT_OK(task_set_affinity(task_current(), &set));
	now = task_current_cpu();
	task_pin(task_current(), false);
	KT_ASSERT_EQ(now, last);
}

/* CPU time: a task spinning in the kernel is charged system time. */
struct burner {
	struct task_entry entry;
	uint64_t ns;
};

static int burner_fn(struct task_entry *e)
{
	struct burner *b = container_of(e, struct burner, entry);
	uint64_t start = frame_clock_monotonic_ns();

	while (frame_clock_monotonic_ns() - start < b->ns)
		;
	return 0;
}

KTEST(task_and_cpu_times_are_sampled)
{
	struct burner b = { TASK_ENTRY_INIT(burner_fn),
			    100 * FRAME_NSEC_PER_MSEC };
	struct smp_cpu_times c0, c1, idle0, idle1;
	int cpu = smp_cpu_count() - 1, other = smp_cpu_count() > 1 ? 0 : -1;
	struct task_times tt;
	struct task *t;

	KT_ASSERT_OK(smp_cpu_times(cpu, &c0));
	if (other >= 0)
		KT_ASSERT_OK(smp_cpu_times(other, &idle0));
	t = task_spawn_on("burn", &b.entry, TASK_PRIO_NORMAL, cpu);
	KT_ASSERT_NOT_NULL(t);
	/* Read before the join frees it: it must have ended by then. */
	while (!(__atomic_load_n(&task_of(t, __func__)->exit_bits,
				 __ATOMIC_ACQUIRE) &
		 TASK_EXITED))
		task_sleep_ns(5 * FRAME_NSEC_PER_MSEC);
	task_times(t, &tt);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_OK(smp_cpu_times(cpu, &c1));
	if (other >= 0)
		KT_ASSERT_OK(smp_cpu_times(other, &idle1));
	/* 100 ms at 4 ms a tick: at least a few ticks, loosely. */
	KT_ASSERT_GE(tt.system_ns, 20 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_LE(tt.system_ns, 2 * FRAME_NSEC_PER_SEC);
	KT_ASSERT_EQ(tt.user_ns, 0);
	KT_ASSERT_GE(c1.system_ns - c0.system_ns, tt.system_ns);
	/* This test sleeps on CPU 0 meanwhile: it idles. */
	if (other >= 0 && other != cpu)
		KT_ASSERT_GT(idle1.idle_ns, idle0.idle_ns);
	KT_ASSERT_ERR(smp_cpu_times(smp_cpu_count(), &c1), -EINVAL);
}
