/* SPDX-License-Identifier: MIT */
/* Clocks, the periodic tick and one-shot timers with callbacks. */
#ifndef FRAME_TIME_H
#define FRAME_TIME_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * Why in the frame: every clock here is a piece of hardware a service may
 * not touch (the time-stamp counter, the local APIC timer, the CMOS RTC
 * behind I/O ports, the PIT they are calibrated against), and a timer's
 * callback runs from the timer interrupt's exit path, which only the frame
 * owns.
 *
 * The monotonic clock counts nanoseconds since the frame calibrated it at
 * boot; it never goes backwards and is callable from any context. Its
 * rate is the TSC's, measured against the PIT over a few milliseconds at
 * boot, so it is as good as that measurement (usually well within 0.1% on
 * hardware; under emulation, where the guest's idea of time follows the
 * host's scheduling, only roughly).
 */

#define FRAME_NSEC_PER_SEC  1000000000ull
#define FRAME_NSEC_PER_MSEC 1000000ull
#define FRAME_NSEC_PER_USEC 1000ull

/* The periodic tick's rate: frame_ticks() advances this often a second. */
#define FRAME_TICK_HZ 250

/* frame_clock_monotonic_ns() - nanoseconds since boot */
uint64_t frame_clock_monotonic_ns(void);

/*
 * frame_clock_realtime_ns() - nanoseconds since 1970-01-01 00:00:00 UTC:
 * the CMOS RTC read at boot (taken as UTC, as QEMU and Linux hosts keep
 * it), plus the monotonic time since, unless frame_clock_realtime_set()
 * moved it. May jump when it is set; use the monotonic clock to measure.
 */
uint64_t frame_clock_realtime_ns(void);

/*
 * frame_clock_realtime_set() - make the wall clock read @ns now
 * (settimeofday, clock_settime); the RTC itself is not written. Timers
 * armed with frame_timer_arm_realtime() follow: one whose deadline the
 * new time has passed fires at once, the others are moved to the new
 * time (and those armed with FRAME_TIMER_CANCEL_ON_SET fire at once,
 * telling their callback why). Returns 0.
 */
int frame_clock_realtime_set(uint64_t ns);

/*
 * frame_ticks() - periodic ticks since the tick started at boot. A tick
 * that arrives late (interrupts were off) counts the periods it missed,
 * so frame_ticks() / FRAME_TICK_HZ tracks seconds of uptime.
 */
uint64_t frame_ticks(void);

/*
 * frame_delay_us() - spin for at least @us microseconds, for device
 * timing (a reset pulse). Callable from any context; keep it short with
 * interrupts off.
 */
void frame_delay_us(uint64_t us);

/*
 * A one-shot timer: embedded in a service's object, initialized once,
 * armed for an absolute deadline on the monotonic clock (frame_timer_arm)
 * or on the wall clock (frame_timer_arm_realtime); when the deadline
 * passes the frame calls @fn(timer) in bottom-half context (<frame/irq.h>:
 * interrupts on, must not sleep), and the function finds its object with
 * container_of(). Timers on one clock with earlier deadlines fire first;
 * equal deadlines fire in the order they were armed.
 *
 * Timers are high-resolution: the frame programs the local APIC timer
 * (in TSC-deadline mode where the CPU has it, else one-shot) for the
 * earliest deadline, whichever comes first of it and the next periodic
 * tick, so a timer fires at or after its deadline, within about an
 * interrupt's latency, not at the next tick: this is what nanosleep,
 * itimers and timerfd are built on. The members are the frame's.
 */
struct __frame_nocopy frame_timer {
	struct frame_timer *prev_, *next_;
	uint64_t deadline_; /* on the clock that realtime_ names */
	void (*fn_)(struct frame_timer *timer);
	bool armed_;
	bool realtime_;	     /* deadline_ is wall-clock time */
	bool cancel_on_set_; /* fire when the wall clock is set */
	bool fired_by_set_;  /* the last firing was such a set */
	struct frame_live_ live_; /* while armed */
};

/* frame_timer_init() - set up @timer to call @fn; it starts disarmed */
void frame_timer_init(struct frame_timer *timer,
		      void (*fn)(struct frame_timer *timer));

/*
 * frame_timer_arm() - fire @timer once at monotonic time @deadline_ns
 * (a deadline already past fires at once). Arming an armed timer moves
 * it. Arming from its own callback makes a periodic timer. @timer must
 * stay valid until it fires or is cancelled. Callable from any context.
 */
void frame_timer_arm(struct frame_timer *timer, uint64_t deadline_ns);

/* frame_timer_arm_in() - frame_timer_arm() @delay_ns from now (saturating) */
void frame_timer_arm_in(struct frame_timer *timer, uint64_t delay_ns);

/* Flags of frame_timer_arm_realtime(). */
#define FRAME_TIMER_CANCEL_ON_SET (1u << 0) /* timerfd's flag of that name */

/*
 * frame_timer_arm_realtime() - fire @timer once when the wall clock
 * (frame_clock_realtime_ns()) reaches @realtime_ns: clock_nanosleep() with
 * CLOCK_REALTIME and TIMER_ABSTIME, timerfd and POSIX timers on
 * CLOCK_REALTIME. When frame_clock_realtime_set() moves the clock, the
 * timer moves with it: set forward past the deadline, it fires at once;
 * set back, it waits the longer. With FRAME_TIMER_CANCEL_ON_SET in
 * @flags, any setting of the clock while it is armed fires it at once,
 * and frame_timer_fired_by_set() tells the callback so. Arming an armed
 * timer (on either clock) moves it. -EINVAL for unknown flags (the timer
 * is then left as it was), else 0. Callable from any context; @timer must
 * stay valid until it fires or is cancelled.
 */
int frame_timer_arm_realtime(struct frame_timer *timer, uint64_t realtime_ns,
			     unsigned int flags);

/*
 * frame_timer_fired_by_set() - in @timer's callback (or after it), whether
 * it fired because the wall clock was set while it was armed with
 * FRAME_TIMER_CANCEL_ON_SET, rather than at its deadline. Cleared by the
 * next arming.
 */
bool frame_timer_fired_by_set(const struct frame_timer *timer);

/*
 * frame_timer_cancel() - disarm @timer; returns whether it was armed (then
 * its callback will not run for that arming). It does not wait for a
 * callback that has already started (on this CPU one cannot be running
 * while the caller is, unless the caller is that callback).
 */
bool frame_timer_cancel(struct frame_timer *timer);

/* frame_timer_armed() - whether @timer is waiting for its deadline */
bool frame_timer_armed(const struct frame_timer *timer);

#endif /* FRAME_TIME_H */
