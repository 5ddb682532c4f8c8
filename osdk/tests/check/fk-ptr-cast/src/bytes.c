/* SPDX-License-Identifier: MIT */
/* FK-PTR-CAST in disguise: unions and byte copies that make pointers. */
#include <frame/string.h>
#include <frame/user.h>

struct fk_node {
	struct fk_node *next;
};

union fk_punned {
	unsigned long n;
	struct fk_node *p;
};

void fk_forge_by_copy(struct fk_node *n, unsigned long v)
{
	memcpy(n, &v, sizeof(v));
}

void fk_forge_by_fill(struct fk_node *n)
{
	memset(n, 0xff, sizeof(*n));
}

int fk_forge_from_user(struct fk_node *n, uaddr_t u)
{
	return frame_copy_from_user(n, u, sizeof(*n));
}

void fk_forge_pointer(char **p, const unsigned char *bytes)
{
	memcpy(p, bytes, sizeof(*p));
}
