/* SPDX-License-Identifier: MIT */
/* FK-COPY: copying objects that the frame keeps track of. */
#include <frame/sync.h>

struct fk_dev {
	int id;
	struct frame_waitq wq;
};

struct fk_pair {
	struct frame_spinlock locks[2];
};

void fk_take(struct frame_spinlock l);

void fk_assign(struct frame_spinlock *a, struct frame_spinlock *b)
{
	*a = *b;
}

void fk_assign_holder(struct fk_dev *a, const struct fk_dev *b)
{
	*a = *b;
}

void fk_init(struct frame_spinlock *l)
{
	struct frame_spinlock copy = *l;

	fk_take(copy);
}

struct fk_pair fk_ret(struct fk_pair *p)
{
	return *p;
}

struct fk_dev fk_member(struct frame_waitq *wq)
{
	struct fk_dev d = { .id = 1, .wq = *wq };

	(void)d;

	return (struct fk_dev){ 0 };
}

void fk_reguard(struct frame_spinlock *l)
{
	struct frame_spin_guard g = frame_spin_guard(l);

	g = frame_spin_guard(l);
	frame_spin_guard_release(&g);
}

/* Fine: made by a function, a compound literal, by pointer, (void),
 * sizeof, and types without the mark. */
void fk_fine(struct frame_spinlock *l, frame_irq_state_t s)
{
	struct frame_spin_guard g = frame_spin_guard(l);
	struct frame_spinlock fresh = (struct frame_spinlock){ 0 };
	frame_irq_state_t t = s;
	struct frame_stat a = { 0 }, b = a;

	(void)fresh;
	(void)sizeof(*l);
	frame_irq_restore(t);
	(void)b;
	frame_spin_guard_release(&g);
}
