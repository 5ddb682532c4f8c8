/* SPDX-License-Identifier: MIT */
/* test_prove.c - unit tests of osdk prove's readers: functions, reports. */
#include "core/prove/prove.h"
#include "core/prove/prove_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "unit.h"
#include "util/err.h"

UNIT(defined_functions_skip_declarations_and_initialisers)
{
	static const char src[] =
		"#include <x.h>\n"
		"#define M(a) { a }\n"
		"/* int fake(void) { } */\n"
		"static const int t[2] = { 1, 2 };\n"
		"int decl(int a);\n"
		"struct s { int a; };\n"
		"static int one(int a)\n{\n\tif (a) { return \"}\"[0]; }\n"
		"\treturn 0;\n}\n"
		"/*@ requires x; */\n"
		"unsigned long two(const char *p, unsigned n) { return n; }\n"
		"BUILD_BUG_ON(sizeof(int) != 4);\n"
		"struct s *three(void)\n{\n\treturn 0;\n}\n";
	struct strvec v = STRVEC_INIT, b = STRVEC_INIT;

	prove_defined_functions(src, &v, &b);
	CHECK_INT(v.n, 3);
	CHECK_INT(b.n, 3);
	if (v.n == 3 && b.n == 3) {
		CHECK_STR(v.v[0], "one");
		CHECK_STR(v.v[1], "two");
		CHECK_STR(v.v[2], "three");
		CHECK_STR(b.v[1], "{ return n; }");
	}
	strvec_clear(&v);
	strvec_clear(&b);
}

UNIT(json_report_counts_goals_not_sections)
{
	static const char json[] =
		"{ \"wp:functions\": { \"f\": {"
		" \"f_ensures\": { \"Z3:4.8.12\": { \"total\": 1, \"valid\": 1 "
		"},"
		"   \"wp:main\": { \"total\": 1, \"valid\": 1 } },"
		" \"f_assigns\": { \"qed\": { \"total\": 2, \"valid\": 2 },"
		"   \"wp:main\": { \"total\": 2, \"valid\": 2 } },"
		" \"f_loop\": { \"CVC4:1.8\": { \"total\": 1, \"unknown\": 1 },"
		"   \"wp:main\": { \"total\": 1 } },"
		" \"wp:section\": { \"wp:main\": { \"total\": 4, \"valid\": 3 "
		"} }"
		" } } }";
	struct osdk_err err = OSDK_ERR_INIT;
	struct prove_report r = { 0 };

	CHECK_INT(prove_parse_json(json, "src/f.c", &r, &err), 0);
	CHECK_INT(r.nfns, 1);
	CHECK_INT(r.goals, 4);
	CHECK_INT(r.proved, 3);
	if (r.nfns == 1) {
		CHECK_STR(r.fns[0].name, "f");
		CHECK_STR(r.fns[0].provers, "Z3, Qed");
	}
	prove_report_release(&r);
	CHECK(prove_parse_json("{ nope", "src/f.c", &r, &err) < 0);
	prove_report_release(&r);
}

UNIT(json_report_lemmas_are_goals_counted_once)
{
	static const char json[] =
		"{ \"wp:axiomatics\": { \"\": {"
		" \"lemma_ok\": { \"Z3:4.8.12\": { \"total\": 1, "
		"\"valid\": 1 }, \"wp:main\": { \"total\": 1, "
		"\"valid\": 1 } },"
		" \"lemma_bad\": { \"wp:main\": { \"total\": 1, "
		"\"failed\": 1 } },"
		" \"wp:section\": { \"wp:main\": { \"total\": 2 } } } } }";
	struct osdk_err err = OSDK_ERR_INIT;
	struct prove_report r = { 0 };

	CHECK_INT(prove_parse_json(json, "src/a.c", &r, &err), 0);
	/* the same lemmas seen from a second file: not counted again */
	CHECK_INT(prove_parse_json(json, "src/b.c", &r, &err), 0);
	CHECK_INT(r.nfns, 2);
	CHECK_INT(r.goals, 2);
	CHECK_INT(r.proved, 1);
	if (r.nfns == 2) {
		CHECK_STR(r.fns[0].name, "lemma ok");
		CHECK_STR(r.fns[0].provers, "Z3");
		CHECK_STR(r.fns[1].name, "lemma bad");
	}
	CHECK_INT(r.nfails, 1);
	if (r.nfails == 1) {
		CHECK_STR(r.fails[0].function, "lemma bad");
		CHECK_STR(r.fails[0].file, "src/a.c");
	}
	prove_report_release(&r);
}

UNIT(csv_report_names_unproved_goals_and_assumed_contracts)
{
	static const char csv[] =
		"directory\tfile\tline\tfunction\tproperty kind\tstatus\t"
		"property\n"
		"src\tscan.c\t25\tscan\tloop invariant\tUnknown\t0 <= i\n"
		"src\tscan.c\t26\tscan\tmem_access\tValid\t\\valid(a)\n"
		"src\tscan.c\t30\tscan\tpostcondition\tValid under hypotheses\t"
		"x\n"
		"src\tscan.c\t31\tscan\tpostcondition\tPartially proven\tw\n"
		"inc\th.h\t7\tcallee\tpostcondition\tConsidered valid\ty\n"
		"inc\th.h\t9\tother\tpostcondition\tUnknown\tz\n"
		/* -report-untried: the proved function's own precondition
		 * and assumption are its callers' (not a failure), an
		 * untried postcondition of it is one */
		"src\tscan.c\t20\tscan\tprecondition\tIgnored\tn > 0\n"
		"src\tscan.c\t21\tscan\tbehavior assumption\tIgnored\t"
		"n == 1\n"
		/* some callers proved, others not: its callers' too */
		"src\tscan.c\t19\tscan\tprecondition\tUnknown\tn < 9\n"
		/* a proved caller's call that breaks it is a failure */
		"src\tscan.c\t23\tscan\tprecondition of other\tUnknown\t"
		"k > 0\n"
		"src\tscan.c\t22\tscan\tpostcondition\tIgnored\tv\n"
		/* a defined, unproved helper's contract: not assumed here
		 * (prove_note_unproved_defined() adds it when called) */
		"src\tscan.c\t5\thelper\tassigns clause\tIgnored\ta\n";
	struct strvec fns = STRVEC_INIT;
	struct prove_report r = { 0 };

	strvec_push(&fns, "scan");
	prove_parse_csv(csv, &fns, &r);
	CHECK_INT(r.nfails, 3);
	if (r.nfails == 3) {
		CHECK_STR(r.fails[0].file, "src/scan.c");
		CHECK_INT(r.fails[0].line, 25);
		CHECK_STR(r.fails[0].kind, "loop invariant");
		CHECK_STR(r.fails[0].function, "scan");
		CHECK_INT(r.fails[1].line, 23);
		CHECK_STR(r.fails[1].kind, "precondition of other");
		CHECK_INT(r.fails[2].line, 22);
		CHECK_STR(r.fails[2].status, "Ignored");
	}
	CHECK_INT(r.assumed.n, 1);
	if (r.assumed.n == 1)
		CHECK_STR(r.assumed.v[0], "callee (contract)");
	prove_report_release(&r);
	strvec_clear(&fns);
}

UNIT(unproved_defined_helpers_a_proof_calls_are_assumed)
{
	/* rows -report-untried adds for contracts with no precondition */
	static const char csv[] =
		"directory\tfile\tline\tfunction\tproperty kind\tstatus\t"
		"property\n"
		"src\tt.c\t2\thelper\tpostcondition\tIgnored\tr >= 0\n"
		"src\tt.c\t5\tunused\tassigns clause\tIgnored\tnothing\n"
		"src\tt.c\t7\tf\tpostcondition\tValid\tr >= 0\n";
	struct strvec all = STRVEC_INIT, fns = STRVEC_INIT;
	struct strvec bodies = STRVEC_INIT;
	struct prove_report r = { 0 };

	strvec_push(&all, "helper");
	strvec_push(&all, "unused");
	strvec_push(&all, "nocontract");
	strvec_push(&all, "f");
	strvec_push(&fns, "f");
	strvec_push(&bodies,
		    "int f(void) { nocontract(); return helper (); }");
	prove_note_unproved_defined(csv, &all, &fns, &bodies, &r);
	CHECK_INT(r.assumed.n, 1);
	if (r.assumed.n == 1)
		CHECK_STR(r.assumed.v[0], "helper (contract)");
	prove_report_release(&r);
	strvec_clear(&all);
	strvec_clear(&fns);
	strvec_clear(&bodies);
}

UNIT(manifest_prove_section)
{
	static const char good[] = "package: { name: p, version: 0.1.0 }\n"
				   "prove:\n  files: [src/a.c]\n"
				   "  provers: [z3]\n  steps: 1000\n"
				   "  functions: [f, g]\n";
	static const char bad[] = "package: { name: p, version: 0.1.0 }\n"
				  "prove:\n  files: [src/a.h]\n";
	static const char badp[] = "package: { name: p, version: 0.1.0 }\n"
				   "prove:\n  provers: [vampire]\n";
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;

	CHECK_INT(manifest_parse("/p/osdk.yaml", good, strlen(good), &m, &err),
		  0);
	if (m) {
		CHECK(m->prove.set);
		CHECK_INT(m->prove.nfiles, 1);
		CHECK_INT(m->prove.steps, 1000);
		CHECK_STR(m->prove.provers[0], "z3");
		CHECK_INT(m->prove.nfunctions, 2);
		manifest_free(m);
		m = NULL;
	}
	CHECK(manifest_parse("/p/osdk.yaml", bad, strlen(bad), &m, &err) < 0);
	CHECK(strstr(err.msg, "prove.files[0]") != NULL);
	CHECK(manifest_parse("/p/osdk.yaml", badp, strlen(badp), &m, &err) < 0);
	CHECK(strstr(err.msg, "expected one of z3") != NULL);
}

UNIT_MAIN()
