/* SPDX-License-Identifier: MIT */
/* The periodic tick and one-shot timers, on the local APIC timer. */
#include "time/time.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/irq.h>
#include <frame/panic.h>

#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/trap/vectors.h"
#include "irq/irq.h"
#include "sync/live.h"
#include "sync/spinlock.h"

/*
 * One hardware timer serves both the tick and the timers: the APIC timer
 * runs in one-shot mode and is always set for whichever comes first, the
 * next tick or the earliest armed timer. So timers fire at their deadline,
 * not at the next tick, and the tick period never drifts: the next tick
 * is computed from the previous deadline, not from when it was handled.
 *
 * The hardware is the APIC timer in TSC-deadline mode where the CPU has
 * it (an absolute TSC value: no count to compute from a "now" that is
 * already stale), else in one-shot mode with a count.
 *
 * Armed timers sit in two lists sorted by deadline (equal deadlines in
 * arming order): monotonic timers by monotonic deadline, realtime timers
 * by wall-clock deadline, which maps to a monotonic one through the
 * wall clock's offset at the time of asking. So setting the clock needs
 * no re-sorting, only a reprogram (time_timers_clock_set()). The
 * interrupt handler only notices that something has expired and defers
 * timer_work; that bottom half moves the expired timers to a third list
 * and calls them one by one, so a callback may arm or cancel any timer,
 * itself included. The lists and every timer's links are guarded by
 * timer_lock.
 *
 * The timer list and frame_ticks() are the boot CPU's: its APIC timer
 * serves them, and timer callbacks run in its bottom halves. A timer armed
 * on another CPU that becomes the earliest kicks the boot CPU with an IPI
 * on the timer vector, whose handler reprograms. Every other CPU runs only
 * its own periodic tick on its own APIC timer (time_ap_tick_start()), for
 * the tick hooks: the scheduler needs a tick on each CPU to preempt.
 */

#define TICK_PERIOD_NS (FRAME_NSEC_PER_SEC / FRAME_TICK_HZ)
BUILD_BUG_ON(FRAME_NSEC_PER_SEC % FRAME_TICK_HZ != 0);

/* Circular lists with a sentinel; a disarmed timer links to itself. */
static struct frame_timer armed_list = { .prev_ = &armed_list,
					 .next_ = &armed_list };
static struct frame_timer rt_list = { .prev_ = &rt_list, .next_ = &rt_list };
static struct frame_timer expiring_list = { .prev_ = &expiring_list,
					    .next_ = &expiring_list };
static struct frame_spinlock timer_lock = FRAME_SPINLOCK_INIT;

static uint64_t next_tick_ns;
static uint64_t ticks;
static uint64_t programmed_ns = UINT64_MAX; /* what the APIC timer is set for */
static bool timers_live;
/* A clock setting has fired cancel-on-set timers the bottom half must run. */
static bool set_fired;
static uint64_t hr_interrupts;
static struct frame_work timer_work;

static struct list_node tick_hooks = LIST_INIT(tick_hooks);
static struct frame_spinlock tick_hooks_lock = FRAME_SPINLOCK_INIT;

static void tlist_del(struct frame_timer *t)
{
	t->prev_->next_ = t->next_;
	t->next_->prev_ = t->prev_;
	t->prev_ = t;
	t->next_ = t;
}

static void tlist_insert_after(struct frame_timer *pos, struct frame_timer *t)
{
	t->prev_ = pos;
	t->next_ = pos->next_;
	pos->next_->prev_ = t;
	pos->next_ = t;
}

/*
 * Insert @t into @list by deadline, after every timer due no later:
 * searched from the back, where a new timer usually belongs.
 */
static void tlist_insert_sorted(struct frame_timer *list, struct frame_timer *t)
{
	struct frame_timer *pos = list->prev_;

	while (pos != list && pos->deadline_ > t->deadline_)
		pos = pos->prev_;
	tlist_insert_after(pos, t);
}

static struct frame_timer *tlist_first(struct frame_timer *list)
{
	return list->next_ == list ? NULL : list->next_;
}

/* When, on the monotonic clock at @now, the wall clock reaches @rt. */
static uint64_t realtime_to_mono(uint64_t rt, uint64_t now)
{
	uint64_t rt_now = now + time_realtime_offset();

	if (rt <= rt_now)
		return now;
	return rt - rt_now > UINT64_MAX - now ? UINT64_MAX
					      : now + (rt - rt_now);
}

/* The monotonic time of the earliest armed timer event. Lock held. */
static uint64_t earliest_locked(uint64_t now)
{
	struct frame_timer *mono = tlist_first(&armed_list);
	struct frame_timer *rt = tlist_first(&rt_list);
	uint64_t at = UINT64_MAX;

	if (set_fired)
		return now;
	if (mono)
		at = mono->deadline_;
	if (rt)
		at = MIN(at, realtime_to_mono(rt->deadline_, now));
	return at;
}

/* Set this CPU's APIC timer to interrupt at monotonic time @at. */
static void hw_program(uint64_t now, uint64_t at)
{
	uint64_t delta = at > now ? at - now : 0, count;

	if (arch_lapic_tsc_deadline()) {
		uint64_t cycles = time_ns_to_tsc(delta);
		uint64_t tsc = arch_rdtsc();

		arch_lapic_timer_deadline(
			cycles > UINT64_MAX - tsc ? UINT64_MAX : tsc + cycles);
		return;
	}
	count = time_ns_to_lapic(delta);
	if (count > UINT32_MAX)
		count = UINT32_MAX;
	arch_lapic_timer_oneshot((uint32_t)(count ? count : 1));
}

/*
 * Set the APIC timer for the next event after @now. An expired timer is
 * the bottom half's to run; with @skip_expired (from the interrupt, which
 * has deferred it) it is left out, so that an interrupt storm cannot
 * happen while bottom halves wait; without (a timer armed in the past
 * from elsewhere) the timer interrupts at once. Lock held; boot CPU.
 */
static void program_locked(uint64_t now, bool skip_expired)
{
	uint64_t next = next_tick_ns, first = earliest_locked(now);

	if (first < next && (first > now || !skip_expired))
		next = first;
	hw_program(now, next);
	programmed_ns = next;
}

static void run_tick_hooks(uint64_t elapsed)
{
	frame_spin_lock(&tick_hooks_lock);
	for (struct list_node *n = tick_hooks.next; n != &tick_hooks;
	     n = n->next) {
		struct time_tick_hook *h =
			container_of(n, struct time_tick_hook, node);

		h->fn(h, elapsed);
	}
	frame_spin_unlock(&tick_hooks_lock);
}

static bool on_boot_cpu(void)
{
	return arch_percpu_this()->cpu == 0;
}

/* An AP's tick: hooks only; re-armed one period after the last due time. */
static void ap_tick(void)
{
	struct arch_percpu *pc = arch_percpu_this();
	uint64_t now = frame_clock_monotonic_ns(), elapsed = 0;

	if (now >= pc->tick_next_ns) {
		elapsed = (now - pc->tick_next_ns) / TICK_PERIOD_NS + 1;
		pc->tick_next_ns += elapsed * TICK_PERIOD_NS;
	}
	hw_program(now, pc->tick_next_ns);
	if (elapsed)
		run_tick_hooks(elapsed);
}

void time_ap_tick_start(void)
{
	struct arch_percpu *pc = arch_percpu_this();

	uint64_t now = frame_clock_monotonic_ns();

	pc->tick_next_ns = now + TICK_PERIOD_NS;
	hw_program(now, pc->tick_next_ns);
}

/* The APIC timer's hard handler (interrupts off). */
static void timer_interrupt(struct arch_trap_frame *frame)
{
	uint64_t now = frame_clock_monotonic_ns(), elapsed = 0;
	bool expired;

	(void)frame;
	if (!on_boot_cpu()) {
		ap_tick();
		return;
	}
	frame_spin_lock(&timer_lock);
	if (now >= next_tick_ns) {
		elapsed = (now - next_tick_ns) / TICK_PERIOD_NS + 1;
		next_tick_ns += elapsed * TICK_PERIOD_NS;
		__atomic_fetch_add(&ticks, elapsed, __ATOMIC_RELAXED);
	} else {
		__atomic_fetch_add(&hr_interrupts, 1, __ATOMIC_RELAXED);
	}
	expired = earliest_locked(now) <= now;
	program_locked(now, true);
	frame_spin_unlock(&timer_lock);

	if (elapsed)
		run_tick_hooks(elapsed);
	if (expired)
		frame_defer(&timer_work);
}

/* Move the timers due at @now (and those a clock setting fired) to the
 * expiring list. Lock held. */
static void collect_expired_locked(uint64_t now)
{
	uint64_t rt_now = now + time_realtime_offset();
	struct frame_timer *t, *next;

	while ((t = tlist_first(&armed_list)) && t->deadline_ <= now) {
		tlist_del(t);
		tlist_insert_after(expiring_list.prev_, t);
	}
	for (t = rt_list.next_; t != &rt_list; t = next) {
		next = t->next_;
		if (t->deadline_ > rt_now && !set_fired)
			break;
		if (t->deadline_ <= rt_now || t->fired_by_set_) {
			tlist_del(t);
			tlist_insert_after(expiring_list.prev_, t);
		}
	}
	set_fired = false;
}

/* The bottom half: run every timer that has expired. */
static void timer_expire(struct frame_work *work)
{
	uint64_t flags;
	struct frame_timer *t;

	(void)work;
	flags = frame_spin_lock_irqsave(&timer_lock);
	collect_expired_locked(frame_clock_monotonic_ns());
	for (;;) {
		void (*fn)(struct frame_timer *);

		t = expiring_list.next_;
		if (t == &expiring_list)
			break;
		tlist_del(t);
		t->armed_ = false;
		live_untrack(&t->live_);
		fn = t->fn_;
		frame_spin_unlock_irqrestore(&timer_lock, flags);
		/* From here @t is the callback's: it may re-arm or free it. */
		fn(t);
		flags = frame_spin_lock_irqsave(&timer_lock);
	}
	program_locked(frame_clock_monotonic_ns(), false);
	frame_spin_unlock_irqrestore(&timer_lock, flags);
}

void frame_timer_init(struct frame_timer *timer,
		      void (*fn)(struct frame_timer *timer))
{
	BUG_ON(!fn);
	timer->prev_ = timer;
	timer->next_ = timer;
	timer->deadline_ = 0;
	timer->fn_ = fn;
	timer->armed_ = false;
	timer->realtime_ = false;
	timer->cancel_on_set_ = false;
	timer->fired_by_set_ = false;
	live_init(&timer->live_);
}

/* Queue @timer on its clock's list, replacing any earlier arming. */
static void arm_locked(struct frame_timer *timer, uint64_t deadline,
		       bool realtime, bool cancel_on_set, const void *who)
{
	if (timer->armed_)
		tlist_del(timer);
	timer->deadline_ = deadline;
	timer->realtime_ = realtime;
	timer->cancel_on_set_ = cancel_on_set;
	timer->fired_by_set_ = false;
	timer->armed_ = true;
	live_track(&timer->live_, LIVE_TIMER, timer, sizeof(*timer), who);
	tlist_insert_sorted(realtime ? &rt_list : &armed_list, timer);
}

/*
 * After the timer lists changed: when the earliest event is now earlier
 * than what the hardware waits for (or always, with @force), reprogram.
 * Only the boot CPU's APIC timer serves the lists: elsewhere, return true
 * for the caller to kick the boot CPU once it has dropped the lock. Lock
 * held.
 */
static bool reprogram_locked(bool force)
{
	uint64_t now;

	if (!timers_live)
		return false;
	now = frame_clock_monotonic_ns();
	if (!force && earliest_locked(now) >= programmed_ns)
		return false;
	if (!on_boot_cpu())
		return true;
	program_locked(now, false);
	return false;
}

/* The boot CPU's timer handler reprograms for the new earliest event. */
static void kick_boot_cpu(void)
{
	arch_lapic_send_ipi(irq_boot_cpu_apic_id(), ARCH_VECTOR_TIMER);
}

/* @who armed it: the lifetime check (sync/live.h) names it. */
static void timer_arm(struct frame_timer *timer, uint64_t deadline_ns,
		      const void *who)
{
	uint64_t flags;
	bool kick;

	BUG_ON(!timer->fn_);
	flags = frame_spin_lock_irqsave(&timer_lock);
	arm_locked(timer, deadline_ns, false, false, who);
	kick = reprogram_locked(false);
	frame_spin_unlock_irqrestore(&timer_lock, flags);
	if (kick)
		kick_boot_cpu();
}

void frame_timer_arm(struct frame_timer *timer, uint64_t deadline_ns)
{
	timer_arm(timer, deadline_ns, __builtin_return_address(0));
}

void frame_timer_arm_in(struct frame_timer *timer, uint64_t delay_ns)
{
	uint64_t now = frame_clock_monotonic_ns();

	timer_arm(timer,
		  delay_ns > UINT64_MAX - now ? UINT64_MAX : now + delay_ns,
		  __builtin_return_address(0));
}

int frame_timer_arm_realtime(struct frame_timer *timer, uint64_t realtime_ns,
			     unsigned int flags)
{
	uint64_t irqf;
	bool kick;

	if (flags & ~FRAME_TIMER_CANCEL_ON_SET)
		return -EINVAL;
	BUG_ON(!timer->fn_);
	irqf = frame_spin_lock_irqsave(&timer_lock);
	arm_locked(timer, realtime_ns, true, flags & FRAME_TIMER_CANCEL_ON_SET,
		   __builtin_return_address(0));
	kick = reprogram_locked(false);
	frame_spin_unlock_irqrestore(&timer_lock, irqf);
	if (kick)
		kick_boot_cpu();
	return 0;
}

bool frame_timer_fired_by_set(const struct frame_timer *timer)
{
	return __atomic_load_n(&timer->fired_by_set_, __ATOMIC_RELAXED);
}

void time_timers_clock_set(void)
{
	uint64_t flags;
	bool kick;

	flags = frame_spin_lock_irqsave(&timer_lock);
	for (struct frame_timer *t = rt_list.next_; t != &rt_list;
	     t = t->next_) {
		if (t->cancel_on_set_) {
			t->fired_by_set_ = true;
			set_fired = true;
		}
	}
	/* Every realtime deadline moved on the monotonic clock. */
	kick = reprogram_locked(true);
	frame_spin_unlock_irqrestore(&timer_lock, flags);
	if (kick)
		kick_boot_cpu();
}

uint64_t time_timer_hr_interrupts(void)
{
	return __atomic_load_n(&hr_interrupts, __ATOMIC_RELAXED);
}

bool frame_timer_cancel(struct frame_timer *timer)
{
	bool was_armed;
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&timer_lock);
	was_armed = timer->armed_;
	if (was_armed) {
		tlist_del(timer);
		timer->armed_ = false;
		live_untrack(&timer->live_);
	}
	frame_spin_unlock_irqrestore(&timer_lock, flags);
	/* An early interrupt for the cancelled deadline finds nothing due. */
	return was_armed;
}

bool frame_timer_armed(const struct frame_timer *timer)
{
	return __atomic_load_n(&timer->armed_, __ATOMIC_RELAXED);
}

uint64_t frame_ticks(void)
{
	return __atomic_load_n(&ticks, __ATOMIC_RELAXED);
}

void time_tick_hook_add(struct time_tick_hook *hook)
{
	uint64_t flags = frame_spin_lock_irqsave(&tick_hooks_lock);

	list_add_tail(&tick_hooks, &hook->node);
	frame_spin_unlock_irqrestore(&tick_hooks_lock, flags);
}

void time_tick_hook_remove(struct time_tick_hook *hook)
{
	uint64_t flags = frame_spin_lock_irqsave(&tick_hooks_lock);

	list_del(&hook->node);
	frame_spin_unlock_irqrestore(&tick_hooks_lock, flags);
}

void time_timer_init(void)
{
	uint64_t flags;

	frame_work_init(&timer_work, timer_expire);
	BUG_ON(irq_set_system_handler(ARCH_VECTOR_TIMER, timer_interrupt));
	flags = frame_spin_lock_irqsave(&timer_lock);
	next_tick_ns = frame_clock_monotonic_ns() + TICK_PERIOD_NS;
	timers_live = true;
	program_locked(frame_clock_monotonic_ns(), false);
	frame_spin_unlock_irqrestore(&timer_lock, flags);
}
