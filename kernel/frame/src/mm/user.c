/* SPDX-License-Identifier: MIT */
/* Readers, writers and copies of user memory, checked and fault-tolerant. */
#include <frame/user.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/vm.h>

#include "arch/x86_64/layout.h"
#include "arch/x86_64/umode/usercopy.h"
#include "mm/page_meta.h"

/*
 * Whether [addr, addr + len) lies in the canonical user half. Everything
 * outside is refused here, before any access: kernel addresses must never
 * be touched on a user's behalf, and non-canonical ones would raise #GP.
 * Inside, what is not mapped (or not writable) faults, and the exception
 * table turns the fault into a short count.
 */
static bool user_range_ok(unsigned long addr, size_t len)
{
	return addr <= USER_ADDR_END && len <= USER_ADDR_END - addr;
}

static void *user_ptr(unsigned long addr)
{
	return (void *)(uintptr_t)addr;
}

/* The kernel address of @len bytes of @page at @offset, or NULL. */
static char *page_span(const struct frame_page *page, size_t offset, size_t len)
{
	size_t size = frame_page_size(page);

	if (offset > size || len > size - offset)
		return NULL;
	return (char *)page_to_virt(page) + offset;
}

int vm_reader_init(struct vm_reader *r, uaddr_t addr, size_t len)
{
	unsigned long a = uaddr_value(addr);

	if (!user_range_ok(a, len))
		return -EFAULT;
	r->cur_ = a;
	r->end_ = a + len;
	r->space_ = vm_space_current();
	return 0;
}

size_t vm_reader_remain(const struct vm_reader *r)
{
	return r->end_ - r->cur_;
}

uaddr_t vm_reader_pos(const struct vm_reader *r)
{
	return uaddr_from_syscall_arg(r->cur_);
}

/* Whether @n more bytes may be accessed now through the reader/writer
 * with this position, end and space. */
static bool access_ok(unsigned long cur, unsigned long end,
		      const struct vm_space *space, size_t n)
{
	return n <= end - cur && space == vm_space_current();
}

/* Copy @n bytes between user and kernel; advance *@cur by what moved. */
static int user_copy(void *dst, const void *src, size_t n, unsigned long *cur)
{
	size_t left = arch_user_copy(dst, src, n);

	*cur += n - left;
	return left ? -EFAULT : 0;
}

int vm_reader_read(struct vm_reader *r, void *dst, size_t n)
{
	if (!access_ok(r->cur_, r->end_, r->space_, n))
		return -EFAULT;
	return user_copy(dst, user_ptr(r->cur_), n, &r->cur_);
}

int vm_reader_skip(struct vm_reader *r, size_t n)
{
	if (n > vm_reader_remain(r))
		return -EFAULT;
	r->cur_ += n;
	return 0;
}

int vm_reader_read_to_page(struct vm_reader *r, struct frame_page *page,
			   size_t offset, size_t n)
{
	char *dst = page_span(page, offset, n);

	if (!dst)
		return -EINVAL;
	if (!access_ok(r->cur_, r->end_, r->space_, n))
		return -EFAULT;
	return user_copy(dst, user_ptr(r->cur_), n, &r->cur_);
}

int vm_writer_init(struct vm_writer *w, uaddr_t addr, size_t len)
{
	unsigned long a = uaddr_value(addr);

	if (!user_range_ok(a, len))
		return -EFAULT;
	w->cur_ = a;
	w->end_ = a + len;
	w->space_ = vm_space_current();
	return 0;
}

size_t vm_writer_remain(const struct vm_writer *w)
{
	return w->end_ - w->cur_;
}

uaddr_t vm_writer_pos(const struct vm_writer *w)
{
	return uaddr_from_syscall_arg(w->cur_);
}

int vm_writer_write(struct vm_writer *w, const void *src, size_t n)
{
	if (!access_ok(w->cur_, w->end_, w->space_, n))
		return -EFAULT;
	return user_copy(user_ptr(w->cur_), src, n, &w->cur_);
}

int vm_writer_fill(struct vm_writer *w, int c, size_t n)
{
	size_t left;

	if (!access_ok(w->cur_, w->end_, w->space_, n))
		return -EFAULT;
	left = arch_user_fill(user_ptr(w->cur_), c, n);
	w->cur_ += n - left;
	return left ? -EFAULT : 0;
}

int vm_writer_write_from_page(struct vm_writer *w,
			      const struct frame_page *page, size_t offset,
			      size_t n)
{
	const char *src = page_span(page, offset, n);

	if (!src)
		return -EINVAL;
	if (!access_ok(w->cur_, w->end_, w->space_, n))
		return -EFAULT;
	return user_copy(user_ptr(w->cur_), src, n, &w->cur_);
}

int frame_copy_from_user(void *dst, uaddr_t src, size_t n)
{
	struct vm_reader r;
	size_t done = 0;
	int ret = vm_reader_init(&r, src, n);

	if (!ret) {
		ret = vm_reader_read(&r, dst, n);
		done = n - vm_reader_remain(&r);
	}
	if (ret)
		memset((char *)dst + done, 0, n - done);
	return ret;
}

int frame_copy_to_user(uaddr_t dst, const void *src, size_t n)
{
	struct vm_writer w;
	int ret = vm_writer_init(&w, dst, n);

	return ret ? ret : vm_writer_write(&w, src, n);
}

int frame_clear_user(uaddr_t dst, size_t n)
{
	struct vm_writer w;
	int ret = vm_writer_init(&w, dst, n);

	return ret ? ret : vm_writer_fill(&w, 0, n);
}

ssize_t frame_strncpy_from_user(char *dst, uaddr_t src, size_t size)
{
	unsigned long a = uaddr_value(src);
	size_t max;
	long len;

	if (!size)
		return -EINVAL;
	dst[0] = '\0';
	if (a >= USER_ADDR_END)
		return -EFAULT;
	/* Never read past the user half, however large @size is. */
	max = MIN(size, (size_t)(USER_ADDR_END - a));
	len = arch_user_strncpy(dst, user_ptr(a), max);
	if (len < 0) {
		dst[0] = '\0';
		return -EFAULT;
	}
	if ((size_t)len < max)
		return len;
	/* No NUL in reach: at @size that is too long; at the end of the
	 * user half, the rest of the string cannot be read. */
	dst[max - 1] = '\0';
	return max < size ? -EFAULT : -ENAMETOOLONG;
}
