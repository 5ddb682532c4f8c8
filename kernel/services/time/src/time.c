/* SPDX-License-Identifier: MIT */
/* The package's boot setup, the process hooks and the per-thread state. */
#include <time/time.h>

#include <cred/cred.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/task.h>

#include "time_internal.h"

static const struct time_process_ops time_no_ops;
static const struct time_process_ops *time_process_ops = &time_no_ops;

void time_set_process_ops(const struct time_process_ops *ops)
{
	time_process_ops = ops ? ops : &time_no_ops;
}

const struct time_process_ops *time_ops(void)
{
	return time_process_ops;
}

int time_current_pid(void)
{
	return time_ops()->current_pid ? time_ops()->current_pid() : 0;
}

int time_current_tid(void)
{
	return time_ops()->current_tid ? time_ops()->current_tid() : 0;
}

bool time_capable(void)
{
	return cred_capable(cred_current());
}

/* Per-thread state: the restart record of an interrupted sleep. */
struct time_thread {
	struct task_data td;
	struct time_restart restart;
};

static struct task_data_key time_key;
static bool time_key_ready;

static void time_thread_release(struct task_data_key *key,
				struct task_data *data)
{
	(void)key;
	frame_free(container_of(data, struct time_thread, td));
}

struct time_restart *time_restart_current(void)
{
	struct task_data *td;
	struct time_thread *tt;

	if (!time_key_ready)
		return NULL;
	td = task_data_get(task_current(), &time_key);
	if (td)
		return &container_of(td, struct time_thread, td)->restart;
	tt = frame_zalloc(sizeof(*tt));
	if (!tt)
		return NULL;
	task_data_set(task_current(), &time_key, &tt->td);
	return &tt->restart;
}

int time_service_init(void)
{
	int err;

	if (time_key_ready)
		return 0;
	err = task_data_key_register(&time_key, time_thread_release);
	if (err)
		return err;
	time_key_ready = true;
	return time_itimer_init();
}
