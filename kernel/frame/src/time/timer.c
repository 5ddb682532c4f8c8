/* SPDX-License-Identifier: MIT */
/* The periodic tick and one-shot timers, on the local APIC timer. */
#include "time/time.h"

#include <frame/compiler.h>
#include <frame/irq.h>
#include <frame/panic.h>

#include "arch/x86_64/apic/lapic.h"
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
 * Armed timers sit in one list sorted by deadline (equal deadlines in
 * arming order). The interrupt handler only notices that the head has
 * expired and defers timer_work; that bottom half moves the expired
 * timers to a second list and calls them one by one, so a callback may
 * arm or cancel any timer, itself included. Both lists and every
 * timer's links are guarded by timer_lock.
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
static struct frame_timer expiring_list = { .prev_ = &expiring_list,
					    .next_ = &expiring_list };
static struct frame_spinlock timer_lock = FRAME_SPINLOCK_INIT;

static uint64_t next_tick_ns;
static uint64_t ticks;
static uint64_t programmed_ns = UINT64_MAX; /* what the APIC timer is set for */
static bool timers_live;
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
 * Insert @t by deadline, after every timer due no later: searched from
 * the back, where a new timer usually belongs.
 */
static void armed_insert(struct frame_timer *t)
{
	struct frame_timer *pos = armed_list.prev_;

	while (pos != &armed_list && pos->deadline_ > t->deadline_)
		pos = pos->prev_;
	tlist_insert_after(pos, t);
}

static struct frame_timer *armed_first(void)
{
	return armed_list.next_ == &armed_list ? NULL : armed_list.next_;
}

/*
 * Set the APIC timer for the next event after @now. An expired head is
 * the bottom half's to run; with @skip_expired (from the interrupt, which
 * has deferred it) it is left out, so that an interrupt storm cannot
 * happen while bottom halves wait; without (a timer armed in the past
 * from elsewhere) the timer interrupts at once. Lock held.
 */
static void program_locked(uint64_t now, bool skip_expired)
{
	struct frame_timer *first = armed_first();
	uint64_t next = next_tick_ns, count;

	if (first && first->deadline_ < next &&
	    (first->deadline_ > now || !skip_expired))
		next = first->deadline_;
	count = next > now ? time_ns_to_lapic(next - now) : 1;
	if (count > UINT32_MAX)
		count = UINT32_MAX;
	arch_lapic_timer_oneshot((uint32_t)(count ? count : 1));
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
	arch_lapic_timer_oneshot((uint32_t)time_ns_to_lapic(
		pc->tick_next_ns > now ? pc->tick_next_ns - now : 1));
	if (elapsed)
		run_tick_hooks(elapsed);
}

void time_ap_tick_start(void)
{
	struct arch_percpu *pc = arch_percpu_this();

	pc->tick_next_ns = frame_clock_monotonic_ns() + TICK_PERIOD_NS;
	arch_lapic_timer_oneshot((uint32_t)time_ns_to_lapic(TICK_PERIOD_NS));
}

/* The APIC timer's hard handler (interrupts off). */
static void timer_interrupt(struct arch_trap_frame *frame)
{
	uint64_t now = frame_clock_monotonic_ns(), elapsed = 0;
	struct frame_timer *first;
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
	}
	first = armed_first();
	expired = first && first->deadline_ <= now;
	program_locked(now, true);
	frame_spin_unlock(&timer_lock);

	if (elapsed)
		run_tick_hooks(elapsed);
	if (expired)
		frame_defer(&timer_work);
}

/* The bottom half: run every timer that has expired. */
static void timer_expire(struct frame_work *work)
{
	uint64_t now = frame_clock_monotonic_ns(), flags;
	struct frame_timer *t;

	(void)work;
	flags = frame_spin_lock_irqsave(&timer_lock);
	while ((t = armed_first()) && t->deadline_ <= now) {
		tlist_del(t);
		tlist_insert_after(expiring_list.prev_, t);
	}
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
	live_init(&timer->live_);
}

/* @who armed it: the lifetime check (sync/live.h) names it. */
static void timer_arm(struct frame_timer *timer, uint64_t deadline_ns,
		      const void *who)
{
	uint64_t flags;
	bool kick;

	BUG_ON(!timer->fn_);
	flags = frame_spin_lock_irqsave(&timer_lock);
	if (timer->armed_)
		tlist_del(timer);
	timer->deadline_ = deadline_ns;
	timer->armed_ = true;
	live_track(&timer->live_, LIVE_TIMER, timer, sizeof(*timer), who);
	armed_insert(timer);
	kick = timers_live && armed_first() == timer &&
	       deadline_ns < programmed_ns;
	if (kick && on_boot_cpu()) {
		program_locked(frame_clock_monotonic_ns(), false);
		kick = false;
	}
	frame_spin_unlock_irqrestore(&timer_lock, flags);
	/* The boot CPU's handler reprograms for the new earliest deadline. */
	if (kick)
		arch_lapic_send_ipi(irq_boot_cpu_apic_id(), ARCH_VECTOR_TIMER);
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
