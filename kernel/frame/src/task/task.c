/* SPDX-License-Identifier: MIT */
/* Kernel tasks: creating, joining, exiting, sleeping, and their attributes. */
#include "task/task.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/irq_flags.h"

/* The callee-saved registers arch_task_switch() pops: rbp rbx r12-r15. */
#define SWITCH_SAVED_REGS 6

/* Up to one task per stack slot, the boot task and the idle tasks. */
struct handle_table task_handles = HANDLE_TABLE_INIT("task", HANDLE_TASK, 8192);

static uint64_t next_id = 1;

struct task *task_of(const struct task *handle, const char *what)
{
	return handle_get(&task_handles, (uintptr_t)handle, what);
}

/* Ids are never reused: 64 bits do not wrap. */
uint64_t task_new_id(void)
{
	return __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
}

void task_entry_init(struct task_entry *entry,
		     int (*fn)(struct task_entry *entry))
{
	entry->fn_ = fn;
}

/* Every online CPU; sched.c narrows it where it places a task. */
static void cpuset_fill(struct task_cpuset *s)
{
	for (unsigned int i = 0; i < TASK_CPUSET_MAX / 64; i++)
		s->bits[i] = ~0ull;
}

struct task *task_create(const char *name, struct task_entry *entry, int prio)
{
	struct task *t;
	uint64_t *sp;

	if (prio < TASK_PRIO_MIN || prio > TASK_PRIO_MAX || !entry ||
	    !entry->fn_)
		return NULL;
	t = frame_zalloc(sizeof(*t));
	if (!t)
		return NULL;
	frame_strscpy(t->name, name ? name : "task", sizeof(t->name));
	t->entry = entry;
	t->prio = prio;
	t->state = TASK_BLOCKED;
	t->id = task_new_id();
	cpuset_fill(&t->affinity);
	list_init(&t->rq_node);
	frame_waitq_init(&t->exit_wq);
	if (task_stack_alloc(t))
		goto out_free;
	if (handle_alloc(&task_handles, t, &t->handle))
		goto out_stack;
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

out_stack:
	task_stack_free(t);
out_free:
	frame_free(t);
	return NULL;
}

struct task *task_spawn_on(const char *name, struct task_entry *entry, int prio,
			   int cpu)
{
	struct task *t;

	if (cpu != TASK_ANY_CPU &&
	    (cpu < 0 || cpu >= sched_cpu_count() || !sched_cpu_of(cpu)->online))
		return NULL;
	t = task_create(name, entry, prio);
	if (!t)
		return NULL;
	if (cpu != TASK_ANY_CPU) {
		task_cpuset_clear(&t->affinity);
		task_cpuset_add(&t->affinity, cpu);
	}
	sched_start_task(t, cpu);
	return task_handle(t);
}

struct task *task_spawn(const char *name, struct task_entry *entry, int prio)
{
	return task_spawn_on(name, entry, prio, TASK_ANY_CPU);
}

/* The services' per-task data, released on the task itself. */
static void task_data_release_all(struct task *self);

__noreturn void task_exit(int code)
{
	struct task *self = sched_current();
	unsigned int bits;

	BUG_ON(self->stack_slot < 0 || self->idle);
	/* Services' data first: a release may still reach the task's user
	 * memory (a thread's clear-child-tid word). */
	task_data_release_all(self);
	/* Its space may be the last thing keeping a process's memory. */
	vm_task_exit();
	/*
	 * Interrupts off from here to the switch: once the joiner is woken
	 * it may free this task as soon as on_cpu drops, which only the
	 * switch away does.
	 */
	arch_irq_disable();
	self->code = code;
	bits = __atomic_fetch_or(&self->exit_bits, TASK_EXITED,
				 __ATOMIC_ACQ_REL);
	/* Detached: nobody joins; the switch away hands it to the reaper. */
	if (bits & TASK_DETACHED)
		self->reap = true;
	else
		frame_waitq_wake_all(&self->exit_wq);
	__atomic_store_n(&self->state, TASK_DEAD, __ATOMIC_RELEASE);
	sched_block();
	frame_panic("dead task '%s' was scheduled", self->name);
}

void task_free(struct task *t)
{
	task_stack_free(t);
	frame_free(t);
	__atomic_fetch_sub(&sched_stats.live, 1, __ATOMIC_RELAXED);
}

/* Wait until the CPU that ran the dead @t has switched away from it. */
static void wait_off_cpu(struct task *t)
{
	while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
}

int task_join(struct task *handle)
{
	struct task *t = task_of(handle, __func__);
	int code;

	sched_might_sleep(__func__);
	BUG_ON(t == sched_current());
	FRAME_WAIT_EVENT_TIMEOUT(
		&t->exit_wq,
		__atomic_load_n(&t->exit_bits, __ATOMIC_ACQUIRE) & TASK_EXITED,
		FRAME_WAIT_FOREVER);
	handle_free(&task_handles, t->handle);
	wait_off_cpu(t);
	code = t->code;
	task_free(t);
	return code;
}

void task_detach(struct task *handle)
{
	struct task *t = task_of(handle, __func__);
	unsigned int bits;

	BUG_ON(t->idle || t->stack_slot < 0);
	bits = __atomic_fetch_or(&t->exit_bits, TASK_DETACHED,
				 __ATOMIC_ACQ_REL);
	/* Ended already, without seeing the flag: free it here. */
	if (bits & TASK_EXITED) {
		handle_free(&task_handles, t->handle);
		wait_off_cpu(t);
		task_free(t);
	}
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

/*
 * Mark the caller about to sleep. An interruptible sleeper publishes that
 * before it checks the mark, and task_interrupt() sets the mark before it
 * looks: with both sequentially consistent, one of them sees the other.
 */
void task_prepare_sleep(struct task *self, bool interruptible)
{
	__atomic_store_n(&self->interruptible, interruptible, __ATOMIC_SEQ_CST);
	__atomic_store_n(&self->state, TASK_BLOCKED, __ATOMIC_SEQ_CST);
}

void task_end_sleep(struct task *self)
{
	__atomic_store_n(&self->state, TASK_RUNNING, __ATOMIC_RELEASE);
	__atomic_store_n(&self->interruptible, false, __ATOMIC_RELAXED);
}

static int sleep_until(uint64_t ns, bool interruptible)
{
	uint64_t now = frame_clock_monotonic_ns();
	uint64_t deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	struct task *self = sched_current();
	int ret = 0;

	while (frame_clock_monotonic_ns() < deadline) {
		task_prepare_sleep(self, interruptible);
		if (interruptible &&
		    __atomic_load_n(&self->interrupted, __ATOMIC_SEQ_CST)) {
			ret = -EINTR;
			task_end_sleep(self);
			break;
		}
		task_sched_timeout(self, deadline);
		task_end_sleep(self);
	}
	return ret;
}

void task_sleep_ns(uint64_t ns)
{
	sched_might_sleep(__func__);
	sleep_until(ns, false);
}

int task_sleep_ns_interruptible(uint64_t ns)
{
	sched_might_sleep(__func__);
	return sleep_until(ns, true);
}

void task_interrupt(struct task *handle)
{
	struct task *t = task_of(handle, __func__);

	__atomic_store_n(&t->interrupted, true, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&t->interruptible, __ATOMIC_SEQ_CST))
		sched_wake(t);
	sched_kick(t);
}

bool task_interrupt_pending(void)
{
	return __atomic_load_n(&sched_current()->interrupted, __ATOMIC_SEQ_CST);
}

bool task_interrupt_clear(void)
{
	return __atomic_exchange_n(&sched_current()->interrupted, false,
				   __ATOMIC_SEQ_CST);
}

const char *task_name(const struct task *t)
{
	return task_of(t, __func__)->name;
}

int task_prio(const struct task *t)
{
	return task_of(t, __func__)->prio;
}

int task_cpu(const struct task *t)
{
	return __atomic_load_n(&task_of(t, __func__)->cpu, __ATOMIC_RELAXED);
}

uint64_t task_id(const struct task *t)
{
	return task_of(t, __func__)->id;
}

uint64_t task_current_id(void)
{
	return sched_current()->id;
}

int task_current_cpu(void)
{
	return __atomic_load_n(&sched_current()->cpu, __ATOMIC_RELAXED);
}

bool task_allowed_on(const struct task *t, int cpu)
{
	return task_cpuset_has(&task_of(t, __func__)->affinity, cpu);
}

void task_get_affinity(const struct task *t, struct task_cpuset *out)
{
	*out = task_of(t, __func__)->affinity;
}

struct task_policy_links *task_policy_links(struct task *t)
{
	return &task_of(t, __func__)->links;
}

uint64_t *task_policy_word(struct task *t)
{
	return &task_of(t, __func__)->policy_word;
}

/* Per-task data. Keys are registered once and never given back. */
static struct task_data_key *data_keys[TASK_DATA_KEYS];

int task_data_key_register(struct task_data_key *key,
			   void (*release)(struct task_data_key *key,
					   struct task_data *data))
{
	key->release_ = release;
	for (int i = 0; i < TASK_DATA_KEYS; i++) {
		struct task_data_key *none = NULL;

		key->slot_ = i;
		if (__atomic_compare_exchange_n(&data_keys[i], &none, key,
						false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return 0;
	}
	key->slot_ = -1;
	return -ENOSPC;
}

/* @key's slot; a key that was never registered panics. */
static int key_slot(const struct task_data_key *key, const char *what)
{
	int slot = key->slot_;

	if (slot < 0 || slot >= TASK_DATA_KEYS ||
	    __atomic_load_n(&data_keys[slot], __ATOMIC_ACQUIRE) != key)
		frame_panic("%s: task data key %p is not registered", what,
			    (const void *)key);
	return slot;
}

struct task_data *task_data_set(struct task *handle, struct task_data_key *key,
				struct task_data *data)
{
	struct task *t = task_of(handle, __func__);
	int slot = key_slot(key, __func__);

	if (data)
		data->key_ = key;
	return __atomic_exchange_n(&t->data[slot], data, __ATOMIC_ACQ_REL);
}

struct task_data *task_data_get(const struct task *handle,
				struct task_data_key *key)
{
	const struct task *t = task_of(handle, __func__);
	int slot = key_slot(key, __func__);

	return __atomic_load_n(&t->data[slot], __ATOMIC_ACQUIRE);
}

static void task_data_release_all(struct task *self)
{
	for (int i = 0; i < TASK_DATA_KEYS; i++) {
		struct task_data *d = __atomic_exchange_n(&self->data[i], NULL,
							  __ATOMIC_ACQ_REL);
		struct task_data_key *key =
			__atomic_load_n(&data_keys[i], __ATOMIC_ACQUIRE);

		if (d && key && key->release_)
			key->release_(key, d);
	}
}
