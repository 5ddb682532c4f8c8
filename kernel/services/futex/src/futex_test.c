/* SPDX-License-Identifier: MIT */
/* KTESTs: WAKE_OP arithmetic, wait and wake between kernel tasks in one
 * user space, requeue, bitsets, errors, and the robust-list walk. */
#include "futex_ops.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/task.h>
#include <frame/time.h>
#include <frame/vm.h>
#include <futex/syscalls.h>

#define FT_BASE	 0x600000ul
#define FT_PAGES 4
#define FT_A	 (FT_BASE + 0x100)
#define FT_B	 (FT_BASE + 0x200)
#define FT_TS	 (FT_BASE + 0x300)

#define FT_OP(op, oparg, cmp, cmparg)                                   \
	((((uint32_t)(op)&0xf) << 28) | (((uint32_t)(cmp)&0xf) << 24) | \
	 (((uint32_t)(oparg)&0xfff) << 12) | ((uint32_t)(cmparg)&0xfff))

KTEST(futex_wake_op_arithmetic)
{
	uint32_t v;
	bool c;

	KT_ASSERT_OK(futex_wake_op_apply(
		FT_OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 3), 3, &v, &c));
	KT_ASSERT_EQ(v, 5u);
	KT_ASSERT(c);
	KT_ASSERT_OK(futex_wake_op_apply(
		FT_OP(FUTEX_OP_ADD, 2, FUTEX_OP_CMP_NE, 3), 3, &v, &c));
	KT_ASSERT_EQ(v, 5u);
	KT_ASSERT(!c);
	KT_ASSERT_OK(futex_wake_op_apply(
		FT_OP(FUTEX_OP_OR, 0x10, FUTEX_OP_CMP_LT, 4), 3, &v, &c));
	KT_ASSERT_EQ(v, 0x13u);
	KT_ASSERT(c);
	KT_ASSERT_OK(futex_wake_op_apply(
		FT_OP(FUTEX_OP_ANDN, 1, FUTEX_OP_CMP_LE, 2), 3, &v, &c));
	KT_ASSERT_EQ(v, 2u);
	KT_ASSERT(!c);
	KT_ASSERT_OK(futex_wake_op_apply(
		FT_OP(FUTEX_OP_XOR, 6, FUTEX_OP_CMP_GT, 2), 3, &v, &c));
	KT_ASSERT_EQ(v, 5u);
	KT_ASSERT(c);
	/* oparg as a shift; cmparg sign-extended from 12 bits. */
	KT_ASSERT_OK(
		futex_wake_op_apply(FT_OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT,
					  31, FUTEX_OP_CMP_GE, 0xfff),
				    0, &v, &c));
	KT_ASSERT_EQ(v, 0x80000000u);
	KT_ASSERT(c); /* 0 >= -1 */
	KT_ASSERT_OK(futex_wake_op_apply(
		FT_OP(FUTEX_OP_ADD, 0xfff, FUTEX_OP_CMP_LT, 0), 0xffffffffu, &v,
		&c));
	KT_ASSERT_EQ(v, 0xfffffffeu); /* -1 + -1 */
	KT_ASSERT(c);		      /* -1 < 0: signed */
	KT_ASSERT_ERR(futex_wake_op_apply(FT_OP(6, 0, 0, 0), 0, &v, &c),
		      -ENOSYS);
	KT_ASSERT_ERR(futex_wake_op_apply(FT_OP(0, 0, 6, 0), 0, &v, &c),
		      -ENOSYS);
}

/* A user space for the test tasks. */
static struct vm_space *ft_space(void)
{
	struct vm_space *s = vm_space_create();
	struct frame_page *p = frame_page_alloc(2, FRAME_PAGE_ZERO);
	struct vm_cursor c;
	int err = -ENOMEM;

	if (s && p &&
	    !vm_cursor_open(&c, s, uaddr_from_syscall_arg(FT_BASE),
			    FT_PAGES * VM_PAGE_SIZE)) {
		err = vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE);
		vm_cursor_close(&c);
	}
	if (p)
		frame_page_put(p);
	if (err && s) {
		vm_space_put(s);
		s = NULL;
	}
	return s;
}

static void ft_put(uint64_t addr, uint32_t v)
{
	frame_copy_to_user(uaddr_from_syscall_arg(addr), &v, sizeof(v));
}

static uint32_t ft_get(uint64_t addr)
{
	uint32_t v = 0xdeadu;

	frame_copy_from_user(&v, uaddr_from_syscall_arg(addr), sizeof(v));
	return v;
}

static int ft_bucket_count(uint64_t key_addr)
{
	struct futex_key k = { .addr = key_addr };
	struct futex_bucket *b = futex_bucket_of(&k);
	uint64_t fl = frame_spin_lock_irqsave(&b->lock);
	int n = 0;

	for (struct futex_waiter *w = b->head; w; w = w->next)
		n += w->key.addr == key_addr;
	frame_spin_unlock_irqrestore(&b->lock, fl);
	return n;
}

/* How many tasks wait on a futex at @addr: private keys carry the
 * address, shared ones the offset in the block mapped at FT_BASE. */
static int ft_waiters(uint64_t addr)
{
	return ft_bucket_count(addr) + ft_bucket_count(addr - FT_BASE);
}

struct ft_waiter {
	struct task_entry entry;
	struct vm_space *space;
	uint64_t args[6];
	long result;
	struct task *task;
};

static int ft_waiter_fn(struct task_entry *entry)
{
	struct ft_waiter *w = container_of(entry, struct ft_waiter, entry);

	vm_space_activate(w->space);
	w->result = sys_futex(w->args);
	vm_space_activate(NULL);
	return 0;
}

static bool ft_start_ts(struct ft_waiter *w, struct vm_space *s, uint64_t addr,
			uint64_t op, uint32_t val, uint32_t bitset, uint64_t ts)
{
	w->space = s;
	w->args[0] = addr;
	w->args[1] = op;
	w->args[2] = val;
	w->args[3] = ts;
	w->args[4] = 0;
	w->args[5] = bitset;
	w->result = 1;
	task_entry_init(&w->entry, ft_waiter_fn);
	w->task = task_spawn("futexwait", &w->entry, TASK_PRIO_NORMAL);
	return w->task != NULL;
}

static bool ft_start(struct ft_waiter *w, struct vm_space *s, uint64_t addr,
		     uint64_t op, uint32_t val, uint32_t bitset)
{
	return ft_start_ts(w, s, addr, op, val, bitset, 0);
}

/* Wait until @n tasks are queued on the bucket of @addr (5 s at most). */
static bool ft_queued(uint64_t addr, int n)
{
	for (int i = 0; i < 500; i++) {
		if (ft_waiters(addr) >= n)
			return true;
		task_sleep_ns(10000000);
	}
	return false;
}

static long ft_futex(uint64_t addr, uint64_t op, uint64_t val, uint64_t arg4,
		     uint64_t addr2, uint64_t val3)
{
	uint64_t a[6] = { addr, op, val, arg4, addr2, val3 };

	return sys_futex(a);
}

KTEST(futex_wait_wake_between_tasks)
{
	struct vm_space *s = ft_space();
	struct ft_waiter w1, w2;
	bool q1 = false, q2 = false;
	long woke_private = -1, woke_shared = -1;

	KT_ASSERT_NOT_NULL(s);
	vm_space_activate(s);
	ft_put(FT_A, 0);
	if (ft_start(&w1, s, FT_A, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0)) {
		q1 = ft_queued(FT_A, 1);
		ft_put(FT_A, 1);
		woke_private = ft_futex(FT_A, FUTEX_WAKE | FUTEX_PRIVATE_FLAG,
					1, 0, 0, 0);
		task_join(w1.task);
	}
	/* A shared futex, woken through the kernel's futex_wake(). */
	if (ft_start(&w2, s, FT_B, FUTEX_WAIT, 0, 0)) {
		q2 = ft_queued(FT_B, 1);
		woke_shared = futex_wake(s, uaddr_from_syscall_arg(FT_B), 1);
		task_join(w2.task);
	}
	vm_space_activate(NULL);
	vm_space_put(s);
	KT_ASSERT(q1);
	KT_ASSERT_EQ(woke_private, 1);
	KT_ASSERT_EQ(w1.result, 0);
	KT_ASSERT(q2);
	KT_ASSERT_EQ(woke_shared, 1);
	KT_ASSERT_EQ(w2.result, 0);
}

KTEST(futex_errors_and_timeouts)
{
	struct vm_space *s = ft_space();
	const uint64_t priv = FUTEX_PRIVATE_FLAG;
	int64_t ts[2] = { 0, 10000000 }; /* 10 ms */
	long r[10];
	uint64_t t0, waited;

	KT_ASSERT_NOT_NULL(s);
	vm_space_activate(s);
	ft_put(FT_A, 5);
	frame_copy_to_user(uaddr_from_syscall_arg(FT_TS), ts, sizeof(ts));
	r[0] = ft_futex(FT_A, FUTEX_WAIT | priv, 4, 0, 0, 0);
	t0 = frame_clock_monotonic_ns();
	r[1] = ft_futex(FT_A, FUTEX_WAIT | priv, 5, FT_TS, 0, 0);
	waited = frame_clock_monotonic_ns() - t0;
	r[2] = ft_futex(FT_A + 1, FUTEX_WAIT | priv, 5, 0, 0, 0);
	r[3] = ft_futex(FT_A, FUTEX_LOCK_PI | priv, 0, 0, 0, 0);
	r[4] = ft_futex(FT_A, FUTEX_WAIT_BITSET | priv, 5, 0, 0, 0);
	r[5] = ft_futex(FT_A, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, 0, 0, 0);
	/* WAIT_BITSET's timeout is absolute: 10 ms after boot is past. */
	r[6] = ft_futex(FT_A, FUTEX_WAIT_BITSET | priv, 5, FT_TS, 0,
			FUTEX_BITSET_MATCH_ANY);
	r[7] = ft_futex(FT_A, FUTEX_WAKE | priv, 1, 0, 0, 0);
	r[8] = ft_futex(FT_A, 99, 0, 0, 0, 0);
	ts[1] = 1000000000;
	frame_copy_to_user(uaddr_from_syscall_arg(FT_TS), ts, sizeof(ts));
	r[9] = ft_futex(FT_A, FUTEX_WAIT | priv, 5, FT_TS, 0, 0);
	vm_space_activate(NULL);
	vm_space_put(s);
	KT_ASSERT_EQ(r[0], -EAGAIN);
	KT_ASSERT_EQ(r[1], -ETIMEDOUT);
	KT_ASSERT_GE(waited, 10000000u);
	KT_ASSERT_EQ(r[2], -EINVAL);
	KT_ASSERT_EQ(r[3], -ENOSYS);
	KT_ASSERT_EQ(r[4], -EINVAL); /* bitset 0 */
	KT_ASSERT_EQ(r[5], -ENOSYS);
	KT_ASSERT_EQ(r[6], -ETIMEDOUT);
	KT_ASSERT_EQ(r[7], 0);
	KT_ASSERT_EQ(r[8], -ENOSYS);
	KT_ASSERT_EQ(r[9], -EINVAL);
}

/* The operation is checked before its addresses, the second futex only
 * for the operations that have one, as on Linux. */
KTEST(futex_operation_checked_before_its_addresses)
{
	struct vm_space *s = ft_space();
	const uint64_t priv = FUTEX_PRIVATE_FLAG;
	long r[8];

	KT_ASSERT_NOT_NULL(s);
	vm_space_activate(s);
	ft_put(FT_A, 5);
	ft_put(FT_B, 0);
	r[0] = ft_futex(FT_A + 1, FUTEX_LOCK_PI | priv, 0, 0, 0, 0);
	r[1] = ft_futex(FT_A + 1, ~0ull, 0, 0, 0, 0);
	r[2] = ft_futex(FT_A + 1, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, 0, 0,
			0);
	r[3] = ft_futex(FT_A, FUTEX_REQUEUE | priv, 1, 1, FT_B + 2, 0);
	r[4] = ft_futex(FT_A, FUTEX_CMP_REQUEUE | priv, 1, 1, FT_B + 1, 5);
	/* an unknown WAKE_OP encoding still loses to a misaligned futex */
	r[5] = ft_futex(FT_A, FUTEX_WAKE_OP | priv, 1, 1, FT_B + 3,
			FT_OP(15, 0, 0, 0));
	r[6] = ft_futex(FT_A, FUTEX_WAKE_OP | priv, 1, 1, FT_B,
			FT_OP(15, 0, 0, 0));
	/* WAKE has no second futex: whatever is there is not looked at */
	r[7] = ft_futex(FT_A, FUTEX_WAKE | priv, 1, 0, FT_B + 1, 0);
	vm_space_activate(NULL);
	vm_space_put(s);
	KT_ASSERT_EQ(r[0], -ENOSYS);
	KT_ASSERT_EQ(r[1], -ENOSYS);
	KT_ASSERT_EQ(r[2], -ENOSYS);
	KT_ASSERT_EQ(r[3], -EINVAL);
	KT_ASSERT_EQ(r[4], -EINVAL);
	KT_ASSERT_EQ(r[5], -EINVAL);
	KT_ASSERT_EQ(r[6], -ENOSYS);
	KT_ASSERT_EQ(r[7], 0);
}

KTEST(futex_requeue_bitset_and_wake_op)
{
	struct vm_space *s = ft_space();
	const uint64_t priv = FUTEX_PRIVATE_FLAG;
	struct ft_waiter w[3];
	long r[8] = { 0 };
	bool queued = false, started = true;
	uint32_t b_after = 0;

	KT_ASSERT_NOT_NULL(s);
	vm_space_activate(s);
	ft_put(FT_A, 0);
	ft_put(FT_B, 0);
	/* Two waiters on A, one with bitset 2 on B. */
	started &= ft_start(&w[0], s, FT_A, FUTEX_WAIT | priv, 0, 0);
	if (started)
		queued = ft_queued(FT_A, 1);
	started &= ft_start(&w[1], s, FT_A, FUTEX_WAIT | priv, 0, 0);
	started &= ft_start(&w[2], s, FT_B, FUTEX_WAIT_BITSET | priv, 0, 2);
	if (started)
		queued = queued && ft_queued(FT_A, 2) && ft_queued(FT_B, 1);
	if (started && queued) {
		/* nr_wake 0, nr_requeue 0: nothing happens. */
		r[6] = ft_futex(FT_A, FUTEX_REQUEUE | priv, 0, 0, FT_B, 0);
		r[0] = ft_futex(FT_A, FUTEX_CMP_REQUEUE | priv, 1, 1, FT_B, 7);
		r[1] = ft_futex(FT_A, FUTEX_CMP_REQUEUE | priv, 1, 1, FT_B, 0);
		/* Now B has the bitset-2 waiter and one requeued from A. */
		r[2] = ft_futex(FT_B, FUTEX_WAKE_BITSET | priv, 8, 0, 0, 1);
		/* WAKE_OP: B += 1 (was 0, so cmp EQ 0 holds): wake on A
		 * (none left) and on B (both). */
		r[3] = ft_futex(FT_A, FUTEX_WAKE_OP | priv, 1, 8, FT_B,
				FT_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0));
		b_after = ft_get(FT_B);
		r[4] = ft_futex(FT_A, FUTEX_WAKE_OP | priv, 1, 8, FT_B + 2,
				FT_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0));
		r[5] = ft_futex(FT_A, FUTEX_CMP_REQUEUE | priv, (uint64_t)-1, 1,
				FT_B, 0);
	}
	for (int i = 0; i < 3; i++) {
		if (!started)
			break;
		if (w[i].result == 1) /* still asleep after a failure */
			futex_wake(s, uaddr_from_syscall_arg(w[i].args[0]), 8);
		task_join(w[i].task);
	}
	vm_space_activate(NULL);
	vm_space_put(s);
	KT_ASSERT(started);
	KT_ASSERT(queued);
	KT_ASSERT_EQ(r[6], 0);
	KT_ASSERT_EQ(r[0], -EAGAIN);
	KT_ASSERT_EQ(r[1], 2); /* one woken, one moved */
	KT_ASSERT_EQ(r[2], 1); /* only the requeued one matches bitset 1 */
	KT_ASSERT_EQ(r[3], 1); /* the bitset-2 waiter on B */
	KT_ASSERT_EQ(b_after, 1u);
	KT_ASSERT_EQ(r[4], -EINVAL);
	KT_ASSERT_EQ(r[5], -EINVAL);
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(w[i].result, 0);
}

/* A robust list in user memory: head, then entries with their lock word
 * 16 bytes on. */
static void ft_link(uint64_t entry, uint64_t next)
{
	frame_copy_to_user(uaddr_from_syscall_arg(entry), &next, sizeof(next));
}

KTEST(futex_robust_list_walk)
{
	struct vm_space *s = ft_space();
	const uint64_t head = FT_BASE + 0x1000;
	const uint64_t e1 = head + 0x100, e2 = head + 0x200, e3 = head + 0x300;
	const uint64_t e4 = head + 0x400, loop = head + 0x500;
	const int64_t off = 16;
	int marked = -1, looped = -1, bad_len = 0;
	uint32_t w1, w2, w3, w4;

	KT_ASSERT_NOT_NULL(s);
	vm_space_activate(s);
	ft_link(head, e1);
	frame_copy_to_user(uaddr_from_syscall_arg(head + 8), &off, 8);
	ft_link(head + 16, e4); /* list_op_pending */
	ft_link(e1, e2);
	ft_link(e2, e3 | 1); /* bit 0: a PI lock, the address is the rest */
	ft_link(e3, head);
	ft_put(e1 + off, 42);
	ft_put(e2 + off, 42 | FUTEX_WAITERS);
	ft_put(e3 + off, 7); /* another owner: untouched */
	ft_put(e4 + off, 42);
	marked = futex_exit_robust(uaddr_from_syscall_arg(head),
				   ROBUST_LIST_HEAD_SIZE, 42);
	w1 = ft_get(e1 + off);
	w2 = ft_get(e2 + off);
	w3 = ft_get(e3 + off);
	w4 = ft_get(e4 + off);
	/* A cycle that never comes back to the head ends at the limit. */
	ft_link(head, loop);
	ft_link(head + 16, 0);
	ft_link(loop, loop);
	ft_put(loop + off, 42);
	looped = futex_exit_robust(uaddr_from_syscall_arg(head),
				   ROBUST_LIST_HEAD_SIZE, 42);
	bad_len = futex_exit_robust(uaddr_from_syscall_arg(head), 16, 42);
	vm_space_activate(NULL);
	vm_space_put(s);
	KT_ASSERT_EQ(marked, 3);
	KT_ASSERT_EQ(w1, FUTEX_OWNER_DIED);
	KT_ASSERT_EQ(w2, FUTEX_OWNER_DIED | FUTEX_WAITERS);
	KT_ASSERT_EQ(w3, 7u);
	KT_ASSERT_EQ(w4, FUTEX_OWNER_DIED);
	KT_ASSERT_EQ(looped, 1); /* marked once, then no longer ours */
	KT_ASSERT_EQ(bad_len, -EINVAL);
}

/* A waiter that task_interrupt() ends: -ERESTARTSYS without a timeout,
 * -ERESTART_RESTARTBLOCK with one (restarting with the same deadline). */
KTEST(futex_wait_interrupted_restarts)
{
	struct vm_space *s = ft_space();
	struct ft_waiter w1, w2;
	int64_t ts[2] = { 60, 0 };
	bool q1 = false, q2 = false;

	KT_ASSERT_NOT_NULL(s);
	vm_space_activate(s);
	ft_put(FT_A, 3);
	frame_copy_to_user(uaddr_from_syscall_arg(FT_TS), ts, sizeof(ts));
	if (ft_start(&w1, s, FT_A, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 3, 0)) {
		q1 = ft_queued(FT_A, 1);
		task_interrupt(w1.task);
		task_join(w1.task);
	}
	if (ft_start_ts(&w2, s, FT_A, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 3, 0,
			FT_TS)) {
		q2 = ft_queued(FT_A, 1);
		task_interrupt(w2.task);
		task_join(w2.task);
	}
	vm_space_activate(NULL);
	vm_space_put(s);
	KT_ASSERT(q1);
	KT_ASSERT_EQ(w1.result, -ERESTARTSYS);
	KT_ASSERT(q2);
	KT_ASSERT_EQ(w2.result, -ERESTART_RESTARTBLOCK);
	KT_ASSERT_EQ(ft_waiters(FT_A), 0);
}

/* Two address spaces mapping one page at different addresses meet on a
 * shared futex, and not on a private one. */
KTEST(futex_shared_key_across_spaces)
{
	struct vm_space *s1 = vm_space_create(), *s2 = vm_space_create();
	struct frame_page *p = frame_page_alloc(0, FRAME_PAGE_ZERO);
	const uint64_t at1 = 0x700000, at2 = 0x900000, off = 0x40;
	struct vm_cursor c;
	struct ft_waiter w;
	bool mapped = false, queued = false;
	long priv = -1, shared = -1;

	KT_ASSERT_NOT_NULL(s1);
	KT_ASSERT_NOT_NULL(s2);
	KT_ASSERT_NOT_NULL(p);
	if (!vm_cursor_open(&c, s1, uaddr_from_syscall_arg(at1),
			    VM_PAGE_SIZE)) {
		mapped = !vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE);
		vm_cursor_close(&c);
	}
	if (mapped && !vm_cursor_open(&c, s2, uaddr_from_syscall_arg(at2),
				      VM_PAGE_SIZE)) {
		mapped = !vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE);
		vm_cursor_close(&c);
	}
	if (mapped && ft_start(&w, s1, at1 + off, FUTEX_WAIT, 0, 0)) {
		queued = ft_queued(off, 1);
		vm_space_activate(s2);
		priv = ft_futex(at2 + off, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1,
				0, 0, 0);
		shared = ft_futex(at2 + off, FUTEX_WAKE, 1, 0, 0, 0);
		vm_space_activate(NULL);
		if (shared != 1)
			futex_wake(s1, uaddr_from_syscall_arg(at1 + off), 1);
		task_join(w.task);
	}
	frame_page_put(p);
	vm_space_put(s1);
	vm_space_put(s2);
	KT_ASSERT(mapped);
	KT_ASSERT(queued);
	KT_ASSERT_EQ(priv, 0);
	KT_ASSERT_EQ(shared, 1);
	KT_ASSERT_EQ(w.result, 0);
}
