/* SPDX-License-Identifier: MIT */
/* futex(2): decode the operation, check its arguments, dispatch. */
#include "futex_ops.h"

#include <frame/errno.h>
#include <frame/time.h>
#include <futex/syscalls.h>
#include <signal/signal.h>

struct timespec_user {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct futex_args {
	int cmd;
	bool shared, realtime;
	uaddr_t uaddr, uaddr2;
	uint32_t val, val3;
	uint64_t arg4; /* timeout pointer, or val2 */
};

/* The monotonic deadline for FUTEX_WAIT's relative timeout or
 * WAIT_BITSET's absolute one (on CLOCK_REALTIME with the flag: moved to
 * the monotonic clock now; later clock changes do not move it). */
static int futex_deadline(const struct futex_args *f, uint64_t *deadline)
{
	struct timespec_user ts;
	uint64_t ns;

	*deadline = FRAME_WAIT_FOREVER;
	if (!f->arg4)
		return 0;
	if (frame_copy_from_user(&ts, uaddr_from_syscall_arg(f->arg4),
				 sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	if ((uint64_t)ts.tv_sec > (1ull << 62) / 1000000000)
		return 0; /* too far to ever come */
	ns = (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
	if (f->cmd == FUTEX_WAIT) {
		*deadline = frame_clock_monotonic_ns() + ns;
	} else if (f->realtime) {
		uint64_t now = frame_clock_realtime_ns();

		*deadline =
			frame_clock_monotonic_ns() + (ns > now ? ns - now : 0);
	} else {
		*deadline = ns;
	}
	return 0;
}

/* The operations served (none with priority inheritance), those that take
 * FUTEX_CLOCK_REALTIME, and those with a second futex. */
#define FUTEX_BIT(cmd) (1u << (cmd))
#define FUTEX_SERVED                                               \
	(FUTEX_BIT(FUTEX_WAIT) | FUTEX_BIT(FUTEX_WAIT_BITSET) |    \
	 FUTEX_BIT(FUTEX_WAKE) | FUTEX_BIT(FUTEX_WAKE_BITSET) |    \
	 FUTEX_BIT(FUTEX_REQUEUE) | FUTEX_BIT(FUTEX_CMP_REQUEUE) | \
	 FUTEX_BIT(FUTEX_WAKE_OP))
#define FUTEX_TAKES_CLOCK                                       \
	(FUTEX_BIT(FUTEX_WAIT) | FUTEX_BIT(FUTEX_WAIT_BITSET) | \
	 FUTEX_BIT(FUTEX_WAIT_REQUEUE_PI) | FUTEX_BIT(FUTEX_LOCK_PI2))
#define FUTEX_TWO_ADDRS                                            \
	(FUTEX_BIT(FUTEX_REQUEUE) | FUTEX_BIT(FUTEX_CMP_REQUEUE) | \
	 FUTEX_BIT(FUTEX_WAKE_OP))

/* The operation and its addresses, checked once: -ENOSYS for one not
 * served or a clock flag it does not take, -EINVAL for a misaligned
 * futex. */
static int futex_check_op(const struct futex_args *f)
{
	uint32_t bit = f->cmd >= 0 && f->cmd < 32 ? FUTEX_BIT(f->cmd) : 0;

	if (!(bit & FUTEX_SERVED))
		return -ENOSYS;
	if (f->realtime && !(bit & FUTEX_TAKES_CLOCK))
		return -ENOSYS;
	if (uaddr_value(f->uaddr) & 3)
		return -EINVAL;
	if ((bit & FUTEX_TWO_ADDRS) && (uaddr_value(f->uaddr2) & 3))
		return -EINVAL;
	return 0;
}

static long futex_wait_restart(const uint64_t args[6]);

static long do_futex_wait(uaddr_t uaddr, bool shared, uint32_t val,
			  uint32_t bitset, uint64_t deadline)
{
	struct futex_key key;
	int err;

	err = futex_key_get(uaddr, shared, &key);
	if (err)
		return err;
	err = futex_wait_key(uaddr, &key, val, bitset, deadline);
	futex_key_put(&key);
	if (err != -EINTR)
		return err;
	if (deadline == FRAME_WAIT_FOREVER)
		return -ERESTARTSYS;
	{
		/* Restart with what is left of the same deadline. */
		const uint64_t args[6] = {
			uaddr_value(uaddr), val, bitset, shared, deadline, 0
		};

		signal_set_restart(futex_wait_restart, args);
	}
	return -ERESTART_RESTARTBLOCK;
}

static long futex_wait_restart(const uint64_t args[6])
{
	return do_futex_wait(uaddr_from_syscall_arg(args[0]), args[3] != 0,
			     (uint32_t)args[1], (uint32_t)args[2], args[4]);
}

long sys_futex(const uint64_t a[6])
{
	struct futex_args f = {
		.cmd = (int)(a[1] & FUTEX_CMD_MASK),
		.shared = !(a[1] & FUTEX_PRIVATE_FLAG),
		.realtime = (a[1] & FUTEX_CLOCK_REALTIME) != 0,
		.uaddr = uaddr_from_syscall_arg(a[0]),
		.val = (uint32_t)a[2],
		.arg4 = a[3],
		.uaddr2 = uaddr_from_syscall_arg(a[4]),
		.val3 = (uint32_t)a[5],
	};
	struct futex_requeue_req r = {
		.uaddr = f.uaddr,
		.uaddr2 = f.uaddr2,
		.shared = f.shared,
		.nr_wake = (int)f.val,
		.nr_requeue = (int)(uint32_t)f.arg4,
		.val3 = f.val3,
	};
	uint64_t deadline;
	int err;

	err = futex_check_op(&f);
	if (err)
		return err;
	switch (f.cmd) {
	case FUTEX_WAIT:
		f.val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if (!f.val3)
			return -EINVAL;
		err = futex_deadline(&f, &deadline);
		if (err)
			return err;
		return do_futex_wait(f.uaddr, f.shared, f.val, f.val3,
				     deadline);
	case FUTEX_WAKE:
		f.val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		return futex_do_wake(f.uaddr, f.shared, (int)f.val, f.val3);
	case FUTEX_CMP_REQUEUE:
		r.cmp = true;
		/* fall through */
	case FUTEX_REQUEUE:
		return futex_do_requeue(&r);
	default: /* FUTEX_WAKE_OP */
		return futex_do_wake_op(&r);
	}
}
