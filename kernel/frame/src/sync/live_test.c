/* SPDX-License-Identifier: MIT */
/* Tests that freeing memory holding a live frame object is caught. */
#include <frame/heap.h>
#include <frame/irq.h>
#include <frame/ktest.h>
#include <frame/smp.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/time.h>

#include "ktest/panic_probe.h"
#include "sync/live.h"

/* A service object with every kind of embedded frame object. */
struct device {
	uint64_t pad[3];
	struct frame_timer timer;
	struct frame_work work;
	struct frame_waitq wq;
	struct smp_call call;
};

static void never_fires(struct frame_timer *t)
{
	(void)t;
}

static void never_runs(struct frame_work *w)
{
	(void)w;
}

static void free_it(void *p)
{
	frame_free(p);
}

static struct device *device_new(void)
{
	struct device *d = frame_zalloc(sizeof(*d));

	if (d) {
		frame_timer_init(&d->timer, never_fires);
		frame_work_init(&d->work, never_runs);
		frame_waitq_init(&d->wq);
	}
	return d;
}

KTEST(live_free_of_armed_timer_is_caught)
{
	struct device *d = device_new();
	size_t before = live_count();
	char msg[200];
	int caught;

	KT_ASSERT_NOT_NULL(d);
	frame_timer_arm_in(&d->timer, 10 * FRAME_NSEC_PER_SEC);
	caught = ktest_panic_probe(free_it, d, msg, sizeof(msg));
	KT_ASSERT(frame_timer_cancel(&d->timer));
	/* Disarmed, the same free is fine. */
	frame_free(d);
	KT_ASSERT_EQ(caught, 1);
	KT_ASSERT(ktest_msg_has(msg, "frame_free("));
	KT_ASSERT(ktest_msg_has(msg, "an armed frame_timer"));
	KT_ASSERT(ktest_msg_has(msg, "ktest_fn_live_free_of_armed_timer"));
	KT_ASSERT_EQ(live_count(), before);
}

KTEST(live_free_of_pending_work_is_caught)
{
	struct device *d = device_new();
	char msg[200];
	int caught;

	KT_ASSERT_NOT_NULL(d);
	/* Held off, the work stays pending while we free. */
	frame_bh_disable();
	frame_defer(&d->work);
	caught = ktest_panic_probe(free_it, d, msg, sizeof(msg));
	KT_ASSERT(frame_work_cancel(&d->work));
	frame_bh_enable();
	frame_free(d);
	KT_ASSERT_EQ(caught, 1);
	KT_ASSERT(ktest_msg_has(msg, "pending frame_work"));
	KT_ASSERT(ktest_msg_has(msg, "ktest_fn_live_free_of_pending_work"));
}

struct waiter_task {
	struct task_entry entry;
	struct device *d;
	bool go;
};

static int wait_on_device(struct task_entry *e)
{
	struct waiter_task *w = container_of(e, struct waiter_task, entry);

	return FRAME_WAIT_EVENT_TIMEOUT(
		&w->d->wq, __atomic_load_n(&w->go, __ATOMIC_ACQUIRE),
		5 * FRAME_NSEC_PER_SEC);
}

KTEST(live_free_of_waitq_with_waiters_is_caught)
{
	struct waiter_task w = { .entry = TASK_ENTRY_INIT(wait_on_device) };
	struct task *t;
	char msg[200];
	int caught;

	w.d = device_new();
	KT_ASSERT_NOT_NULL(w.d);
	t = task_spawn("waiter", &w.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	caught = ktest_panic_probe(free_it, w.d, msg, sizeof(msg));
	__atomic_store_n(&w.go, true, __ATOMIC_RELEASE);
	frame_waitq_wake_all(&w.d->wq);
	KT_ASSERT_OK(task_join(t));
	frame_free(w.d);
	KT_ASSERT_EQ(caught, 1);
	KT_ASSERT(ktest_msg_has(msg, "a frame_waitq with waiters"));
	KT_ASSERT(ktest_msg_has(msg, "wait_on_device"));
}

/* The other free paths: a slab cache's, and a large allocation's. */
static struct frame_slab *live_cache;

static void slab_free_it(void *p)
{
	frame_slab_free(live_cache, p);
}

KTEST(live_slab_and_large_frees_are_checked)
{
	uint8_t *big = frame_zalloc(3 * 4096);
	char slab_msg[200], big_msg[200];
	int slab_caught, big_caught;
	struct device *d, *big_dev;

	live_cache = frame_slab_create("live-test", sizeof(*d), 0, 0);
	KT_ASSERT_NOT_NULL(live_cache);
	KT_ASSERT_NOT_NULL(big);
	d = frame_slab_alloc(live_cache);
	KT_ASSERT_NOT_NULL(d);
	frame_timer_init(&d->timer, never_fires);
	frame_timer_arm_in(&d->timer, 10 * FRAME_NSEC_PER_SEC);
	slab_caught =
		ktest_panic_probe(slab_free_it, d, slab_msg, sizeof(slab_msg));
	frame_timer_cancel(&d->timer);
	frame_slab_free(live_cache, d);

	/* A timer in the third page of a large allocation. */
	big_dev = (struct device *)(big + 2 * 4096 + 64);
	frame_timer_init(&big_dev->timer, never_fires);
	frame_timer_arm_in(&big_dev->timer, 10 * FRAME_NSEC_PER_SEC);
	big_caught = ktest_panic_probe(free_it, big, big_msg, sizeof(big_msg));
	frame_timer_cancel(&big_dev->timer);
	frame_free(big);

	KT_ASSERT_OK(frame_slab_destroy(live_cache));
	KT_ASSERT_EQ(slab_caught, 1);
	KT_ASSERT(ktest_msg_has(slab_msg, "frame_slab_free("));
	KT_ASSERT(ktest_msg_has(slab_msg, "an armed frame_timer"));
	KT_ASSERT_EQ(big_caught, 1);
	KT_ASSERT(ktest_msg_has(big_msg, "an armed frame_timer"));
}

/*
 * A cross-CPU call queued behind a slow one on another CPU: the object
 * holding it must not be freed until it has started.
 */
static void slow_call(struct smp_call *c)
{
	(void)c;
	frame_delay_us(50000);
}

static void quick_call(struct smp_call *c)
{
	(void)c;
}

KTEST(live_free_of_queued_smp_call_is_caught)
{
	int other = smp_cpu_count() - 1;
	struct device *d = device_new();
	struct task_cpuset cpu0;
	struct smp_call slow;
	char msg[200];
	int caught = 0;

	KT_ASSERT_NOT_NULL(d);
	if (other == 0) {
		/* One CPU: a call runs at once, it is never queued. */
		frame_free(d);
		return;
	}
	task_cpuset_clear(&cpu0);
	task_cpuset_add(&cpu0, 0);
	task_set_affinity(task_current(), &cpu0);
	smp_call_init(&slow, slow_call);
	smp_call_init(&d->call, quick_call);
	KT_ASSERT_OK(smp_call_on(other, &slow, false));
	KT_ASSERT_OK(smp_call_on(other, &d->call, false));
	if (smp_call_queued(&d->call))
		caught = ktest_panic_probe(free_it, d, msg, sizeof(msg));
	while (smp_call_queued(&slow) || smp_call_queued(&d->call))
		task_yield();
	task_pin(task_current(), false);
	frame_free(d);
	KT_ASSERT_EQ(caught, 1);
	KT_ASSERT(ktest_msg_has(msg, "a queued smp_call"));
}
