/* SPDX-License-Identifier: MIT */
/* Allowed: a package's own macros and inline functions. */
#ifndef OK_MACROS_H
#define OK_MACROS_H

#include <frame/compiler.h>

#define OK_TWICE(x) ((x) * 2)

struct ok_list {
	struct ok_list *next;
};

struct ok_obj {
	int id;
	struct ok_list entry;
};

/* Wrapping container_of in a function keeps it the frame's. */
static inline struct ok_obj *ok_obj_of(struct ok_list *l)
{
	return container_of(l, struct ok_obj, entry);
}

#endif
