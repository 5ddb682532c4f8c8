/* SPDX-License-Identifier: MIT */
/* The comparison and message logic behind the KT_ASSERT_* macros. */
#ifndef KTEST_CHECK_H
#define KTEST_CHECK_H

#include <frame/ktest.h>

/*
 * ktest_compare() - whether "@left @op @right" holds, comparing the values
 * as mathematical integers whatever their C types (so -1 < 0u)
 */
bool ktest_compare(struct ktest_value left, enum ktest_op op,
		   struct ktest_value right);

/*
 * ktest_format_value() - a value as a failure message shows it: decimal,
 * plus hex in parentheses when its magnitude exceeds 255; pointers in hex
 */
void ktest_format_value(char *buf, size_t size, struct ktest_value v);

/*
 * ktest_format_errno() - @v in decimal, plus its errno name when it is a
 * negative errno: "-22 (EINVAL)"
 */
void ktest_format_errno(char *buf, size_t size, long v);

#endif /* KTEST_CHECK_H */
