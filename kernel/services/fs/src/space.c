/* SPDX-License-Identifier: MIT */
/* tmpfs space: file data pages counted against a limit, ENOSPC beyond it. */
#include <frame/errno.h>
#include <frame/page.h>

#include "mount.h"
#include "vfs.h"

/* Pages of the root file system's data in use, and its limit (0: not yet
 * computed). A tmpfs mounted by mount(2) counts in its superblock. */
static size_t space_used;
static size_t space_limit;

/* The default limit: half of RAM, as Linux's tmpfs. */
size_t space_default_pages(void)
{
	struct frame_page_stats ps;

	frame_page_stats(&ps);
	return ps.managed_pages / 2 ? ps.managed_pages / 2 : 1;
}

static size_t space_max(void)
{
	size_t lim = __atomic_load_n(&space_limit, __ATOMIC_RELAXED);

	if (lim)
		return lim;
	lim = space_default_pages();
	__atomic_store_n(&space_limit, lim, __ATOMIC_RELAXED);
	return lim;
}

/* The counter and limit @sb's data is charged to. */
static size_t *space_counter(struct fs_sb *sb, size_t *lim)
{
	if (sb && sb->limit) {
		*lim = __atomic_load_n(&sb->limit, __ATOMIC_RELAXED);
		return &sb->used;
	}
	*lim = space_max();
	return &space_used;
}

int space_charge(struct fs_sb *sb, size_t pages)
{
	size_t lim;
	size_t *used = space_counter(sb, &lim);
	size_t cur = __atomic_load_n(used, __ATOMIC_RELAXED);

	do {
		if (pages > lim || cur > lim - pages)
			return -ENOSPC;
	} while (!__atomic_compare_exchange_n(used, &cur, cur + pages, false,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return 0;
}

void space_uncharge(struct fs_sb *sb, size_t pages)
{
	size_t lim;

	__atomic_fetch_sub(space_counter(sb, &lim), pages, __ATOMIC_RELAXED);
}

void space_usage(struct fs_sb *sb, uint64_t *limit, uint64_t *used)
{
	size_t lim;
	size_t *u = space_counter(sb, &lim);

	*limit = lim;
	*used = __atomic_load_n(u, __ATOMIC_RELAXED);
}

void space_set_limit(size_t pages)
{
	__atomic_store_n(&space_limit, pages, __ATOMIC_RELAXED);
}
