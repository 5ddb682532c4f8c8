/* SPDX-License-Identifier: MIT */
/* ktest_proto.h - the lines a test kernel prints, read into messages. */
#ifndef OSDK_CORE_KTEST_PROTO_H
#define OSDK_CORE_KTEST_PROTO_H

/*
 * The frame's ktest runner speaks on the serial console, one line each:
 *
 *   ktest: begin N          N tests are registered
 *   ktest: run I NAME       test I (pkg::name) starts
 *   ktest: ok I             test I passed
 *   ktest: fail I [MSG]     test I failed, maybe saying why
 *   ktest: panic I          test I panicked (its output holds the report)
 *   ktest: end ...          every selected test ran
 *
 * Indices are decimal, at most KTEST_PROTO_MAX_INDEX. Any other line is the
 * kernel's own output.
 */

#define KTEST_PROTO_MAX_INDEX 1000000

enum ktest_msg_kind {
	KTEST_MSG_OUTPUT, /* not a ktest line */
	KTEST_MSG_BEGIN,
	KTEST_MSG_RUN,
	KTEST_MSG_OK,
	KTEST_MSG_FAIL,
	KTEST_MSG_PANIC,
	KTEST_MSG_END,
};

struct ktest_msg {
	enum ktest_msg_kind kind;
	int index;	  /* BEGIN: the count; RUN, OK, FAIL, PANIC: the test */
	const char *text; /* RUN: the name; FAIL: the message or NULL; points
			     into the line */
};

/*
 * Read one console line (without its newline). 0 with *out filled, or
 * -EPROTO for a line that starts "ktest: " but breaks the protocol: an
 * unknown word, a missing or malformed index, a run without a name, or
 * text after an index where none may follow.
 */
int ktest_parse_line(const char *line, struct ktest_msg *out);

#endif
