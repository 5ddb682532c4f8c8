/* SPDX-License-Identifier: MIT */
/* Forced into every service translation unit: what services may not name. */
#ifndef FRAME_PRELUDE_H
#define FRAME_PRELUDE_H

/*
 * osdk compiles every untrusted package with `-include` of this header
 * (the frame's osdk.yaml names it as build.service-prelude), before any
 * header the service includes itself. It is the cheap first line of the
 * framekernel rules: a plain compile already fails on what it poisons.
 * `osdk check` (docs/framekernel-rules.md) enforces the whole rule set.
 *
 * FRAME_SERVICE tells the frame's public headers that a service is being
 * compiled, so that they leave out what only the frame may call (see
 * <frame/string.h>). It is defined here and nowhere else.
 *
 * Rule for frame developers: a public header must not name a poisoned
 * identifier after this point, in a declaration, an inline function or a
 * macro body; assembly and the unbounded functions stay in frame sources
 * and frame-internal headers.
 */
#define FRAME_SERVICE 1

/* FK-ASM: inline assembly in every spelling. */
#pragma GCC poison asm __asm __asm__

/* FK-VLA: stack allocation of a size known only at run time. */
#pragma GCC poison alloca __builtin_alloca

/*
 * FK-UNBOUNDED: functions that write or read until a NUL they cannot see.
 * The bounded replacements: frame_strscpy() and frame_strscat(), strnlen()
 * and strncmp() in <frame/string.h>; frame_snprintf() and
 * frame_vsnprintf() in <frame/format.h>.
 */
#pragma GCC poison strcpy stpcpy strncpy strcat strncat strlen strcmp
#pragma GCC poison sprintf vsprintf
#pragma GCC poison __builtin_strcpy __builtin_stpcpy __builtin_strncpy
#pragma GCC poison __builtin_strcat __builtin_strncat __builtin_strlen
#pragma GCC poison __builtin_strcmp __builtin_sprintf __builtin_vsprintf

#endif /* FRAME_PRELUDE_H */
