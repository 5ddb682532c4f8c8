/* SPDX-License-Identifier: MIT */
/* Fixture frame: the opaque user address, as <frame/user.h> defines it. */
#ifndef FRAME_USER_H
#define FRAME_USER_H

#include <frame/types.h>

typedef struct {
	unsigned long raw_;
} uaddr_t;

static inline unsigned long uaddr_value(uaddr_t a)
{
	return a.raw_;
}

static inline uaddr_t uaddr_add(uaddr_t a, size_t n)
{
	return (uaddr_t){ a.raw_ + n };
}

int frame_copy_from_user(void *dst, uaddr_t src, size_t n);

#endif
