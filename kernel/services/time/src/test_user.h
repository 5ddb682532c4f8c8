/* SPDX-License-Identifier: MIT */
/* For the ktests: a user page to hand the syscalls, and root or not. */
#ifndef TIME_TEST_USER_H
#define TIME_TEST_USER_H

#include <cred/cred.h>
#include <frame/page.h>
#include <frame/user.h>
#include <frame/vm.h>

/* The test page: USER_BASE .. USER_BASE + 2 pages, readable and writable;
 * the page after it is unmapped (for EFAULT). */
#define USER_BASE 0x400000ul
#define USER_HOLE (USER_BASE + 2 * FRAME_PAGE_SIZE)
#define USER(off) (USER_BASE + (off))

struct test_user {
	struct vm_space *space;
	struct frame_page *page;
};

static inline int test_user_setup(struct test_user *tu)
{
	struct vm_cursor c;
	int err = -ENOMEM;

	tu->page = frame_page_alloc(1, FRAME_PAGE_ZERO);
	tu->space = vm_space_create();
	if (!tu->page || !tu->space)
		return err;
	err = vm_cursor_open(&c, tu->space, uaddr_from_syscall_arg(USER_BASE),
			     2 * FRAME_PAGE_SIZE);
	if (err)
		return err;
	err = vm_cursor_map(&c, tu->page, VM_PROT_READ | VM_PROT_WRITE);
	vm_cursor_close(&c);
	if (!err)
		vm_space_activate(tu->space);
	return err;
}

static inline void test_user_teardown(struct test_user *tu)
{
	vm_space_activate(NULL);
	if (tu->space)
		vm_space_put(tu->space);
	if (tu->page)
		frame_page_put(tu->page);
}

/* Read back what a syscall wrote at USER(@off). */
static inline int test_user_read(unsigned long off, void *dst, size_t n)
{
	return frame_copy_from_user(dst, uaddr_from_syscall_arg(USER(off)), n);
}

static inline int test_user_write(unsigned long off, const void *src, size_t n)
{
	return frame_copy_to_user(uaddr_from_syscall_arg(USER(off)), src, n);
}

/* Run as an unprivileged user (euid 1000) or as root again. */
static inline int test_set_euid(uint32_t euid)
{
	struct cred *c = cred_dup(cred_current());

	if (!c)
		return -ENOMEM;
	c->euid = euid;
	return cred_commit(c);
}

#endif /* TIME_TEST_USER_H */
