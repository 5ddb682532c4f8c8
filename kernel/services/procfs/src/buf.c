/* SPDX-License-Identifier: MIT */
/* The capped buffer every renderer writes into. */
#include <procfs/procfs.h>

#include <stdarg.h>

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/time.h>

void procfs_buf_init(struct procfs_buf *b, char *data, size_t cap)
{
	b->data = data;
	b->cap = cap;
	b->len = 0;
	b->full = false;
}

int procfs_printf(struct procfs_buf *b, const char *fmt, ...)
{
	size_t room = b->cap - b->len;
	va_list ap;
	int n;

	if (b->full)
		return -ENOSPC;
	/*
	 * frame_vsnprintf() always writes a NUL, so format with one byte more
	 * than the room would allow only if that byte exists; otherwise the
	 * text is cut one byte short, which is still marked full.
	 */
	va_start(ap, fmt);
	n = frame_vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= room) {
		b->len += room ? room - 1 : 0;
		b->full = true;
		return -ENOSPC;
	}
	b->len += (size_t)n;
	return 0;
}

int procfs_putc(struct procfs_buf *b, char c)
{
	if (b->full || b->len == b->cap) {
		b->full = true;
		return -ENOSPC;
	}
	b->data[b->len++] = c;
	return 0;
}

int procfs_buf_status(const struct procfs_buf *b)
{
	return b->full ? -ENOSPC : 0;
}

uint64_t procfs_ns_to_ticks(uint64_t ns)
{
	return ns / (FRAME_NSEC_PER_SEC / PROCFS_CLK_TCK);
}
