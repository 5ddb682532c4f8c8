/* SPDX-License-Identifier: MIT */
/* Kernel tasks: spawn, join, sleep, yield, priorities, the scheduling policy.
 */
#ifndef FRAME_TASK_H
#define FRAME_TASK_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * Why in the frame: a task is a stack and a saved register set, and
 * switching between them loads RSP and jumps, which no C code can express
 * safely; the stacks sit in the frame's own address space with unmapped
 * guard pages below them, and preemption happens in the interrupt path.
 * Services get opaque task handles and choose only what to run, at what
 * priority and, through the policy below, in what order.
 *
 * Safety contract: a task runs @fn(@arg) on a 16 KiB kernel stack; a
 * stack overflow hits the guard page and panics with "kernel stack
 * overflow in task NAME" instead of corrupting memory. Every spawned task
 * must be joined exactly once with task_join(), which frees it; the handle
 * is invalid afterwards. A task must not join itself.
 */

struct task;

/* Priorities: higher runs first; equal priorities share by time slices. */
#define TASK_PRIO_MIN	 0
#define TASK_PRIO_NORMAL 16
#define TASK_PRIO_MAX	 31
#define TASK_PRIOS	 (TASK_PRIO_MAX + 1)

#define TASK_NAME_LEN 16

/* Any CPU (for task_spawn_on()). */
#define TASK_ANY_CPU (-1)

typedef int (*task_fn_t)(void *arg);

/*
 * task_spawn() - create a task running @fn(@arg) at @prio, named @name
 * (truncated to TASK_NAME_LEN - 1), and make it runnable on the CPU the
 * policy's balancing chooses. Returns the task, or NULL when @prio is out
 * of range or memory runs out. May be called from any task context.
 */
struct task *task_spawn(const char *name, task_fn_t fn, void *arg, int prio);

/* task_spawn_on() - task_spawn() starting on CPU @cpu (TASK_ANY_CPU: any).
 * The task may later be moved by balancing unless @cpu is pinned with
 * task_pin(). NULL also for a CPU that is not online. */
struct task *task_spawn_on(const char *name, task_fn_t fn, void *arg, int prio,
			   int cpu);

/*
 * task_join() - wait until @t has finished, free it, and return what its
 * function returned (or passed to task_exit()). Sleeps.
 */
int task_join(struct task *t);

/* task_exit() - end the calling task with @code, as if its function
 * returned it. Not for the boot task. */
__noreturn void task_exit(int code);

/* task_yield() - let every other ready task of the same or higher priority
 * on this CPU run first. Sleeps (in the sense of the sync.h rules). */
void task_yield(void);

/*
 * task_sleep_ns() - sleep for at least @ns nanoseconds of the monotonic
 * clock. Sleeps.
 */
void task_sleep_ns(uint64_t ns);

/* The calling task; never NULL once the frame has booted. */
struct task *task_current(void);

const char *task_name(const struct task *t);
int task_prio(const struct task *t);
/* The CPU the task last ran on or is queued on. */
int task_cpu(const struct task *t);

/* task_set_prio() - change @t's priority; 0 or -EINVAL. Takes effect at
 * the next scheduling decision. */
int task_set_prio(struct task *t, int prio);

/* task_pin() - keep @t on the CPU it is on now (balancing skips it). */
void task_pin(struct task *t, bool pinned);

/*
 * The pluggable scheduling policy. The frame owns run queues, locking,
 * context switching, sleeping and the tick; the policy only orders ready
 * tasks. One run queue per CPU; every operation is called with that run
 * queue's lock held and interrupts off, so it must not sleep, allocate or
 * take locks. @rq is the policy's per-CPU state from @rq_init.
 *
 * @rq_init(cpu): per-CPU state, called once per CPU when the policy is
 *   installed (from a context that may allocate). NULL on failure.
 * @rq_free(rq): free it when another policy replaces this one; the queue
 *   is empty by then.
 * @enqueue(rq, t), @dequeue(rq, t): add a ready task, remove a queued one.
 * @pick(rq): remove and return the task to run next, NULL when none.
 * @peek_steal(rq): a task another CPU may take (not running, not
 *   pinned: test with task_pinned()); not removed. NULL when none.
 * @tick(rq, curr, ticks): the running task @curr used @ticks more ticks;
 *   return whether it should be preempted (if anything else is ready).
 * @preempts(rq, curr, woken): whether @woken, just made ready, should
 *   preempt @curr at once.
 */
struct task_policy {
	const char *name;
	void *(*rq_init)(int cpu);
	void (*rq_free)(void *rq);
	void (*enqueue)(void *rq, struct task *t);
	void (*dequeue)(void *rq, struct task *t);
	struct task *(*pick)(void *rq);
	struct task *(*peek_steal)(void *rq);
	bool (*tick)(void *rq, struct task *curr, uint64_t ticks);
	bool (*preempts)(void *rq, struct task *curr, struct task *woken);
};

/*
 * For policies: a place in each task for the policy's own links, a
 * per-task word, and the pinning flag.
 */
struct task_policy_links {
	void *prev, *next;
};
struct task_policy_links *task_policy_links(struct task *t);
struct task *task_from_policy_links(struct task_policy_links *l);
uint64_t *task_policy_word(struct task *t);
bool task_pinned(const struct task *t);

/*
 * task_set_policy() - install @ops on every CPU, moving the ready tasks
 * over; NULL restores the default (priority round robin). 0, or -ENOMEM
 * when @ops->rq_init fails (the old policy stays). Sleeps.
 */
int task_set_policy(const struct task_policy *ops);

/* The installed policy's name. */
const char *task_policy_name(void);

/*
 * Counters, for tests and diagnostics. @live counts tasks created and not
 * yet joined; the boot task and the idle tasks are not among them.
 */
struct task_stats {
	uint64_t switches;    /* context switches, all CPUs */
	uint64_t preemptions; /* switches forced by the tick or a wake-up */
	uint64_t migrations;  /* tasks moved by balancing */
	uint64_t live;	      /* created, not yet joined */
};
void task_stats(struct task_stats *out);

#endif /* FRAME_TASK_H */
