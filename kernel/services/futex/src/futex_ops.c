/* SPDX-License-Identifier: MIT */
/* Futex operations: wake, requeue, WAKE_OP, and the kernel's futex_wake. */
#include "futex_ops.h"

#include <frame/errno.h>
#include <frame/vm.h>

int futex_do_wake(uaddr_t uaddr, bool shared, int n, uint32_t bitset)
{
	struct futex_key key;
	struct futex_bucket *b;
	uint64_t fl;
	int err, woken;

	if (!bitset)
		return -EINVAL;
	err = futex_key_get(uaddr, shared, &key);
	if (err)
		return err;
	b = futex_bucket_of(&key);
	fl = frame_spin_lock_irqsave(&b->lock);
	woken = futex_wake_locked(b, &key, n, bitset);
	frame_spin_unlock_irqrestore(&b->lock, fl);
	futex_key_put(&key);
	return woken;
}

/* Move up to @n waiters of @k1 to @k2 (both buckets locked). */
static int futex_requeue_locked(struct futex_bucket *b1,
				const struct futex_key *k1,
				struct futex_bucket *b2,
				const struct futex_key *k2, int n)
{
	struct futex_waiter *w = b1->head, *next;
	int moved = 0;

	for (; w && moved < n; w = next) {
		next = w->next;
		if (!futex_key_eq(&w->key, k1))
			continue;
		futex_unlink_locked(b1, w);
		w->key = *k2;
		futex_enqueue_locked(b2, w);
		moved++;
	}
	return moved;
}

/* The two futexes of REQUEUE, CMP_REQUEUE and WAKE_OP, looked up. */
struct futex_pair {
	struct futex_key k1, k2;
	struct futex_bucket *b1, *b2;
};

static int futex_pair_get(const struct futex_requeue_req *r,
			  struct futex_pair *p)
{
	int err = futex_key_get(r->uaddr, r->shared, &p->k1);

	if (err)
		return err;
	err = futex_key_get(r->uaddr2, r->shared, &p->k2);
	if (err) {
		futex_key_put(&p->k1);
		return err;
	}
	/* A waiter moved to k2 holds no reference on k2's page: if that
	 * page went away and came back as another, a wake on the new one
	 * could at worst wake it spuriously, which waiters allow for. */
	p->b1 = futex_bucket_of(&p->k1);
	p->b2 = futex_bucket_of(&p->k2);
	return 0;
}

static void futex_pair_put(struct futex_pair *p)
{
	futex_key_put(&p->k2);
	futex_key_put(&p->k1);
}

int futex_do_requeue(const struct futex_requeue_req *r)
{
	struct futex_pair p;
	uint64_t f1 = 0, f2 = 0;
	uint32_t cur;
	int err, woken, tries = 0;

	if (r->nr_wake < 0 || r->nr_requeue < 0)
		return -EINVAL;
	err = futex_pair_get(r, &p);
	if (err)
		return err;
	for (;;) {
		futex_lock_two(p.b1, p.b2, &f1, &f2);
		if (!r->cmp)
			break;
		err = frame_copy_from_user_nofault(&cur, r->uaddr, sizeof(cur));
		if (!err)
			break;
		futex_unlock_two(p.b1, p.b2, f1, f2);
		if (++tries > 8 || frame_user_load_u32(r->uaddr, &cur)) {
			err = -EFAULT;
			goto out_put;
		}
	}
	if (r->cmp && cur != r->val3) {
		err = -EAGAIN;
	} else {
		/* Unlike FUTEX_WAKE, requeue wakes none for nr_wake 0. */
		woken = r->nr_wake ? futex_wake_locked(p.b1, &p.k1, r->nr_wake,
						       FUTEX_BITSET_MATCH_ANY)
				   : 0;
		err = woken + futex_requeue_locked(p.b1, &p.k1, p.b2, &p.k2,
						   r->nr_requeue);
	}
	futex_unlock_two(p.b1, p.b2, f1, f2);
out_put:
	futex_pair_put(&p);
	return err;
}

static int32_t futex_sext12(uint32_t v)
{
	return (v & 0x800) ? (int32_t)(v | 0xfffff000u) : (int32_t)v;
}

int futex_wake_op_decode(uint32_t encoded, enum frame_user_op *op,
			 uint32_t *oparg)
{
	uint32_t kind = (encoded >> 28) & 7;
	int32_t arg = futex_sext12((encoded >> 12) & 0xfff);

	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28))
		arg = (int32_t)(1u << ((uint32_t)arg & 31));
	*oparg = (uint32_t)arg;
	switch (kind) {
	case FUTEX_OP_SET:
		*op = FRAME_USER_SET;
		return 0;
	case FUTEX_OP_ADD:
		*op = FRAME_USER_ADD;
		return 0;
	case FUTEX_OP_OR:
		*op = FRAME_USER_OR;
		return 0;
	case FUTEX_OP_ANDN:
		*op = FRAME_USER_AND;
		*oparg = ~(uint32_t)arg;
		return 0;
	case FUTEX_OP_XOR:
		*op = FRAME_USER_XOR;
		return 0;
	default:
		return -ENOSYS;
	}
}

int futex_wake_op_cmp(uint32_t encoded, uint32_t old, bool *out)
{
	int32_t cmparg = futex_sext12(encoded & 0xfff);
	int32_t v = (int32_t)old;

	switch ((encoded >> 24) & 15) {
	case FUTEX_OP_CMP_EQ:
		*out = v == cmparg;
		return 0;
	case FUTEX_OP_CMP_NE:
		*out = v != cmparg;
		return 0;
	case FUTEX_OP_CMP_LT:
		*out = v < cmparg;
		return 0;
	case FUTEX_OP_CMP_LE:
		*out = v <= cmparg;
		return 0;
	case FUTEX_OP_CMP_GT:
		*out = v > cmparg;
		return 0;
	case FUTEX_OP_CMP_GE:
		*out = v >= cmparg;
		return 0;
	default:
		return -ENOSYS;
	}
}

int futex_wake_op_apply(uint32_t encoded_op, uint32_t old, uint32_t *new_val,
			bool *cmp)
{
	enum frame_user_op op;
	uint32_t arg;
	int err = futex_wake_op_decode(encoded_op, &op, &arg);

	if (err)
		return err;
	err = futex_wake_op_cmp(encoded_op, old, cmp);
	if (err)
		return err;
	switch (op) {
	case FRAME_USER_SET:
		*new_val = arg;
		break;
	case FRAME_USER_ADD:
		*new_val = old + arg;
		break;
	case FRAME_USER_OR:
		*new_val = old | arg;
		break;
	case FRAME_USER_AND:
		*new_val = old & arg;
		break;
	case FRAME_USER_XOR:
		*new_val = old ^ arg;
		break;
	}
	return 0;
}

int futex_do_wake_op(const struct futex_requeue_req *r)
{
	struct futex_pair p;
	enum frame_user_op op;
	uint64_t f1 = 0, f2 = 0;
	uint32_t arg, old;
	bool cmp = false;
	int err, tries = 0, woken;

	if (futex_wake_op_decode(r->val3, &op, &arg) ||
	    futex_wake_op_cmp(r->val3, 0, &cmp))
		return -ENOSYS;
	err = futex_pair_get(r, &p);
	if (err)
		return err;
	for (;;) {
		futex_lock_two(p.b1, p.b2, &f1, &f2);
		/* Under a spinlock the atomic does not fault pages in. */
		err = frame_user_atomic_u32(r->uaddr2, op, arg, &old);
		if (!err)
			break;
		futex_unlock_two(p.b1, p.b2, f1, f2);
		/* OR 0 faults the page in for writing and changes nothing. */
		if (++tries > 8 ||
		    frame_user_atomic_u32(r->uaddr2, FRAME_USER_OR, 0, &old)) {
			err = -EFAULT;
			goto out_put;
		}
	}
	woken = futex_wake_locked(p.b1, &p.k1, r->nr_wake,
				  FUTEX_BITSET_MATCH_ANY);
	futex_wake_op_cmp(r->val3, old, &cmp);
	if (cmp)
		woken += futex_wake_locked(p.b2, &p.k2, r->nr_requeue,
					   FUTEX_BITSET_MATCH_ANY);
	err = woken;
	futex_unlock_two(p.b1, p.b2, f1, f2);
out_put:
	futex_pair_put(&p);
	return err;
}

int futex_wake(struct vm_space *space, uaddr_t uaddr, int n)
{
	struct futex_key key = { .space = space, .addr = uaddr_value(uaddr) };
	struct futex_bucket *b;
	uint64_t fl;
	int woken;

	if (uaddr_value(uaddr) & 3)
		return -EINVAL;
	b = futex_bucket_of(&key);
	fl = frame_spin_lock_irqsave(&b->lock);
	woken = futex_wake_locked(b, &key, n, FUTEX_BITSET_MATCH_ANY);
	frame_spin_unlock_irqrestore(&b->lock, fl);
	if (woken < n && futex_key_shared_in(space, uaddr, &key) == 0) {
		b = futex_bucket_of(&key);
		fl = frame_spin_lock_irqsave(&b->lock);
		woken += futex_wake_locked(b, &key, n - woken,
					   FUTEX_BITSET_MATCH_ANY);
		frame_spin_unlock_irqrestore(&b->lock, fl);
		futex_key_put(&key);
	}
	return woken;
}
