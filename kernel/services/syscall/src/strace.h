/* SPDX-License-Identifier: MIT */
/* The tracer's line buffer and its decoders of flags and enumerations. */
#ifndef SYSCALL_STRACE_H
#define SYSCALL_STRACE_H

#include <frame/compiler.h>
#include <frame/types.h>

/* Strings and buffers print at most this many characters, then "...". */
#define STRACE_STRLEN 32

/* A bounded output line: appends stop at the end, always NUL-terminated. */
struct strace_buf {
	char *buf;
	size_t size, len;
};

void strace_buf_init(struct strace_buf *sb, char *buf, size_t size);
void strace_puts(struct strace_buf *sb, const char *s);
void strace_printf(struct strace_buf *sb, const char *fmt, ...) __printf(2, 3);

struct strace_flag {
	uint64_t value;
	const char *name;
};

void strace_put_signal(struct strace_buf *sb, int sig);
void strace_put_open_flags(struct strace_buf *sb, uint64_t v);
void strace_put_prot(struct strace_buf *sb, uint64_t v);
void strace_put_mmap_flags(struct strace_buf *sb, uint64_t v);
void strace_put_clone_flags(struct strace_buf *sb, uint64_t v);
void strace_put_at_flags(struct strace_buf *sb, uint64_t v);
void strace_put_access(struct strace_buf *sb, uint64_t v);
void strace_put_clock(struct strace_buf *sb, int64_t v);
void strace_put_whence(struct strace_buf *sb, int64_t v);
void strace_put_sighow(struct strace_buf *sb, int64_t v);
void strace_put_futex_op(struct strace_buf *sb, uint64_t v);
void strace_put_fcntl(struct strace_buf *sb, uint64_t v);
void strace_put_ioctl(struct strace_buf *sb, uint64_t v);
void strace_put_prctl(struct strace_buf *sb, uint64_t v);
void strace_put_rlimit(struct strace_buf *sb, int64_t v);
void strace_put_itimer(struct strace_buf *sb, int64_t v);
void strace_put_wait_options(struct strace_buf *sb, uint64_t v);

/*
 * strace_put_bytes() - @n bytes of @s as a quoted C string with escapes;
 * "..." after the quote when @cut
 */
void strace_put_bytes(struct strace_buf *sb, const char *s, size_t n, bool cut);

/* strace_put_octal() - @v in octal, with a leading 0 when @prefix */
void strace_put_octal(struct strace_buf *sb, uint64_t v, bool prefix);

#endif /* SYSCALL_STRACE_H */
