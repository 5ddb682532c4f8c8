/* SPDX-License-Identifier: MIT */
/* main.c - the entry point of the {{name}} kernel. */
#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/smp.h>

#include "greeting.h"

/*
 * The frame has set up the CPU, memory and the console before it calls this;
 * the return value is the exit code `osdk run` reports.
 */
static int {{ident}}_main(void)
{
	char line[128];
	int ret = {{ident}}_greeting(line, sizeof(line), smp_cpu_count());

	if (ret < 0) {
		log_error("no greeting: %s", frame_errno_name(ret));
		return 1;
	}
	log_info("%s", line);
	return 0;
}

FRAME_MAIN({{ident}}_main);
