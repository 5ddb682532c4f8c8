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

#include "arch/x86_64/layout.h"
#include "arch/x86_64/acpi/madt.h"
#include "mm/buddy.h"
#include "mm/mm.h"
#include "mm/page_meta.h"
#include "mm/pt.h"
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

static void record_cpu(void *arg)
{
	int *slot = arg;

	*slot = smp_this_cpu();
}

KTEST(smp_call_on_runs_on_each_cpu)
{
	int seen[8];
	int n = smp_cpu_count() < 8 ? smp_cpu_count() : 8;

	for (int i = 0; i < n; i++) {
		seen[i] = -1;
		KT_ASSERT_OK(smp_call_on(i, record_cpu, &seen[i], true));
		KT_ASSERT_EQ(seen[i], i);
	}
	KT_ASSERT_ERR(smp_call_on(smp_cpu_count(), record_cpu, seen, true),
		      -EINVAL);
}

/*
 * TLB shootdown: another CPU reads a kernel page through a fresh mapping
 * (so its TLB holds the translation); this CPU remaps the address to a
 * second page; the other CPU must read the second page's contents.
 */
#define SHOOT_VA (VMAP_BASE + (300ull << 30))

struct remote_read {
	uint64_t va;
	uint64_t value;
};

static void read_remote(void *arg)
{
	struct remote_read *r = arg;

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

	if (a && b) {
		*(uint64_t *)page_to_virt(a) = 0xaaaa;
		*(uint64_t *)page_to_virt(b) = 0xbbbb;
		err_a = mm_kernel_map(SHOOT_VA, page_to_phys(a), MM_PAGE_SIZE,
				      PT_WRITE);
		smp_call_on(other, read_remote, &r, true);
		seen_a = r.value;
		mm_kernel_unmap(SHOOT_VA, MM_PAGE_SIZE);
		err_b = mm_kernel_map(SHOOT_VA, page_to_phys(b), MM_PAGE_SIZE,
				      PT_WRITE);
		smp_call_on(other, read_remote, &r, true);
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
	int started;
	uint32_t cpus; /* bit per CPU seen, all tasks */
};

static int spread_fn(void *arg)
{
	struct spread *s = arg;
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

	s = (struct spread){ 0 };
	task_stats(&before);
	for (int i = 0; i < SPREAD_TASKS; i++) {
		t[i] = task_create("spread", spread_fn, &s,
				   TASK_PRIO_NORMAL - 1);
		if (t[i])
			sched_start_task(t[i], 0);
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
	struct frame_spinlock lock;
	uint64_t counter;
	int bad;
};

static int contend_fn(void *arg)
{
	struct contend *c = arg;

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
	c = (struct contend){ .lock = FRAME_SPINLOCK_INIT };
	objects = heap_objects_in_use();
	frame_heap_stats(&hb);
	frame_page_stats(&pb);
	for (int i = 0; i < n; i++)
		t[i] = task_spawn_on("contend", contend_fn, &c,
				     TASK_PRIO_NORMAL, i % smp_cpu_count());
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
	struct frame_percpu *v = frame_percpu_alloc(sizeof(uint64_t));
	uint64_t sum = 0;

	KT_ASSERT_NOT_NULL(v);
	for (int i = 0; i < smp_cpu_count(); i++)
		*(uint64_t *)frame_percpu_ptr(v, i) = (uint64_t)i + 1;
	for (int i = 0; i < smp_cpu_count(); i++)
		sum += *(uint64_t *)frame_percpu_ptr(v, i);
	KT_ASSERT_EQ(sum, (uint64_t)smp_cpu_count() *
				  (uint64_t)(smp_cpu_count() + 1) / 2);
	KT_ASSERT(frame_percpu_ptr(v, 0) != frame_percpu_this(v) ||
		  smp_this_cpu() == 0);
	frame_percpu_free(v);
}
