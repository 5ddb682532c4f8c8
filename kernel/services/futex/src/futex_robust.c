/* SPDX-License-Identifier: MIT */
/* Robust futex lists: marking a dead owner's locks at thread exit. */
#include "futex_internal.h"

#include <frame/errno.h>
#include <frame/vm.h>

struct robust_head_user {
	uint64_t next;
	int64_t futex_offset;
	uint64_t list_op_pending;
};

_Static_assert(sizeof(struct robust_head_user) == ROBUST_LIST_HEAD_SIZE,
	       "robust_list_head");

/*
 * The owner died: if the word at @uaddr names @tid, it becomes
 * FUTEX_OWNER_DIED (keeping FUTEX_WAITERS) and one waiter is woken.
 * Whether it was marked.
 */
static bool futex_owner_died(struct vm_space *space, uaddr_t uaddr, int tid)
{
	uint32_t cur, old, want;

	if (uaddr_value(uaddr) & 3)
		return false;
	if (frame_user_load_u32(uaddr, &cur))
		return false;
	for (int tries = 0; tries < 16; tries++) {
		if ((cur & FUTEX_TID_MASK) != (uint32_t)tid)
			return false;
		want = (cur & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (frame_user_cmpxchg_u32(uaddr, cur, want, &old))
			return false;
		if (old == cur) {
			if (cur & FUTEX_WAITERS)
				futex_wake(space, uaddr, 1);
			return true;
		}
		cur = old;
	}
	return false;
}

static int futex_read_u64(uint64_t addr, uint64_t *out)
{
	return frame_copy_from_user(out, uaddr_from_syscall_arg(addr),
				    sizeof(*out));
}

int futex_exit_robust(uaddr_t head, size_t len, int tid)
{
	struct robust_head_user h;
	struct vm_space *space;
	uint64_t entry, pending, head_addr = uaddr_value(head);
	int marked = 0;

	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	if (frame_copy_from_user(&h, head, sizeof(h)))
		return -EFAULT;
	space = vm_space_current();
	if (!space)
		return -EFAULT;
	/* Bit 0 of a link says the lock is a PI one; the address is the
	 * rest. */
	entry = h.next & ~1ull;
	pending = h.list_op_pending & ~1ull;
	for (int n = 0; entry != head_addr && n < ROBUST_LIST_LIMIT; n++) {
		uint64_t next;

		/* Fetch the link first: the owner-died wake-up lets another
		 * thread reuse the entry. */
		if (futex_read_u64(entry, &next))
			break;
		if (entry != pending &&
		    futex_owner_died(space,
				     uaddr_from_syscall_arg(
					     entry + (uint64_t)h.futex_offset),
				     tid))
			marked++;
		entry = next & ~1ull;
	}
	if (pending &&
	    futex_owner_died(
		    space,
		    uaddr_from_syscall_arg(pending + (uint64_t)h.futex_offset),
		    tid))
		marked++;
	vm_space_put(space);
	return marked;
}
