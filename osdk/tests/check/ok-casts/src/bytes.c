/* SPDX-License-Identifier: MIT */
/* Allowed: copies and fills that cannot make a pointer up. */
#include <frame/string.h>
#include <frame/user.h>

struct ok_node {
	struct ok_node *next;
	int v;
};

union ok_word {
	uint32_t w;
	uint8_t b[4];
};

union ok_either {
	struct ok_node *first;
	struct ok_node *second;
};

void ok_copy(struct ok_node *dst, const struct ok_node *src)
{
	memcpy(dst, src, sizeof(*dst));
}

void ok_zero(struct ok_node *n)
{
	memset(n, 0, sizeof(*n));
}

int ok_read_plain(uaddr_t u, uint32_t *out)
{
	union ok_word w;
	int ret = frame_copy_from_user(&w, u, sizeof(w));

	*out = w.w;
	return ret;
}
