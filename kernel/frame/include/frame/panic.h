/* SPDX-License-Identifier: MIT */
/* Stopping the kernel on an unrecoverable error. */
#ifndef FRAME_PANIC_H
#define FRAME_PANIC_H

#include <stdarg.h>

#include <frame/compiler.h>

/*
 * frame_panic() - report a fatal error and power off
 * @fmt: what went wrong, as for frame_snprintf()
 *
 * Prints "panic: <message>" and a backtrace symbolized with the kernel's
 * symbol table, then powers off reporting a panic, which `osdk run` tells
 * apart from any exit code. When a ktest is running it prints "ktest:
 * panic <index>" last and reports a ktest panic instead, so that osdk can
 * resume after the test. A panic inside a panic prints one more line and powers off at once.
 *
 * Why in the frame: it walks raw stack memory (frame pointers), overrides
 * the console lock and powers the machine off, none of which a service may
 * do. Safety: callable from any context, with any lock held; it takes the
 * console over and never returns.
 */
/*@ ensures never_returns: \false; */
__noreturn void frame_panic(const char *fmt, ...) __printf(1, 2);

/*
 * BUG_ON() - panic, naming the condition and place, when @cond is true
 *
 * For invariants whose violation means the kernel's own state is corrupt;
 * errors that a caller could cause are returned as -errno instead.
 */
#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (unlikely(cond))                                            \
			frame_panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,    \
				    __LINE__);                                 \
	} while (0)

#endif /* FRAME_PANIC_H */
