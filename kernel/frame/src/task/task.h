/* SPDX-License-Identifier: MIT */
/* Frame-internal tasks: the task structure, run queues, the switch. */
#ifndef TASK_TASK_H
#define TASK_TASK_H

#include <frame/sync.h>
#include <frame/task.h>
#include <frame/types.h>

#include "arch/x86_64/cpu/percpu.h"
#include "lib/handle.h"
#include "lib/list.h"
#include "mm/vm_task.h"

/*
 * Task states. A task is RUNNING when it is on a CPU or ready to be; it
 * is in a run queue iff @queued. BLOCKED means it asked to sleep: the next
 * schedule() it calls itself takes it off the CPU, unless a wake-up set it
 * back to RUNNING first. A preempted task goes back into the queue
 * whatever its state, so a wake-up is never lost between "I am about to
 * sleep" and the switch. DEAD tasks wait for task_join().
 */
enum task_state {
	TASK_RUNNING,
	TASK_BLOCKED,
	TASK_DEAD,
};

#define TASK_STACK_SIZE 16384

/* task_exit() and task_detach() meet here (struct task.exit_bits). */
#define TASK_EXITED   1u
#define TASK_DETACHED 2u

struct task {
	uint64_t rsp; /* saved by arch_task_switch(); first, for the .S */
	char name[TASK_NAME_LEN];
	struct task_entry *entry;
	int code;	  /* what the entry's function returned */
	uintptr_t handle; /* this task's handle (lib/handle.h) */
	uint64_t id;

	/* Guarded by the run queue lock of the CPU in @cpu. */
	int cpu;
	int prio;
	enum task_state state;
	bool queued;
	bool idle;
	bool migrate;		  /* leave this CPU at the next switch */
	bool interruptible;	  /* in an interruptible wait */
	struct list_node rq_node; /* the frame's own list of queued tasks */
	struct task_cpuset affinity;
	struct task_policy_links links;
	uint64_t policy_word;

	/* Set while a CPU runs it or is switching away from it. */
	bool on_cpu;

	/* Its address space (mm/vm_task.h); the switch installs it. */
	struct vm_task mm;

	/* task_interrupt()'s mark; atomics. */
	bool interrupted;

	/* Exit, join and detach. */
	unsigned int exit_bits; /* TASK_EXITED | TASK_DETACHED, atomics */
	bool reap;		/* detached and dead: freed after its switch */
	struct task *reap_next;
	struct frame_waitq exit_wq;

	/* Sampled CPU time, in ticks; relaxed atomics. */
	uint64_t user_ticks, system_ticks;

	/* Services' per-task data (task_data_set()); atomics. */
	struct task_data *data[TASK_DATA_KEYS];

	/* The stack: [stack_top - TASK_STACK_SIZE, stack_top), or the boot
	 * stack (@stack_slot < 0). */
	uint64_t stack_top;
	int stack_slot;
	struct frame_page *stack_pages;
};

/*
 * A CPU's scheduler state; @lock guards every field and the fields of the
 * tasks queued here or running here.
 */
struct sched_cpu {
	struct frame_spinlock lock;
	int cpu;
	uint32_t apic_id;
	struct task_rq *rq;	 /* the policy's */
	struct list_node queued; /* every task queued here, the frame's */
	unsigned int nr_ready;
	struct task *curr;
	struct task *idle;
	struct task *prev;	/* the task being switched away from */
	struct task *migrating; /* @prev, to be queued on another CPU */
	bool need_resched;
	bool online;

	/* Sampled CPU time, in ticks; relaxed atomics. */
	uint64_t user_ticks, system_ticks, idle_ticks, irq_ticks;

	/* Detached tasks that ended here, freed by a bottom half. */
	struct task *reap_list;
	struct frame_work reap_work;
};

/* The context switch (arch/x86_64/cpu/switch.S): save the callee-saved
 * registers and RSP into *@save_rsp, load @next_rsp, restore, return. */
void arch_task_switch(uint64_t *save_rsp, uint64_t next_rsp);
/* Where a new task's first switch returns to; calls sched_task_entry(). */
void arch_task_trampoline(void);

/* C side of the trampoline: finish the switch, run fn, exit. */
__noreturn void sched_task_entry(void);

/* sched_init() - make the boot context a task, create the boot CPU's idle
 * task, install the default policy, hook the tick and interrupt return. */
void sched_init(void);

/* sched_cpu_init() - set up @cpu's run queue and idle task (SMP). */
int sched_cpu_init(int cpu);

/* Enter the scheduler on an AP (never returns): runs its idle task. */
__noreturn void sched_ap_start(int cpu);

struct sched_cpu *sched_cpu_of(int cpu);
struct sched_cpu *sched_this_cpu(void);

/* sched_wake() - make a BLOCKED task RUNNING (queued); whether it was
 * blocked. Any context. */
bool sched_wake(struct task *t);

/* The calling CPU's current task, as the frame's own pointer. */
struct task *sched_current(void);

/*
 * Handles: task_of() turns a service's handle into the task (a stale or
 * forged one panics, naming @what); task_handle() is the handle of @t.
 */
extern struct handle_table task_handles;
struct task *task_of(const struct task *handle, const char *what);
static inline struct task *task_handle(const struct task *t)
{
	return (struct task *)t->handle;
}

/* A fresh task id (task_id()). */
uint64_t task_new_id(void);

/*
 * task_prepare_sleep() - mark @self BLOCKED (and, with @interruptible,
 * open to task_interrupt()) before it checks what it waits for;
 * task_end_sleep() undoes it after the wait.
 */
void task_prepare_sleep(struct task *self, bool interruptible);
void task_end_sleep(struct task *self);

/* Whether @t has task_interrupt()'s mark. */
static inline bool task_interrupted(const struct task *t)
{
	return __atomic_load_n(&t->interrupted, __ATOMIC_SEQ_CST);
}

/* task_free() - give back a dead task's stack and memory. */
void task_free(struct task *t);

/* sched_kick() - make @t's CPU take an interrupt now if @t is running
 * there and it is not the calling CPU (task_interrupt()). */
void sched_kick(struct task *t);

/* The installed policy (task/policy.c). */
extern const struct task_policy *sched_policy;

/*
 * sched_policy_check() - the task behind @h, which @op of the policy
 * returned for run queue @sc, if it is queued there; else NULL, with the
 * refusal logged (rate-limited) by sched_policy_error(). Lock held.
 */
struct task *sched_policy_check(struct sched_cpu *sc, const char *op,
				struct task *h);
void sched_policy_error(const char *op, const struct task *t, const char *why);

/* sched_account_tick() - charge @ticks to what the tick interrupted on
 * @sc's CPU (task/cputime.c). The run queue lock held. */
void sched_account_tick(struct sched_cpu *sc, uint64_t ticks);

/* sched_block() - switch away if the calling task is still BLOCKED. */
void sched_block(void);

/* task_create() - a task that is not yet runnable (task/task.c). */
struct task *task_create(const char *name, struct task_entry *entry, int prio);

/* The number of CPUs the scheduler balances over (smp/smp.c sets it). */
void sched_cpus_set(int count);

/*
 * task_sched_timeout() - for a task that marked itself BLOCKED: switch
 * away until woken or @deadline_ns (FRAME_WAIT_FOREVER: no timer).
 */
void task_sched_timeout(struct task *self, uint64_t deadline_ns);

/* Put the new task @t on a run queue (TASK_ANY_CPU: the least loaded of
 * its affinity). */
void sched_start_task(struct task *t, int cpu);

/* Whether the calling context may sleep; if not, *@why says why. */
bool sched_may_sleep(const char **why);

/*
 * sched_might_sleep() - in debug builds, report a call from atomic
 * context through the report function (a panic naming @caller, unless a
 * ktest replaced it); nothing in release builds.
 */
typedef void (*sched_atomic_report_t)(const char *caller, const char *why);
void sched_atomic_report_set(sched_atomic_report_t fn);
void sched_atomic_check(const char *caller);
#ifndef NDEBUG
#define SCHED_ATOMIC_CHECKS 1
static inline void sched_might_sleep(const char *caller)
{
	sched_atomic_check(caller);
}
#else
#define SCHED_ATOMIC_CHECKS 0
static inline void sched_might_sleep(const char *caller)
{
	(void)caller;
}
#endif

/* The default policy (task/sched_prio.c). */
extern const struct task_policy sched_prio_policy;
#define SCHED_SLICE_TICKS 4

/* Stacks (task/stack.c). */
int task_stack_alloc(struct task *t);
void task_stack_free(struct task *t);
/* The task whose guard region holds @addr, or NULL. */
const struct task *task_stack_guard_owner(uint64_t addr);
/* Whether the page below @t's stack is unmapped (for tests). */
bool task_stack_guard_unmapped(const struct task *t);

/* Counters, updated with relaxed atomics. */
extern struct task_stats sched_stats;

/* Online CPUs, for the scheduler's balancing. */
int sched_cpu_count(void);

#endif /* TASK_TASK_H */
