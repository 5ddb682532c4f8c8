/* SPDX-License-Identifier: MIT */
/* Shared anonymous memory: a backing whose pages are made zeroed on demand. */
#include "mm_internal.h"

#include <frame/heap.h>
#include <frame/page.h>
#include <frame/string.h>

/* The page table grows with the highest page used, up to 64 GiB. */
#define MM_SHMEM_MAX_PAGES (1ul << 24)

struct mm_shmem {
	struct mm_backing backing;
	struct frame_spinlock ref_lock;
	unsigned long refs;
	struct frame_mutex lock;
	/* Under lock: */
	struct frame_page **pages;
	size_t npages;
	uint64_t ino; /* what /proc/PID/maps shows, fixed at creation */
};

/* Inode numbers of the objects, as Linux's shmem gives them. */
static uint64_t mm_shmem_next_ino = 1;

static struct mm_shmem *mm_shmem_of(struct mm_backing *b)
{
	return container_of(b, struct mm_shmem, backing);
}

static int mm_shmem_grow(struct mm_shmem *sh, size_t need)
{
	size_t n = sh->npages ? sh->npages : 16;
	struct frame_page **pages;

	while (n < need)
		n *= 2;
	pages = frame_calloc(n, sizeof(*pages));
	if (!pages)
		return -ENOMEM;
	if (sh->npages)
		memcpy(pages, sh->pages, sh->npages * sizeof(*pages));
	frame_free(sh->pages);
	sh->pages = pages;
	sh->npages = n;
	return 0;
}

static int mm_shmem_get_page(struct mm_backing *b, uint64_t pgoff,
			     struct frame_page **out)
{
	struct mm_shmem *sh = mm_shmem_of(b);
	int ret = 0;

	if (pgoff >= MM_SHMEM_MAX_PAGES)
		return -EIO;
	frame_mutex_lock(&sh->lock);
	if (pgoff >= sh->npages)
		ret = mm_shmem_grow(sh, pgoff + 1);
	if (!ret && !sh->pages[pgoff]) {
		sh->pages[pgoff] = frame_page_alloc(0, FRAME_PAGE_ZERO);
		if (!sh->pages[pgoff])
			ret = -ENOMEM;
	}
	if (!ret) {
		frame_page_get(sh->pages[pgoff]);
		*out = sh->pages[pgoff];
	}
	frame_mutex_unlock(&sh->lock);
	return ret;
}

static void mm_shmem_get(struct mm_backing *b)
{
	struct mm_shmem *sh = mm_shmem_of(b);

	frame_spin_lock(&sh->ref_lock);
	sh->refs++;
	frame_spin_unlock(&sh->ref_lock);
}

static void mm_shmem_put(struct mm_backing *b)
{
	struct mm_shmem *sh = mm_shmem_of(b);
	unsigned long left;

	frame_spin_lock(&sh->ref_lock);
	left = --sh->refs;
	frame_spin_unlock(&sh->ref_lock);
	if (left)
		return;
	for (size_t i = 0; i < sh->npages; i++)
		if (sh->pages[i])
			frame_page_put(sh->pages[i]);
	frame_free(sh->pages);
	frame_free(sh);
	__atomic_sub_fetch(&mm_nr_shmem, 1, __ATOMIC_RELAXED);
}

/* Linux names shared anonymous memory after the /dev/zero it stands
 * for, on the internal shmem mount (device 0:1), unlinked. */
static int mm_shmem_describe(struct mm_backing *b, char *buf, size_t size,
			     uint32_t *dev, uint64_t *ino)
{
	static const char name[] = "/dev/zero (deleted)";

	if (size < sizeof(name))
		return -ENAMETOOLONG;
	memcpy(buf, name, sizeof(name));
	*dev = 1;
	*ino = mm_shmem_of(b)->ino;
	return 0;
}

static const struct mm_backing_ops mm_shmem_ops = {
	.get_page = mm_shmem_get_page,
	.get = mm_shmem_get,
	.put = mm_shmem_put,
	.describe = mm_shmem_describe,
};

struct mm_backing *mm_shmem_create(uint64_t size)
{
	struct mm_shmem *sh = frame_zalloc(sizeof(*sh));

	(void)size; /* pages are made as they are used */
	if (!sh)
		return NULL;
	sh->backing.ops = &mm_shmem_ops;
	sh->refs = 1;
	__atomic_add_fetch(&mm_nr_shmem, 1, __ATOMIC_RELAXED);
	sh->ino = __atomic_fetch_add(&mm_shmem_next_ino, 1, __ATOMIC_RELAXED);
	frame_mutex_init(&sh->lock);
	return &sh->backing;
}
