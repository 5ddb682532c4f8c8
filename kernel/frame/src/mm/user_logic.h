/* SPDX-License-Identifier: MIT */
/* The bounds and retry logic of user-memory access, and their contracts. */
#ifndef MM_USER_LOGIC_H
#define MM_USER_LOGIC_H

#include <frame/errno.h>
#include <frame/types.h>
#include <frame/vm.h>

#include "arch/x86_64/layout.h"

/*
 * What mm/user.c decides from numbers alone: whether a user range may be
 * touched, how far an access got and whether to retry it, the pieces a
 * string is copied in, and whether a span lies inside a page. Each
 * function carries an ACSL contract that `osdk prove` proves
 * (docs/prove.md). The byte copies themselves (usercopy.S) are assumed:
 * that a copy of n bytes reports at most n bytes not copied is
 * user_step()'s precondition, taken from the copies' contracts in
 * usercopy.h. The proofs are sequential: a reader or writer belongs to one
 * task.
 */

/*
 * user_range_ok() - whether [@addr, @addr + @len) lies in the user half:
 * the only range user.c ever lets the assembly touch
 */
/*@
  assigns \nothing;
  ensures \result != 0 <==> addr + len <= USER_ADDR_END;
*/
bool user_range_ok(unsigned long addr, size_t len);

/*
 * user_span_ok() - whether @len bytes at @offset fit in an object of
 * @size bytes (a page given to a reader or writer)
 */
/*@
  assigns \nothing;
  ensures \result != 0 <==> offset + len <= size;
*/
bool user_span_ok(size_t size, size_t offset, size_t len);

/*
 * user_step() - account for one attempt of a user access that had *@n
 * bytes to go from *@cur and left @left of them: advance *@cur, set *@n
 * to @left, and decide. 0: done. 1: a fault to put to the task's fault
 * hook before retrying at *@cur. -EFAULT: give up (@nofault, or
 * VM_FAULT_RETRIES resolutions in a row that did not let it move on).
 * *@tries counts those resolutions; it starts at 0.
 */
/*@
  requires \valid(cur) && \valid(n) && \valid(tries);
  requires \separated(cur, n, tries);
  requires *n > 0;
  requires left <= *n;
  requires *cur + *n <= USER_ADDR_END;
  requires *tries <= VM_FAULT_RETRIES;
  assigns *cur, *n, *tries;
  ensures advance: *cur == \old(*cur) + (\old(*n) - left);
  ensures same_end: *cur + *n == \old(*cur) + \old(*n);
  ensures remain: *n == left;
  ensures done: \result == 0 <==> left == 0;
  ensures codes: \result == 0 || \result == 1 || \result == -EFAULT;
  ensures bounded: \result == 1 ==> 1 <= *tries <= VM_FAULT_RETRIES;
  ensures reset: \result == 1 && left < \old(*n) ==> *tries == 1;
  ensures counted: \result == 1 && left == \old(*n) ==>
    *tries == \old(*tries) + 1;
  ensures nofault: nofault != 0 && left != 0 ==> \result == -EFAULT;
*/
int user_step(unsigned long *cur, size_t *n, size_t left, unsigned int *tries,
	      bool nofault);

/*
 * user_str_max() - how many bytes a string copy of bound @size from @a
 * may read: @size, or less where the user half ends first
 */
/*@
  requires a < USER_ADDR_END;
  requires size > 0;
  assigns \nothing;
  ensures 0 < \result <= size;
  ensures in_user: a + \result <= USER_ADDR_END;
  ensures cut: \result < size ==> a + \result == USER_ADDR_END;
*/
size_t user_str_max(unsigned long a, size_t size);

/*
 * user_str_chunk() - the next piece of a string copy from @a that has
 * copied @done of its @max bytes: up to the end of the page it is in
 */
/*@
  requires done < max;
  requires a + max <= USER_ADDR_END;
  assigns \nothing;
  ensures 0 < \result <= max - done;
  ensures one_page: (a + done) / 4096 == (a + done + \result - 1) / 4096;
  ensures page_end: \result == max - done || (a + done + \result) % 4096 == 0;
*/
size_t user_str_chunk(unsigned long a, size_t done, size_t max);

/*
 * user_word_check() - whether a user atomic may touch the 32-bit word at
 * @a: 0; -EINVAL when it is not aligned; -EFAULT when it is not wholly in
 * the user half
 */
/*@
  assigns \nothing;
  ensures codes: \result == 0 || \result == -EINVAL || \result == -EFAULT;
  ensures ok: \result == 0 <==> a % 4 == 0 && a + 4 <= USER_ADDR_END;
  ensures unaligned: a % 4 != 0 <==> \result == -EINVAL;
*/
int user_word_check(unsigned long a);

/*
 * user_retry() - count one more fault of a user atomic: 0 when the fault
 * hook may be asked once more, -EFAULT after VM_FAULT_RETRIES of them
 */
/*@
  requires \valid(tries);
  requires *tries <= VM_FAULT_RETRIES;
  assigns *tries;
  ensures codes: \result == 0 || \result == -EFAULT;
  ensures counted: \result == 0 ==>
    *tries == \old(*tries) + 1 && *tries <= VM_FAULT_RETRIES;
  ensures spent: \result != 0 <==> \old(*tries) == VM_FAULT_RETRIES;
*/
int user_retry(unsigned int *tries);

#endif /* MM_USER_LOGIC_H */
