/* SPDX-License-Identifier: MIT */
/* CPUs: how many, which one, per-CPU variables, calls on another CPU. */
#ifndef FRAME_SMP_H
#define FRAME_SMP_H

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
 * smp_call_on() - run @fn(@arg) on CPU @cpu, in hard-interrupt context
 * there (interrupts off, must not sleep); on the calling CPU directly,
 * with interrupts off. With @wait, return only after @fn returned; then
 * the caller must have interrupts on (BUG otherwise: two CPUs waiting on
 * each other with interrupts off would deadlock). Without @wait, @arg
 * must stay valid until @fn has run. 0, -EINVAL for a CPU that is not
 * online, -ENOMEM when the request cannot be allocated.
 */
int smp_call_on(int cpu, void (*fn)(void *arg), void *arg, bool wait);

/*
 * Per-CPU variables: one zeroed @size-byte slot per CPU, each on its own
 * cache line, so CPUs updating their own slot do not contend.
 * frame_percpu_alloc() returns NULL when memory runs out;
 * frame_percpu_ptr(@v, @cpu) is CPU @cpu's slot; frame_percpu_this() is
 * the calling CPU's, which stays the caller's only while it holds a
 * spinlock or has interrupts off (otherwise it may be another CPU's slot
 * by the time it is used: still valid memory, but shared).
 */
struct frame_percpu;
struct frame_percpu *frame_percpu_alloc(size_t size);
void frame_percpu_free(struct frame_percpu *v);
void *frame_percpu_ptr(struct frame_percpu *v, int cpu);
void *frame_percpu_this(struct frame_percpu *v);

#endif /* FRAME_SMP_H */
