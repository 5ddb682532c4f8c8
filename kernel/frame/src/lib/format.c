/* SPDX-License-Identifier: MIT */
/* printf-style formatting: a streaming engine and the bounded snprintf. */
#include <frame/format.h>

#include <frame/string.h>

#include "lib/vformat.h"

enum fmt_length {
	LEN_INT,
	LEN_CHAR,    /* hh */
	LEN_SHORT,   /* h */
	LEN_LONG,    /* l */
	LEN_LLONG,   /* ll */
	LEN_SIZE,    /* z */
	LEN_PTRDIFF, /* t */
};

/* One parsed conversion specification. */
struct fmt_spec {
	bool left;     /* '-' */
	bool zero;     /* '0' */
	bool plus;     /* '+' */
	bool space;    /* ' ' */
	bool alt;      /* '#' */
	int width;     /* -1: none */
	int precision; /* -1: none */
	enum fmt_length length;
};

struct fmt_out {
	const struct frame_format_sink *sink;
	size_t total;
};

static void out_put(struct fmt_out *o, const char *s, size_t n)
{
	if (n) {
		o->sink->put(o->sink->ctx, s, n);
		o->total += n;
	}
}

static void out_repeat(struct fmt_out *o, char c, int n)
{
	char chunk[16];

	memset(chunk, c, sizeof(chunk));
	while (n > 0) {
		int k = n < (int)sizeof(chunk) ? n : (int)sizeof(chunk);

		out_put(o, chunk, (size_t)k);
		n -= k;
	}
}

/* Emit @s (@n bytes) padded with spaces to the spec's width. */
static void out_padded(struct fmt_out *o, const struct fmt_spec *sp,
		       const char *s, size_t n)
{
	int pad = sp->width > (int)n ? sp->width - (int)n : 0;

	if (!sp->left)
		out_repeat(o, ' ', pad);
	out_put(o, s, n);
	if (sp->left)
		out_repeat(o, ' ', pad);
}

/*
 * Emit an integer: @mag is its magnitude, @negative its sign. @base is 10
 * or 16; @prefix_hex forces "0x" (for %p) regardless of the '#' flag.
 */
static void out_integer(struct fmt_out *o, const struct fmt_spec *sp,
			uint64_t mag, bool negative, unsigned int base,
			bool upper, bool prefix_hex)
{
	const char *digit_set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24];
	char prefix[3];
	int ndigits = 0, nprefix = 0, zeros = 0, body, pad;

	/* C: a zero value with precision 0 prints no digits at all. */
	if (!(mag == 0 && sp->precision == 0)) {
		do {
			digits[ndigits++] = digit_set[mag % base];
			mag /= base;
		} while (mag);
	}

	if (negative)
		prefix[nprefix++] = '-';
	else if (sp->plus)
		prefix[nprefix++] = '+';
	else if (sp->space)
		prefix[nprefix++] = ' ';
	if (prefix_hex || (sp->alt && base == 16 && ndigits &&
			   !(ndigits == 1 && digits[0] == '0'))) {
		prefix[nprefix++] = '0';
		prefix[nprefix++] = upper ? 'X' : 'x';
	}

	if (sp->precision > ndigits)
		zeros = sp->precision - ndigits;
	else if (sp->zero && !sp->left && sp->precision < 0 &&
		 sp->width > nprefix + ndigits)
		zeros = sp->width - nprefix - ndigits;

	body = nprefix + zeros + ndigits;
	pad = sp->width > body ? sp->width - body : 0;

	if (!sp->left)
		out_repeat(o, ' ', pad);
	out_put(o, prefix, (size_t)nprefix);
	out_repeat(o, '0', zeros);
	while (ndigits > 0) {
		ndigits--;
		out_put(o, &digits[ndigits], 1);
	}
	if (sp->left)
		out_repeat(o, ' ', pad);
}

static int64_t fetch_signed(enum fmt_length len, va_list *ap)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
	case LEN_SIZE:
	case LEN_PTRDIFF:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_INT:
		break;
	}
	return va_arg(*ap, int);
}

static uint64_t fetch_unsigned(enum fmt_length len, va_list *ap)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
	case LEN_SIZE:
	case LEN_PTRDIFF:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_INT:
		break;
	}
	return va_arg(*ap, unsigned int);
}

/* Parse a run of decimal digits at *@p, saturating instead of overflowing. */
static int parse_number(const char **p)
{
	int n = 0;

	while (**p >= '0' && **p <= '9') {
		if (n < 100000)
			n = n * 10 + (**p - '0');
		(*p)++;
	}
	return n;
}

/*
 * Parse flags, width, precision and length of the specification after a
 * '%'. Returns a pointer to the conversion character.
 */
static const char *parse_spec(const char *p, struct fmt_spec *sp, va_list *ap)
{
	*sp = (struct fmt_spec){.width = -1, .precision = -1};

	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '0')
			sp->zero = true;
		else if (*p == '+')
			sp->plus = true;
		else if (*p == ' ')
			sp->space = true;
		else if (*p == '#')
			sp->alt = true;
		else
			break;
	}

	if (*p == '*') {
		int w = va_arg(*ap, int);

		/* C: a negative '*' width means '-' with its magnitude. */
		if (w < 0) {
			sp->left = true;
			w = w == -2147483647 - 1 ? 2147483647 : -w;
		}
		sp->width = w;
		p++;
	} else if (*p >= '1' && *p <= '9') {
		sp->width = parse_number(&p);
	}

	if (*p == '.') {
		p++;
		if (*p == '*') {
			int prec = va_arg(*ap, int);

			sp->precision = prec < 0 ? -1 : prec;
			p++;
		} else {
			sp->precision = parse_number(&p);
		}
	}

	switch (*p) {
	case 'h':
		p++;
		sp->length = LEN_SHORT;
		if (*p == 'h') {
			p++;
			sp->length = LEN_CHAR;
		}
		break;
	case 'l':
		p++;
		sp->length = LEN_LONG;
		if (*p == 'l') {
			p++;
			sp->length = LEN_LLONG;
		}
		break;
	case 'z':
		p++;
		sp->length = LEN_SIZE;
		break;
	case 't':
		p++;
		sp->length = LEN_PTRDIFF;
		break;
	default:
		break;
	}
	return p;
}

/* Format one conversion; returns false if @conv is not one we know. */
static bool convert(struct fmt_out *o, const struct fmt_spec *sp, char conv,
		    va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		int64_t v = fetch_signed(sp->length, ap);
		/* Negate in unsigned arithmetic so INT64_MIN works too. */
		uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

		out_integer(o, sp, mag, v < 0, 10, false, false);
		return true;
	}
	case 'u':
		out_integer(o, sp, fetch_unsigned(sp->length, ap), false, 10,
			    false, false);
		return true;
	case 'x':
	case 'X':
		out_integer(o, sp, fetch_unsigned(sp->length, ap), false, 16,
			    conv == 'X', false);
		return true;
	case 'p': {
		struct fmt_spec p = *sp;

		if (p.precision < 0)
			p.precision = 16;
		p.plus = p.space = false;
		out_integer(o, &p, (uint64_t)(uintptr_t)va_arg(*ap, void *),
			    false, 16, false, true);
		return true;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		size_t n;

		if (!s)
			s = "(null)";
		n = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision)
				       : strlen(s);
		out_padded(o, sp, s, n);
		return true;
	}
	case 'c': {
		char c = (char)va_arg(*ap, int);

		out_padded(o, sp, &c, 1);
		return true;
	}
	case '%':
		out_put(o, "%", 1);
		return true;
	default:
		return false;
	}
}

size_t frame_vformat(const struct frame_format_sink *sink, const char *fmt,
		     va_list ap)
{
	struct fmt_out o = {.sink = sink};
	const char *p = fmt;
	va_list args;

	/* A copy, so that helpers can take the list by pointer portably. */
	va_copy(args, ap);
	while (*p) {
		const char *start = p;
		struct fmt_spec sp;

		while (*p && *p != '%')
			p++;
		out_put(&o, start, (size_t)(p - start));
		if (!*p)
			break;

		start = p;
		p = parse_spec(p + 1, &sp, &args);
		if (!*p) {
			/* A lone '%' at the end: print what was written. */
			out_put(&o, start, (size_t)(p - start));
			break;
		}
		if (!convert(&o, &sp, *p, &args))
			out_put(&o, start, (size_t)(p - start) + 1);
		p++;
	}
	va_end(args);
	return o.total;
}

/* frame_snprintf()'s sink: copy what fits, count everything. */
struct buf_sink {
	char *buf;
	size_t size; /* capacity, including the NUL */
	size_t len;  /* bytes stored, excluding the NUL */
};

static void buf_put(void *ctx, const char *s, size_t n)
{
	struct buf_sink *b = ctx;
	size_t room;

	if (!b->size || b->len >= b->size - 1)
		return;
	room = b->size - 1 - b->len;
	if (n > room)
		n = room;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

int frame_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = {.buf = buf, .size = size};
	struct frame_format_sink sink = {.put = buf_put, .ctx = &b};
	size_t total = frame_vformat(&sink, fmt, ap);

	if (size)
		buf[b.len] = '\0';
	return total > 2147483647 ? 2147483647 : (int)total;
}

int frame_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = frame_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
