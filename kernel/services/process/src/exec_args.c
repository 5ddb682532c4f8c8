/* SPDX-License-Identifier: MIT */
/* exec's argument and environment strings: copy-in, limits, #! rewrite. */
#include "exec_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/user.h>

void exec_args_init(struct exec_args *a, uint64_t stack_rlimit)
{
	uint64_t limit = stack_rlimit / 4;

	a->buf = NULL;
	a->len = a->cap = 0;
	a->argc = a->envc = 0;
	if (limit > EXEC_ARG_CEIL)
		limit = EXEC_ARG_CEIL;
	if (limit < EXEC_ARG_MIN)
		limit = EXEC_ARG_MIN;
	a->limit = (size_t)limit;
}

void exec_args_release(struct exec_args *a)
{
	frame_free(a->buf);
	a->buf = NULL;
	a->len = a->cap = 0;
}

int exec_args_check(const struct exec_args *a)
{
	size_t ptrs = ((size_t)a->argc + a->envc + 2) * sizeof(uint64_t);

	return a->len + ptrs > a->limit ? -E2BIG : 0;
}

/* Room for @n more bytes. */
static int exec_args_reserve(struct exec_args *a, size_t n)
{
	size_t want = a->len + n, cap = a->cap ? a->cap : 4096;
	char *nb;

	if (want > a->limit)
		return -E2BIG;
	if (want <= a->cap)
		return 0;
	while (cap < want)
		cap *= 2;
	nb = frame_alloc(cap);
	if (!nb)
		return -ENOMEM;
	if (a->len)
		memcpy(nb, a->buf, a->len);
	frame_free(a->buf);
	a->buf = nb;
	a->cap = cap;
	return 0;
}

int exec_args_push(struct exec_args *a, const char *s, size_t n)
{
	int err;

	if (n + 1 > EXEC_MAX_ARG_STRLEN)
		return -E2BIG;
	err = exec_args_reserve(a, n + 1);
	if (err)
		return err;
	memcpy(a->buf + a->len, s, n);
	a->buf[a->len + n] = '\0';
	a->len += n + 1;
	return 0;
}

/* Copy one user string straight into the buffer. */
static int exec_args_push_user(struct exec_args *a, uaddr_t s)
{
	size_t room = MIN(EXEC_MAX_ARG_STRLEN, a->limit - a->len);
	ssize_t n;
	int err;

	err = exec_args_reserve(a, MIN(room, (size_t)4096));
	if (err)
		return err;
	for (;;) {
		size_t have = MIN(room, a->cap - a->len);

		n = frame_strncpy_from_user(a->buf + a->len, s, have);
		if (n >= 0)
			break;
		if (n != -ENAMETOOLONG)
			return (int)n;
		if (have >= room)
			return -E2BIG;
		err = exec_args_reserve(a, MIN(room, have * 2));
		if (err)
			return err;
	}
	a->len += (size_t)n + 1;
	return 0;
}

/* Push the strings of a NULL-terminated user array; count them. */
static int exec_args_push_array(struct exec_args *a, uaddr_t arr,
				unsigned int *count)
{
	for (size_t i = 0; !uaddr_is_null(arr); i++) {
		uint64_t p;
		int err;

		if (frame_copy_from_user(&p, uaddr_add(arr, i * 8), 8))
			return -EFAULT;
		if (!p)
			break;
		if (i >= 0x7fffffff)
			return -E2BIG;
		err = exec_args_push_user(a, uaddr_from_syscall_arg(p));
		if (err)
			return err;
		(*count)++;
	}
	return 0;
}

int exec_args_from_user(struct exec_args *a, uaddr_t argv, uaddr_t envp)
{
	int err = exec_args_push_array(a, argv, &a->argc);

	if (!err)
		err = exec_args_push_array(a, envp, &a->envc);
	if (!err)
		err = exec_args_check(a);
	return err;
}

int exec_args_from_kernel(struct exec_args *a, char *const argv[],
			  char *const envp[])
{
	int err = 0;

	for (size_t i = 0; argv && argv[i] && !err; i++, a->argc++)
		err = exec_args_push(a, argv[i],
				     strnlen(argv[i], EXEC_MAX_ARG_STRLEN));
	for (size_t i = 0; envp && envp[i] && !err; i++, a->envc++)
		err = exec_args_push(a, envp[i],
				     strnlen(envp[i], EXEC_MAX_ARG_STRLEN));
	if (!err)
		err = exec_args_check(a);
	return err;
}

const char *exec_args_str(const struct exec_args *a, unsigned int i)
{
	size_t off = 0;

	for (unsigned int k = 0; k < i; k++)
		off += strnlen(a->buf + off, a->len - off) + 1;
	return a->buf + off;
}

int exec_args_script(struct exec_args *a, const char *interp, const char *arg,
		     const char *path)
{
	struct exec_args n = *a;
	size_t skip = 0;
	int err;

	n.buf = NULL;
	n.len = n.cap = 0;
	n.argc = 0;
	err = exec_args_push(&n, interp, strnlen(interp, EXEC_PATH_MAX));
	if (!err && arg && arg[0]) {
		err = exec_args_push(&n, arg, strnlen(arg, EXEC_BUF_SIZE));
		n.argc++;
	}
	if (!err)
		err = exec_args_push(&n, path, strnlen(path, EXEC_PATH_MAX));
	n.argc += 2;
	/* The old argv[0] goes; argv[1..] and the environment stay. */
	if (a->argc)
		skip = strnlen(a->buf, a->len) + 1;
	if (!err && a->len > skip) {
		err = exec_args_reserve(&n, a->len - skip);
		if (!err) {
			memcpy(n.buf + n.len, a->buf + skip, a->len - skip);
			n.len += a->len - skip;
		}
	}
	n.argc += a->argc ? a->argc - 1 : 0;
	if (!err)
		err = exec_args_check(&n);
	if (err) {
		exec_args_release(&n);
		return err;
	}
	exec_args_release(a);
	*a = n;
	return 0;
}
