/* SPDX-License-Identifier: MIT */
/* Fixture frame: macros whose bodies do what services may not. */
#ifndef FRAME_COMPILER_H
#define FRAME_COMPILER_H

#include <frame/types.h>

#define same_type(a, b)                                                        \
	__builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#define BUILD_BUG_ON_ZERO(cond) ((int)(sizeof(struct { int : (-!!(cond)); })))
#define container_of(ptr, type, member)                                        \
	((type *)((char *)(ptr) - offsetof(type, member)) +                    \
	 BUILD_BUG_ON_ZERO(!same_type(*(ptr), ((type *)0)->member)))

/* A volatile read, as a frame would offer for shared flags. */
#define FRAME_READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))

/* The no-copy mark, spelled as the real frame spells it. */
#ifdef __clang__
#define __frame_nocopy __attribute__((annotate("frame_nocopy")))
#else
#define __frame_nocopy
#endif

typedef int (*frame_main_fn)(void);
#define FRAME_MAIN(fn)                                                         \
	static const frame_main_fn frame_main_entry_                          \
		__attribute__((used, section(".frame_main"))) = (fn)

#endif
