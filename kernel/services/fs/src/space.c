/* SPDX-License-Identifier: MIT */
/* tmpfs space: file data pages counted against a limit, ENOSPC beyond it. */
#include <frame/errno.h>
#include <frame/page.h>

#include "vfs.h"

/* Pages of file data in use, and the limit (0: not yet computed). */
static size_t space_used;
static size_t space_limit;

/* The limit: half of RAM unless set, as Linux's tmpfs default. */
static size_t space_max(void)
{
	size_t lim = __atomic_load_n(&space_limit, __ATOMIC_RELAXED);
	struct frame_page_stats ps;

	if (lim)
		return lim;
	frame_page_stats(&ps);
	lim = ps.managed_pages / 2 ? ps.managed_pages / 2 : 1;
	__atomic_store_n(&space_limit, lim, __ATOMIC_RELAXED);
	return lim;
}

int space_charge(size_t pages)
{
	size_t lim = space_max();
	size_t cur = __atomic_load_n(&space_used, __ATOMIC_RELAXED);

	do {
		if (pages > lim || cur > lim - pages)
			return -ENOSPC;
	} while (!__atomic_compare_exchange_n(&space_used, &cur, cur + pages,
					      false, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return 0;
}

void space_uncharge(size_t pages)
{
	__atomic_fetch_sub(&space_used, pages, __ATOMIC_RELAXED);
}

void space_usage(uint64_t *limit, uint64_t *used)
{
	*limit = space_max();
	*used = __atomic_load_n(&space_used, __ATOMIC_RELAXED);
}

void space_set_limit(size_t pages)
{
	__atomic_store_n(&space_limit, pages, __ATOMIC_RELAXED);
}
