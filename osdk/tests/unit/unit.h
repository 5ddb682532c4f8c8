/* SPDX-License-Identifier: MIT */
/* unit.h - the host unit-test harness for osdk's core and util code. */
#ifndef OSDK_TESTS_UNIT_H
#define OSDK_TESTS_UNIT_H

#include <stdio.h>
#include <string.h>

/*
 * Each test binary defines its cases with UNIT(name) and ends with
 * UNIT_MAIN(). A failed check reports file:line and both values, marks the
 * case failed and carries on with the next check, so one run shows every
 * broken expectation. The binary prints "N passed, N failed" and exits
 * non-zero if any case failed.
 */
struct unit_case {
	const char *name;
	void (*fn)(void);
};

extern int unit_failed_checks;

#define UNIT(name)                                                          \
	static void unit_##name(void);                                      \
	static const struct unit_case unit_case_##name                     \
		__attribute__((used, section("unit_cases"), aligned(8))) = { \
			#name, unit_##name};                                \
	static void unit_##name(void)

#define UNIT_FAIL(...)                                                      \
	do {                                                                \
		fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__);           \
		fprintf(stderr, __VA_ARGS__);                               \
		fputc('\n', stderr);                                        \
		unit_failed_checks++;                                       \
	} while (0)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond))                                                \
			UNIT_FAIL("CHECK(%s) failed", #cond);               \
	} while (0)

#define CHECK_INT(a, b)                                                     \
	do {                                                                \
		long long unit_a_ = (a), unit_b_ = (b);                     \
		if (unit_a_ != unit_b_)                                     \
			UNIT_FAIL("CHECK_INT(%s, %s): %lld != %lld", #a, #b, \
				  unit_a_, unit_b_);                        \
	} while (0)

#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *unit_a_ = (a), *unit_b_ = (b);                  \
		if (!unit_a_ || !unit_b_ || strcmp(unit_a_, unit_b_) != 0)  \
			UNIT_FAIL("CHECK_STR(%s, %s): \"%s\" != \"%s\"", #a, \
				  #b, unit_a_ ? unit_a_ : "(null)",         \
				  unit_b_ ? unit_b_ : "(null)");            \
	} while (0)

/* Substring check, for error messages. */
#define CHECK_HAS(hay, needle)                                              \
	do {                                                                \
		const char *unit_h_ = (hay), *unit_n_ = (needle);           \
		if (!unit_h_ || !strstr(unit_h_, unit_n_))                  \
			UNIT_FAIL("CHECK_HAS(%s): \"%s\" not in \"%s\"", #hay, \
				  unit_n_, unit_h_ ? unit_h_ : "(null)");   \
	} while (0)

int unit_main(int argc, char **argv);
#define UNIT_MAIN()                                                         \
	int main(int argc, char **argv)                                     \
	{                                                                   \
		return unit_main(argc, argv);                               \
	}

/* Write `text` to root/rel, making the directories on the way; a failure
 * is a failed check. For the trees of files a case sets up. */
void unit_put(const char *root, const char *rel, const char *text);

/*
 * unit_tmpdir() - make @tmpl ("/tmp/NAME.XXXXXX", static: it is the name
 * from then on) a new directory, removed when the binary exits. 1 when it
 * made it, 0 when it was made already (or could not be: a failed check).
 * unit_fresh_dir() - the same, and emptied when made already, so that
 * each case starts from an empty directory.
 */
int unit_tmpdir(char *tmpl);
void unit_fresh_dir(char *tmpl);

#endif
