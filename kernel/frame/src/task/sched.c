/* SPDX-License-Identifier: MIT */
/* The scheduler core: run queues, switching, blocking, waking, the tick. */
#include "task/task.h"

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/irq_flags.h"
#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/acpi/madt.h"
#include "arch/x86_64/trap/vectors.h"
#include "irq/irq.h"
#include "time/time.h"

/*
 * Each CPU has a run queue (struct sched_cpu) with its own lock; the
 * policy orders the ready tasks in it. The lock is taken with interrupts
 * off and held across the switch: the task switched to releases it
 * (sched_finish_switch()), so no other CPU can pick or steal the task
 * switched away from before its registers are saved. The per-CPU
 * preempt count is the same before and after, since only code holding no
 * spinlock may switch.
 *
 * Lock order: a wait queue's lock, then a run queue's; two run queues in
 * ascending CPU order (balancing).
 */

struct task_stats sched_stats;

static struct sched_cpu *cpus[ARCH_MAX_CPUS];
static int cpu_count = 1;
static struct task boot_task;
static struct time_tick_hook tick_hook;

#define STAT_INC(f) __atomic_fetch_add(&sched_stats.f, 1, __ATOMIC_RELAXED)

static void report_panic(const char *caller, const char *why)
{
	frame_panic("sleeping in atomic context: %s called with %s", caller,
		    why);
}

static sched_atomic_report_t atomic_report = report_panic;

struct sched_cpu *sched_cpu_of(int cpu)
{
	return cpus[cpu];
}

struct sched_cpu *sched_this_cpu(void)
{
	return arch_percpu_this()->sched;
}

int sched_cpu_count(void)
{
	return __atomic_load_n(&cpu_count, __ATOMIC_ACQUIRE);
}

/* Interrupts off: a task moved between the two reads would get the
 * other CPU's current task. */
struct task *sched_current(void)
{
	uint64_t flags = arch_irq_save();
	struct sched_cpu *sc = sched_this_cpu();
	struct task *t = sc ? sc->curr : NULL;

	arch_irq_restore(flags);
	return t;
}

struct task *task_current(void)
{
	struct task *t = sched_current();

	return t ? task_handle(t) : NULL;
}

/*
 * Whether this CPU may switch now: no lock, no bottom halves disabled,
 * not in an interrupt. Read with interrupts off, so that the caller
 * cannot move to another CPU between finding the state and reading it.
 */
static bool preemptible(void)
{
	uint64_t flags = arch_irq_save();
	struct irq_cpu *ic = irq_this_cpu();
	bool ok = arch_preempt_count() == 0 && !ic->hardirq_depth &&
		  !ic->in_bh && !ic->bh_disable;

	arch_irq_restore(flags);
	return ok;
}

bool sched_may_sleep(const char **why)
{
	const char *r = NULL;
	bool irqs_on = arch_irqs_enabled();
	uint64_t flags = arch_irq_save();
	struct irq_cpu *ic = irq_this_cpu();

	if (ic->hardirq_depth)
		r = "an interrupt handler running";
	else if (ic->in_bh)
		r = "a bottom half running";
	else if (arch_preempt_count())
		r = "a spinlock held";
	else if (!irqs_on)
		r = "interrupts disabled";
	else if (ic->bh_disable)
		r = "bottom halves disabled";
	else if (!sched_this_cpu())
		r = "no scheduler yet";
	arch_irq_restore(flags);
	if (why)
		*why = r;
	return r == NULL;
}

void sched_atomic_report_set(sched_atomic_report_t fn)
{
	__atomic_store_n(&atomic_report, fn ? fn : report_panic,
			 __ATOMIC_RELEASE);
}

void sched_atomic_check(const char *caller)
{
	const char *why;

	if (!sched_may_sleep(&why))
		__atomic_load_n(&atomic_report, __ATOMIC_ACQUIRE)(caller, why);
}

/*
 * The frame keeps its own list of the tasks queued on each CPU beside the
 * policy's: what the policy returns is checked against it, and a new
 * policy is filled from it, so a policy that loses or invents tasks
 * cannot make the frame run something that is not ready here.
 */
static void enqueue(struct sched_cpu *sc, struct task *t)
{
	t->queued = true;
	t->cpu = sc->cpu;
	sc->nr_ready++;
	list_add_tail(&sc->queued, &t->rq_node);
	sched_policy->enqueue(sc->rq, task_handle(t));
}

/* Off the frame's list only; the caller deals with the policy. */
static void unqueue(struct sched_cpu *sc, struct task *t)
{
	list_del(&t->rq_node);
	list_init(&t->rq_node);
	t->queued = false;
	sc->nr_ready--;
}

static void dequeue(struct sched_cpu *sc, struct task *t)
{
	sched_policy->dequeue(sc->rq, task_handle(t));
	unqueue(sc, t);
}

static struct task *pick(struct sched_cpu *sc)
{
	struct task *h = sched_policy->pick(sc->rq), *t;

	if (!h)
		return sc->idle;
	t = sched_policy_check(sc, "pick", h);
	if (!t)
		return sc->idle;
	unqueue(sc, t);
	return t;
}

/* The least loaded online CPU in @t's affinity; -1 when none is. */
static int least_loaded(const struct task *t)
{
	unsigned int best = UINT32_MAX;
	int cpu = -1;

	for (int i = 0; i < sched_cpu_count(); i++) {
		unsigned int load;

		if (!cpus[i]->online || !task_cpuset_has(&t->affinity, i))
			continue;
		load = __atomic_load_n(&cpus[i]->nr_ready, __ATOMIC_RELAXED) +
		       !cpus[i]->curr->idle;
		if (load < best) {
			best = load;
			cpu = i;
		}
	}
	return cpu;
}

/* Make @sc's CPU reschedule soon: itself at its next interrupt return or
 * sleep, another CPU through an IPI. Lock held. */
static void resched(struct sched_cpu *sc)
{
	sc->need_resched = true;
	if (sc != sched_this_cpu())
		arch_lapic_send_ipi(sc->apic_id, ARCH_VECTOR_RESCHED);
}

static bool should_preempt(struct sched_cpu *sc, struct task *t)
{
	return sc->curr->idle ||
	       sched_policy->preempts(sc->rq, task_handle(sc->curr),
				      task_handle(t));
}

/*
 * Queue the ready task @t, which no CPU runs, on CPU @cpu; whether that
 * CPU is the caller's and should switch to it now. Interrupts off, no run
 * queue lock held.
 */
static bool queue_on(struct task *t, int cpu)
{
	struct sched_cpu *sc = cpus[cpu];
	bool now;

	frame_spin_lock(&sc->lock);
	enqueue(sc, t);
	now = should_preempt(sc, t);
	if (now)
		resched(sc);
	frame_spin_unlock(&sc->lock);
	return now && sc == sched_this_cpu();
}

static void reap_queue(struct sched_cpu *sc, struct task *t)
{
	t->reap_next = sc->reap_list;
	sc->reap_list = t;
	frame_defer(&sc->reap_work);
}

/* Free the detached tasks that ended on this CPU (a bottom half). */
static void reap_run(struct frame_work *work)
{
	struct sched_cpu *sc = container_of(work, struct sched_cpu, reap_work);
	uint64_t flags = arch_irq_save();
	struct task *t = sc->reap_list;

	sc->reap_list = NULL;
	arch_irq_restore(flags);
	while (t) {
		struct task *next = t->reap_next;

		handle_free(&task_handles, t->handle);
		task_free(t);
		t = next;
	}
}

/*
 * Release the lock the switching CPU took and mark @prev off the CPU;
 * then the work that had to wait for that: a task leaving for another
 * CPU is queued there, a dead detached one goes to the reaper.
 */
static void sched_finish_switch(void)
{
	struct sched_cpu *sc = sched_this_cpu();
	struct task *prev = sc->prev, *moving = sc->migrating;
	bool reap = prev && prev->reap;

	sc->prev = NULL;
	sc->migrating = NULL;
	if (prev)
		__atomic_store_n(&prev->on_cpu, false, __ATOMIC_RELEASE);
	frame_spin_unlock(&sc->lock);
	if (moving) {
		int cpu = least_loaded(moving);

		queue_on(moving, cpu < 0 ? sc->cpu : cpu);
	}
	if (reap)
		reap_queue(sc, prev);
}

enum sched_reason { SCHED_BLOCK, SCHED_YIELD, SCHED_PREEMPT };

/*
 * Pick the next task on this CPU and switch to it. @why says what to do
 * with the caller: a preempted or yielding task stays ready; a blocking
 * one leaves the CPU unless it was woken meanwhile.
 */
static void schedule(enum sched_reason why)
{
	uint64_t flags = arch_irq_save();
	struct sched_cpu *sc = sched_this_cpu();
	struct task *prev, *next;

	frame_spin_lock(&sc->lock);
	prev = sc->curr;
	if (why == SCHED_BLOCK && prev->state == TASK_RUNNING) {
		/* Woken before it got here: nothing to do. */
		frame_spin_unlock(&sc->lock);
		arch_irq_restore(flags);
		return;
	}
	if (!prev->idle &&
	    (why != SCHED_BLOCK || prev->state == TASK_RUNNING)) {
		/* Outside its affinity now: queued elsewhere once off. */
		if (prev->migrate ||
		    !task_cpuset_has(&prev->affinity, sc->cpu)) {
			prev->migrate = false;
			sc->migrating = prev;
		} else {
			enqueue(sc, prev);
		}
	}
	next = pick(sc);
	sc->need_resched = false;
	if (next == prev) {
		frame_spin_unlock(&sc->lock);
		arch_irq_restore(flags);
		return;
	}
	/* A task another CPU is still switching away from (it migrated). */
	while (__atomic_load_n(&next->on_cpu, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	if (why == SCHED_PREEMPT)
		STAT_INC(preemptions);
	STAT_INC(switches);
	next->cpu = sc->cpu;
	__atomic_store_n(&next->on_cpu, true, __ATOMIC_RELAXED);
	sc->curr = next;
	sc->prev = prev;
	vm_task_switch(&next->mm);
	arch_task_switch(&prev->rsp, next->rsp);
	/* Back in @prev, maybe on another CPU, with that CPU's lock held. */
	sched_finish_switch();
	arch_irq_restore(flags);
}

void sched_block(void)
{
	schedule(SCHED_BLOCK);
}

void task_yield(void)
{
	sched_might_sleep(__func__);
	schedule(SCHED_YIELD);
}

/* Lock the run queue @t is on; its CPU cannot change while it is held. */
static struct sched_cpu *lock_task_cpu(struct task *t, uint64_t *flags)
{
	for (;;) {
		int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
		struct sched_cpu *sc = cpus[cpu];

		*flags = frame_spin_lock_irqsave(&sc->lock);
		if (t->cpu == cpu)
			return sc;
		frame_spin_unlock_irqrestore(&sc->lock, *flags);
	}
}

bool sched_wake(struct task *t)
{
	struct sched_cpu *sc;
	bool now = false;
	uint64_t flags;
	int cpu;

	sc = lock_task_cpu(t, &flags);
	if (t->state != TASK_BLOCKED) {
		frame_spin_unlock_irqrestore(&sc->lock, flags);
		return false;
	}
	t->state = TASK_RUNNING;
	if (!t->queued && sc->curr != t) {
		if (task_cpuset_has(&t->affinity, sc->cpu)) {
			enqueue(sc, t);
			if (should_preempt(sc, t)) {
				resched(sc);
				now = sc == sched_this_cpu();
			}
		} else if ((cpu = least_loaded(t)) >= 0) {
			/* Its affinity changed while it slept: move it. */
			t->cpu = cpu;
			t->migrate = false;
			frame_spin_unlock(&sc->lock);
			now = queue_on(t, cpu);
			arch_irq_restore(flags);
			goto out;
		}
	}
	frame_spin_unlock_irqrestore(&sc->lock, flags);
out:
	/* Outside interrupts, act at once; else the interrupt return does. */
	if (now && arch_irqs_enabled() && preemptible())
		schedule(SCHED_PREEMPT);
	return true;
}

void sched_start_task(struct task *t, int cpu)
{
	uint64_t flags;
	bool now;

	if (cpu == TASK_ANY_CPU) {
		cpu = least_loaded(t);
		if (cpu < 0)
			cpu = 0;
	}
	flags = arch_irq_save();
	t->state = TASK_RUNNING;
	now = queue_on(t, cpu);
	arch_irq_restore(flags);
	if (now && arch_irqs_enabled() && preemptible())
		schedule(SCHED_PREEMPT);
}

void sched_kick(struct task *t)
{
	uint64_t flags;
	struct sched_cpu *sc = lock_task_cpu(t, &flags);

	if (sc->curr == t && sc != sched_this_cpu())
		arch_lapic_send_ipi(sc->apic_id, ARCH_VECTOR_KICK);
	frame_spin_unlock_irqrestore(&sc->lock, flags);
}

__noreturn void sched_task_entry(void)
{
	struct task *self;

	sched_finish_switch();
	arch_irq_enable();
	self = sched_current();
	task_exit(self->entry->fn_(self->entry));
}

/* The tick, on the CPU whose timer ticked; interrupts off. */
static void sched_tick(struct time_tick_hook *hook, uint64_t ticks)
{
	struct sched_cpu *sc = sched_this_cpu();

	(void)hook;
	if (!sc)
		return;
	frame_spin_lock(&sc->lock);
	sched_account_tick(sc, ticks);
	if (sc->curr->idle) {
		if (sc->nr_ready)
			sc->need_resched = true;
	} else if (sched_policy->tick(sc->rq, task_handle(sc->curr), ticks) &&
		   sc->nr_ready) {
		sc->need_resched = true;
	}
	frame_spin_unlock(&sc->lock);
}

/* At the end of every interrupt that returns to task context. */
static void sched_preempt_hook(struct arch_trap_frame *frame)
{
	struct sched_cpu *sc = sched_this_cpu();

	(void)frame;
	if (sc && __atomic_load_n(&sc->need_resched, __ATOMIC_RELAXED) &&
	    preemptible())
		schedule(SCHED_PREEMPT);
}

/* The reschedule IPI: its work happens in the preemption hook. The kick
 * IPI's is to have interrupted user code (umode_run() then reports it). */
static void resched_ipi(struct arch_trap_frame *frame)
{
	(void)frame;
}

/*
 * Move one ready task from the busiest other CPU to @sc's; whether one
 * moved. For an idle CPU: the simplest balancing that keeps every CPU
 * busy while any has waiting work.
 */
static bool balance_pull(struct sched_cpu *sc)
{
	struct sched_cpu *busy = NULL, *a, *b;
	unsigned int most = 0;
	struct task *t = NULL;
	uint64_t flags;

	for (int i = 0; i < sched_cpu_count(); i++) {
		unsigned int n =
			__atomic_load_n(&cpus[i]->nr_ready, __ATOMIC_RELAXED);

		if (cpus[i] != sc && cpus[i]->online && n > most) {
			most = n;
			busy = cpus[i];
		}
	}
	if (!busy)
		return false;
	a = sc->cpu < busy->cpu ? sc : busy;
	b = a == sc ? busy : sc;
	flags = frame_spin_lock_irqsave(&a->lock);
	frame_spin_lock(&b->lock);
	if (busy->nr_ready && !sc->nr_ready) {
		struct task *h = sched_policy->peek_steal(busy->rq, sc->cpu);

		t = h ? sched_policy_check(busy, "peek_steal", h) : NULL;
		if (t && !task_cpuset_has(&t->affinity, sc->cpu)) {
			sched_policy_error("peek_steal", h,
					   "may not run on the thief's CPU");
			t = NULL;
		}
		if (t) {
			dequeue(busy, t);
			enqueue(sc, t);
			sc->need_resched = true;
			STAT_INC(migrations);
		}
	}
	frame_spin_unlock(&b->lock);
	frame_spin_unlock_irqrestore(&a->lock, flags);
	return t != NULL;
}

/* Each CPU's idle task: balance, else halt until an interrupt. */
static int idle_fn(struct task_entry *entry)
{
	(void)entry;
	for (;;) {
		struct sched_cpu *sc = sched_this_cpu();

		if (!__atomic_load_n(&sc->nr_ready, __ATOMIC_RELAXED))
			balance_pull(sc);
		arch_irq_disable();
		if (sc->need_resched || sc->nr_ready) {
			arch_irq_enable();
			schedule(SCHED_YIELD);
			continue;
		}
		arch_irq_enable_and_halt();
	}
	return 0;
}

static struct task_entry idle_entry = TASK_ENTRY_INIT(idle_fn);

int sched_cpu_init(int cpu)
{
	struct sched_cpu *sc = frame_zalloc(sizeof(*sc));
	char name[TASK_NAME_LEN];

	if (!sc)
		return -ENOMEM;
	sc->lock = (struct frame_spinlock)FRAME_SPINLOCK_INIT;
	sc->cpu = cpu;
	list_init(&sc->queued);
	frame_work_init(&sc->reap_work, reap_run);
	sc->rq = sched_policy->rq_init(cpu);
	frame_snprintf(name, sizeof(name), "idle%d", cpu);
	sc->idle = task_create(name, &idle_entry, TASK_PRIO_MIN);
	if (!sc->rq || !sc->idle)
		frame_panic("cannot set up the run queue of CPU %d", cpu);
	sc->rq->cpu_ = cpu;
	/* Idle tasks are never joined: not among the live ones. */
	__atomic_fetch_sub(&sched_stats.live, 1, __ATOMIC_RELAXED);
	sc->idle->idle = true;
	task_cpuset_clear(&sc->idle->affinity);
	task_cpuset_add(&sc->idle->affinity, cpu);
	sc->idle->cpu = cpu;
	sc->curr = sc->idle;
	cpus[cpu] = sc;
	return 0;
}

/* Mark the calling CPU's run queue online; it runs the idle task now. */
static void sched_cpu_online(struct sched_cpu *sc)
{
	struct arch_percpu *pc = arch_percpu_this();

	sc->apic_id = pc->apic_id;
	pc->sched = sc;
	__atomic_store_n(&sc->online, true, __ATOMIC_RELEASE);
}

__noreturn void sched_ap_start(int cpu)
{
	struct sched_cpu *sc = cpus[cpu];
	struct task *idle = sc->idle;
	uint64_t dummy;

	sched_cpu_online(sc);
	__atomic_store_n(&idle->on_cpu, true, __ATOMIC_RELAXED);
	/* Become the idle task: its first switch-in runs idle_fn(). */
	frame_spin_lock(&sc->lock);
	sc->prev = NULL;
	arch_task_switch(&dummy, idle->rsp);
	frame_panic("CPU %d returned from its idle task", cpu);
}

void sched_cpus_set(int count)
{
	__atomic_store_n(&cpu_count, count, __ATOMIC_RELEASE);
}

void sched_init(void)
{
	struct arch_percpu *pc = arch_percpu_this();
	struct sched_cpu *sc;

	frame_strscpy(boot_task.name, "boot", sizeof(boot_task.name));
	boot_task.prio = TASK_PRIO_NORMAL;
	boot_task.state = TASK_RUNNING;
	boot_task.on_cpu = true;
	boot_task.stack_slot = -1;
	boot_task.id = task_new_id();
	for (unsigned int i = 0; i < TASK_CPUSET_MAX / 64; i++)
		boot_task.affinity.bits[i] = ~0ull;
	list_init(&boot_task.rq_node);
	frame_waitq_init(&boot_task.exit_wq);
	if (handle_alloc(&task_handles, &boot_task, &boot_task.handle))
		frame_panic("cannot make the boot task's handle");
	if (sched_cpu_init(0))
		frame_panic("cannot set up the boot CPU's run queue");
	sc = cpus[0];
	pc->apic_id = arch_lapic_id();
	sc->curr = &boot_task;
	sched_cpu_online(sc);
	BUG_ON(irq_set_system_handler(ARCH_VECTOR_RESCHED, resched_ipi));
	BUG_ON(irq_set_system_handler(ARCH_VECTOR_KICK, resched_ipi));
	tick_hook.fn = sched_tick;
	time_tick_hook_add(&tick_hook);
	irq_set_preempt_hook(sched_preempt_hook);
	log_info("scheduler: policy '%s', %u priorities, %u-tick slices",
		 sched_policy->name, TASK_PRIOS, SCHED_SLICE_TICKS);
}

void task_stats(struct task_stats *out)
{
	out->switches =
		__atomic_load_n(&sched_stats.switches, __ATOMIC_RELAXED);
	out->preemptions =
		__atomic_load_n(&sched_stats.preemptions, __ATOMIC_RELAXED);
	out->migrations =
		__atomic_load_n(&sched_stats.migrations, __ATOMIC_RELAXED);
	out->live = __atomic_load_n(&sched_stats.live, __ATOMIC_RELAXED);
	out->policy_errors =
		__atomic_load_n(&sched_stats.policy_errors, __ATOMIC_RELAXED);
}

int task_set_prio(struct task *handle, int prio)
{
	struct task *t = task_of(handle, __func__);
	struct sched_cpu *sc;
	uint64_t flags;

	if (prio < TASK_PRIO_MIN || prio > TASK_PRIO_MAX || t->idle)
		return -EINVAL;
	sc = lock_task_cpu(t, &flags);
	if (t->queued) {
		sched_policy->dequeue(sc->rq, handle);
		t->prio = prio;
		sched_policy->enqueue(sc->rq, handle);
	} else {
		t->prio = prio;
	}
	frame_spin_unlock_irqrestore(&sc->lock, flags);
	return 0;
}

/*
 * Give @t the affinity @set and move it if it is outside: a queued task
 * now, a running one at its next switch, which is forced (for the caller
 * itself, at once); a sleeping one when it wakes.
 */
static int set_affinity(struct task *t, const struct task_cpuset *set)
{
	struct sched_cpu *sc;
	bool any = false, self = false, move = false;
	uint64_t flags;
	int cpu;

	for (int i = 0; i < sched_cpu_count(); i++)
		any = any || (cpus[i]->online && task_cpuset_has(set, i));
	if (!any || t->idle)
		return -EINVAL;
	sc = lock_task_cpu(t, &flags);
	t->affinity = *set;
	if (!task_cpuset_has(set, sc->cpu)) {
		if (t->queued) {
			dequeue(sc, t);
			move = true;
		} else if (sc->curr == t) {
			t->migrate = true;
			resched(sc);
			self = sc == sched_this_cpu();
		}
	}
	frame_spin_unlock(&sc->lock);
	if (move && (cpu = least_loaded(t)) >= 0)
		self = queue_on(t, cpu);
	arch_irq_restore(flags);
	if (self && arch_irqs_enabled() && preemptible())
		schedule(SCHED_PREEMPT);
	return 0;
}

int task_set_affinity(struct task *handle, const struct task_cpuset *set)
{
	return set_affinity(task_of(handle, __func__), set);
}

void task_pin(struct task *handle, bool pinned)
{
	struct task *t = task_of(handle, __func__);
	struct task_cpuset set;

	if (pinned) {
		task_cpuset_clear(&set);
		task_cpuset_add(&set, task_cpu(handle));
	} else {
		for (unsigned int i = 0; i < TASK_CPUSET_MAX / 64; i++)
			set.bits[i] = ~0ull;
	}
	set_affinity(t, &set);
}
