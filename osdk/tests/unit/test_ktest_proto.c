/* SPDX-License-Identifier: MIT */
/* test_ktest_proto.c - the test kernel's console lines, good and bad. */
#include "unit.h"

#include <errno.h>
#include <stddef.h>

#include "core/boot/ktest_proto.h"

UNIT(protocol_lines)
{
	struct ktest_msg m;

	CHECK_INT(ktest_parse_line("ktest: begin 42", &m), 0);
	CHECK_INT(m.kind, KTEST_MSG_BEGIN);
	CHECK_INT(m.index, 42);
	CHECK_INT(ktest_parse_line("ktest: run 3 mm::vmar_map", &m), 0);
	CHECK_INT(m.kind, KTEST_MSG_RUN);
	CHECK_INT(m.index, 3);
	CHECK_STR(m.text, "mm::vmar_map");
	CHECK_INT(ktest_parse_line("ktest: ok 3", &m), 0);
	CHECK_INT(m.kind, KTEST_MSG_OK);
	CHECK_INT(m.index, 3);
	CHECK_INT(ktest_parse_line("ktest: fail 3 a.c:9: x == y", &m), 0);
	CHECK_INT(m.kind, KTEST_MSG_FAIL);
	CHECK_STR(m.text, "a.c:9: x == y");
	CHECK_INT(ktest_parse_line("ktest: fail 3", &m), 0);
	CHECK(m.text == NULL);
	CHECK_INT(ktest_parse_line("ktest: panic 0", &m), 0);
	CHECK_INT(m.kind, KTEST_MSG_PANIC);
	CHECK_INT(m.index, 0);
	CHECK_INT(ktest_parse_line("ktest: end 10 2", &m), 0);
	CHECK_INT(m.kind, KTEST_MSG_END);
}

UNIT(other_lines_are_output)
{
	static const char *const lines[] = {
		"",
		"hello",
		"ktest:",
		"ktest:begin 1",
		" ktest: ok 1",
		"panic: ktest: no test is running",
	};
	struct ktest_msg m;

	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		CHECK_INT(ktest_parse_line(lines[i], &m), 0);
		CHECK_INT(m.kind, KTEST_MSG_OUTPUT);
	}
}

UNIT(malformed_lines_are_refused)
{
	static const char *const bad[] = {
		"ktest: ",
		"ktest: begin",
		"ktest: begin ",
		"ktest: begin x",
		"ktest: begin -1",
		"ktest: begin 1 2",
		"ktest: begin 99999999999",
		"ktest: begin 1000001",
		"ktest: run 3",
		"ktest: run 3 ",
		"ktest: run x name",
		"ktest: run 3name",
		"ktest: ok",
		"ktest: ok 3 extra",
		"ktest: ok 3x",
		"ktest: fail 3 ",
		"ktest: fail 3x why",
		"ktest: panic",
		"ktest: panic 2 now",
		"ktest: end",
		"ktest: pass 3",
		"ktest: okay 3",
		"ktest:  ok 3",
	};
	struct ktest_msg m;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (ktest_parse_line(bad[i], &m) != -EPROTO)
			UNIT_FAIL("'%s' was accepted", bad[i]);
}

UNIT_MAIN()
