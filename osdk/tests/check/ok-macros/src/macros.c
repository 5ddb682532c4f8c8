/* SPDX-License-Identifier: MIT */
/* Allowed: frame macros, and a service's own harmless ones. */
#include <frame/compiler.h>
#include <frame/format.h>
#include <frame/log.h>
#include <ok_macros.h>

static int ok_main(void)
{
	struct ok_obj o = { 3, { NULL } };
	char line[32];

	frame_snprintf(line, sizeof(line), "%d %s %p",
		       OK_TWICE(o.id) + OK_FROM_CFLAGS,
		       __func__, (void *)&o);
	log_info("%s at line %d", line, __LINE__);
	return ok_obj_of(&o.entry)->id;
}

FRAME_MAIN(ok_main);
