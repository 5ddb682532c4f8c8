/* SPDX-License-Identifier: MIT */
/* futex.c - futex(2): wait and wake (private and across processes),
 * value mismatch, relative and absolute time-outs on both clocks, bitsets,
 * CMP_REQUEUE, WAKE_OP, errors, and a robust list's owner-died marking. */
#include "abi.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

/* The futex ABI (musl's headers do not carry the kernel's). */
#define FUTEX_WAIT		  0
#define FUTEX_WAKE		  1
#define FUTEX_REQUEUE		  3
#define FUTEX_CMP_REQUEUE	  4
#define FUTEX_WAKE_OP		  5
#define FUTEX_WAIT_BITSET	  9
#define FUTEX_WAKE_BITSET	  10
#define FUTEX_PRIVATE_FLAG	  128
#define FUTEX_CLOCK_REALTIME	  256
#define FUTEX_WAIT_PRIVATE	  (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE	  (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE	  (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY	  0xffffffffu
#define FUTEX_OWNER_DIED	  0x40000000u
#define FUTEX_OP_SET		  0
#define FUTEX_OP_ADD		  1
#define FUTEX_OP_CMP_EQ		  0
#define FUTEX_OP(op, oparg, cmp, cmparg)                                      \
	((((op)&0xf) << 28) | (((cmp)&0xf) << 24) | (((oparg)&0xfff) << 12) | \
	 ((cmparg)&0xfff))

struct robust_list {
	struct robust_list *next;
};

struct robust_list_head {
	struct robust_list list;
	long futex_offset;
	struct robust_list *list_op_pending;
};

static long fx(uint32_t *uaddr, int op, uint32_t val, const struct timespec *t,
	       uint32_t *u2, uint32_t v3)
{
	return syscall(SYS_futex, uaddr, op, val, t, u2, v3);
}

static void nap_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

static long elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 +
	       (b.tv_nsec - a->tv_nsec) / 1000000;
}

static uint32_t word_a, word_b;
static int waiting, woken_ok;
static uint32_t waiter_bits = FUTEX_BITSET_MATCH_ANY;

struct waiter {
	uint32_t *word;
	uint32_t bits;
	long ret;
};

static void *waiter(void *arg)
{
	struct waiter *w = arg;

	__atomic_add_fetch(&waiting, 1, __ATOMIC_SEQ_CST);
	w->ret = fx(w->word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, NULL,
		    NULL, w->bits);
	__atomic_add_fetch(&woken_ok, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* FUTEX_WAKE until n have been woken or 5 s went by: a waiter counted
 * as started may not have reached the kernel yet on a loaded machine.
 * Returns the total, or the first result that is not a count. */
static long wake_until(uint32_t *word, int op, int n, uint32_t bits)
{
	long total = 0, r;
	int tries;

	for (tries = 0; tries < 250; tries++) {
		r = fx(word, op, (uint32_t)(n - total), NULL, NULL, bits);
		if (r < 0)
			return r;
		total += r;
		if (total >= n)
			break;
		nap_ms(20);
	}
	return total;
}

static void start_waiters(pthread_t *t, struct waiter *w, int n)
{
	int i;

	waiting = woken_ok = 0;
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, waiter, &w[i]);
	while (__atomic_load_n(&waiting, __ATOMIC_SEQ_CST) < n)
		sched_yield();
	nap_ms(100);
}

static void test_wait_wake(void)
{
	struct timespec t0, rel = { 0, 100000000 }, abs;
	pthread_t t[4];
	struct waiter w[4];
	int i;

	word_a = 1;
	CHECK_ERR("wait.value_mismatch",
		  fx(&word_a, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EAGAIN);
	CHECK_EQ("wake.nobody",
		 fx(&word_a, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_ERR("wait.timeout_relative",
		  fx(&word_a, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0), ETIMEDOUT);
	CHECK("wait.timeout_waited", elapsed_ms(&t0) >= 90);
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 100000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_ERR("wait_bitset.abs_monotonic",
		  fx(&word_a, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL,
		     FUTEX_BITSET_MATCH_ANY),
		  ETIMEDOUT);
	CHECK("wait_bitset.abs_monotonic_waited", elapsed_ms(&t0) >= 90);
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 100000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_ERR("wait_bitset.abs_realtime",
		  fx(&word_a, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME,
		     1, &abs, NULL, FUTEX_BITSET_MATCH_ANY),
		  ETIMEDOUT);
	CHECK("wait_bitset.abs_realtime_waited", elapsed_ms(&t0) >= 90);
	rel.tv_nsec = 1000000000;
	CHECK_ERR("wait.bad_timeout",
		  fx(&word_a, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0), EINVAL);
	CHECK_ERR("wait_bitset.zero_bits",
		  fx(&word_a, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0),
		  EINVAL);
	CHECK_ERR("wait.unaligned",
		  fx((uint32_t *)((char *)&word_a + 1), FUTEX_WAIT_PRIVATE, 1,
		     NULL, NULL, 0),
		  EINVAL);
	CHECK_ERR("wait.efault",
		  fx((uint32_t *)16, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0),
		  EFAULT);
	CHECK_ERR("op.unknown", fx(&word_a, 99, 0, NULL, NULL, 0), ENOSYS);

	/* wake counts: 4 waiters, wake 1 then the rest */
	word_a = 0;
	for (i = 0; i < 4; i++)
		w[i] = (struct waiter){ &word_a, FUTEX_BITSET_MATCH_ANY, -2 };
	start_waiters(t, w, 4);
	CHECK_EQ("wake.one", wake_until(&word_a, FUTEX_WAKE_PRIVATE, 1, 0), 1);
	nap_ms(50);
	CHECK_EQ("wake.one_woke", __atomic_load_n(&woken_ok, __ATOMIC_SEQ_CST),
		 1);
	CHECK_EQ("wake.rest", wake_until(&word_a, FUTEX_WAKE_PRIVATE, 3, 0), 3);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK("wait.returned_zero",
	      w[0].ret == 0 && w[1].ret == 0 && w[2].ret == 0 && w[3].ret == 0);

	/* bitsets: a wake with bit 2 wakes only the waiter with bit 2 */
	w[0] = (struct waiter){ &word_a, 1, -2 };
	w[1] = (struct waiter){ &word_a, 2, -2 };
	start_waiters(t, w, 2);
	CHECK_EQ("wake_bitset.match",
		 wake_until(&word_a, FUTEX_WAKE_BITSET_PRIVATE, 1, 2), 1);
	pthread_join(t[1], NULL);
	CHECK_EQ("wake_bitset.no_match",
		 fx(&word_a, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 4),
		 0);
	CHECK_EQ("wake_bitset.other",
		 wake_until(&word_a, FUTEX_WAKE_PRIVATE, 1, 0), 1);
	pthread_join(t[0], NULL);
	(void)waiter_bits;
}

static void test_requeue(void)
{
	pthread_t t[4];
	struct waiter w[4];
	int i;

	word_a = 0;
	word_b = 0;
	for (i = 0; i < 4; i++)
		w[i] = (struct waiter){ &word_a, FUTEX_BITSET_MATCH_ANY, -2 };
	start_waiters(t, w, 4);
	CHECK_ERR("cmp_requeue.mismatch",
		  fx(&word_a, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2L, &word_b,
		     5),
		  EAGAIN);
	/* wake 1, move 2 to b: returns woken + requeued */
	CHECK_EQ("cmp_requeue.count",
		 fx(&word_a, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2L, &word_b,
		    0),
		 3);
	CHECK_EQ("requeue.moved_to_b",
		 wake_until(&word_b, FUTEX_WAKE_PRIVATE, 2, 0), 2);
	CHECK_EQ("requeue.left_on_a",
		 wake_until(&word_a, FUTEX_WAKE_PRIVATE, 1, 0), 1);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);

	/* WAKE_OP: b = b + 1 (old 0), wake 1 on a; wake 1 on b if old == 0 */
	for (i = 0; i < 2; i++)
		w[i] = (struct waiter){ i ? &word_b : &word_a,
					FUTEX_BITSET_MATCH_ANY, -2 };
	start_waiters(t, w, 2);
	CHECK_EQ("wake_op.count",
		 fx(&word_a, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word_b,
		    FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)),
		 2);
	CHECK_EQ("wake_op.stored", word_b, 1);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	word_b = 5;
	CHECK_EQ("wake_op.cmp_false",
		 fx(&word_a, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word_b,
		    FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 0)),
		 0);
	CHECK_EQ("wake_op.set", word_b, 7);
}

struct robust_shared {
	uint32_t lock;
	uint32_t started;
	struct robust_list entry;
};

static void test_shared_and_robust(void)
{
	struct robust_shared *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct robust_list_head head;
	struct robust_list_head *gh;
	size_t glen;
	pid_t pid;
	int st;

	/* a non-private futex in shared memory wakes another process */
	sh->lock = 0;
	pid = fork();
	if (pid == 0) {
		long r;

		__atomic_store_n(&sh->started, 1, __ATOMIC_SEQ_CST);
		r = fx(&sh->lock, FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(r == 0 ? 0 : 1);
	}
	while (!__atomic_load_n(&sh->started, __ATOMIC_SEQ_CST))
		sched_yield();
	nap_ms(100);
	CHECK_EQ("shared.wake_other_process",
		 wake_until(&sh->lock, FUTEX_WAKE, 1, 0), 1);
	waitpid(pid, &st, 0);
	CHECK("shared.waiter_ok", WIFEXITED(st) && WEXITSTATUS(st) == 0);

	CHECK_ERR("set_robust_list.bad_len",
		  syscall(SYS_set_robust_list, &head, sizeof(head) + 1),
		  EINVAL);
	CHECK_OK("get_robust_list.self",
		 syscall(SYS_get_robust_list, 0, &gh, &glen));
	CHECK_EQ("get_robust_list.len", glen, sizeof(struct robust_list_head));

	/* a process dies holding a robust lock: the kernel marks it */
	sh->started = 0;
	pid = fork();
	if (pid == 0) {
		struct robust_list_head h;

		h.list.next = &sh->entry;
		h.futex_offset = (long)((char *)&sh->lock - (char *)&sh->entry);
		h.list_op_pending = NULL;
		sh->entry.next = &h.list;
		sh->lock = (uint32_t)syscall(SYS_gettid);
		if (syscall(SYS_set_robust_list, &h, sizeof(h)) != 0)
			_exit(2);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK("robust.child_ok", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_EQ("robust.owner_died", sh->lock, FUTEX_OWNER_DIED);
	munmap(sh, 4096);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_wait_wake();
	test_requeue();
	test_shared_and_robust();
	return abi_end();
}
