/* SPDX-License-Identifier: MIT */
/* Compiler helpers: attributes, container_of, ARRAY_SIZE and friends. */
#ifndef FRAME_COMPILER_H
#define FRAME_COMPILER_H

#include <frame/types.h>

/*
 * These are macros over GCC/Clang builtins and attributes. They live in the
 * frame's public headers so that every package spells them the same way.
 * None of them generates code a service could not write itself, except
 * container_of: the framekernel rules forbid pointer arithmetic across types
 * in services, so the frame offers it once, in a type-checked form.
 */

#define __noreturn	     __attribute__((noreturn))
#define __unused	     __attribute__((unused))
#define __used		     __attribute__((used))
#define __packed	     __attribute__((packed))
#define __aligned(n)	     __attribute__((aligned(n)))
#define __section(s)	     __attribute__((section(s)))
#define __must_check	     __attribute__((warn_unused_result))
#define __printf(fmt, first) __attribute__((format(printf, fmt, first)))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* Whether two expressions have the same type, qualifiers ignored. */
#define same_type(a, b) \
	__builtin_types_compatible_p(__typeof__(a), __typeof__(b))

/* Compile-time assertion usable as a statement or at file scope. */
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")

/*
 * Compile-time assertion usable inside a constant expression: evaluates to
 * 0, or fails to compile (negative bit-field width) when @cond is true.
 */
#define BUILD_BUG_ON_ZERO(cond) ((int)(sizeof(struct { int : (-!!(cond)); })))

/*
 * Number of elements of an array. Passing a pointer instead of an array is a
 * compile error rather than a silent sizeof(pointer) / sizeof(element).
 */
/* clang-format off */
#define ARRAY_SIZE(a)                                                      \
	(sizeof(a) / sizeof((a)[0]) +                                      \
	 BUILD_BUG_ON_ZERO(same_type((a), &(a)[0])))

/*
 * The structure of type @type that contains the object @ptr points to as its
 * member @member. The member's type must match what @ptr points to, so that
 * container_of on the wrong field is a compile error, not a wild pointer.
 */
#define container_of(ptr, type, member)                                    \
	((type *)((char *)(ptr) - offsetof(type, member)) +                \
	 BUILD_BUG_ON_ZERO(!same_type(*(ptr), ((type *)0)->member)))

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Round @x up or down to a multiple of @a, which must be a power of two. */
#define ALIGN_UP(x, a)   (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
/* clang-format on */

/*
 * Private members and objects that must not be copied.
 *
 * A member of a frame struct whose name ends in an underscore (`cur_`,
 * `locked_`) is the frame's: the frame's own code and the inline functions
 * and macros of its public headers use it, and osdk check rejects every
 * other access from an untrusted package (rule FK-PRIVATE): reading or
 * writing it, naming it in an initialiser or offsetof, and a byte-wise copy
 * (memcpy, memset) into a struct that has one.
 *
 * __frame_nocopy marks a struct whose objects have an identity the frame
 * keeps track of: a lock, a queued waiter, an armed timer, pending work, a
 * cursor holding a lock. A copy of one would be a second object the frame
 * knows nothing of, or links into a list that point at the original. osdk
 * check rejects, in untrusted code, copying an object of such a type, or of
 * any type that contains one, by assignment, by initialisation from another
 * object, or by passing or returning it by value (rule FK-COPY). Making one
 * from a function's result (frame_spin_guard()) is not a copy.
 *
 * The attribute is clang's `annotate`, which is what osdk check reads; GCC
 * does not know it, so it expands to nothing there.
 */
#ifdef __clang__
#define __frame_nocopy __attribute__((annotate("frame_nocopy")))
#else
#define __frame_nocopy
#endif

/*
 * The frame's record that an object embedded in a service's memory is
 * live: an armed timer, pending work, a wait queue with waiters, a queued
 * cross-CPU call. The free paths of the heap look these up, so that
 * freeing memory that still holds one panics (naming the object and who
 * armed it) instead of leaving the frame a dangling link. Private.
 */
struct frame_live_ {
	struct frame_live_ *next_;
	const void *who_;
	uintptr_t obj_;
	uint32_t size_;
	uint8_t kind_;
	bool on_;
};

#define STRINGIFY_(x) #x
#define STRINGIFY(x)  STRINGIFY_(x)

#endif /* FRAME_COMPILER_H */
