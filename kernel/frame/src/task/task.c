/* SPDX-License-Identifier: MIT */
/* Kernel tasks: creating, joining, exiting, sleeping, and their attributes. */
#include "task/task.h"

#include <frame/heap.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/irq_flags.h"

/* The callee-saved registers arch_task_switch() pops: rbp rbx r12-r15. */
#define SWITCH_SAVED_REGS 6

struct task *task_create(const char *name, task_fn_t fn, void *arg, int prio)
{
	struct task *t;
	uint64_t *sp;

	if (prio < TASK_PRIO_MIN || prio > TASK_PRIO_MAX || !fn)
		return NULL;
	t = frame_zalloc(sizeof(*t));
	if (!t)
		return NULL;
	frame_strscpy(t->name, name ? name : "task", sizeof(t->name));
	t->fn = fn;
	t->arg = arg;
	t->prio = prio;
	t->state = TASK_BLOCKED;
	t->links.prev = t->links.next = &t->links;
	frame_waitq_init(&t->exit_wq);
	if (task_stack_alloc(t)) {
		frame_free(t);
		return NULL;
	}
	/*
	 * The first switch pops the saved registers (zero) and returns to
	 * the trampoline with RSP 16-byte aligned, as a call site has it; a
	 * zero return address above ends backtraces.
	 */
	sp = (uint64_t *)(uintptr_t)t->stack_top;
	*--sp = 0;
	*--sp = 0;
	*--sp = (uint64_t)(uintptr_t)arch_task_trampoline;
	for (int i = 0; i < SWITCH_SAVED_REGS; i++)
		*--sp = 0;
	t->rsp = (uint64_t)(uintptr_t)sp;
	__atomic_fetch_add(&sched_stats.live, 1, __ATOMIC_RELAXED);
	return t;
}

struct task *task_spawn_on(const char *name, task_fn_t fn, void *arg, int prio,
			   int cpu)
{
	struct task *t;

	if (cpu != TASK_ANY_CPU &&
	    (cpu < 0 || cpu >= sched_cpu_count() || !sched_cpu_of(cpu)->online))
		return NULL;
	t = task_create(name, fn, arg, prio);
	if (!t)
		return NULL;
	if (cpu != TASK_ANY_CPU)
		t->pinned = true;
	sched_start_task(t, cpu);
	return t;
}

struct task *task_spawn(const char *name, task_fn_t fn, void *arg, int prio)
{
	return task_spawn_on(name, fn, arg, prio, TASK_ANY_CPU);
}

__noreturn void task_exit(int code)
{
	struct task *self = task_current();

	BUG_ON(self->stack_slot < 0 || self->idle);
	/* Its space may be the last thing keeping a process's memory. */
	vm_task_exit();
	/*
	 * Interrupts off from here to the switch: once the joiner is woken
	 * it may free this task as soon as on_cpu drops, which only the
	 * switch away does.
	 */
	arch_irq_disable();
	self->code = code;
	__atomic_store_n(&self->exited, true, __ATOMIC_RELEASE);
	frame_waitq_wake_all(&self->exit_wq);
	__atomic_store_n(&self->state, TASK_DEAD, __ATOMIC_RELEASE);
	sched_block();
	frame_panic("dead task '%s' was scheduled", self->name);
}

int task_join(struct task *t)
{
	int code;

	sched_might_sleep(__func__);
	BUG_ON(t == task_current());
	FRAME_WAIT_EVENT_TIMEOUT(&t->exit_wq,
				 __atomic_load_n(&t->exited, __ATOMIC_ACQUIRE),
				 FRAME_WAIT_FOREVER);
	/* Its CPU may still be switching away from it: wait for that. */
	while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
	code = t->code;
	task_stack_free(t);
	frame_free(t);
	__atomic_fetch_sub(&sched_stats.live, 1, __ATOMIC_RELAXED);
	return code;
}

/*
 * A sleep's timer, on the sleeper's stack. @done is set after the last
 * touch of the record, so that the sleeper does not return (and reuse the
 * stack) while the callback still runs on another CPU.
 */
struct sleep_timer {
	struct frame_timer timer;
	struct task *task;
	bool done;
};

static void sleep_timer_fn(struct frame_timer *timer)
{
	struct sleep_timer *st = container_of(timer, struct sleep_timer, timer);

	sched_wake(st->task);
	__atomic_store_n(&st->done, true, __ATOMIC_RELEASE);
}

void task_sched_timeout(struct task *self, uint64_t deadline_ns)
{
	struct sleep_timer st = { .task = self, .done = false };

	if (deadline_ns == FRAME_WAIT_FOREVER) {
		sched_block();
		return;
	}
	frame_timer_init(&st.timer, sleep_timer_fn);
	frame_timer_arm(&st.timer, deadline_ns);
	sched_block();
	if (!frame_timer_cancel(&st.timer))
		while (!__atomic_load_n(&st.done, __ATOMIC_ACQUIRE))
			__builtin_ia32_pause();
}

void task_sleep_ns(uint64_t ns)
{
	uint64_t now = frame_clock_monotonic_ns();
	uint64_t deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	struct task *self = task_current();

	sched_might_sleep(__func__);
	while (frame_clock_monotonic_ns() < deadline) {
		__atomic_store_n(&self->state, TASK_BLOCKED, __ATOMIC_RELEASE);
		task_sched_timeout(self, deadline);
		__atomic_store_n(&self->state, TASK_RUNNING, __ATOMIC_RELEASE);
	}
}

const char *task_name(const struct task *t)
{
	return t->name;
}

int task_prio(const struct task *t)
{
	return t->prio;
}

int task_cpu(const struct task *t)
{
	return __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
}

void task_pin(struct task *t, bool pinned)
{
	__atomic_store_n(&t->pinned, pinned, __ATOMIC_RELAXED);
}

bool task_pinned(const struct task *t)
{
	return __atomic_load_n(&t->pinned, __ATOMIC_RELAXED);
}

struct task_policy_links *task_policy_links(struct task *t)
{
	return &t->links;
}

struct task *task_from_policy_links(struct task_policy_links *l)
{
	return container_of(l, struct task, links);
}

uint64_t *task_policy_word(struct task *t)
{
	return &t->policy_word;
}
