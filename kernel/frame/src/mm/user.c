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

/*
 * One user access: copy @n bytes from @ksrc to the user at *@cur, or from
 * the user at *@cur to @kdst, or (neither) fill them with @c. *@cur
 * advances by what moved. A fault asks the calling task's fault hook and
 * goes on from where it stopped, unless @nofault; VM_FAULT_RETRIES
 * resolutions in a row that do not let it move on end it.
 *
 * The proof: every attempt touches user bytes only in [*@cur, *@cur + @n)
 * as it was on entry and kernel bytes only in @kdst[0 .. @n - 1] or
 * @ksrc[0 .. @n - 1], at the same offset; on -EFAULT, *@cur has moved by
 * what was done, never more than @n. The loop ends: each turn either
 * moves on or counts one more resolution, of which there are at most
 * VM_FAULT_RETRIES in a row.
 */
/*@
  requires \valid(cur);
  requires range: *cur + n <= USER_ADDR_END;
  requires kdst == \null || \valid(kdst + (0 .. n - 1));
  requires ksrc == \null || \valid_read(ksrc + (0 .. n - 1));
  requires \separated(cur, kdst + (0 .. n - 1));
  assigns *cur, kdst[0 .. n - 1];
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures moved: \old(*cur) <= *cur <= \old(*cur) + n;
  ensures done: \result == 0 ==> *cur == \old(*cur) + n;
*/
static int user_access(unsigned long *cur, char *kdst, const char *ksrc,
		       int c, size_t n, bool nofault)
{
	const unsigned long start = *cur;
	size_t todo = n;
	unsigned int tries = 0;

	/*@
	  loop invariant in_range: start <= *cur && *cur + todo == start + n;
	  loop invariant tries <= VM_FAULT_RETRIES;
	  loop assigns *cur, todo, tries, kdst[0 .. n - 1];
	  loop variant todo * (VM_FAULT_RETRIES + 1) + (VM_FAULT_RETRIES - tries);
	*/
	while (todo) {
		size_t off = *cur - start, left;
		int ret;

		if (kdst)
			left = arch_user_copy_in(kdst + off, *cur, todo);
		else if (ksrc)
			left = arch_user_copy_out(*cur, ksrc + off, todo);
		else
			left = arch_user_fill(*cur, c, todo);
		/* Proved: *cur + todo stays the end of the range, *cur moves
		 * by what was done, and the retries are bounded. */
		ret = user_step(cur, &todo, left, &tries, nofault);
		if (ret <= 0)
			return ret;
		if (vm_task_fault(*cur, todo, !kdst))
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

/*@
  requires \valid(r) && span_ok(r->cur_, r->end_);
  requires \valid((char *)dst + (0 .. n - 1));
  requires \separated(r, (char *)dst + (0 .. n - 1));
  assigns r->cur_, ((char *)dst)[0 .. n - 1];
  ensures kept: span_ok(r->cur_, r->end_);
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures moved: \old(r->cur_) <= r->cur_ <= \old(r->cur_) + n;
  ensures done: \result == 0 ==> r->cur_ == \old(r->cur_) + n;
*/
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

/*
 * The position is copied to a local for the access: the page's bytes are
 * reached through the direct map, and no contract can say they are not
 * the reader's own, so the proof keeps the cursor where they cannot be.
 * What is proved is the access and the result; that the reader's end is
 * intact afterwards rests on the page not holding the reader, which no
 * caller could arrange short of a bug in the frame.
 */
/*@
  requires \valid(r) && span_ok(r->cur_, r->end_);
  ensures codes: \result == 0 || \result == -EFAULT || \result == -EINVAL;
*/
int vm_reader_read_to_page(struct vm_reader *r, struct frame_page *page,
			   size_t offset, size_t n)
{
	char *dst = page_span(page, offset, n);
	unsigned long cur = r->cur_;
	int ret;

	if (!dst)
		return -EINVAL;
	if (!access_ok(cur, r->end_, r->space_id_, n))
		return -EFAULT;
	ret = user_access(&cur, dst, NULL, 0, n, false);
	r->cur_ = cur;
	return ret;
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

/*@
  requires \valid(w) && span_ok(w->cur_, w->end_);
  requires \valid_read((const char *)src + (0 .. n - 1));
  assigns w->cur_;
  ensures kept: span_ok(w->cur_, w->end_);
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures moved: \old(w->cur_) <= w->cur_ <= \old(w->cur_) + n;
  ensures done: \result == 0 ==> w->cur_ == \old(w->cur_) + n;
*/
int vm_writer_write(struct vm_writer *w, const void *src, size_t n)
{
	if (!access_ok(w->cur_, w->end_, w->space_id_, n))
		return -EFAULT;
	return user_access(&w->cur_, NULL, src, 0, n, false);
}

/*@
  requires \valid(w) && span_ok(w->cur_, w->end_);
  assigns w->cur_;
  ensures kept: span_ok(w->cur_, w->end_);
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures moved: \old(w->cur_) <= w->cur_ <= \old(w->cur_) + n;
  ensures done: \result == 0 ==> w->cur_ == \old(w->cur_) + n;
*/
int vm_writer_fill(struct vm_writer *w, int c, size_t n)
{
	if (!access_ok(w->cur_, w->end_, w->space_id_, n))
		return -EFAULT;
	return user_access(&w->cur_, NULL, NULL, c, n, false);
}

/*@
  requires \valid(w) && span_ok(w->cur_, w->end_);
  assigns w->cur_;
  ensures kept: span_ok(w->cur_, w->end_);
  ensures codes: \result == 0 || \result == -EFAULT || \result == -EINVAL;
  ensures refused: \result == -EINVAL ==> w->cur_ == \old(w->cur_);
  ensures moved: \old(w->cur_) <= w->cur_ <= \old(w->cur_) + n;
  ensures done: \result == 0 ==> w->cur_ == \old(w->cur_) + n;
*/
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
/*@
  requires \valid((char *)dst + (0 .. n - 1));
  assigns ((char *)dst)[0 .. n - 1];
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures in_user: \result == 0 ==> src.raw_ + n <= USER_ADDR_END;
*/
static int copy_in(void *dst, uaddr_t src, size_t n, bool nofault)
{
	unsigned long a = uaddr_value(src), cur = a;
	int ret = -EFAULT;

	if (user_range_ok(a, n) && access_ok(a, a + n, vm_task_space_id(), n))
		ret = user_access(&cur, dst, NULL, 0, n, nofault);
	/* From here on, cur is in [a, a + n] even when the copy failed. */
	if (ret)
		memset((char *)dst + (cur - a), 0, n - (cur - a));
	return ret;
}

/*@
  requires \valid_read((const char *)src + (0 .. n - 1));
  assigns \nothing;
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures in_user: \result == 0 ==> dst.raw_ + n <= USER_ADDR_END;
*/
static int copy_out(uaddr_t dst, const void *src, size_t n, bool nofault)
{
	unsigned long a = uaddr_value(dst);

	if (!user_range_ok(a, n) || !access_ok(a, a + n, vm_task_space_id(), n))
		return -EFAULT;
	return user_access(&a, NULL, src, 0, n, nofault);
}

/*@
  requires \valid((char *)dst + (0 .. n - 1));
  assigns ((char *)dst)[0 .. n - 1];
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures in_user: \result == 0 ==> src.raw_ + n <= USER_ADDR_END;
*/
int frame_copy_from_user(void *dst, uaddr_t src, size_t n)
{
	return copy_in(dst, src, n, false);
}

/*@
  requires \valid_read((const char *)src + (0 .. n - 1));
  assigns \nothing;
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures in_user: \result == 0 ==> dst.raw_ + n <= USER_ADDR_END;
*/
int frame_copy_to_user(uaddr_t dst, const void *src, size_t n)
{
	return copy_out(dst, src, n, false);
}

/*@
  requires \valid((char *)dst + (0 .. n - 1));
  assigns ((char *)dst)[0 .. n - 1];
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures in_user: \result == 0 ==> src.raw_ + n <= USER_ADDR_END;
*/
int frame_copy_from_user_nofault(void *dst, uaddr_t src, size_t n)
{
	return copy_in(dst, src, n, true);
}

/*@
  requires \valid_read((const char *)src + (0 .. n - 1));
  assigns \nothing;
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures in_user: \result == 0 ==> dst.raw_ + n <= USER_ADDR_END;
*/
int frame_copy_to_user_nofault(uaddr_t dst, const void *src, size_t n)
{
	return copy_out(dst, src, n, true);
}

/*@
  assigns \nothing;
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures in_user: \result == 0 ==> dst.raw_ + n <= USER_ADDR_END;
*/
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
 *
 * The proof: the bytes read lie in [src, src + size) and in the user half,
 * dst is written only in [0, size), a length comes with its NUL at
 * dst[length], below size, and every other result but -EINVAL leaves a
 * NUL in dst too. The loop ends as user_access()'s does.
 */
/*@
  requires size > 0 ==> \valid(dst + (0 .. size - 1));
  assigns dst[0 .. size - 1];
  ensures codes: \result >= 0 || \result == -EFAULT ||
    \result == -ENAMETOOLONG || \result == -EINVAL;
  ensures einval: \result == -EINVAL <==> size == 0;
  ensures length: \result >= 0 ==> \result < size && dst[\result] == 0;
  ensures in_user: \result >= 0 ==> src.raw_ + \result < USER_ADDR_END;
  ensures too_long: \result == -ENAMETOOLONG ==> dst[size - 1] == 0;
  ensures terminated: size > 0 ==>
    \exists integer i; 0 <= i < size && dst[i] == 0;
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
	/*@
	  loop invariant 0 <= done <= max;
	  loop invariant tries <= VM_FAULT_RETRIES;
	  loop assigns done, tries, dst[0 .. size - 1];
	  loop variant (max - done) * (VM_FAULT_RETRIES + 1) +
	    (VM_FAULT_RETRIES - tries);
	*/
	while (done < max) {
		unsigned long at = a + done;
		size_t chunk = user_str_chunk(a, done, max);
		long len = arch_user_strncpy(dst + done, at, chunk);

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
