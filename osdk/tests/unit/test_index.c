/* SPDX-License-Identifier: MIT */
/* test_index.c - index paths, lines and files. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>

#include "core/registry/index.h"
#include "util/err.h"
#include "util/strbuf.h"

#define SUM "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

UNIT(tiers_like_cargo)
{
	static const char *const cases[][2] = {
		{ "a", "1/a" },
		{ "ab", "2/ab" },
		{ "abc", "3/a/abc" },
		{ "blk", "3/b/blk" },
		{ "frame", "fr/am/frame" },
		{ "blk-queue", "bl/k-/blk-queue" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = index_path(cases[i][0]);

		CHECK_STR(p, cases[i][1]);
		free(p);
	}
}

UNIT(line_round_trips)
{
	struct index_entry e = { 0 }, back;
	struct index_dep dep = { "frame", "^0.1", NULL };
	struct osdk_err err = OSDK_ERR_INIT;
	char *line;

	e.name = "blk";
	e.version = "0.1.0";
	e.deps = &dep;
	e.ndeps = 1;
	memcpy(e.sha256, SUM, 65);
	e.type = "library";
	e.description = "A \"block\" layer";
	e.license = "MIT";
	line = index_entry_format(&e);
	CHECK_STR(line, "{\"name\":\"blk\",\"version\":\"0.1.0\",\"type\":"
			"\"library\",\"deps\":[{\"name\":\"frame\",\"req\":"
			"\"^0.1\"}],\"sha256\":\"" SUM "\",\"yanked\":false,"
			"\"description\":\"A \\\"block\\\" layer\","
			"\"license\":\"MIT\"}");
	CHECK_INT(index_entry_parse(line, strlen(line), "3/b/blk", 1, &back,
				    &err),
		  0);
	CHECK_STR(back.name, "blk");
	CHECK_STR(back.description, "A \"block\" layer");
	CHECK_INT(back.ndeps, 1);
	CHECK_STR(back.deps[0].req, "^0.1");
	CHECK(back.deps[0].registry == NULL);
	CHECK(!back.yanked);
	index_entry_release(&back);
	free(line);
}

struct bad_line {
	const char *text, *msg;
};

UNIT(bad_lines_name_file_and_line)
{
	static const struct bad_line cases[] = {
		{ "{\"name\":\"blk\"", "3/b/blk:2: malformed index line: not "
				       "valid JSON" },
		{ "[1]", "3/b/blk:2: malformed index line: expected a JSON" },
		{ "{\"name\":\"blk\",\"version\":\"1.0\",\"sha256\":\"" SUM
		  "\"}",
		  "3/b/blk:2: version '1.0' is not a semantic" },
		{ "{\"name\":\"blk\",\"version\":\"1.0.0\"}",
		  "3/b/blk:2: 'sha256' must be 64" },
		{ "{\"name\":\"blk\",\"version\":\"1.0.0\",\"sha256\":\"" SUM
		  "\",\"yanked\":\"no\"}",
		  "'yanked' must be true or false" },
		{ "{\"name\":\"blk\",\"version\":\"1.0.0\",\"sha256\":\"" SUM
		  "\",\"deps\":[{\"name\":\"x\",\"req\":\"latest\"}]}",
		  "dependency 'x' has a bad requirement 'latest'" },
		{ "{\"name\":\"other\",\"version\":\"1.0.0\",\"sha256\":\"" SUM
		  "\"}",
		  "3/b/blk:2: index line names package 'other'" },
		{ "{\"name\":\"blk\",\"version\":\"0.1.0\",\"sha256\":\"" SUM
		  "\"}",
		  "3/b/blk:2: version 0.1.0 of 'blk' is listed twice" },
	};
	const char *first = "{\"name\":\"blk\",\"version\":\"0.1.0\","
			    "\"sha256\":\"" SUM "\"}\n";

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct index_file f;
		struct osdk_err err = OSDK_ERR_INIT;

		strbuf_adds(&sb, first);
		strbuf_adds(&sb, cases[i].text);
		strbuf_adds(&sb, "\n");
		CHECK_INT(index_file_parse(sb.buf, sb.len, "3/b/blk", "blk", &f,
					   &err),
			  -EINVAL);
		CHECK_HAS(err.msg, cases[i].msg);
		strbuf_release(&sb);
	}
}

UNIT(file_newest_skips_yanked_and_prereleases)
{
	const char *text =
		"{\"name\":\"blk\",\"version\":\"0.1.0\",\"sha256\":\"" SUM
		"\"}\n"
		"\n"
		"{\"name\":\"blk\",\"version\":\"0.3.0\",\"sha256\":\"" SUM
		"\",\"yanked\":true}\n"
		"{\"name\":\"blk\",\"version\":\"0.2.0\",\"sha256\":\"" SUM
		"\"}\n"
		"{\"name\":\"blk\",\"version\":\"0.4.0-rc.1\",\"sha256\":\"" SUM
		"\",\"unknown-key\":1}\n";
	struct osdk_err err = OSDK_ERR_INIT;
	struct index_file f;
	char *line;

	CHECK_INT(index_file_parse(text, strlen(text), "3/b/blk", "blk", &f,
				   &err),
		  0);
	CHECK_INT(f.n, 4);
	CHECK_STR(index_file_newest(&f)->version, "0.2.0");
	CHECK(index_file_find(&f, "0.3.0")->yanked);
	CHECK(index_file_find(&f, "9.9.9") == NULL);
	line = index_entry_format(index_file_find(&f, "0.3.0"));
	CHECK_HAS(line, "\"version\":\"0.3.0\",\"type\":\"library\",\"deps\":"
			"[],\"sha256\":\"" SUM "\",\"yanked\":true");
	free(line);
	index_file_release(&f);
}

UNIT_MAIN()
