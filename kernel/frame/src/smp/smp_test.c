/* SPDX-License-Identifier: MIT */
/* Tests of SMP: APs online, cross-CPU calls, TLB shootdown, balancing. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/smp.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/irq_flags.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/acpi/madt.h"
#include "mm/buddy.h"
#include "mm/mm.h"
#include "mm/page_meta.h"
#include "mm/pt.h"
#include "ktest/panic_probe.h"
#include "mm/slab.h"
#include "smp/smp_internal.h"
#include "task/task.h"

KTEST(smp_every_listed_cpu_is_online)
{
	KT_ASSERT_EQ(smp_cpu_count(), (int)arch_madt.cpu_count);
	KT_ASSERT_EQ(sched_cpu_count(), smp_cpu_count());
	for (int i = 0; i < smp_cpu_count(); i++) {
		KT_ASSERT_NOT_NULL(smp_percpu_of(i));
		KT_ASSERT(sched_cpu_of(i)->online);
	}
}

struct cpu_probe {
	struct smp_call call;
	int seen;
};

static void record_cpu(struct smp_call *call)
{
	container_of(call, struct cpu_probe, call)->seen = smp_this_cpu();
}

KTEST(smp_call_on_runs_on_each_cpu)
{
	struct cpu_probe p[8];
	int n = smp_cpu_count() < 8 ? smp_cpu_count() : 8;

	for (int i = 0; i < n; i++) {
		smp_call_init(&p[i].call, record_cpu);
		p[i].seen = -1;
		KT_ASSERT_OK(smp_call_on(i, &p[i].call, true));
		KT_ASSERT_EQ(p[i].seen, i);
	}
	KT_ASSERT_ERR(smp_call_on(smp_cpu_count(), &p[0].call, true), -EINVAL);
}

/*
 * Without waiting, the caller's own struct is queued (nothing is
 * allocated), a second queueing while it waits is refused, and the
 * function may free the object that holds the call.
 */
struct async_probe {
	struct smp_call call;
	int *seen;
};

static void record_and_free(struct smp_call *call)
{
	struct async_probe *p = container_of(call, struct async_probe, call);
	int *seen = p->seen;

	/* Free first: the test counts heap objects as soon as it sees the
	 * store. */
	frame_free(p);
	__atomic_store_n(seen, smp_this_cpu(), __ATOMIC_RELEASE);
}

static void spin_a_little(struct smp_call *call)
{
	(void)call;
	frame_delay_us(20000);
}

/* Held until the test opens it (at most a second): while a call spins
 * here, the calls queued behind it stay queued, however the host runs
 * the CPUs. */
static bool gate_open;

static void wait_at_gate(struct smp_call *call)
{
	uint64_t start = frame_clock_monotonic_ns();

	(void)call;
	while (!__atomic_load_n(&gate_open, __ATOMIC_ACQUIRE) &&
	       frame_clock_monotonic_ns() - start < FRAME_NSEC_PER_SEC)
		frame_delay_us(100);
}

KTEST(smp_call_on_without_wait_uses_the_callers_struct)
{
	int other = smp_cpu_count() - 1, seen = -1, busy_ret = 0;
	struct async_probe *p = frame_alloc(sizeof(*p));
	struct smp_call slow, queued;
	size_t objects = heap_objects_in_use();
	uint64_t start;

	KT_ASSERT_NOT_NULL(p);
	smp_call_init(&p->call, record_and_free);
	p->seen = &seen;
	KT_ASSERT_OK(smp_call_on(other, &p->call, false));
	start = frame_clock_monotonic_ns();
	while (__atomic_load_n(&seen, __ATOMIC_ACQUIRE) < 0 &&
	       frame_clock_monotonic_ns() - start < FRAME_NSEC_PER_SEC)
		task_yield();
	KT_ASSERT_EQ(seen, other);
	KT_ASSERT_EQ(heap_objects_in_use(), objects - 1);
	if (other == smp_this_cpu())
		return;
	/* While @queued waits behind a slow call, it cannot be queued
	 * again. */
	__atomic_store_n(&gate_open, false, __ATOMIC_RELEASE);
	smp_call_init(&slow, wait_at_gate);
	smp_call_init(&queued, spin_a_little);
	KT_ASSERT_OK(smp_call_on(other, &slow, false));
	KT_ASSERT_OK(smp_call_on(other, &queued, false));
	KT_ASSERT(smp_call_queued(&queued));
	busy_ret = smp_call_on(other, &queued, false);
	__atomic_store_n(&gate_open, true, __ATOMIC_RELEASE);
	while (smp_call_queued(&slow) || smp_call_queued(&queued))
		task_yield();
	/* Both ran: a waiting call behind them returns after them. */
	KT_ASSERT_OK(smp_call_on(other, &slow, true));
	KT_ASSERT_ERR(busy_ret, -EBUSY);
}

/*
 * TLB shootdown: another CPU reads a kernel page through a fresh mapping
 * (so its TLB holds the translation); this CPU remaps the address to a
 * second page; the other CPU must read the second page's contents.
 */
#define SHOOT_VA (VMAP_BASE + (300ull << 30))

struct remote_read {
	struct smp_call call;
	uint64_t va;
	uint64_t value;
};

static void read_remote(struct smp_call *call)
{
	struct remote_read *r = container_of(call, struct remote_read, call);

	r->value = *(volatile uint64_t *)(uintptr_t)r->va;
}

KTEST(smp_tlb_shootdown_reaches_other_cpus)
{
	struct frame_page *a = buddy_alloc(0, PAGE_BLOCK);
	struct frame_page *b = buddy_alloc(0, PAGE_BLOCK);
	struct remote_read r = { .va = SHOOT_VA };
	uint64_t before = smp_tlb_shootdowns();
	int other = smp_cpu_count() - 1;
	int err_a = -1, err_b = -1;
	uint64_t seen_a = 0, seen_b = 0;

	smp_call_init(&r.call, read_remote);
	if (a && b) {
		*(uint64_t *)page_to_virt(a) = 0xaaaa;
		*(uint64_t *)page_to_virt(b) = 0xbbbb;
		err_a = mm_kernel_map(SHOOT_VA, page_to_phys(a), MM_PAGE_SIZE,
				      PT_WRITE);
		smp_call_on(other, &r.call, true);
		seen_a = r.value;
		mm_kernel_unmap(SHOOT_VA, MM_PAGE_SIZE);
		err_b = mm_kernel_map(SHOOT_VA, page_to_phys(b), MM_PAGE_SIZE,
				      PT_WRITE);
		smp_call_on(other, &r.call, true);
		seen_b = r.value;
		mm_kernel_unmap(SHOOT_VA, MM_PAGE_SIZE);
	}
	if (a)
		buddy_free(a);
	if (b)
		buddy_free(b);
	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_OK(err_a);
	KT_ASSERT_OK(err_b);
	KT_ASSERT_EQ(seen_a, 0xaaaa);
	KT_ASSERT_EQ(seen_b, 0xbbbb);
	if (smp_cpu_count() > 1)
		KT_ASSERT_GT(smp_tlb_shootdowns(), before);
}

/*
 * Balancing: tasks all started on CPU 0, unpinned, end up on every CPU.
 * Each spins until all have started (the slices rotate them) and at least
 * 100 ms have passed, noting every CPU it finds itself on.
 */
#define SPREAD_TASKS 8

struct spread {
	struct task_entry entry;
	int started;
	uint32_t cpus; /* bit per CPU seen, all tasks */
};

static int spread_fn(struct task_entry *e)
{
	struct spread *s = container_of(e, struct spread, entry);
	uint64_t start = frame_clock_monotonic_ns(), now;

	__atomic_fetch_add(&s->started, 1, __ATOMIC_RELAXED);
	do {
		__atomic_fetch_or(&s->cpus, 1u << (smp_this_cpu() & 31),
				  __ATOMIC_RELAXED);
		now = frame_clock_monotonic_ns();
	} while (now - start < 2 * FRAME_NSEC_PER_SEC &&
		 (now - start < 100 * FRAME_NSEC_PER_MSEC ||
		  __atomic_load_n(&s->started, __ATOMIC_RELAXED) <
			  SPREAD_TASKS));
	return 0;
}

KTEST(smp_balancing_spreads_tasks)
{
	static struct spread s;
	struct task *t[SPREAD_TASKS];
	struct task_stats before, after;
	int distinct = 0;

	s = (struct spread){ .entry = TASK_ENTRY_INIT(spread_fn) };
	task_stats(&before);
	for (int i = 0; i < SPREAD_TASKS; i++) {
		struct task *raw =
			task_create("spread", &s.entry, TASK_PRIO_NORMAL - 1);

		t[i] = raw ? task_handle(raw) : NULL;
		if (raw)
			sched_start_task(raw, 0);
	}
	for (int i = 0; i < SPREAD_TASKS; i++)
		if (t[i])
			task_join(t[i]);
	task_stats(&after);
	for (int i = 0; i < SPREAD_TASKS; i++)
		KT_ASSERT_NOT_NULL(t[i]);
	KT_ASSERT_EQ(s.started, SPREAD_TASKS);
	for (int i = 0; i < 32; i++)
		distinct += (s.cpus >> i) & 1;
	KT_ASSERT_EQ(distinct, smp_cpu_count() < 32 ? smp_cpu_count() : 32);
	if (smp_cpu_count() > 1)
		KT_ASSERT_GT(after.migrations, before.migrations);
}

/* Contention: one task per CPU, a spinlock-protected plain counter, and
 * allocations freed again; the allocators end where they started. */
#define CONTEND_ROUNDS 3000

struct contend {
	struct task_entry entry;
	struct frame_spinlock lock;
	uint64_t counter;
	int bad;
};

static int contend_fn(struct task_entry *e)
{
	struct contend *c = container_of(e, struct contend, entry);

	for (int i = 0; i < CONTEND_ROUNDS; i++) {
		size_t size = 16 + (size_t)(i % 37) * 24;
		uint8_t *p = frame_alloc(size);
		struct frame_page *pg =
			(i % 16) ? NULL : frame_page_alloc(1, 0);
		uint64_t flags;

		if (p) {
			for (size_t j = 0; j < size; j++)
				p[j] = (uint8_t)(i + j);
			for (size_t j = 0; j < size; j++)
				if (p[j] != (uint8_t)(i + j))
					__atomic_fetch_add(&c->bad, 1,
							   __ATOMIC_RELAXED);
			frame_free(p);
		}
		if (pg)
			frame_page_put(pg);
		flags = frame_spin_lock_irqsave(&c->lock);
		c->counter++;
		frame_spin_unlock_irqrestore(&c->lock, flags);
	}
	return 0;
}

KTEST(smp_spinlock_and_allocators_under_contention)
{
	static struct contend c;
	struct frame_page_stats pb, pa;
	struct frame_heap_stats hb, ha;
	struct task *t[ARCH_MAX_CPUS];
	int n = smp_cpu_count() * 2;
	size_t objects;

	if (n > 16)
		n = 16;
	c = (struct contend){ .entry = TASK_ENTRY_INIT(contend_fn),
			      .lock = FRAME_SPINLOCK_INIT };
	objects = heap_objects_in_use();
	frame_heap_stats(&hb);
	frame_page_stats(&pb);
	for (int i = 0; i < n; i++)
		t[i] = task_spawn_on("contend", &c.entry, TASK_PRIO_NORMAL,
				     i % smp_cpu_count());
	for (int i = 0; i < n; i++)
		if (t[i])
			task_join(t[i]);
	frame_heap_stats(&ha);
	frame_page_stats(&pa);
	for (int i = 0; i < n; i++)
		KT_ASSERT_NOT_NULL(t[i]);
	KT_ASSERT_EQ(c.bad, 0);
	KT_ASSERT_EQ(c.counter, (uint64_t)n * CONTEND_ROUNDS);
	KT_ASSERT_EQ(heap_objects_in_use(), objects);
	KT_ASSERT_EQ(ha.large_allocations, hb.large_allocations);
	/* Pages are free again or kept as a cache's one spare slab. */
	KT_ASSERT_EQ(pa.free_pages + ha.slab_pages,
		     pb.free_pages + hb.slab_pages);
}

KTEST(smp_percpu_variables_are_separate)
{
	struct frame_percpu *v = FRAME_PERCPU_ALLOC(uint64_t);
	uint64_t sum = 0;
	uint64_t flags;
	bool this_ok;

	KT_ASSERT_NOT_NULL(v);
	for (int i = 0; i < smp_cpu_count(); i++)
		*FRAME_PERCPU_PTR(v, uint64_t, i) = (uint64_t)i + 1;
	for (int i = 0; i < smp_cpu_count(); i++)
		sum += *FRAME_PERCPU_PTR(v, uint64_t, i);
	flags = arch_irq_save();
	this_ok = FRAME_PERCPU_THIS(v, uint64_t) ==
		  FRAME_PERCPU_PTR(v, uint64_t, smp_this_cpu());
	arch_irq_restore(flags);
	frame_percpu_free(v);
	KT_ASSERT_EQ(sum, (uint64_t)smp_cpu_count() *
				  (uint64_t)(smp_cpu_count() + 1) / 2);
	KT_ASSERT(this_ok);
}

struct big_slot {
	uint64_t words[4];
};

static void percpu_wrong_type(void *arg)
{
	FRAME_PERCPU_PTR(arg, struct big_slot, 0)->words[3] = 1;
}

/* A type larger than the slot is refused, not written past the slot. */
KTEST(smp_percpu_typed_accessor_checks_the_size)
{
	struct frame_percpu *v = FRAME_PERCPU_ALLOC(uint32_t);
	char msg[128];
	int caught;

	KT_ASSERT_NOT_NULL(v);
	caught = ktest_panic_probe(percpu_wrong_type, v, msg, sizeof(msg));
	frame_percpu_free(v);
	KT_ASSERT_EQ(caught, 1);
	KT_ASSERT(ktest_msg_has(msg, "32-byte type in 4-byte slots"));
}
