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
 * Safety contract: a task runs its entry's function on a 16 KiB kernel
 * stack; a stack overflow hits the guard page and panics with "kernel
 * stack overflow in task NAME" instead of corrupting memory.
 *
 * Handles. A `struct task *` is a handle, not an address: the frame
 * encodes a slot and a generation in it and checks both at every entry
 * point, so a handle used after the task was freed (joined, or ended while
 * detached) panics with "stale" in the message instead of reaching another
 * task that reuses the memory or the slot. task_spawn*() return a handle
 * that owns one reference to the task: task_join() or task_detach() gives
 * it back, exactly once, and the handle is dead afterwards. task_current()
 * and the handles a policy is given are borrowed: valid while the task
 * lives, which for the calling task and for queued tasks is always.
 * A task must not join itself.
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

/*
 * What a task runs: a struct the service embeds in its own object and
 * hands to task_spawn(); the task calls @fn(entry), and the function finds
 * its object with container_of(). The entry must stay valid while a task
 * started with it may use it; several tasks may share one. The member is
 * the frame's.
 */
struct task_entry {
	int (*fn_)(struct task_entry *entry);
};

#define TASK_ENTRY_INIT(fn) \
	{                   \
		.fn_ = (fn) \
	}

/* task_entry_init() - set @entry up to run @fn */
void task_entry_init(struct task_entry *entry,
		     int (*fn)(struct task_entry *entry));

/*
 * task_spawn() - create a task running @entry's function at @prio, named
 * @name (truncated to TASK_NAME_LEN - 1), and make it runnable on the CPU
 * the balancing chooses among those of its affinity (all CPUs). Returns
 * the task's handle (one reference, see above), or NULL when @prio is out
 * of range, @entry has no function or memory runs out. May be called from
 * any task context.
 */
struct task *task_spawn(const char *name, struct task_entry *entry, int prio);

/* task_spawn_on() - task_spawn() starting on CPU @cpu and pinned there
 * (its affinity is that one CPU, until task_set_affinity() or task_pin()
 * change it); TASK_ANY_CPU: as task_spawn(). NULL also for a CPU that is
 * not online. */
struct task *task_spawn_on(const char *name, struct task_entry *entry, int prio,
			   int cpu);

/*
 * task_join() - wait until @t has finished, free it, and return what its
 * function returned (or passed to task_exit()). Sleeps. Gives the spawn
 * reference back: @t is stale afterwards. A detached task cannot be
 * joined (its handle is already stale).
 */
int task_join(struct task *t);

/*
 * task_detach() - give the spawn reference back without waiting: the task
 * frees itself when it ends. The caller must not use @t afterwards; it
 * goes stale when the task ends. For tasks nobody waits for, such as a
 * service's per-connection workers. Never sleeps. Why in the frame: a
 * task's stack can only be freed once its CPU has switched away from it,
 * which only the scheduler sees (a bottom half frees it then).
 */
void task_detach(struct task *t);

/* task_exit() - end the calling task with @code, as if its function
 * returned it. Not for the boot task. */
__noreturn void task_exit(int code);

/* task_yield() - let every other ready task of the same or higher priority
 * on this CPU run first. Sleeps (in the sense of the sync.h rules). */
void task_yield(void);

/*
 * task_sleep_ns() - sleep for at least @ns nanoseconds of the monotonic
 * clock. Sleeps; task_interrupt() does not end it.
 */
void task_sleep_ns(uint64_t ns);

/*
 * task_sleep_ns_interruptible() - task_sleep_ns() that task_interrupt()
 * ends early: 0 after the full time, -EINTR as soon as the calling task
 * has an interrupt pending (at once if it already had one).
 */
int task_sleep_ns_interruptible(uint64_t ns);

/*
 * Interrupting a task: a wake reason the service defines (a signal to
 * deliver, a cancellation). task_interrupt(@t) marks @t interrupted and
 * ends its interruptible wait, if it is in one, with -EINTR; the mark
 * stays until the task clears it, so an interrupt that comes just before
 * a wait still ends it. If @t is running user code (umode_run()) on
 * another CPU, that CPU is sent an IPI and umode_run() returns with
 * UMODE_KICK, so that the service sees the signal without waiting for the
 * next tick; umode_run() also returns UMODE_KICK without entering user
 * mode while the mark is set. Any context, including hard handlers.
 *
 * Why in the frame: ending another task's sleep and kicking another CPU
 * out of user mode are the scheduler's and the interrupt controller's.
 */
void task_interrupt(struct task *t);
/* Whether the calling task has an interrupt pending. */
bool task_interrupt_pending(void);
/* Clear the calling task's mark; whether it was set. */
bool task_interrupt_clear(void);

/* The calling task (a borrowed handle); never NULL once the frame has
 * booted. */
struct task *task_current(void);

/*
 * task_current_id(), task_current_cpu() - the calling task's id (as
 * task_id()) and the CPU it runs on (a hint unless it holds a spinlock,
 * has interrupts off or is pinned, as smp_this_cpu()).
 */
uint64_t task_current_id(void);
int task_current_cpu(void);

const char *task_name(const struct task *t);
int task_prio(const struct task *t);
/* The CPU the task last ran on or is queued on. */
int task_cpu(const struct task *t);
/* A number for @t, unique among all tasks since boot (never reused): 1
 * for the boot task, then counting up. For thread ids and diagnostics. */
uint64_t task_id(const struct task *t);

/* task_set_prio() - change @t's priority; 0 or -EINVAL. Takes effect at
 * the next scheduling decision. */
int task_set_prio(struct task *t, int prio);

/*
 * CPU affinity: the set of CPUs a task may run on. A task is only ever
 * queued on, run on and stolen to a CPU of its set. Sets are bitmaps of
 * CPU numbers; TASK_CPUSET_MAX bounds the CPUs they can name.
 */
#define TASK_CPUSET_MAX 256
struct task_cpuset {
	uint64_t bits[TASK_CPUSET_MAX / 64];
};

static inline void task_cpuset_clear(struct task_cpuset *s)
{
	for (unsigned int i = 0; i < TASK_CPUSET_MAX / 64; i++)
		s->bits[i] = 0;
}

static inline void task_cpuset_add(struct task_cpuset *s, int cpu)
{
	if (cpu >= 0 && cpu < TASK_CPUSET_MAX)
		s->bits[cpu / 64] |= 1ull << (cpu % 64);
}

static inline bool task_cpuset_has(const struct task_cpuset *s, int cpu)
{
	return cpu >= 0 && cpu < TASK_CPUSET_MAX &&
	       (s->bits[cpu / 64] >> (cpu % 64)) & 1;
}

/*
 * task_set_affinity() - let @t run only on the CPUs in @set. If it is
 * queued or running on a CPU outside the set, it moves to one inside (a
 * running task at its next switch, which is forced at once). 0, or
 * -EINVAL when @set holds no online CPU. task_get_affinity() fills @out.
 * Why in the frame: placing and moving tasks between run queues is the
 * scheduler's; a policy only orders the tasks of one queue.
 */
int task_set_affinity(struct task *t, const struct task_cpuset *set);
void task_get_affinity(const struct task *t, struct task_cpuset *out);

/* task_pin() - with @pinned, make @t's affinity the CPU it is on now;
 * without, all CPUs. */
void task_pin(struct task *t, bool pinned);

/*
 * CPU time. The frame samples at each tick (FRAME_TICK_HZ a second) what
 * every CPU is doing, as the tick interrupted it: user code (umode_run()),
 * kernel code of a task, the idle task, or bottom-half work; each sample
 * counts a whole tick period. So times are exact on average and coarse for
 * a single short task. Times of a task are its own; those of a CPU cover
 * everything that ran there. Why in the frame: only the tick's interrupt
 * knows what it interrupted (user mode, a bottom half, the idle task).
 */
struct task_times {
	uint64_t user_ns;
	uint64_t system_ns;
};
void task_times(const struct task *t, struct task_times *out);

/*
 * Per-task data for services: a key names one slot in every task; a task
 * starts with every slot empty. The service embeds a struct task_data in
 * its own per-task object, stores it with task_data_set() and finds its
 * object again with container_of() on what task_data_get() returns. When
 * the task ends the key's release function is called with each stored
 * object, in the ending task's own context (task_exit()), so that the
 * service can free it. TASK_DATA_KEYS keys exist in all. Why in the
 * frame: struct task is the frame's and opaque; a service could keep a map
 * from task to data, but could not learn when a task ends.
 */
#define TASK_DATA_KEYS 8

struct task_data;

struct task_data_key {
	void (*release_)(struct task_data_key *key, struct task_data *data);
	int slot_;
};

struct task_data {
	struct task_data_key *key_;
};

/*
 * task_data_key_register() - take a slot for @key, with @release called
 * for each object still stored when a task is freed (NULL: nothing to
 * do). 0, or -ENOSPC when every slot is taken.
 */
int task_data_key_register(struct task_data_key *key,
			   void (*release)(struct task_data_key *key,
					   struct task_data *data));

/*
 * task_data_set() - store @data (NULL: clear) in @t's slot of @key, and
 * return what was there, which the caller owns again (release is not
 * called for it). task_data_get() - what is stored, or NULL. Each call is
 * atomic; a sequence of them is the service's to order. The releases run
 * when the task ends (in task_exit(), on the task itself), so after that
 * every slot reads NULL. A @key that was never registered panics.
 */
struct task_data *task_data_set(struct task *t, struct task_data_key *key,
				struct task_data *data);
struct task_data *task_data_get(const struct task *t,
				struct task_data_key *key);

/*
 * The pluggable scheduling policy. The frame owns run queues, locking,
 * context switching, sleeping and the tick; the policy only orders ready
 * tasks. One run queue per CPU: a struct task_rq the policy embeds in its
 * own per-CPU state and finds again with container_of(). Every operation
 * is called with that run queue's lock held and interrupts off, so it
 * must not sleep, allocate or take locks.
 *
 * @rq_init(cpu): per-CPU state, called once per CPU when the policy is
 *   installed (from a context that may allocate). NULL on failure.
 * @rq_free(rq): free it when another policy replaces this one; the queue
 *   is empty by then.
 * @enqueue(rq, t), @dequeue(rq, t): add a ready task, remove a queued one.
 * @pick(rq): remove and return the task to run next, NULL when none.
 * @peek_steal(rq, cpu): a queued task that CPU @cpu may take (its
 *   affinity has @cpu: test with task_allowed_on()); not removed. NULL
 *   when none.
 * @tick(rq, curr, ticks): the running task @curr used @ticks more ticks;
 *   return whether it should be preempted (if anything else is ready).
 * @preempts(rq, curr, woken): whether @woken, just made ready, should
 *   preempt @curr at once.
 *
 * What pick() and peek_steal() return is checked: a task that is not
 * queued on this run queue (running, finished, sleeping, queued on
 * another CPU, a stale handle) is logged (rate-limited) and ignored, and
 * the frame falls back to running the idle task or stealing nothing; a
 * stolen task outside the thief's affinity likewise. So a wrong policy
 * can make scheduling unfair, never unsafe.
 */
struct task_rq {
	int cpu_;
};

struct task_policy {
	const char *name;
	struct task_rq *(*rq_init)(int cpu);
	void (*rq_free)(struct task_rq *rq);
	void (*enqueue)(struct task_rq *rq, struct task *t);
	void (*dequeue)(struct task_rq *rq, struct task *t);
	struct task *(*pick)(struct task_rq *rq);
	struct task *(*peek_steal)(struct task_rq *rq, int cpu);
	bool (*tick)(struct task_rq *rq, struct task *curr, uint64_t ticks);
	bool (*preempts)(struct task_rq *rq, struct task *curr,
			 struct task *woken);
};

/*
 * For policies: typed links in each task, for the policy's own lists of
 * task handles (the frame never follows them), a per-task word, and the
 * task's affinity.
 */
struct task_policy_links {
	struct task *prev, *next;
};
struct task_policy_links *task_policy_links(struct task *t);
uint64_t *task_policy_word(struct task *t);
bool task_allowed_on(const struct task *t, int cpu);

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
 * yet freed; the boot task and the idle tasks are not among them.
 * @policy_errors counts pick() and peek_steal() results the frame
 * refused.
 */
struct task_stats {
	uint64_t switches;	/* context switches, all CPUs */
	uint64_t preemptions;	/* switches forced by the tick or a wake-up */
	uint64_t migrations;	/* tasks moved by balancing */
	uint64_t live;		/* created, not yet freed */
	uint64_t policy_errors; /* refused policy results */
};
void task_stats(struct task_stats *out);

#endif /* FRAME_TASK_H */
