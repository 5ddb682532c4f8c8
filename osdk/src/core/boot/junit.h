/* SPDX-License-Identifier: MIT */
/* junit.h - test results as JUnit XML, the report CI servers read. */
#ifndef OSDK_CORE_JUNIT_H
#define OSDK_CORE_JUNIT_H

#include <stdbool.h>
#include <stddef.h>

struct osdk_err;
struct strbuf;

/* One test's result, as the report shows it. Strings may hold any bytes:
 * the writer escapes them and replaces what XML 1.0 cannot carry. */
struct junit_case {
	const char *pkg;  /* the testsuite it belongs to */
	const char *name; /* the test's name inside its package */
	bool failed;
	const char *kind;    /* how it failed: "FAILED", "PANICKED"... */
	const char *message; /* the failure's message, or NULL */
	const char *file;    /* where the test is defined, or NULL */
	unsigned line;
	const char *output; /* the console during the test, or NULL */
};

/*
 * junit_render() - append to @out the XML document of @n cases: one
 * <testsuite> per package, in the order the packages first appear, inside
 * a <testsuites> named @name whose counts are the totals. A failed case has
 * a <failure> with its message and "file:line" location.
 */
void junit_render(const char *name, const struct junit_case *v, size_t n,
		  struct strbuf *out);

/* junit_write() - junit_render() into the file @path (replaced whole). */
int junit_write(const char *path, const char *name, const struct junit_case *v,
		size_t n, struct osdk_err *err);

#endif
