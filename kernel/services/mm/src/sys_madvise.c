/* SPDX-License-Identifier: MIT */
/* madvise(2): DONTNEED/FREE drop pages, WILLNEED/POPULATE fault them in. */
#include <mm/syscalls.h>

#include "mm_internal.h"

enum {
	MADV_NORMAL = 0,
	MADV_RANDOM = 1,
	MADV_SEQUENTIAL = 2,
	MADV_WILLNEED = 3,
	MADV_DONTNEED = 4,
	MADV_FREE = 8,
	MADV_REMOVE = 9,
	MADV_DONTFORK = 10,
	MADV_COLD = 20,
	MADV_PAGEOUT = 21,
	MADV_POPULATE_READ = 22,
	MADV_POPULATE_WRITE = 23,
};

struct madvise_args {
	unsigned long start, end;
	int advice;
};

static int madvise_decode(const uint64_t a[6], struct madvise_args *m)
{
	unsigned long len = 0;

	m->start = a[0];
	m->advice = (int)a[2];
	if (a[2] > 0x7fffffffu)
		return -EINVAL;
	switch (m->advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_REMOVE:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		break;
	default:
		/* DONTFORK .. PAGEOUT: hints without effect here */
		if (m->advice < MADV_DONTFORK || m->advice > MADV_PAGEOUT)
			return -EINVAL;
	}
	if (m->start & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (!mm_page_up(a[1], &len) || m->start > VM_USER_MAX - len)
		return -EINVAL;
	m->end = m->start + len;
	return 0;
}

/* Drop the pages of [@start, @end): private areas refill with zeroes or
 * the file's contents, shared ones find the object's pages again. */
static void madvise_dontneed(struct mm *mm, unsigned long start,
			     unsigned long end)
{
	struct mm_vma *v;

	for (v = mm_vma_find(mm, start); v && v->start < end; v = v->next) {
		unsigned long a = v->start > start ? v->start : start;
		unsigned long e = v->end < end ? v->end : end;

		if (!(v->flags & MM_VMA_VDSO)) {
			mm_unmap_pages(mm, a, e);
			mm_park_drop(mm, a, e);
		}
	}
}

static long do_madvise(struct mm *mm, const struct madvise_args *m)
{
	long ret = 0;

	frame_mutex_lock(&mm->lock);
	switch (m->advice) {
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_REMOVE:
		madvise_dontneed(mm, m->start, m->end);
		break;
	case MADV_WILLNEED:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		ret = mm_populate_locked(mm, m->start, m->end);
		break;
	default:
		break;
	}
	/* Linux applies the advice to what is mapped and then reports a
	 * hole in the range. */
	if (!ret && !mm_range_covered(mm, m->start, m->end))
		ret = -ENOMEM;
	frame_mutex_unlock(&mm->lock);
	return ret;
}

long sys_madvise(const uint64_t a[6])
{
	struct mm *mm = mm_current();
	struct madvise_args m;
	int ret;

	if (!mm)
		return -EFAULT;
	ret = madvise_decode(a, &m);
	if (ret)
		return ret;
	if (m.start == m.end)
		return 0;
	return do_madvise(mm, &m);
}
