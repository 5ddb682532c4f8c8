/* SPDX-License-Identifier: MIT */
/* The kernel console: whole writes under one lock, and its printf. */
#ifndef CONSOLE_CONSOLE_H
#define CONSOLE_CONSOLE_H

#include <stdarg.h>

#include <frame/compiler.h>
#include <frame/types.h>

/* frame_console_init() - bring up the UART behind the console */
void frame_console_init(void);

/*
 * console_input_init() - take COM1's receive interrupt and start queueing
 * input (<frame/console.h>); after irq_init(). Without a UART, or when the
 * interrupt cannot be had, input stays off (reads give -ENODEV).
 */
void console_input_init(void);

/* console_input_line() - the receive interrupt's line, for ktests (NULL
 * when input is off) */
struct irq_line *console_input_line(void);

/*
 * frame_console_lock() - take the console for several writes in a row
 *
 * Disables interrupts; returns the flags for frame_console_unlock(). Use
 * the _locked functions in between. The log and the ktest runner use this
 * to keep a multi-part line in one piece.
 */
uint64_t frame_console_lock(void);
void frame_console_unlock(uint64_t flags);

/* Write @n bytes; the caller holds the console lock. */
void frame_console_write_locked(const char *s, size_t n);

/* Format into the console; the caller holds the console lock. */
void frame_console_vprintf_locked(const char *fmt, va_list ap) __printf(1, 0);

/* frame_console_printf() - lock, format straight to the UART, unlock */
void frame_console_printf(const char *fmt, ...) __printf(1, 2);

/*
 * frame_console_takeover() - make the console usable by a panicking CPU
 *
 * Forgets whoever holds the lock: the panic may have interrupted a writer
 * on this very CPU, and waiting for it would deadlock. Output of other
 * CPUs may then mix with the panic report, which beats losing it.
 */
void frame_console_takeover(void);

#endif /* CONSOLE_CONSOLE_H */
