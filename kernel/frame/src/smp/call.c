/* SPDX-License-Identifier: MIT */
/* Cross-CPU function calls, and per-CPU variables for services. */
#include "smp/smp_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/panic.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/irq_flags.h"
#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/acpi/madt.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/trap/vectors.h"
#include "irq/irq.h"
#include "sync/spinlock.h"

/*
 * Each CPU has a FIFO of requests guarded by its lock. A waiting caller's
 * request lives on its stack and the target sets @done after the call; a
 * non-waiting caller's is allocated and the target frees it.
 */
struct call_req {
	struct call_req *next;
	void (*fn)(void *arg);
	void *arg;
	bool done;
	bool owned; /* allocated: the target frees it */
};

struct call_queue {
	struct frame_spinlock lock;
	struct call_req *head, *tail;
};

static struct call_queue queues[ARCH_MAX_CPUS];

static void call_ipi(struct arch_trap_frame *frame)
{
	struct call_queue *q = &queues[arch_percpu_this()->cpu];

	(void)frame;
	for (;;) {
		struct call_req *r;

		frame_spin_lock(&q->lock);
		r = q->head;
		if (r) {
			q->head = r->next;
			if (!q->head)
				q->tail = NULL;
		}
		frame_spin_unlock(&q->lock);
		if (!r)
			return;
		r->fn(r->arg);
		if (r->owned)
			frame_free(r);
		else
			__atomic_store_n(&r->done, true, __ATOMIC_RELEASE);
	}
}

int smp_call_on(int cpu, void (*fn)(void *arg), void *arg, bool wait)
{
	struct call_req local = { .fn = fn, .arg = arg }, *r = &local;
	struct arch_percpu *pc = smp_percpu_of(cpu);
	struct call_queue *q;
	uint64_t flags;

	if (cpu < 0 || cpu >= smp_cpu_count() || !pc || !fn)
		return -EINVAL;
	BUG_ON(wait && !arch_irqs_enabled());
	flags = arch_irq_save();
	if (cpu == (int)arch_percpu_this()->cpu) {
		fn(arg);
		arch_irq_restore(flags);
		return 0;
	}
	if (!wait) {
		r = frame_alloc(sizeof(*r));
		if (!r) {
			arch_irq_restore(flags);
			return -ENOMEM;
		}
		*r = local;
		r->owned = true;
	}
	q = &queues[cpu];
	frame_spin_lock(&q->lock);
	if (q->tail)
		q->tail->next = r;
	else
		q->head = r;
	q->tail = r;
	frame_spin_unlock(&q->lock);
	arch_lapic_send_ipi(pc->apic_id, ARCH_VECTOR_CALL);
	arch_irq_restore(flags);
	if (wait)
		while (!__atomic_load_n(&local.done, __ATOMIC_ACQUIRE))
			arch_cpu_relax();
	return 0;
}

void smp_call_init(void)
{
	BUG_ON(irq_set_system_handler(ARCH_VECTOR_CALL, call_ipi));
}

/* Per-CPU variables: a table of slot pointers, one cache line each. */
#define PERCPU_LINE 64

struct frame_percpu {
	int count;
	size_t stride;
	uint8_t *slots;
};

struct frame_percpu *frame_percpu_alloc(size_t size)
{
	struct frame_percpu *v = frame_zalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->count = smp_cpu_count();
	v->stride = (size + PERCPU_LINE - 1) / PERCPU_LINE * PERCPU_LINE;
	if (!v->stride)
		v->stride = PERCPU_LINE;
	v->slots = frame_calloc((size_t)v->count, v->stride);
	if (!v->slots) {
		frame_free(v);
		return NULL;
	}
	return v;
}

void frame_percpu_free(struct frame_percpu *v)
{
	if (!v)
		return;
	frame_free(v->slots);
	frame_free(v);
}

void *frame_percpu_ptr(struct frame_percpu *v, int cpu)
{
	BUG_ON(cpu < 0 || cpu >= v->count);
	return v->slots + (size_t)cpu * v->stride;
}

void *frame_percpu_this(struct frame_percpu *v)
{
	return frame_percpu_ptr(v, (int)arch_percpu_this()->cpu);
}
