/* SPDX-License-Identifier: MIT */
/* greeting.c - the {{name}} kernel's boot greeting; greeting_test.c tests it. */
#include "greeting.h"

#include <frame/errno.h>
#include <frame/format.h>

/* Passed as an argument, so that no line's length depends on the name. */
static const char kernel_name[] = "{{name}}";

int {{ident}}_greeting(char *buf, size_t size, int cpus)
{
	int n;

	n = frame_snprintf(buf, size, "Hello from the %s kernel on %d CPU%s!",
			   kernel_name, cpus, cpus == 1 ? "" : "s");

	return n >= 0 && (size_t)n < size ? n : -E2BIG;
}
