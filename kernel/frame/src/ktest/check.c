/* SPDX-License-Identifier: MIT */
/* Assertion checks: compare, and on failure report and abandon the test. */
#include "ktest/check.h"

#include <stdarg.h>

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "console/console.h"
#include "ktest/runner.h"

/* Longest failure message; longer ones are cut. */
#define KTEST_MSG_MAX 512

/* How much of a string operand a STREQ failure shows. */
#define KTEST_STR_SHOWN 96

struct ktest_value ktest_value_signed(long long v)
{
	return (struct ktest_value){.kind = KTEST_SIGNED, .s = v};
}

struct ktest_value ktest_value_unsigned(unsigned long long v)
{
	return (struct ktest_value){.kind = KTEST_UNSIGNED, .u = v};
}

struct ktest_value ktest_value_pointer(const void *p)
{
	return (struct ktest_value){.kind = KTEST_POINTER,
				    .u = (uint64_t)(uintptr_t)p};
}

/* -1, 0 or 1 as @a is below, equal to or above @b. */
static int value_order(struct ktest_value a, struct ktest_value b)
{
	bool a_neg = a.kind == KTEST_SIGNED && a.s < 0;
	bool b_neg = b.kind == KTEST_SIGNED && b.s < 0;

	if (a_neg != b_neg)
		return a_neg ? -1 : 1;
	if (a_neg)
		return (a.s > b.s) - (a.s < b.s);
	/* Both non-negative: the unsigned view is exact for either kind. */
	return (a.u > b.u) - (a.u < b.u);
}

bool ktest_compare(struct ktest_value left, enum ktest_op op,
		   struct ktest_value right)
{
	int order = value_order(left, right);

	switch (op) {
	case KTEST_EQ:
		return order == 0;
	case KTEST_NE:
		return order != 0;
	case KTEST_LT:
		return order < 0;
	case KTEST_LE:
		return order <= 0;
	case KTEST_GT:
		return order > 0;
	case KTEST_GE:
		return order >= 0;
	}
	return false;
}

void ktest_format_value(char *buf, size_t size, struct ktest_value v)
{
	switch (v.kind) {
	case KTEST_POINTER:
		if (!v.u)
			frame_snprintf(buf, size, "NULL");
		else
			frame_snprintf(buf, size, "0x%llx",
				       (unsigned long long)v.u);
		return;
	case KTEST_SIGNED:
		if (v.s > 255 || v.s < -255)
			frame_snprintf(buf, size, "%lld (0x%llx)",
				       (long long)v.s, (unsigned long long)v.u);
		else
			frame_snprintf(buf, size, "%lld", (long long)v.s);
		return;
	case KTEST_UNSIGNED:
		break;
	}
	if (v.u > 255)
		frame_snprintf(buf, size, "%llu (0x%llx)",
			       (unsigned long long)v.u,
			       (unsigned long long)v.u);
	else
		frame_snprintf(buf, size, "%llu", (unsigned long long)v.u);
}

void ktest_format_errno(char *buf, size_t size, long v)
{
	const char *name = v < 0 ? frame_errno_name((int)v) : NULL;

	if (name && v >= -4095)
		frame_snprintf(buf, size, "%ld (%s)", v, name);
	else
		frame_snprintf(buf, size, "%ld", v);
}

/* Print the failure line for the running test and abandon it. */
__noreturn static void fail_message(const char *file, int line, char *msg)
{
	int index;

	if (!ktest_current(&index))
		frame_panic("%s:%d: %s (an assertion failed outside of a "
			    "running ktest)",
			    file, line, msg);

	/* The protocol is one line per event: keep the message on it. */
	for (char *p = msg; *p; p++) {
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	}
	frame_console_printf("ktest: fail %d %s:%d: %s\n", index, file, line,
			     msg);
	ktest_abandon();
}

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[KTEST_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	frame_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_message(file, line, msg);
}

void ktest_check_cmp(const char *file, int line, const char *what,
		     enum ktest_op op, struct ktest_value left,
		     struct ktest_value right)
{
	char msg[KTEST_MSG_MAX], l[48], r[48];

	if (ktest_compare(left, op, right))
		return;
	ktest_format_value(l, sizeof(l), left);
	ktest_format_value(r, sizeof(r), right);
	frame_snprintf(msg, sizeof(msg), "%s: left = %s, right = %s", what, l,
		       r);
	fail_message(file, line, msg);
}

void ktest_check_err(const char *file, int line, const char *what, long got,
		     long want)
{
	char msg[KTEST_MSG_MAX], g[48], w[48];

	if (got == want)
		return;
	ktest_format_errno(g, sizeof(g), got);
	if (!want) {
		frame_snprintf(msg, sizeof(msg), "%s: got %s", what, g);
	} else {
		ktest_format_errno(w, sizeof(w), want);
		frame_snprintf(msg, sizeof(msg), "%s: got %s, expected %s",
			       what, g, w);
	}
	fail_message(file, line, msg);
}

void ktest_check_null(const char *file, int line, const char *what,
		      const void *p, bool want_null)
{
	char msg[KTEST_MSG_MAX];

	if (!p == want_null)
		return;
	if (p)
		frame_snprintf(msg, sizeof(msg), "%s: got %p", what, p);
	else
		frame_snprintf(msg, sizeof(msg), "%s: got NULL", what);
	fail_message(file, line, msg);
}

/* Append @s to @buf quoted, cut to KTEST_STR_SHOWN characters, or NULL. */
static void format_string(char *buf, size_t size, const char *s)
{
	if (!s)
		frame_snprintf(buf, size, "NULL");
	else if (strnlen(s, KTEST_STR_SHOWN + 1) > KTEST_STR_SHOWN)
		frame_snprintf(buf, size, "\"%.*s\"...", KTEST_STR_SHOWN, s);
	else
		frame_snprintf(buf, size, "\"%s\"", s);
}

void ktest_check_streq(const char *file, int line, const char *what,
		       const char *left, const char *right)
{
	char msg[KTEST_MSG_MAX], l[KTEST_STR_SHOWN + 8], r[KTEST_STR_SHOWN + 8];

	if (left == right || (left && right && !strcmp(left, right)))
		return;
	format_string(l, sizeof(l), left);
	format_string(r, sizeof(r), right);
	frame_snprintf(msg, sizeof(msg), "%s: left = %s, right = %s", what, l,
		       r);
	fail_message(file, line, msg);
}
