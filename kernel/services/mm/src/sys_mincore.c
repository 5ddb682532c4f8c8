/* SPDX-License-Identifier: MIT */
/* mincore(2): which pages of a mapped range are resident. */
#include <mm/syscalls.h>

#include "mm_internal.h"

#include <frame/page.h>

/* Pages reported per lock hold; the vector is copied out unlocked, since a
 * fault on it takes the same lock. */
#define MINCORE_BATCH 512

struct mincore_args {
	unsigned long start, end;
	uaddr_t vec;
};

static int mincore_decode(const uint64_t a[6], struct mincore_args *m)
{
	unsigned long len = 0;

	m->start = a[0];
	m->vec = uaddr_from_syscall_arg(a[2]);
	if (m->start & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (!mm_page_up(a[1], &len) || m->start > VM_USER_MAX - len)
		return -ENOMEM;
	m->end = m->start + len;
	return 0;
}

/* Fill @out with one byte per page of [@start, @start + @n pages). */
static void mincore_batch(struct mm *mm, unsigned long start, size_t n,
			  unsigned char *out)
{
	struct vm_cursor c;
	struct vm_mapping m;

	for (size_t i = 0; i < n; i++)
		out[i] = 0;
	if (vm_cursor_open(&c, mm->space, mm_uaddr(start), n * MM_PAGE_SIZE))
		return;
	while (!vm_cursor_find(&c, &m)) {
		unsigned long s = uaddr_value(m.start), e = s + m.size;

		for (unsigned long p = s < start ? start : s;
		     p < e && p < start + n * MM_PAGE_SIZE; p += MM_PAGE_SIZE)
			out[(p - start) / MM_PAGE_SIZE] = 1;
		frame_page_put(m.page);
		if (e >= start + n * MM_PAGE_SIZE ||
		    vm_cursor_seek(&c, mm_uaddr(e)))
			break;
	}
	vm_cursor_close(&c);
}

static long do_mincore(struct mm *mm, const struct mincore_args *m)
{
	unsigned char buf[MINCORE_BATCH];
	unsigned long pos = m->start;
	uaddr_t vec = m->vec;

	while (pos < m->end) {
		size_t n = (m->end - pos) / MM_PAGE_SIZE;
		bool mapped;

		if (n > MINCORE_BATCH)
			n = MINCORE_BATCH;
		frame_mutex_lock(&mm->lock);
		mapped = mm_range_covered(mm, pos, pos + n * MM_PAGE_SIZE);
		if (mapped)
			mincore_batch(mm, pos, n, buf);
		frame_mutex_unlock(&mm->lock);
		if (!mapped)
			return -ENOMEM;
		if (frame_copy_to_user(vec, buf, n))
			return -EFAULT;
		vec = uaddr_add(vec, n);
		pos += n * MM_PAGE_SIZE;
	}
	return 0;
}

long sys_mincore(const uint64_t a[6])
{
	struct mm *mm = mm_current();
	struct mincore_args m;
	int ret;

	if (!mm)
		return -EFAULT;
	ret = mincore_decode(a, &m);
	if (ret)
		return ret;
	return do_mincore(mm, &m);
}
