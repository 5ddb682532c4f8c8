/* SPDX-License-Identifier: MIT */
/* Installing a scheduling policy, and checking what a policy returns. */
#include "task/task.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>

#include "arch/x86_64/cpu/irq_flags.h"

/*
 * The policy is a service's code, run under the run queue locks. The
 * frame trusts it with the order of the ready tasks only: every task it
 * hands back is looked up and checked against the frame's own list of
 * the tasks queued on that CPU (struct sched_cpu.queued), and a new
 * policy is filled from those lists rather than by draining the old one.
 */
const struct task_policy *sched_policy = &sched_prio_policy;

#define STAT_INC(f) __atomic_fetch_add(&sched_stats.f, 1, __ATOMIC_RELAXED)

static uint64_t policy_errors_logged;
#define POLICY_ERRORS_LOGGED 8

void sched_policy_error(const char *op, const struct task *t, const char *why)
{
	uint64_t n;

	STAT_INC(policy_errors);
	n = __atomic_add_fetch(&policy_errors_logged, 1, __ATOMIC_RELAXED);
	if (n <= POLICY_ERRORS_LOGGED)
		log_warn("sched: policy '%s': %s() returned %p, which %s; "
			 "ignored%s",
			 sched_policy->name, op, (const void *)t, why,
			 n == POLICY_ERRORS_LOGGED ? " (no more reported)"
						   : "");
}

/*
 * A stale handle is refused like any other wrong answer: the lookup does
 * not panic here, since a policy's mistake must not stop the machine.
 */
struct task *sched_policy_check(struct sched_cpu *sc, const char *op,
				struct task *h)
{
	struct task *t = handle_lookup(&task_handles, (uintptr_t)h);
	const char *why = NULL;

	if (!t)
		why = "is not a live task";
	else if (t->idle)
		why = "is an idle task";
	else if (!t->queued || t->cpu != sc->cpu)
		why = t->state == TASK_DEAD ? "has finished"
		      : t->on_cpu	    ? "is running"
		      : t->queued	    ? "is queued on another CPU"
					    : "is not ready";
	/*
	 * A queued task may be BLOCKED: preempted between announcing a
	 * sleep and switching away, it is queued so that no wake-up is
	 * lost. Only a dead one cannot be queued.
	 */
	else if (t->state == TASK_DEAD)
		why = "has finished";
	if (why) {
		sched_policy_error(op, h, why);
		return NULL;
	}
	return t;
}

const char *task_policy_name(void)
{
	return __atomic_load_n(&sched_policy, __ATOMIC_ACQUIRE)->name;
}

/* Lock every run queue in ascending order (interrupts already off). */
static void lock_all(void)
{
	for (int i = 0; i < sched_cpu_count(); i++)
		frame_spin_lock(&sched_cpu_of(i)->lock);
}

static void unlock_all(void)
{
	for (int i = sched_cpu_count() - 1; i >= 0; i--)
		frame_spin_unlock(&sched_cpu_of(i)->lock);
}

int task_set_policy(const struct task_policy *ops)
{
	const struct task_policy *old;
	struct task_rq **new_rq, **old_rq;
	int n, err = 0;
	uint64_t flags;

	sched_might_sleep(__func__);
	if (!ops)
		ops = &sched_prio_policy;
	n = sched_cpu_count();
	new_rq = frame_calloc(2 * (size_t)n, sizeof(*new_rq));
	if (!new_rq)
		return -ENOMEM;
	old_rq = new_rq + n;
	for (int i = 0; i < n; i++) {
		new_rq[i] = ops->rq_init(i);
		if (!new_rq[i])
			err = -ENOMEM;
		else
			new_rq[i]->cpu_ = i;
	}
	if (err)
		goto out_free_new;

	/*
	 * The ready tasks move over from the frame's own lists: the old
	 * policy is not asked to give them back, so one that lost a task
	 * cannot strand it. Its queue is dropped whole.
	 */
	flags = arch_irq_save();
	lock_all();
	old = sched_policy;
	for (int i = 0; i < n; i++) {
		struct sched_cpu *sc = sched_cpu_of(i);

		old_rq[i] = sc->rq;
		for (struct list_node *l = sc->queued.next; l != &sc->queued;
		     l = l->next) {
			struct task *t = container_of(l, struct task, rq_node);

			t->policy_word = 0;
			t->links = (struct task_policy_links){ 0 };
			ops->enqueue(new_rq[i], task_handle(t));
		}
		sc->rq = new_rq[i];
		sc->curr->policy_word = 0;
	}
	__atomic_store_n(&sched_policy, ops, __ATOMIC_RELEASE);
	unlock_all();
	arch_irq_restore(flags);
	for (int i = 0; i < n; i++)
		old->rq_free(old_rq[i]);
	frame_free(new_rq);
	return 0;

out_free_new:
	for (int i = 0; i < n; i++)
		if (new_rq[i])
			ops->rq_free(new_rq[i]);
	frame_free(new_rq);
	return err;
}
