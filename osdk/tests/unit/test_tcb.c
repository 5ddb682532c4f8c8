/* SPDX-License-Identifier: MIT */
/* test_tcb.c - counting lines of code and the trusted share of a kernel. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/check/tcb.h"
#include "core/resolve/workspace.h"
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

UNIT(ktest_blocks_are_test_lines)
{
	static const struct {
		const char *text;
		unsigned long prod, test;
	} cases[] = {
		{ "int x;\n", 1, 0 },
		{ "KTEST(a)\n{\n\tKT_ASSERT_EQ(f(), 1);\n}\n", 0, 4 },
		{ "int f(void) { return 1; }\n"
		  "\n"
		  "KTEST(f_is_one)\n"
		  "{\n"
		  "\t/* a comment line */\n"
		  "\tif (f()) {\n"
		  "\t\treturn;\n"
		  "\t}\n"
		  "}\n"
		  "int g;\n",
		  2, 6 },
		/* One line, both: it starts test code, so it is a test line. */
		{ "int h; KTEST(b) { }\nint i;\n", 1, 1 },
		/* Not at file scope, in a directive, a longer name: not tests.
		 */
		{ "void k(void) { KTEST_x(); }\n", 1, 0 },
		{ "#define KTEST(id) \\\n\tstatic void t_##id(void) { }\n", 2,
		  0 },
		{ "int KTESTS;\nint j;\n", 2, 0 },
		/* A declaration ends the head: what follows is code. */
		{ "KTEST(decl);\nint m(void) { return 0; }\n", 1, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tcb_lines l;

		tcb_count_split(cases[i].text, strlen(cases[i].text), &l);
		if (l.prod != cases[i].prod || l.test != cases[i].test)
			UNIT_FAIL("case %zu: %lu + %lu lines, want %lu + %lu",
				  i, l.prod, l.test, cases[i].prod,
				  cases[i].test);
		CHECK_INT(tcb_count_lines(cases[i].text, strlen(cases[i].text)),
			  cases[i].prod + cases[i].test);
	}
}

UNIT(test_files_are_told_apart)
{
	CHECK(tcb_test_file("sync/sync_test.c"));
	CHECK(tcb_test_file("arch/x86_64/umode/umode_test_env.c"));
	CHECK(tcb_test_file("arch/x86_64/umode/umode_test_prog.S"));
	CHECK(tcb_test_file("umode_test.h"));
	CHECK(tcb_test_file("tests/helpers.c"));
	CHECK(tcb_test_file("mm/fixtures/table.h"));
	CHECK(!tcb_test_file("ktest/ktest.c"));
	CHECK(!tcb_test_file("latest/x.c"));
	CHECK(!tcb_test_file("attest.c"));
	CHECK(!tcb_test_file("my_tests.c"));
	CHECK(!tcb_test_file("contest/a_testing.c"));
}

static char root[] = "/tmp/osdk-unit-tcb.XXXXXX";

UNIT(kernel_share_counts_what_is_linked)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	struct tcb_report r = { 0 };
	size_t k;

	unit_tmpdir(root);
	unit_put(root, "osdk.yaml", "workspace:\n"
			 "  members: [k, frame, fake, unused]\n"
			 "  trusted: [frame]\n");
	unit_put(root, "k/osdk.yaml",
	    "package: { name: k, version: 1.2.3, type: kernel }\n"
	    "dependencies:\n"
	    "  frame: { path: ../frame }\n"
	    "  fake: { path: ../fake }\n");
	unit_put(root, "k/src/main.c", "/* the kernel */\nint main_x;\n\nint main_y;\n");
	unit_put(root, "frame/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n"
	    "build: { linker-script: linker.ld }\n");
	unit_put(root, "frame/linker.ld", "/* layout */\nSECTIONS { }\n");
	unit_put(root, "frame/src/a.c", "int a;\n// note\nint b;\nint c;\n");
	unit_put(root, "frame/src/entry.S", "\t.globl e\ne:\n\tret\n");
	unit_put(root, "frame/src/a_test.c", "int ta;\nint tb;\n");
	unit_put(root, "frame/src/b.c", "int pb;\nKTEST(b)\n{\n}\n");
	unit_put(root, "frame/include/frame/x.h", "#ifndef X\n#define X\n#endif\n");
	unit_put(root, "frame/README.c", "int not_in_src_or_include;\n");
	/* Claims trust without being listed: counted as untrusted. */
	unit_put(root, "fake/osdk.yaml",
	    "package: { name: fake, version: 0.1.0, trusted: true }\n");
	unit_put(root, "fake/src/f.c", "int f;\n");
	unit_put(root, "unused/osdk.yaml", "package: { name: unused, version: 0.1.0 }\n");
	unit_put(root, "unused/src/u.c", "int u1;\nint u2;\n");

	CHECK_INT(workspace_load(root, &ws, &err), 0);
	CHECK_INT(workspace_kernel(&ws, "run", &k, &err), 0);
	CHECK_INT(tcb_measure(&ws, k, &r, &err), 0);
	CHECK_STR(r.kernel, "k");
	/* frame: a.c 3 + b.c 1 + entry.S 3 + x.h 3 + linker.ld 1; tests:
	 * a_test.c 2 + the KTEST block of b.c 3 */
	CHECK_INT(r.trusted.prod, 11);
	CHECK_INT(r.trusted.test, 5);
	/* k: 2, fake: 1 */
	CHECK_INT(r.untrusted.prod, 3);
	CHECK_INT(r.untrusted.test, 0);
	/* 11 of 14 production lines; 16 of 19 with the tests */
	CHECK(r.trusted_percent > 78.57 && r.trusted_percent < 78.58);
	CHECK(r.trusted_percent_all > 84.21 && r.trusted_percent_all < 84.22);
	CHECK_INT(r.npkgs, 3);
	for (size_t i = 0; i < r.npkgs; i++) {
		const struct tcb_pkg *p = &r.pkgs[i];

		CHECK(strcmp(p->name, "unused") != 0);
		if (strcmp(p->name, "frame") == 0) {
			CHECK(p->trusted);
			CHECK_INT(p->files, 6);
			CHECK_INT(p->test_files, 1);
			CHECK_INT(p->lines.prod, 11);
			CHECK_INT(p->lines.test, 5);
		} else if (strcmp(p->name, "fake") == 0) {
			CHECK(!p->trusted);
			CHECK_INT(p->lines.prod, 1);
		} else {
			CHECK_STR(p->name, "k");
			CHECK_STR(p->version, "1.2.3");
			CHECK_INT(p->files, 1);
			CHECK_INT(p->lines.prod, 2);
			CHECK_INT(p->lines.test, 0);
		}
	}
	tcb_report_release(&r);
	workspace_release(&ws);
}

static char proot[] = "/tmp/osdk-unit-tcb-prove.XXXXXX";

UNIT(proved_lines_are_the_listed_functions)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	unsigned long lines = 99;

	unit_tmpdir(proot);
	unit_put(proot, "osdk.yaml",
	     "package: { name: frame, version: 0.1.0, trusted: true }\n"
	     "prove:\n"
	     "  files: [src/p.c]\n"
	     "  functions: [f, g]\n");
	/* f: 4 lines (its contract is a comment), g: 6 with its return
	 * type's line, h not listed, a
	 * prototype of f does not start a definition. */
	unit_put(proot, "src/p.c", "int f(int x);\n"
			"/*@ ensures \\result == x; */\n"
			"int f(int x)\n"
			"{\n"
			"\treturn x;\n"
			"}\n"
			"\n"
			"static int h(void)\n"
			"{\n"
			"\treturn 0;\n"
			"}\n"
			"\n"
			"unsigned long\n"
			"g(unsigned long a,\n"
			"  unsigned long b)\n"
			"{\n"
			"\treturn a + b;\n"
			"}\n");
	CHECK_INT(workspace_load(proot, &ws, &err), 0);
	CHECK_INT(tcb_proved_lines(&ws.pkgs[0], &lines, &err), 0);
	CHECK_INT(lines, 10);
	workspace_release(&ws);

	/* Without a function list, every line of the file is under proof. */
	unit_put(proot, "osdk.yaml",
	     "package: { name: frame, version: 0.1.0, trusted: true }\n"
	     "prove: { files: [src/p.c] }\n");
	ws = (struct workspace)WORKSPACE_INIT;
	CHECK_INT(workspace_load(proot, &ws, &err), 0);
	CHECK_INT(tcb_proved_lines(&ws.pkgs[0], &lines, &err), 0);
	CHECK_INT(lines, 15);
	workspace_release(&ws);
}

UNIT_MAIN()
