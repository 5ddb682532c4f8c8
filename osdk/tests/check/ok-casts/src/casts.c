/* SPDX-License-Identifier: MIT */
/* Allowed: the conversions the rules leave to services. */
#include <stdarg.h>

#include <frame/compiler.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/user.h>

struct node {
	int v;
};

struct item {
	int key;
	struct node link;
};

/* container_of() is the frame's: its casts are the frame's. */
struct item *item_of(struct node *n)
{
	return container_of(n, struct item, link);
}

/* void * fresh from an allocator becomes typed, implicitly or not. */
struct item *item_new(void)
{
	struct item *it = frame_alloc(sizeof(*it));

	return it;
}

struct item *item_zeroed(void)
{
	return frame_zalloc(sizeof(struct item));
}

struct item *item_made(void)
{
	return (struct item *)frame_make(sizeof(struct item));
}

struct item *item_maybe(bool zero)
{
	return zero ? frame_zalloc(sizeof(struct item)) : NULL;
}

/* Widening to void * and adding const lose nothing. */
void *item_untyped(struct item *it)
{
	return it;
}

const void *item_read_only(const struct item *it)
{
	return it;
}

const char *name_read_only(char *s)
{
	return s;
}

/* The character types, and integers differing only in sign, alias. */
const unsigned char *name_bytes(const char *s)
{
	return (const unsigned char *)s;
}

unsigned int *as_unsigned(int *p)
{
	return (unsigned int *)p;
}

/* Null pointers, tests against them, and truth values. */
bool present(const void *p)
{
	bool b = p;

	return b && p != NULL;
}

struct item *nothing(void)
{
	return 0;
}

/* An operand of sizeof is never evaluated. */
size_t link_size(void)
{
	return sizeof(((struct item *)0)->link);
}

/* A function through a pointer of its own type. */
static int zero(void)
{
	return 0;
}

int call_through(void)
{
	int (*fn)(void) = zero;

	return fn();
}

/* Variadic arguments, pointers among them. */
size_t lengths(int n, ...)
{
	va_list ap;
	size_t total = 0;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		total += strnlen(va_arg(ap, const char *), 64);
	va_end(ap);
	return total;
}

/* Memory functions with a length, and pointer arithmetic. */
void item_clear(struct item *it, const struct item *from)
{
	memset(it, 0, sizeof(*it));
	memcpy(it, from, sizeof(*it));
}

ptrdiff_t distance(const char *a, const char *b)
{
	return b - a;
}

/* A user address only through the frame's helpers. */
unsigned long next_user_value(uaddr_t a)
{
	return uaddr_value(uaddr_add(a, 8));
}

int read_user(uaddr_t a, struct item *out)
{
	const uaddr_t *view = &a;

	return frame_copy_from_user(out, *view, sizeof(*out));
}

/* The frame's macro may read volatile; the service does not spell it. */
int read_flag(int *flag)
{
	return FRAME_READ_ONCE(*flag);
}

/* Bounded string functions. */
int copy_name(char *dst, size_t size, const char *src)
{
	return frame_strscpy(dst, src, size) < 0 ? -1 :
	       strncmp(dst, src, size);
}
