/* SPDX-License-Identifier: MIT */
/* The kernel console: a lock over the serial port, and a printf into it. */
#include "console/console.h"

#include <frame/console.h>

#include "console/serial.h"
#include "lib/vformat.h"
#include "sync/spinlock.h"

static struct frame_spinlock console_lock = FRAME_SPINLOCK_INIT;

void frame_console_init(void)
{
	/* Without a UART there is nowhere to report that; carry on silently. */
	(void)frame_serial_init();
}

uint64_t frame_console_lock(void)
{
	return frame_spin_lock_irqsave(&console_lock);
}

void frame_console_unlock(uint64_t flags)
{
	frame_spin_unlock_irqrestore(&console_lock, flags);
}

void frame_console_write_locked(const char *s, size_t n)
{
	frame_serial_write(s, n);
}

static void console_put(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	frame_serial_write(s, n);
}

void frame_console_vprintf_locked(const char *fmt, va_list ap)
{
	static const struct frame_format_sink sink = {.put = console_put};

	frame_vformat(&sink, fmt, ap);
}

void frame_console_printf(const char *fmt, ...)
{
	uint64_t flags = frame_console_lock();
	va_list ap;

	va_start(ap, fmt);
	frame_console_vprintf_locked(fmt, ap);
	va_end(ap);
	frame_console_unlock(flags);
}

void frame_console_write(const void *buf, size_t len)
{
	uint64_t flags = frame_console_lock();

	frame_serial_write_raw(buf, len);
	frame_console_unlock(flags);
}

void frame_console_takeover(void)
{
	frame_spin_unlock(&console_lock);
}
