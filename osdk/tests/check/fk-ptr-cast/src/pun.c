/* SPDX-License-Identifier: MIT */
/* FK-PTR-CAST: one type's memory seen as another's. */
#include <frame/heap.h>

struct fk_a {
	int x;
};

struct fk_b {
	long y;
};

struct fk_b *fk_pun(struct fk_a *a)
{
	return (struct fk_b *)a;
}

unsigned char *fk_bytes(struct fk_a *a)
{
	return (unsigned char *)a;
}

char *fk_unconst(const char *s)
{
	return (char *)s;
}

struct fk_a *fk_from_void(void *v)
{
	return v;
}

struct fk_a *fk_not_fresh(void)
{
	return (struct fk_a *)frame_get_buffer();
}

struct fk_b *fk_launder(struct fk_a *a)
{
	void *v = a;

	return v;
}
