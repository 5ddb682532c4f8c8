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
#include "sync/live.h"
#include "sync/spinlock.h"

/*
 * Each CPU has a FIFO of calls guarded by its lock; the calls are the
 * callers' own structs, linked through next_, so queueing never
 * allocates. A waiting caller spins until the target sets done_ after the
 * function returned; a non-waiting caller's call belongs to the function
 * once it starts (queued_ is cleared before), so the target never touches
 * it afterwards.
 */
struct call_queue {
	struct frame_spinlock lock;
	struct smp_call *head, *tail;
};

static struct call_queue queues[ARCH_MAX_CPUS];

void smp_call_init(struct smp_call *call, void (*fn)(struct smp_call *call))
{
	BUG_ON(!fn);
	call->next_ = NULL;
	call->fn_ = fn;
	call->queued_ = false;
	call->wait_ = false;
	call->done_ = false;
	live_init(&call->live_);
}

bool smp_call_queued(const struct smp_call *call)
{
	return __atomic_load_n(&call->queued_, __ATOMIC_ACQUIRE);
}

static void call_ipi(struct arch_trap_frame *frame)
{
	struct call_queue *q = &queues[arch_percpu_this()->cpu];

	(void)frame;
	for (;;) {
		void (*fn)(struct smp_call *);
		struct smp_call *c;
		bool wait;

		frame_spin_lock(&q->lock);
		c = q->head;
		if (c) {
			q->head = c->next_;
			if (!q->head)
				q->tail = NULL;
			c->next_ = NULL;
			fn = c->fn_;
			wait = c->wait_;
			live_untrack(&c->live_);
			__atomic_store_n(&c->queued_, false, __ATOMIC_RELEASE);
		}
		frame_spin_unlock(&q->lock);
		if (!c)
			return;
		fn(c);
		if (wait)
			__atomic_store_n(&c->done_, true, __ATOMIC_RELEASE);
	}
}

int smp_call_on(int cpu, struct smp_call *call, bool wait)
{
	struct arch_percpu *pc = smp_percpu_of(cpu);
	struct call_queue *q;
	uint64_t flags;

	if (cpu < 0 || cpu >= smp_cpu_count() || !pc)
		return -EINVAL;
	BUG_ON(!call->fn_);
	BUG_ON(wait && !arch_irqs_enabled());
	flags = arch_irq_save();
	if (cpu == (int)arch_percpu_this()->cpu) {
		arch_irq_restore(flags);
		if (smp_call_queued(call))
			return -EBUSY;
		flags = arch_irq_save();
		call->fn_(call);
		arch_irq_restore(flags);
		return 0;
	}
	q = &queues[cpu];
	frame_spin_lock(&q->lock);
	if (call->queued_) {
		frame_spin_unlock(&q->lock);
		arch_irq_restore(flags);
		return -EBUSY;
	}
	call->next_ = NULL;
	call->wait_ = wait;
	call->done_ = false;
	call->queued_ = true;
	live_track(&call->live_, LIVE_SMP_CALL, call, sizeof(*call),
		   __builtin_return_address(0));
	if (q->tail)
		q->tail->next_ = call;
	else
		q->head = call;
	q->tail = call;
	frame_spin_unlock(&q->lock);
	arch_lapic_send_ipi(pc->apic_id, ARCH_VECTOR_CALL);
	arch_irq_restore(flags);
	if (wait)
		while (!__atomic_load_n(&call->done_, __ATOMIC_ACQUIRE))
			arch_cpu_relax();
	return 0;
}

void smp_calls_init(void)
{
	BUG_ON(irq_set_system_handler(ARCH_VECTOR_CALL, call_ipi));
}

/* Per-CPU variables: a table of slot pointers, one cache line each. */
#define PERCPU_LINE 64

struct frame_percpu {
	int count;
	size_t size; /* what the slot was made for */
	size_t stride;
	uint8_t *slots;
};

struct frame_percpu *frame_percpu_alloc(size_t size)
{
	struct frame_percpu *v = frame_zalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->count = smp_cpu_count();
	v->size = size;
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

void *frame_percpu_ptr_(struct frame_percpu *v, int cpu, size_t size)
{
	BUG_ON(cpu < 0 || cpu >= v->count);
	if (size > v->size)
		frame_panic("per-CPU variable %p: a %zu-byte type in %zu-byte "
			    "slots",
			    (void *)v, size, v->size);
	return v->slots + (size_t)cpu * v->stride;
}

/* Interrupts off: the CPU number must be the one the caller runs on. */
void *frame_percpu_this_(struct frame_percpu *v, size_t size)
{
	uint64_t flags = arch_irq_save();
	int cpu = (int)arch_percpu_this()->cpu;

	arch_irq_restore(flags);
	return frame_percpu_ptr_(v, cpu, size);
}
