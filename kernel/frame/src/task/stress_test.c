/* SPDX-License-Identifier: MIT */
/* The scheduler stress test: many tasks sleeping, waking, allocating. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/smp.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/time.h>

#include "mm/slab.h"
#include "task/task.h"

/*
 * STRESS_TASKS tasks run for STRESS_NS of guest time (the monotonic
 * clock), in pairs: each task sleeps short random times, allocates and
 * checks memory (heap objects of many sizes, page blocks), takes a shared
 * mutex, arms a timer whose callback (a bottom half on the boot CPU)
 * completes a completion it then waits for, and wakes its partner through
 * a wait queue and waits for the partner in turn, with a timeout. Tasks
 * start spread over every CPU and the balancer moves them. Failures are
 * counted, never asserted in a task (the test body is where asserting is
 * safe). At the end every task is joined and the allocators' counters
 * must equal those before: live heap objects, large allocations, and
 * pages (free plus those slab caches keep). What the run must show: every
 * task of the highest priority made progress (round robin among equals
 * starves none of them; lower priorities may starve by design), the mutex's
 * plain counter equals the entries the tasks counted themselves (no two were
 * inside at once), the tasks ran on every CPU, and they stopped soon after the
 * deadline (a task stuck in a wait would hold the joins up).
 */
#define STRESS_TASKS 200
#define STRESS_NS    (5 * FRAME_NSEC_PER_SEC)
/* How long after the deadline the last task may end: its last round
 * (a 1 s wait at most) and the joins. */
#define STRESS_SLACK_NS (3 * FRAME_NSEC_PER_SEC)

struct stress_shared {
	struct frame_mutex mutex;
	uint64_t mutex_counter; /* guarded by mutex */
	uint64_t deadline;
	uint64_t errors, allocs, wakes, timers, timeouts;
};

struct stress_task {
	struct task_entry entry;
	struct stress_shared *sh;
	struct stress_task *partner;
	struct frame_waitq wq;
	uint64_t pokes; /* bumped by the partner before waking wq */
	uint64_t seen;
	uint64_t rng;
	struct frame_timer timer;
	struct frame_completion timer_done;
	uint64_t rounds;
	uint64_t mutex_entries; /* times it held the mutex */
	uint32_t cpus;		/* bit per CPU it ran on */
};

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void stress_timer_fn(struct frame_timer *t)
{
	struct stress_task *st = container_of(t, struct stress_task, timer);

	frame_completion_complete(&st->timer_done);
}

static void stress_alloc(struct stress_task *st)
{
	struct stress_shared *sh = st->sh;
	size_t size = 8 + rng_next(&st->rng) % 3000;
	uint8_t *p = frame_alloc(size);
	struct frame_page *pg = NULL;
	uint8_t pat = (uint8_t)st->rng;

	if (rng_next(&st->rng) % 8 == 0)
		pg = frame_page_alloc((unsigned int)(st->rng % 3), 0);
	if (!p) {
		__atomic_fetch_add(&sh->errors, 1, __ATOMIC_RELAXED);
		goto out_page;
	}
	for (size_t i = 0; i < size; i++)
		p[i] = (uint8_t)(pat + i);
	/* Let others run while the object is live, then check it. */
	if (rng_next(&st->rng) % 4 == 0)
		task_yield();
	for (size_t i = 0; i < size; i++)
		if (p[i] != (uint8_t)(pat + i)) {
			__atomic_fetch_add(&sh->errors, 1, __ATOMIC_RELAXED);
			break;
		}
	frame_free(p);
	__atomic_fetch_add(&sh->allocs, 1, __ATOMIC_RELAXED);
out_page:
	if (pg)
		frame_page_put(pg);
}

static int stress_fn(struct task_entry *e)
{
	struct stress_task *st = container_of(e, struct stress_task, entry);
	struct stress_shared *sh = st->sh;

	while (frame_clock_monotonic_ns() < sh->deadline) {
		uint64_t r = rng_next(&st->rng) % 8;
		int err;

		stress_alloc(st);
		st->cpus |= 1u << (task_current_cpu() & 31);
		if (r == 0) {
			task_sleep_ns((1 + st->rng % 3) * FRAME_NSEC_PER_MSEC);
		} else if (r == 1) {
			frame_mutex_lock(&sh->mutex);
			sh->mutex_counter++;
			st->mutex_entries++;
			if (st->rng % 2)
				task_yield();
			frame_mutex_unlock(&sh->mutex);
		} else if (r == 2) {
			frame_completion_init(&st->timer_done);
			frame_timer_arm_in(&st->timer, (st->rng % 2000) * 1000);
			err = frame_completion_wait(&st->timer_done,
						    FRAME_NSEC_PER_SEC);
			if (err)
				__atomic_fetch_add(&sh->errors, 1,
						   __ATOMIC_RELAXED);
			__atomic_fetch_add(&sh->timers, 1, __ATOMIC_RELAXED);
		} else {
			/* Poke the partner; wait a little for a poke. */
			__atomic_fetch_add(&st->partner->pokes, 1,
					   __ATOMIC_RELEASE);
			frame_waitq_wake_all(&st->partner->wq);
			err = FRAME_WAIT_EVENT_TIMEOUT(
				&st->wq,
				__atomic_load_n(&st->pokes, __ATOMIC_ACQUIRE) !=
					st->seen,
				2 * FRAME_NSEC_PER_MSEC);
			if (err == -ETIMEDOUT)
				__atomic_fetch_add(&sh->timeouts, 1,
						   __ATOMIC_RELAXED);
			else if (err)
				__atomic_fetch_add(&sh->errors, 1,
						   __ATOMIC_RELAXED);
			else
				__atomic_fetch_add(&sh->wakes, 1,
						   __ATOMIC_RELAXED);
			st->seen =
				__atomic_load_n(&st->pokes, __ATOMIC_ACQUIRE);
		}
		st->rounds++;
	}
	/* The timer fired before its completion was waited for: idle now. */
	frame_timer_cancel(&st->timer);
	return 0;
}

/* What the tasks saw, summed. */
struct stress_result {
	uint64_t rounds, mutex_entries;
	uint64_t least_rounds; /* of the highest-priority tasks */
	uint32_t cpus;
};

/* Spawn, run until the deadline, join; 0 or the number of failures. */
static int stress_run(struct stress_shared *sh, struct stress_task *tasks,
		      int n, uint64_t ns, struct stress_result *res)
{
	struct task **handles = frame_calloc((size_t)n, sizeof(*handles));
	int failed = 0;

	if (!handles)
		return 1;
	frame_mutex_init(&sh->mutex);
	sh->deadline = frame_clock_monotonic_ns() + ns;
	for (int i = 0; i < n; i++) {
		struct stress_task *st = &tasks[i];

		*st = (struct stress_task){ .entry = TASK_ENTRY_INIT(stress_fn),
					    .sh = sh,
					    .partner = &tasks[i ^ 1],
					    .rng = 0x9e3779b97f4a7c15ull *
						   (uint64_t)(i + 1) };
		frame_waitq_init(&st->wq);
		frame_timer_init(&st->timer, stress_timer_fn);
		frame_completion_init(&st->timer_done);
	}
	for (int i = 0; i < n; i++) {
		handles[i] = task_spawn_on("stress", &tasks[i].entry,
					   TASK_PRIO_NORMAL - 1 + i % 3,
					   TASK_ANY_CPU);
		if (!handles[i])
			failed++;
	}
	*res = (struct stress_result){ .least_rounds = UINT64_MAX };
	for (int i = 0; i < n; i++) {
		if (!handles[i])
			continue;
		if (task_join(handles[i]))
			failed++;
		res->rounds += tasks[i].rounds;
		if (i % 3 == 2)
			res->least_rounds =
				MIN(res->least_rounds, tasks[i].rounds);
		res->mutex_entries += tasks[i].mutex_entries;
		res->cpus |= tasks[i].cpus;
	}
	frame_free(handles);
	return failed;
}

KTEST(task_stress_many_tasks_across_cpus)
{
	static struct stress_task tasks[STRESS_TASKS];
	static struct stress_shared sh;
	struct frame_page_stats pb, pa;
	struct frame_heap_stats hb, ha;
	struct task_stats tb, ta;
	size_t objects_before, objects_after;
	struct stress_result res;
	uint64_t start, took;
	uint32_t all_cpus;
	int failed;

	/* A short round first, so caches and page tables reach their
	 * steady size; then the measured ten seconds. */
	failed = stress_run(&sh, tasks, STRESS_TASKS, FRAME_NSEC_PER_SEC / 10,
			    &res);
	KT_ASSERT_EQ(failed, 0);
	sh = (struct stress_shared){ 0 };
	objects_before = heap_objects_in_use();
	frame_heap_stats(&hb);
	frame_page_stats(&pb);
	task_stats(&tb);
	start = frame_clock_monotonic_ns();
	failed = stress_run(&sh, tasks, STRESS_TASKS, STRESS_NS, &res);
	took = frame_clock_monotonic_ns() - start;
	frame_heap_stats(&ha);
	frame_page_stats(&pa);
	task_stats(&ta);
	objects_after = heap_objects_in_use();

	all_cpus = smp_cpu_count() >= 32 ? UINT32_MAX
					 : (1u << smp_cpu_count()) - 1;
	KT_ASSERT_EQ(failed, 0);
	KT_ASSERT_EQ(sh.errors, 0);
	KT_ASSERT_LT(took, STRESS_NS + STRESS_SLACK_NS);
	KT_ASSERT_GT(res.least_rounds, 0);
	KT_ASSERT_GT(res.rounds, (uint64_t)STRESS_TASKS);
	KT_ASSERT_EQ(sh.mutex_counter, res.mutex_entries);
	KT_ASSERT_EQ(res.cpus, all_cpus);
	KT_ASSERT_GT(sh.allocs, 0);
	KT_ASSERT_GT(sh.wakes, 0);
	KT_ASSERT_GT(sh.timers, 0);
	KT_ASSERT_GT(sh.mutex_counter, 0);
	KT_ASSERT_EQ(ta.live, tb.live);
	KT_ASSERT_EQ(ha.large_allocations, hb.large_allocations);
	KT_ASSERT_EQ(ha.large_pages, hb.large_pages);
	KT_ASSERT_EQ(objects_after, objects_before);
	/*
	 * Every page is back: free, or kept by a slab cache as its one
	 * spare empty slab (how many caches keep one depends on the peak).
	 */
	KT_ASSERT_EQ(pa.free_pages + ha.slab_pages,
		     pb.free_pages + hb.slab_pages);
	if (smp_cpu_count() > 1)
		KT_ASSERT_GT(ta.migrations, tb.migrations);
}
