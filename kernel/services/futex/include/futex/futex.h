/* SPDX-License-Identifier: MIT */
/* Futexes: wait queues on user words, for the kernel's own callers. */
#ifndef FUTEX_FUTEX_H
#define FUTEX_FUTEX_H

#include <frame/types.h>
#include <frame/user.h>

struct vm_space;

/* futex(2) operations and flags (Linux). */
#define FUTEX_WAIT	       0
#define FUTEX_WAKE	       1
#define FUTEX_FD	       2
#define FUTEX_REQUEUE	       3
#define FUTEX_CMP_REQUEUE      4
#define FUTEX_WAKE_OP	       5
#define FUTEX_LOCK_PI	       6
#define FUTEX_UNLOCK_PI	       7
#define FUTEX_TRYLOCK_PI       8
#define FUTEX_WAIT_BITSET      9
#define FUTEX_WAKE_BITSET      10
#define FUTEX_WAIT_REQUEUE_PI  11
#define FUTEX_CMP_REQUEUE_PI   12
#define FUTEX_LOCK_PI2	       13
#define FUTEX_PRIVATE_FLAG     128
#define FUTEX_CLOCK_REALTIME   256
#define FUTEX_CMD_MASK	       (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

/* FUTEX_WAKE_OP's encoded operation: op, cmp, oparg, cmparg. */
#define FUTEX_OP_SET	     0
#define FUTEX_OP_ADD	     1
#define FUTEX_OP_OR	     2
#define FUTEX_OP_ANDN	     3
#define FUTEX_OP_XOR	     4
#define FUTEX_OP_OPARG_SHIFT 8 /* oparg is 1 << oparg */
#define FUTEX_OP_CMP_EQ	     0
#define FUTEX_OP_CMP_NE	     1
#define FUTEX_OP_CMP_LT	     2
#define FUTEX_OP_CMP_LE	     3
#define FUTEX_OP_CMP_GT	     4
#define FUTEX_OP_CMP_GE	     5

/* Robust futex words. */
#define FUTEX_WAITERS	  0x80000000u
#define FUTEX_OWNER_DIED  0x40000000u
#define FUTEX_TID_MASK	  0x3fffffffu
#define ROBUST_LIST_LIMIT 2048
/* struct robust_list_head: list.next, futex_offset, list_op_pending */
#define ROBUST_LIST_HEAD_SIZE 24

/*
 * Keys. A private futex (FUTEX_PRIVATE_FLAG) is keyed by the address
 * space (the frame's vm_space) and the address. A shared one by the
 * physical page behind the address and the offset in it, so that
 * processes mapping the same MAP_SHARED object meet; the page is looked
 * up after a write access has made it this space's own (copy-on-write
 * resolved), and when it cannot be (a read-only mapping), the key falls
 * back to the private one.
 */

/*
 * futex_wake() - wake up to @n waiters on the private futex at @uaddr of
 * @space (CLONE_CHILD_CLEARTID at thread exit, with the exiting thread's
 * space: mm_space(mm)). Returns how many were woken, or -EINVAL for an
 * unaligned address. Shared waiters on the same word are woken as well.
 */
int futex_wake(struct vm_space *space, uaddr_t uaddr, int n);

/*
 * futex_exit_robust() - the exit-time walk of the calling thread's robust
 * list at @head (set_robust_list's, @len must be ROBUST_LIST_HEAD_SIZE):
 * every lock word (entry + futex_offset) whose owner TID is @tid gets
 * FUTEX_OWNER_DIED set (TID cleared, FUTEX_WAITERS kept) and, if it had
 * waiters, one of them is woken; the list_op_pending entry too. Stops
 * after ROBUST_LIST_LIMIT entries or at a fault. Returns how many words
 * were marked, or -errno when the head cannot be read.
 */
int futex_exit_robust(uaddr_t head, size_t len, int tid);

/*
 * futex_wake_op_apply() - FUTEX_WAKE_OP's arithmetic on @old with the
 * encoded @encoded_op: the new value in *@new_val and whether the
 * comparison holds on @old. -ENOSYS for an unknown operation or
 * comparison. Exposed for tests.
 */
int futex_wake_op_apply(uint32_t encoded_op, uint32_t old, uint32_t *new_val,
			bool *cmp);

#endif /* FUTEX_FUTEX_H */
