/* SPDX-License-Identifier: MIT */
/* test_build.c - the framekernel check's findings, written and read back. */
#include "unit.h"

#include <string.h>

#include "core/build/build_int.h"
#include "util/strbuf.h"

UNIT(check_findings_fields_round_trip)
{
	static const char *const in[] = { "plain", "a\ttab", "two\nlines",
					  "back\\slash\\t", "" };
	struct strbuf sb = STRBUF_INIT;
	char *p, *f;

	strbuf_adds(&sb, "D");
	for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++)
		build_check_put_field(&sb, in[i]);
	/* One line, whatever the fields hold. */
	CHECK(strchr(sb.buf, '\n') == NULL);
	p = sb.buf;
	CHECK_STR(build_check_take_field(&p), "D");
	for (size_t i = 0; i < 4; i++) {
		f = build_check_take_field(&p);
		CHECK(f != NULL);
		if (f)
			CHECK_STR(f, in[i]);
	}
	/* An empty last field is the end of the line. */
	CHECK(build_check_take_field(&p) == NULL);
	strbuf_release(&sb);
}

UNIT_MAIN()
