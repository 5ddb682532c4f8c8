/* SPDX-License-Identifier: MIT */
/* Formatting a syscall and its result the way strace prints them. */
#include <syscall/syscall.h>

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/string.h>
#include <frame/user.h>

#include "strace.h"

#define AT_FDCWD (-100)

/* The highest value Linux's error convention reserves for errnos. */
#define MAX_ERRNO 4095

void strace_buf_init(struct strace_buf *sb, char *buf, size_t size)
{
	sb->buf = buf;
	sb->size = size;
	sb->len = 0;
	if (size)
		buf[0] = '\0';
}

void strace_puts(struct strace_buf *sb, const char *s)
{
	strace_printf(sb, "%s", s);
}

void strace_printf(struct strace_buf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->len + 1 >= sb->size)
		return;
	va_start(ap, fmt);
	n = frame_vsnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sb->size - sb->len)
		sb->len = sb->size - 1;
	else
		sb->len += (size_t)n;
}

void strace_put_bytes(struct strace_buf *sb, const char *s, size_t n, bool cut)
{
	strace_puts(sb, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '\n':
			strace_puts(sb, "\\n");
			break;
		case '\t':
			strace_puts(sb, "\\t");
			break;
		case '\r':
			strace_puts(sb, "\\r");
			break;
		case '"':
			strace_puts(sb, "\\\"");
			break;
		case '\\':
			strace_puts(sb, "\\\\");
			break;
		default:
			if (c >= 0x20 && c < 0x7f)
				strace_printf(sb, "%c", c);
			else {
				strace_puts(sb, "\\");
				strace_put_octal(sb, c, false);
			}
		}
	}
	strace_puts(sb, cut ? "\"..." : "\"");
}

void strace_put_octal(struct strace_buf *sb, uint64_t v, bool prefix)
{
	char digits[24];
	size_t n = 0;

	do {
		digits[n++] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	if (prefix && !(n == 1 && digits[0] == '0'))
		strace_puts(sb, "0");
	while (n)
		strace_printf(sb, "%c", digits[--n]);
}

static void put_ptr(struct strace_buf *sb, uint64_t v)
{
	if (!v)
		strace_puts(sb, "NULL");
	else
		strace_printf(sb, "%#llx", (unsigned long long)v);
}

/* A user string, read now from the calling task's space. */
static void put_user_string(struct strace_buf *sb, uint64_t addr)
{
	char s[STRACE_STRLEN + 2];
	ssize_t n;

	if (!addr) {
		strace_puts(sb, "NULL");
		return;
	}
	n = frame_strncpy_from_user(s, uaddr_from_syscall_arg(addr), sizeof(s));
	if (n == -ENAMETOOLONG || n > STRACE_STRLEN)
		strace_put_bytes(sb, s, STRACE_STRLEN, true);
	else if (n >= 0)
		strace_put_bytes(sb, s, (size_t)n, false);
	else
		put_ptr(sb, addr);
}

/* Strings of a NULL-terminated array at most this long are shown. */
#define STRACE_STRV_MAX 8
/* An environment is counted up to this many. */
#define STRACE_ENVP_MAX 4096

/* The pointer @i of the user array at @addr: 0, or -EFAULT. */
static int user_ptr_at(uint64_t addr, size_t i, uint64_t *out)
{
	return frame_copy_from_user(
		out, uaddr_add(uaddr_from_syscall_arg(addr), i * sizeof(*out)),
		sizeof(*out));
}

/* ["sh", "-c", "echo hi"], as execve's argv. */
static void put_user_strv(struct strace_buf *sb, uint64_t addr)
{
	uint64_t p;
	size_t i;

	if (!addr) {
		strace_puts(sb, "NULL");
		return;
	}
	if (user_ptr_at(addr, 0, &p)) {
		put_ptr(sb, addr);
		return;
	}
	strace_puts(sb, "[");
	for (i = 0; i < STRACE_STRV_MAX; i++) {
		if (user_ptr_at(addr, i, &p) || !p)
			break;
		if (i)
			strace_puts(sb, ", ");
		put_user_string(sb, p);
	}
	if (i == STRACE_STRV_MAX && !user_ptr_at(addr, i, &p) && p)
		strace_puts(sb, ", ...");
	strace_puts(sb, "]");
}

/* 0x7ffc... followed by a comment with the count, as strace shows envp. */
static void put_user_envp(struct strace_buf *sb, uint64_t addr)
{
	uint64_t p;
	size_t n = 0;

	put_ptr(sb, addr);
	if (!addr)
		return;
	while (n < STRACE_ENVP_MAX && !user_ptr_at(addr, n, &p) && p)
		n++;
	strace_printf(sb, " /* %zu var%s */", n, n == 1 ? "" : "s");
}

/* @len user bytes at @addr, of which the first STRACE_STRLEN print. */
static void put_user_bytes(struct strace_buf *sb, uint64_t addr, uint64_t len)
{
	char s[STRACE_STRLEN];
	size_t n = len < sizeof(s) ? (size_t)len : sizeof(s);

	if (frame_copy_from_user(s, uaddr_from_syscall_arg(addr), n)) {
		put_ptr(sb, addr);
		return;
	}
	strace_put_bytes(sb, s, n, len > n);
}

static void put_arg(struct strace_buf *sb, unsigned int kind, uint64_t v,
		    uint64_t next, long ret)
{
	switch (kind) {
	case SCA_INT:
	case SCA_FD:
		strace_printf(sb, "%d", (int)v);
		break;
	case SCA_UINT:
		strace_printf(sb, "%u", (unsigned int)v);
		break;
	case SCA_LONG:
		strace_printf(sb, "%lld", (long long)v);
		break;
	case SCA_ULONG:
		strace_printf(sb, "%llu", (unsigned long long)v);
		break;
	case SCA_OCT:
		strace_put_octal(sb, (uint32_t)v, true);
		break;
	case SCA_PTR:
		put_ptr(sb, v);
		break;
	case SCA_DIRFD:
		if ((int)v == AT_FDCWD)
			strace_puts(sb, "AT_FDCWD");
		else
			strace_printf(sb, "%d", (int)v);
		break;
	case SCA_STR:
		put_user_string(sb, v);
		break;
	case SCA_BUF:
		put_user_bytes(sb, v, next);
		break;
	case SCA_OFLAGS:
		strace_put_open_flags(sb, v);
		break;
	case SCA_PROT:
		strace_put_prot(sb, v);
		break;
	case SCA_MMAP:
		strace_put_mmap_flags(sb, v);
		break;
	case SCA_CLONE:
		strace_put_clone_flags(sb, v);
		break;
	case SCA_SIG:
		strace_put_signal(sb, (int)v);
		break;
	case SCA_SIGHOW:
		strace_put_sighow(sb, (int)v);
		break;
	case SCA_ATFLAGS:
		strace_put_at_flags(sb, v);
		break;
	case SCA_CLOCK:
		strace_put_clock(sb, (int)v);
		break;
	case SCA_WHENCE:
		strace_put_whence(sb, (int)v);
		break;
	case SCA_ACCESS:
		strace_put_access(sb, v);
		break;
	case SCA_FUTEXOP:
		strace_put_futex_op(sb, v);
		break;
	case SCA_STRV:
		put_user_strv(sb, v);
		break;
	case SCA_ENVP:
		put_user_envp(sb, v);
		break;
	case SCA_FCNTL:
		strace_put_fcntl(sb, v);
		break;
	case SCA_IOCTL:
		strace_put_ioctl(sb, v);
		break;
	case SCA_PRCTL:
		strace_put_prctl(sb, v);
		break;
	case SCA_RLIMIT:
		strace_put_rlimit(sb, (int)v);
		break;
	case SCA_ITIMER:
		strace_put_itimer(sb, (int)v);
		break;
	case SCA_WAITOPT:
		strace_put_wait_options(sb, v);
		break;
	case SCA_OBUF:
		if (ret > 0)
			put_user_bytes(sb, v, (uint64_t)ret);
		else
			put_ptr(sb, v);
		break;
	case SCA_HEX:
	default:
		strace_printf(sb, "%#llx", (unsigned long long)v);
		break;
	}
}

size_t syscall_format_done(char *buf, size_t size, uint64_t nr,
			   const uint64_t a[6], long ret)
{
	const struct syscall_desc *d = syscall_desc(nr);
	const struct syscall_kinds *k;
	struct strace_buf sb;

	strace_buf_init(&sb, buf, size);
	if (!d) {
		strace_printf(
			&sb,
			"syscall_%#llx(%#llx, %#llx, %#llx, %#llx, "
			"%#llx, %#llx)",
			(unsigned long long)nr, (unsigned long long)a[0],
			(unsigned long long)a[1], (unsigned long long)a[2],
			(unsigned long long)a[3], (unsigned long long)a[4],
			(unsigned long long)a[5]);
		return sb.len;
	}
	k = syscall_kinds(nr);
	strace_printf(&sb, "%s(", d->name);
	for (unsigned int i = 0; i < k->nargs && i < 6; i++) {
		if (i)
			strace_puts(&sb, ", ");
		put_arg(&sb, k->args[i], a[i], i + 1 < 6 ? a[i + 1] : 0, ret);
	}
	strace_puts(&sb, ")");
	return sb.len;
}

size_t syscall_format_call(char *buf, size_t size, uint64_t nr,
			   const uint64_t a[6])
{
	return syscall_format_done(buf, size, nr, a, -1);
}

bool syscall_fills_buffer(uint64_t nr)
{
	const struct syscall_kinds *k = syscall_kinds(nr);

	for (unsigned int i = 0; k && i < k->nargs && i < 6; i++)
		if (k->args[i] == SCA_OBUF)
			return true;
	return false;
}

size_t syscall_format_result(char *buf, size_t size, uint64_t nr, long ret)
{
	const struct syscall_kinds *k = syscall_kinds(nr);
	unsigned int kind = k ? k->ret : SCR_INT;
	struct strace_buf sb;
	const char *name, *text;

	strace_buf_init(&sb, buf, size);
	if (kind == SCR_NORETURN) {
		strace_puts(&sb, " = ?");
		return sb.len;
	}
	if (ret >= -ERESTART_RESTARTBLOCK && ret <= -ERESTARTSYS) {
		name = frame_errno_name((int)ret);
		text = syscall_errno_text((int)ret);
		strace_printf(&sb, " = ? %s (%s)", name ? name : "ERESTART?",
			      text ? text : "To be restarted");
		return sb.len;
	}
	if (ret < 0 && ret >= -MAX_ERRNO) {
		name = frame_errno_name((int)ret);
		text = syscall_errno_text((int)ret);
		if (name)
			strace_printf(&sb, " = -1 %s (%s)", name,
				      text ? text : name);
		else
			strace_printf(&sb, " = -1 E%ld (Unknown error %ld)",
				      -ret, -ret);
		return sb.len;
	}
	if (kind == SCR_HEX)
		strace_printf(&sb, " = %#lx", (unsigned long)ret);
	else if (kind == SCR_OCT) {
		strace_puts(&sb, " = ");
		strace_put_octal(&sb, (uint64_t)ret, true);
	} else
		strace_printf(&sb, " = %ld", ret);
	return sb.len;
}
