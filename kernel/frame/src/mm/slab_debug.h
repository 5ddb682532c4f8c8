/* SPDX-License-Identifier: MIT */
/* Whether the heap's debug checks are built in, and how they report. */
#ifndef MM_SLAB_DEBUG_H
#define MM_SLAB_DEBUG_H

#include <frame/types.h>

struct frame_slab;

/*
 * The checks for double frees and writes to freed objects cost a poison
 * fill on every free and a scan on every allocation, so only debug builds
 * (osdk's dev profile, which does not define NDEBUG) have them. Code tests
 * SLAB_DEBUG in plain C conditions, so both variants always compile.
 */
#ifndef NDEBUG
#define SLAB_DEBUG 1
#else
#define SLAB_DEBUG 0
#endif

/* The byte freed objects are filled with, after their free-list link. */
#define SLAB_POISON 0x6b

enum slab_fault {
	SLAB_DOUBLE_FREE,    /* freed an object that is already free */
	SLAB_USE_AFTER_FREE, /* a freed object was written to */
};

/*
 * What happens on a fault: by default a panic naming the fault, cache and
 * object. Tests install a hook that records the report instead; the heap
 * then carries on as if the bad call had not happened (a double free is
 * ignored, a written object is handed out anyway). The hook runs with the
 * cache's lock held. Returns the previous hook.
 */
typedef void (*slab_report_fn)(enum slab_fault fault,
			       const struct frame_slab *cache, const void *obj);

slab_report_fn slab_set_report_hook(slab_report_fn fn);

#endif /* MM_SLAB_DEBUG_H */
