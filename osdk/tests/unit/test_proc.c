/* SPDX-License-Identifier: MIT */
/* test_proc.c - proc_filter: a request on stdin, the answer from stdout. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>

#include "util/proc.h"
#include "util/strbuf.h"

UNIT(filter_feeds_stdin_and_reads_stdout)
{
	const char *argv[] = { "cat", NULL };
	struct strbuf out = STRBUF_INIT;
	int status = -1;

	CHECK_INT(proc_filter(argv, "url=https://h/r\n\n", 17, &out, &status),
		  0);
	CHECK_INT(status, 0);
	CHECK_STR(out.buf, "url=https://h/r\n\n");
	strbuf_release(&out);
}

UNIT(filter_leaves_stderr_out_of_the_answer)
{
	/* What git credential does when it cannot find a credential: a
	 * complaint on stderr (for the user), nothing on stdout. */
	const char *argv[] = { "sh", "-c",
			       "read x; echo \"got $x\"; "
			       "echo complaint >&2; exit 3",
			       NULL };
	struct strbuf out = STRBUF_INIT;
	int status = 0;

	CHECK_INT(proc_filter(argv, "one\n", 4, &out, &status), 0);
	CHECK_INT(status, 3);
	CHECK_STR(out.buf, "got one\n");
	strbuf_release(&out);
}

UNIT(filter_refuses_input_longer_than_a_pipe_holds)
{
	const char *argv[] = { "cat", NULL };
	struct strbuf out = STRBUF_INIT;
	char *big = calloc(1, PROC_INPUT_MAX + 1);
	int status = 0;

	CHECK_INT(proc_filter(argv, big, PROC_INPUT_MAX + 1, &out, &status),
		  -E2BIG);
	CHECK_INT(out.len, 0);
	free(big);
	strbuf_release(&out);
}

UNIT(filter_reports_a_missing_program)
{
	const char *argv[] = { "osdk-no-such-program", NULL };
	struct strbuf out = STRBUF_INIT;
	int status = 0;

	CHECK_INT(proc_filter(argv, "x", 1, &out, &status), -ENOENT);
	strbuf_release(&out);
}

UNIT_MAIN()
