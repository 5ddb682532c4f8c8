/* SPDX-License-Identifier: MIT */
/* The package's boot setup and the process hooks. */
#include <time/time.h>

#include <cred/cred.h>
#include <frame/errno.h>
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

int time_service_init(void)
{
	static bool done;
	int err;

	if (done)
		return 0;
	err = time_itimer_init();
	if (!err)
		done = true;
	return err;
}
