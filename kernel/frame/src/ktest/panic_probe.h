/* SPDX-License-Identifier: MIT */
/* Running a function that must panic, and catching the panic: for ktests. */
#ifndef KTEST_PANIC_PROBE_H
#define KTEST_PANIC_PROBE_H

#include <stdarg.h>

#include <frame/types.h>

/*
 * ktest_panic_probe() - call @fn(@arg); catch a frame_panic() it raises
 *
 * Returns 1 when @fn panicked (it is abandoned at the panic, as a failed
 * ktest is) with the panic's message in @msg (truncated to @len), 0 when
 * it returned. Only a panic raised by the calling task itself, outside
 * interrupt handlers and with no spinlock held and interrupts as they were
 * at the call, is caught: those are the checks a frame entry point makes
 * before it touches anything (a stale handle, freeing memory that holds a
 * live frame object). Any other panic stays fatal. Not reentrant.
 */
int ktest_panic_probe(void (*fn)(void *), void *arg, char *msg, size_t len);

/* Whether @msg contains @word: what a test checks a caught panic for. */
static inline bool ktest_msg_has(const char *msg, const char *word)
{
	for (; *msg; msg++) {
		size_t i = 0;

		while (word[i] && msg[i] == word[i])
			i++;
		if (!word[i])
			return true;
	}
	return false;
}

/*
 * ktest_panic_catch() - for frame_panic(): if a probe expects this panic,
 * jump back to it (never returns); else return.
 */
void ktest_panic_catch(const char *fmt, va_list ap);

#endif /* KTEST_PANIC_PROBE_H */
