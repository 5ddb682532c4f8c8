/* SPDX-License-Identifier: MIT */
/* CPUs: how many, which one, per-CPU variables, calls on another CPU. */
#ifndef FRAME_SMP_H
#define FRAME_SMP_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * Why in the frame: starting a CPU is a real-mode trampoline and APIC
 * commands; knowing which CPU runs the caller reads the GS base; running
 * code on another CPU takes an inter-processor interrupt. None of it can
 * be written in safe C. The frame starts every CPU the firmware lists at
 * boot (none come or go later) and gives services the numbers, per-CPU
 * storage and cross-CPU calls.
 *
 * CPU numbers are 0 (the boot CPU) to smp_cpu_count() - 1.
 */

/* How many CPUs are online (fixed after boot). */
int smp_cpu_count(void);

/*
 * smp_this_cpu() - the CPU running the caller. A task may be moved to
 * another CPU at any moment unless it holds a spinlock or has interrupts
 * off, so outside those the answer is only a hint.
 */
int smp_this_cpu(void);

/*
 * A cross-CPU call: a struct the caller embeds in its own object; the
 * target CPU calls @fn(call), which finds the object with container_of().
 * The members are the frame's.
 */
struct __frame_nocopy smp_call {
	struct smp_call *next_;
	void (*fn_)(struct smp_call *call);
	bool queued_, wait_, done_;
	struct frame_live_ live_; /* while queued */
};

/* smp_call_init() - set @call up to run @fn; it starts not queued */
void smp_call_init(struct smp_call *call, void (*fn)(struct smp_call *call));

/*
 * smp_call_on() - run @call's function on CPU @cpu, in hard-interrupt
 * context there (interrupts off, must not sleep); on the calling CPU
 * directly, with interrupts off. With @wait, return only after it
 * returned; then the caller must have interrupts on (BUG otherwise: two
 * CPUs waiting on each other with interrupts off would deadlock). Without
 * @wait, @call is queued as it is (no allocation) and must stay valid
 * until its function has started; from then on the function owns it and
 * may queue it again or free it. 0, -EINVAL for a CPU that is not online,
 * -EBUSY while @call is still queued from an earlier smp_call_on().
 */
int smp_call_on(int cpu, struct smp_call *call, bool wait);

/* smp_call_queued() - whether @call waits on a CPU and has not started */
bool smp_call_queued(const struct smp_call *call);

/*
 * Per-CPU variables: one zeroed @size-byte slot per CPU, each on its own
 * cache line, so CPUs updating their own slot do not contend.
 * frame_percpu_alloc() returns NULL when memory runs out. A service
 * reaches the slots through the typed accessors below, which check the
 * slot size against the type once, where the variable is made:
 *
 *	struct frame_percpu *hits = FRAME_PERCPU_ALLOC(uint64_t);
 *	(*FRAME_PERCPU_PTR(hits, uint64_t, cpu))++;
 *	(*FRAME_PERCPU_THIS(hits, uint64_t))++;
 *
 * FRAME_PERCPU_PTR(@v, @type, @cpu) is CPU @cpu's slot (BUG for a CPU
 * that is not online, or a type larger than the slot); FRAME_PERCPU_THIS()
 * is the calling CPU's, which stays the caller's only while it holds a
 * spinlock or has interrupts off (otherwise it may be another CPU's slot
 * by the time it is used: still valid memory, but shared).
 */
struct frame_percpu;
struct frame_percpu *frame_percpu_alloc(size_t size);
void frame_percpu_free(struct frame_percpu *v);

/* The untyped slots behind the macros: frame code, and the macros. */
void *frame_percpu_ptr_(struct frame_percpu *v, int cpu, size_t size);
void *frame_percpu_this_(struct frame_percpu *v, size_t size);

#define FRAME_PERCPU_ALLOC(type) frame_percpu_alloc(sizeof(type))
#define FRAME_PERCPU_PTR(v, type, cpu) \
	((type *)frame_percpu_ptr_((v), (cpu), sizeof(type)))
#define FRAME_PERCPU_THIS(v, type) \
	((type *)frame_percpu_this_((v), sizeof(type)))

/*
 * smp_cpu_times() - the time CPU @cpu spent in user code, kernel code of
 * tasks, its idle task, and bottom-half work since boot, sampled by the
 * tick as task_times() (<frame/task.h>) describes. 0, or -EINVAL for a
 * CPU that is not online. For /proc/stat.
 */
struct smp_cpu_times {
	uint64_t user_ns;
	uint64_t system_ns;
	uint64_t idle_ns;
	uint64_t irq_ns;
};
int smp_cpu_times(int cpu, struct smp_cpu_times *out);

#endif /* FRAME_SMP_H */
