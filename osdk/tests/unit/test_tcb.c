/* SPDX-License-Identifier: MIT */
/* test_tcb.c - counting lines of code and the trusted share of a kernel. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/tcb.h"
#include "core/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

static unsigned long lines(const char *text)
{
	return tcb_count_lines(text, strlen(text));
}

UNIT(blank_lines_and_comments_do_not_count)
{
	static const struct {
		const char *text;
		unsigned long want;
	} cases[] = {
		{ "", 0 },
		{ "int x;\n", 1 },
		{ "int x;", 1 },
		{ "\n\n  \t\n", 0 },
		{ "int a;\r\n\r\n", 1 },
		{ "// only a comment\n", 0 },
		{ "/* one */\n/* two\n   three */\n", 0 },
		{ "int y; // and a comment\n", 1 },
		{ "a /* inside */ b\n", 1 },
		{ "/* a\n b */ int r;\n", 1 },
		{ "int v; /* starts\n ends */\n", 1 },
		{ "char *s = \"/*\";\nint z;\n", 2 },
		{ "char *s = \"//\"; int z;\n", 1 },
		{ "char c = '\"';\nint w;\n", 2 },
		{ "char *q = \"a\\\"/*\";\nint t;\n", 2 },
		{ "// a comment \\\n   still the comment\nint u;\n", 1 },
		{ "#define X \\\n\t1\n", 2 },
		{ "#define Y \\\n\n", 1 },
		{ "x = 1 / 2;\n", 1 },
		{ "\t.globl f\nf:\tret\n", 2 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long got = lines(cases[i].text);

		if (got != cases[i].want)
			UNIT_FAIL("case %zu: %lu lines, want %lu", i, got,
				  cases[i].want);
	}
}

static char root[] = "/tmp/osdk-unit-tcb.XXXXXX";

static void put(const char *rel, const char *text)
{
	char *path = fs_join(root, rel);
	char *dir = xstrdup(path);

	*strrchr(dir, '/') = '\0';
	CHECK_INT(fs_mkdirs(dir, NULL), 0);
	CHECK_INT(fs_write_atomic(path, text, strlen(text), NULL), 0);
	free(dir);
	free(path);
}

static void cleanup(void)
{
	fs_remove_tree(root, NULL);
}

UNIT(kernel_share_counts_what_is_linked)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	struct tcb_report r = { 0 };
	size_t k;

	CHECK(mkdtemp(root) != NULL);
	atexit(cleanup);
	put("osdk.yaml", "workspace:\n"
			 "  members: [k, frame, fake, unused]\n"
			 "  trusted: [frame]\n");
	put("k/osdk.yaml",
	    "package: { name: k, version: 1.2.3, type: kernel }\n"
	    "dependencies:\n"
	    "  frame: { path: ../frame }\n"
	    "  fake: { path: ../fake }\n");
	put("k/src/main.c", "/* the kernel */\nint main_x;\n\nint main_y;\n");
	put("frame/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n"
	    "build: { linker-script: linker.ld }\n");
	put("frame/linker.ld", "/* layout */\nSECTIONS { }\n");
	put("frame/src/a.c", "int a;\n// note\nint b;\nint c;\n");
	put("frame/src/entry.S", "\t.globl e\ne:\n\tret\n");
	put("frame/include/frame/x.h", "#ifndef X\n#define X\n#endif\n");
	put("frame/README.c", "int not_in_src_or_include;\n");
	/* Claims trust without being listed: counted as untrusted. */
	put("fake/osdk.yaml",
	    "package: { name: fake, version: 0.1.0, trusted: true }\n");
	put("fake/src/f.c", "int f;\n");
	put("unused/osdk.yaml", "package: { name: unused, version: 0.1.0 }\n");
	put("unused/src/u.c", "int u1;\nint u2;\n");

	CHECK_INT(workspace_load(root, &ws, &err), 0);
	CHECK_INT(workspace_kernel(&ws, &k, &err), 0);
	CHECK_INT(tcb_measure(&ws, k, &r, &err), 0);
	CHECK_STR(r.kernel, "k");
	/* frame: a.c 3 + entry.S 3 + x.h 3 + linker.ld 1 */
	CHECK_INT(r.trusted_lines, 10);
	/* k: 2, fake: 1 */
	CHECK_INT(r.untrusted_lines, 3);
	CHECK(r.trusted_percent > 76.92 && r.trusted_percent < 76.93);
	CHECK_INT(r.npkgs, 3);
	for (size_t i = 0; i < r.npkgs; i++) {
		const struct tcb_pkg *p = &r.pkgs[i];

		CHECK(strcmp(p->name, "unused") != 0);
		if (strcmp(p->name, "frame") == 0) {
			CHECK(p->trusted);
			CHECK_INT(p->files, 4);
			CHECK_INT(p->lines, 10);
		} else if (strcmp(p->name, "fake") == 0) {
			CHECK(!p->trusted);
			CHECK_INT(p->lines, 1);
		} else {
			CHECK_STR(p->name, "k");
			CHECK_STR(p->version, "1.2.3");
			CHECK_INT(p->files, 1);
			CHECK_INT(p->lines, 2);
		}
	}
	tcb_report_release(&r);
	workspace_release(&ws);
}

UNIT_MAIN()
