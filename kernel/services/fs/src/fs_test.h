/* SPDX-License-Identifier: MIT */
/* ktest helpers: a user address space, a task's fs state, syscall calls. */
#ifndef FS_FS_TEST_H
#define FS_FS_TEST_H

#include <frame/errno.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/user.h>
#include <frame/vm.h>

#include <fs/fs.h>
#include <fs/syscalls.h>

#include "vfs.h"

#define KT_USER_BASE  0x10000000ul
#define KT_USER_PAGES 16u /* order 4 */

/* What a test runs in: user memory, a descriptor table, an fs context. */
struct kt_env {
	struct vm_space *space;
	struct fd_table *fds;
	struct fs_ctx *ctx;
};

static inline int kt_env_setup(struct kt_env *e)
{
	struct frame_page *p;
	struct vm_cursor c;
	int err;

	err = fs_init();
	if (err)
		return err;
	e->space = vm_space_create();
	p = frame_page_alloc(4, FRAME_PAGE_ZERO);
	if (!e->space || !p)
		return -ENOMEM;
	err = vm_cursor_open(&c, e->space, uaddr_from_syscall_arg(KT_USER_BASE),
			     KT_USER_PAGES * FRAME_PAGE_SIZE);
	if (err)
		return err;
	err = vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE);
	vm_cursor_close(&c);
	frame_page_put(p);
	if (err)
		return err;
	vm_space_activate(e->space);
	e->fds = fd_table_create();
	e->ctx = fs_ctx_create();
	if (!e->fds || !e->ctx)
		return -ENOMEM;
	return fs_attach(task_current(), e->fds, e->ctx);
}

static inline void kt_env_teardown(struct kt_env *e)
{
	fs_attach(task_current(), NULL, NULL);
	fd_table_put(e->fds);
	fs_ctx_put(e->ctx);
	vm_space_activate(NULL);
	vm_space_put(e->space);
}

/* A user address @off bytes into the test's memory. */
static inline uint64_t kt_u(size_t off)
{
	return KT_USER_BASE + off;
}

/* Put a string at user offset @off (the first 8 KiB are for strings);
 * its user address. */
static inline uint64_t kt_str(size_t off, const char *s)
{
	size_t n = strnlen(s, 8192);

	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(off)), s, n + 1);
	return kt_u(off);
}

/* Call a syscall with up to six arguments. */
#define KT_SYS(fn, ...) kt_call(fn, (const uint64_t[6]){ __VA_ARGS__ })

static inline long kt_call(long (*fn)(const uint64_t a[6]), const uint64_t a[6])
{
	return fn(a);
}

/* User offsets for buffers: [8 KiB, 64 KiB) */
#define KT_BUF	8192u
#define KT_BUF2 32768u

#endif /* FS_FS_TEST_H */
