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
#include "mm/user_logic.h"
#include "mm/vm_task.h"

/*
 * user_range_ok() (user_logic.c, proved) refuses every range outside the
 * canonical user half before any access: kernel addresses must never be
 * touched on a user's behalf, and non-canonical ones would raise #GP.
 * Inside, what is not mapped (or not writable) faults, and the exception
 * table turns the fault into a short count.
 */

static void *user_ptr(unsigned long addr)
{
	return (void *)(uintptr_t)addr;
}

/* The kernel address of @len bytes of @page at @offset, or NULL. */
static char *page_span(const struct frame_page *page, size_t offset, size_t len)
{
	const struct frame_page *meta = page_check_handle(page);
	size_t size = (size_t)MM_PAGE_SIZE << meta->order;

	if (!user_span_ok(size, offset, len))
		return NULL;
	return (char *)page_to_virt(meta) + offset;
}

/*
 * One user access: copy @n bytes from @ksrc to the user at *@cur, or from
 * the user at *@cur to @kdst, or (neither) fill them with @c. *@cur
 * advances by what moved. A fault asks the calling task's fault hook and
 * goes on from where it stopped, unless @nofault; VM_FAULT_RETRIES
 * resolutions in a row that do not let it move on end it.
 */
static int user_access(unsigned long *cur, void *kdst, const void *ksrc, int c,
		       size_t n, bool nofault)
{
	unsigned int tries = 0;

	while (n) {
		void *u = user_ptr(*cur);
		size_t left, done;
		int ret;

		if (kdst)
			left = arch_user_copy(kdst, u, n);
		else if (ksrc)
			left = arch_user_copy(u, ksrc, n);
		else
			left = arch_user_fill(u, c, n);
		done = n - left;
		if (kdst)
			kdst = (char *)kdst + done;
		if (ksrc)
			ksrc = (const char *)ksrc + done;
		/* Proved: *cur + n stays the end of the range, *cur moves by
		 * what was done, and the retries are bounded. */
		ret = user_step(cur, &n, left, &tries, nofault);
		if (ret <= 0)
			return ret;
		if (vm_task_fault(*cur, n, !kdst))
			return -EFAULT;
	}
	return 0;
}

/*@
  // What every reader and writer keeps: its position never passes its
  // end, and its end never passes the user half.
  predicate span_ok(unsigned long cur, unsigned long end) =
    cur <= end <= USER_ADDR_END;
*/

/*@
  requires \valid(r);
  assigns *r;
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures made: \result == 0 <==> addr.raw_ + len <= USER_ADDR_END;
  ensures range: \result == 0 ==> r->cur_ == addr.raw_ &&
    r->end_ == addr.raw_ + len && span_ok(r->cur_, r->end_);
*/
int vm_reader_init(struct vm_reader *r, uaddr_t addr, size_t len)
{
	unsigned long a = uaddr_value(addr);

	if (!user_range_ok(a, len))
		return -EFAULT;
	r->cur_ = a;
	r->end_ = a + len;
	r->space_id_ = vm_task_space_id();
	return 0;
}

/*@
  requires \valid_read(r) && span_ok(r->cur_, r->end_);
  assigns \nothing;
  ensures \result == r->end_ - r->cur_;
*/
size_t vm_reader_remain(const struct vm_reader *r)
{
	return r->end_ - r->cur_;
}

uaddr_t vm_reader_pos(const struct vm_reader *r)
{
	return uaddr_from_syscall_arg(r->cur_);
}

/*
 * Whether @n more bytes may be accessed now through the reader/writer
 * with this position, end and space: the calling task must have a space
 * (a kernel task runs on whatever tables its CPU had loaded, which are
 * not its to touch), and the one the reader was made in.
 */
/*@
  requires cur <= end;
  assigns \nothing;
  ensures fits: \result != 0 ==> cur + n <= end;
  ensures space: \result != 0 ==> id != 0;
*/
static bool access_ok(unsigned long cur, unsigned long end, uint64_t id,
		      size_t n)
{
	return n <= end - cur && id && id == vm_task_space_id();
}

int vm_reader_read(struct vm_reader *r, void *dst, size_t n)
{
	if (!access_ok(r->cur_, r->end_, r->space_id_, n))
		return -EFAULT;
	return user_access(&r->cur_, dst, NULL, 0, n, false);
}

/*@
  requires \valid(r) && span_ok(r->cur_, r->end_);
  assigns r->cur_;
  ensures kept: span_ok(r->cur_, r->end_);
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures moved: \result == 0 <==> \old(r->cur_) + n <= r->end_;
  ensures ok: \result == 0 ==> r->cur_ == \old(r->cur_) + n;
  ensures refused: \result != 0 ==> r->cur_ == \old(r->cur_);
*/
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
	if (!access_ok(r->cur_, r->end_, r->space_id_, n))
		return -EFAULT;
	return user_access(&r->cur_, dst, NULL, 0, n, false);
}

/*@
  requires \valid(w);
  assigns *w;
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures made: \result == 0 <==> addr.raw_ + len <= USER_ADDR_END;
  ensures range: \result == 0 ==> w->cur_ == addr.raw_ &&
    w->end_ == addr.raw_ + len && span_ok(w->cur_, w->end_);
*/
int vm_writer_init(struct vm_writer *w, uaddr_t addr, size_t len)
{
	unsigned long a = uaddr_value(addr);

	if (!user_range_ok(a, len))
		return -EFAULT;
	w->cur_ = a;
	w->end_ = a + len;
	w->space_id_ = vm_task_space_id();
	return 0;
}

/*@
  requires \valid_read(w) && span_ok(w->cur_, w->end_);
  assigns \nothing;
  ensures \result == w->end_ - w->cur_;
*/
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
	if (!access_ok(w->cur_, w->end_, w->space_id_, n))
		return -EFAULT;
	return user_access(&w->cur_, NULL, src, 0, n, false);
}

int vm_writer_fill(struct vm_writer *w, int c, size_t n)
{
	if (!access_ok(w->cur_, w->end_, w->space_id_, n))
		return -EFAULT;
	return user_access(&w->cur_, NULL, NULL, c, n, false);
}

int vm_writer_write_from_page(struct vm_writer *w,
			      const struct frame_page *page, size_t offset,
			      size_t n)
{
	const char *src = page_span(page, offset, n);

	if (!src)
		return -EINVAL;
	if (!access_ok(w->cur_, w->end_, w->space_id_, n))
		return -EFAULT;
	return user_access(&w->cur_, NULL, src, 0, n, false);
}

/* Copy in, zeroing what could not be copied. */
static int copy_in(void *dst, uaddr_t src, size_t n, bool nofault)
{
	unsigned long a = uaddr_value(src), cur = a;
	int ret = -EFAULT;

	if (user_range_ok(a, n) && access_ok(a, a + n, vm_task_space_id(), n))
		ret = user_access(&cur, dst, NULL, 0, n, nofault);
	if (ret)
		memset((char *)dst + (cur - a), 0, n - (cur - a));
	return ret;
}

static int copy_out(uaddr_t dst, const void *src, size_t n, bool nofault)
{
	unsigned long a = uaddr_value(dst);

	if (!user_range_ok(a, n) || !access_ok(a, a + n, vm_task_space_id(), n))
		return -EFAULT;
	return user_access(&a, NULL, src, 0, n, nofault);
}

int frame_copy_from_user(void *dst, uaddr_t src, size_t n)
{
	return copy_in(dst, src, n, false);
}

int frame_copy_to_user(uaddr_t dst, const void *src, size_t n)
{
	return copy_out(dst, src, n, false);
}

int frame_copy_from_user_nofault(void *dst, uaddr_t src, size_t n)
{
	return copy_in(dst, src, n, true);
}

int frame_copy_to_user_nofault(uaddr_t dst, const void *src, size_t n)
{
	return copy_out(dst, src, n, true);
}

int frame_clear_user(uaddr_t dst, size_t n)
{
	struct vm_writer w;
	int ret = vm_writer_init(&w, dst, n);

	return ret ? ret : vm_writer_fill(&w, 0, n);
}

/*
 * The string is copied a page at a time, so that a fault is always at the
 * start of the piece being copied: that is the address the hook is asked
 * about, and where the copy goes on.
 */
ssize_t frame_strncpy_from_user(char *dst, uaddr_t src, size_t size)
{
	unsigned long a = uaddr_value(src);
	unsigned int tries = 0;
	size_t max, done = 0;

	if (!size)
		return -EINVAL;
	dst[0] = '\0';
	if (a >= USER_ADDR_END || !vm_task_space_id())
		return -EFAULT;
	/* Never read past the user half, however large @size is. */
	max = user_str_max(a, size);
	while (done < max) {
		unsigned long at = a + done;
		size_t chunk = user_str_chunk(a, done, max);
		long len = arch_user_strncpy(dst + done, user_ptr(at), chunk);

		if (len < 0) {
			if (++tries > VM_FAULT_RETRIES ||
			    vm_task_fault(at, chunk, false)) {
				dst[0] = '\0';
				return -EFAULT;
			}
			continue;
		}
		tries = 0;
		if ((size_t)len < chunk)
			return (ssize_t)(done + (size_t)len);
		done += chunk;
	}
	/* No NUL in reach: at @size that is too long; at the end of the
	 * user half, the rest of the string cannot be read. */
	dst[max - 1] = '\0';
	return max < size ? -EFAULT : -ENAMETOOLONG;
}

/* The aligned user word at @addr of the calling task's space. */
static int user_word(uaddr_t addr, uint32_t **u)
{
	unsigned long a = uaddr_value(addr);
	int ret = user_word_check(a);

	if (ret)
		return ret;
	if (!vm_task_space_id())
		return -EFAULT;
	*u = user_ptr(a);
	return 0;
}

/* After a faulting user atomic: ask the hook, or give up. */
static int word_fault(const uint32_t *u, bool write, unsigned int *tries)
{
	if (user_retry(tries) ||
	    vm_task_fault((unsigned long)(uintptr_t)u, sizeof(*u), write))
		return -EFAULT;
	return 0;
}

int frame_user_load_u32(uaddr_t addr, uint32_t *old)
{
	unsigned int tries = 0;
	uint32_t *u;
	int ret = user_word(addr, &u);

	while (!ret && arch_user_load32(u, old))
		ret = word_fault(u, false, &tries);
	return ret;
}

int frame_user_cmpxchg_u32(uaddr_t addr, uint32_t expected, uint32_t desired,
			   uint32_t *old)
{
	unsigned int tries = 0;
	uint32_t *u;
	int ret = user_word(addr, &u);

	while (!ret && arch_user_cmpxchg32(u, expected, desired, old))
		ret = word_fault(u, true, &tries);
	return ret;
}

/* One attempt of @op; 0, or -1 on a fault. */
static int word_op(uint32_t *u, enum frame_user_op op, uint32_t arg,
		   uint32_t *old)
{
	switch (op) {
	case FRAME_USER_SET:
		return arch_user_xchg32(u, arg, old);
	case FRAME_USER_ADD:
		return arch_user_fetch_add32(u, arg, old);
	case FRAME_USER_OR:
		return arch_user_fetch_or32(u, arg, old);
	case FRAME_USER_AND:
		return arch_user_fetch_and32(u, arg, old);
	case FRAME_USER_XOR:
		return arch_user_fetch_xor32(u, arg, old);
	}
	return -1;
}

int frame_user_atomic_u32(uaddr_t addr, enum frame_user_op op, uint32_t arg,
			  uint32_t *old)
{
	unsigned int tries = 0;
	uint32_t *u;
	int ret;

	if ((unsigned int)op > FRAME_USER_XOR)
		return -EINVAL;
	ret = user_word(addr, &u);
	while (!ret && word_op(u, op, arg, old))
		ret = word_fault(u, true, &tries);
	return ret;
}
