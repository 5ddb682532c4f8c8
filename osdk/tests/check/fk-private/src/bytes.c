/* SPDX-License-Identifier: MIT */
/* FK-PRIVATE: bytes written into a frame object, and unions over one. */
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/sync.h>
#include <frame/user.h>

struct fk_dev {
	int id;
	struct frame_waitq wq;
};

void fk_zero_lock(struct frame_spinlock *l)
{
	memset(l, 0, sizeof(*l));
}

void fk_copy_dev(struct fk_dev *d, const struct fk_dev *from)
{
	memcpy(d, from, sizeof(*d));
}

void fk_move_locks(struct frame_spinlock *locks)
{
	memmove(locks, locks + 1, sizeof(*locks));
}

void fk_fill_array(void)
{
	struct fk_dev devs[2];

	__builtin_memset(devs, 0, sizeof(devs));
}

int fk_from_user(struct fk_dev *d, uaddr_t src)
{
	return frame_copy_from_user(d, src, sizeof(*d));
}

void *fk_untyped(struct fk_dev *d)
{
	return d;
}

union fk_overlay {
	struct frame_spinlock lock;
	unsigned char bytes[1];
};

/* Fine: comparing bytes reads them; frame_free() takes no length; a
 * union of one member overlays nothing. */
union fk_single {
	struct frame_spinlock lock;
};

int fk_same(const struct fk_dev *a, const struct fk_dev *b)
{
	return memcmp(a, b, sizeof(*a));
}

void fk_drop(struct fk_dev *d)
{
	frame_free(d);
}
