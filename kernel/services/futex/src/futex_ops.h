/* SPDX-License-Identifier: MIT */
/* The futex operations sys_futex dispatches to (not an API). */
#ifndef FUTEX_FUTEX_OPS_H
#define FUTEX_FUTEX_OPS_H

#include "futex_internal.h"

/* REQUEUE, CMP_REQUEUE and WAKE_OP's arguments. */
struct futex_requeue_req {
	uaddr_t uaddr, uaddr2;
	bool shared;
	bool cmp; /* CMP_REQUEUE: *uaddr must hold val3 */
	int nr_wake;
	int nr_requeue; /* WAKE_OP: how many to wake on uaddr2 */
	uint32_t val3;
};

int futex_do_wake(uaddr_t uaddr, bool shared, int n, uint32_t bitset);
int futex_do_requeue(const struct futex_requeue_req *r);
int futex_do_wake_op(const struct futex_requeue_req *r);
int futex_wake_op_decode(uint32_t encoded, enum frame_user_op *op,
			 uint32_t *oparg);
int futex_wake_op_cmp(uint32_t encoded, uint32_t old, bool *out);

#endif /* FUTEX_FUTEX_OPS_H */
