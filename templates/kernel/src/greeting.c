/* SPDX-License-Identifier: MIT */
/* greeting.c - the {{name}} kernel's boot greeting; greeting_test.c tests it. */
#include "greeting.h"

#include <frame/errno.h>
#include <frame/format.h>

int {{ident}}_greeting(char *buf, size_t size, int cpus)
{
	int n = frame_snprintf(buf, size,
			       "Hello from the {{name}} kernel on %d CPU%s!",
			       cpus, cpus == 1 ? "" : "s");

	return n >= 0 && (size_t)n < size ? n : -E2BIG;
}
