/* SPDX-License-Identifier: MIT */
/* A roll call of the CPUs: one task on each, started and joined. */
#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/smp.h>
#include <frame/task.h>

#include "keel.h"

/* One CPU's call: the task reports where it ran. */
struct roll_call {
	struct task_entry entry;
	struct task *task;
	int ran_on;
};

static int roll_call_answer(struct task_entry *entry)
{
	struct roll_call *call = container_of(entry, struct roll_call, entry);

	call->ran_on = task_current_cpu();
	return 0;
}

int keel_cpu_roll_call(void)
{
	int ncpu = smp_cpu_count(), answered = 0;
	struct roll_call *calls = frame_calloc((size_t)ncpu, sizeof(*calls));

	if (!calls)
		return -ENOMEM;
	/* task_spawn_on() gives each task an affinity of its one CPU. */
	for (int cpu = 0; cpu < ncpu; cpu++) {
		task_entry_init(&calls[cpu].entry, roll_call_answer);
		calls[cpu].ran_on = -1;
		calls[cpu].task = task_spawn_on("roll-call", &calls[cpu].entry,
						TASK_PRIO_NORMAL, cpu);
	}
	for (int cpu = 0; cpu < ncpu; cpu++) {
		if (!calls[cpu].task)
			continue;
		if (task_join(calls[cpu].task) == 0 && calls[cpu].ran_on == cpu)
			answered++;
	}
	frame_free(calls);
	return answered;
}

KTEST(every_cpu_answers_the_roll_call)
{
	KT_ASSERT_EQ(keel_cpu_roll_call(), smp_cpu_count());
}
