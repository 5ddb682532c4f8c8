/* SPDX-License-Identifier: MIT */
/* FK-PRIVATE: positional initialisers that land on private members. */
#include <frame/sync.h>

struct fk_holder {
	struct frame_spinlock lock;
	int n;
};

struct frame_spinlock fk_positional = { true };

struct frame_stat fk_second = { 1, 2 };

struct fk_holder fk_elided = { true, 3 };

struct frame_spinlock fk_locks[2] = { true, false };

frame_irq_state_t fk_forged(void)
{
	return (frame_irq_state_t){ true };
}

/* Fine: all zero, empty, public members only, nested frame initialisers,
 * and a whole object of the member's type. */
struct frame_spinlock fk_zero = { 0 };
struct fk_holder fk_empty = {};
struct frame_stat fk_public = { 5 };
struct fk_holder fk_whole[2] = { { FRAME_SPINLOCK_INIT, 1 }, { { 0 }, 2 } };

frame_irq_state_t fk_saved(void)
{
	frame_irq_state_t s = frame_irq_save();
	frame_irq_state_t t = s;

	return t;
}
