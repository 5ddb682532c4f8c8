/* SPDX-License-Identifier: MIT */
/* run_exit.c - how the kernel osdk run booted ended, as osdk's exit code
 * and its run-finished record. */
#include "run.h"

#include "msg.h"

int run_exit_code(int status, const char *exit_file, bool gdb,
		  struct qemu_end *end)
{
	qemu_end(status, exit_file, end);
	switch (end->kind) {
	case QEMU_END_CODE:
		return end->code;
	case QEMU_END_PANIC:
	case QEMU_END_KTEST_PANIC:
		cli_error("the kernel panicked (its message is above)");
		return EXIT_PANIC;
	default:
		if (gdb && status == 0)
			/* QEMU ends the same way for gdb's kill and a reset. */
			cli_error(
				"QEMU ended without an exit code while gdb "
				"was attached: gdb's 'kill' ends it this way, "
				"as does a guest reset such as a triple "
				"fault");
		else
			cli_error("%s (QEMU exit status %d)", end->what,
				  status);
		return 1;
	}
}

void run_emit_finished(const struct qemu_end *end, int code)
{
	cJSON *rec = msg_new("run-finished");
	bool panic = end->kind == QEMU_END_PANIC ||
		     end->kind == QEMU_END_KTEST_PANIC;
	const char *outcome = end->kind == QEMU_END_CODE ? "exit"
			      : panic			 ? "panic"
							 : "error";

	cJSON_AddStringToObject(rec, "outcome", outcome);
	if (end->kind == QEMU_END_CODE)
		cJSON_AddNumberToObject(rec, "code", end->code);
	else if (!panic && end->what)
		cJSON_AddStringToObject(rec, "why", end->what);
	cJSON_AddNumberToObject(rec, "exit_code", code);
	msg_emit(rec);
}
