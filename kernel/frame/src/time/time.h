/* SPDX-License-Identifier: MIT */
/* Frame-internal time: boot setup, calibration results, the tick hook list. */
#ifndef TIME_TIME_H
#define TIME_TIME_H

#include <frame/time.h>
#include <frame/types.h>

#include "lib/list.h"

/*
 * time_init() - calibrate the TSC and the local APIC timer against the
 * PIT, read the wall clock from the CMOS RTC, and start the periodic tick
 * (the local APIC timer in one-shot mode, re-armed for whichever comes
 * first: the next tick or the earliest timer). Needs irq_init(); the tick
 * fires once boot enables interrupts. Panics when no calibration works.
 */
void time_init(void);

/* The measured frequencies, in Hz (the APIC timer's after its divider). */
uint64_t time_tsc_hz(void);
uint64_t time_lapic_timer_hz(void);

/*
 * The calibration, for time/clock.c and time/timer.c: converting TSC
 * cycles to nanoseconds and nanoseconds to APIC timer counts.
 */
uint64_t time_tsc_to_ns(uint64_t cycles);
uint64_t time_ns_to_lapic(uint64_t ns);

/* time_ns_to_tsc() - TSC cycles in @ns nanoseconds, rounded up, for
 * TSC-deadline programming (saturates at UINT64_MAX) */
uint64_t time_ns_to_tsc(uint64_t ns);

/* time_realtime_offset() - wall clock minus monotonic clock, mod 2^64 */
uint64_t time_realtime_offset(void);

/*
 * time_timers_clock_set() - the wall clock was just set: fire the
 * realtime timers armed with FRAME_TIMER_CANCEL_ON_SET and reprogram for
 * the realtime deadlines' new place on the monotonic clock
 */
void time_timers_clock_set(void);

/*
 * time_timer_hr_interrupts() - the boot CPU's timer interrupts that came
 * for a timer's deadline rather than for the periodic tick (the tick did
 * not advance in them): how ktests see that timers do not wait for ticks
 */
uint64_t time_timer_hr_interrupts(void);

/*
 * The clock's part of time_init(): measure the TSC and APIC timer rates
 * and zero the monotonic clock.
 */
void time_clock_init(void);

/*
 * The monotonic clock's definition, for the vDSO's data page: it reads
 * ((TSC - *base) * *mult) >> 32 nanoseconds (128-bit product). Fixed
 * once time_clock_init() has run.
 */
void time_tsc_params(uint64_t *base, uint64_t *mult);

/* The wall clock's part: read the RTC (warns and starts at 0 if it fails). */
void time_realtime_init(void);

/*
 * The vDSO's part (time/vdso_clock.c): publish the clocks in the vDSO's
 * data page and keep its coarse clocks moving with the tick. Every
 * change of what the clocks read (the wall clock's offset, ...) must
 * call time_vdso_update() afterwards; before time_vdso_init() it does
 * nothing.
 */
void time_vdso_init(void);
void time_vdso_update(void);

/* The timers' part: claim the timer vector and start the tick. */
void time_timer_init(void);

/* time_ap_tick_start() - start the calling AP's periodic tick (SMP). */
void time_ap_tick_start(void);

/*
 * Tick hooks: called on every periodic tick in hard-interrupt context
 * (interrupts off, on the CPU whose timer ticked), with the number of tick
 * periods that passed since the last call (more than 1 when the tick came
 * late). For the scheduler: account the running task's time and decide to
 * preempt, acted on in irq_set_preempt_hook()'s hook. Embed the struct,
 * add it once; the list is short and walked in order of adding.
 */
struct time_tick_hook {
	struct list_node node;
	void (*fn)(struct time_tick_hook *hook, uint64_t ticks);
};

void time_tick_hook_add(struct time_tick_hook *hook);
void time_tick_hook_remove(struct time_tick_hook *hook);

/*
 * Days since 1970-01-01 of a date in the proleptic Gregorian calendar
 * (year >= 1970, month 1..12, day 1..31), and its inverse; for the RTC.
 */
uint64_t time_days_from_civil(unsigned int year, unsigned int month,
			      unsigned int day);
void time_civil_from_days(uint64_t days, unsigned int *year,
			  unsigned int *month, unsigned int *day);

#endif /* TIME_TIME_H */
