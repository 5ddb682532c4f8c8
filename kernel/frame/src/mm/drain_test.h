/* SPDX-License-Identifier: MIT */
/* ktest helpers that take every free page and give them back. */
#ifndef MM_DRAIN_TEST_H
#define MM_DRAIN_TEST_H

#include <frame/page.h>

/*
 * mm_test_drain() - allocate every free page, largest blocks first, and
 * chain the blocks through their first words; *@pages (when not NULL)
 * gets how many pages were taken. Only inside a ktest.
 */
struct frame_page *mm_test_drain(size_t *pages);

/* mm_test_refill() - give back a chain mm_test_drain() made */
void mm_test_refill(struct frame_page *chain);

#endif /* MM_DRAIN_TEST_H */
