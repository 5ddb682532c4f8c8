/* SPDX-License-Identifier: MIT */
/* test_select.h - osdk test's selection of tests, read from the kernel. */
#ifndef OSDK_CMD_TEST_SELECT_H
#define OSDK_CMD_TEST_SELECT_H

#include <stddef.h>

struct ktest_select;

/* test_no_match() - say that @filter matches no test of @elf, with the
 * closest test names. */
void test_no_match(const char *elf, const char *filter);

/* test_list() - --list: the selected names on stdout (and test-listed
 * records); 1 when a filter matches nothing, else 0 or cli_fail's code. */
int test_list(const char *elf, const struct ktest_select *sel);

/* test_filter_matches() - how many tests the filter selects, shard aside;
 * *@chosen: how many the shard keeps of them. 0 when @elf is unreadable. */
size_t test_filter_matches(const char *elf, const struct ktest_select *sel,
			   size_t *chosen);

#endif
