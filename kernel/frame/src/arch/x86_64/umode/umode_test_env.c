/* SPDX-License-Identifier: MIT */
/* A test process for the user-mode ktests: program, data, stack, context. */
#include "arch/x86_64/umode/umode_test.h"

#include <frame/errno.h>
#include <frame/page.h>
#include <frame/vm.h>

#include "arch/x86_64/umode/uctx.h"

#define UT_PAGE 4096ul

/* Map @pages of the block @page at @addr with @prot. */
static int ut_map(struct vm_space *space, uint64_t addr,
		  struct frame_page *page, size_t pages, unsigned int prot)
{
	struct vm_cursor c;
	int ret;

	ret = vm_cursor_open(&c, space, uaddr_from_syscall_arg(addr),
			     pages * UT_PAGE);
	if (ret)
		return ret;
	ret = vm_cursor_map_pages(&c, page, 0, pages, prot);
	vm_cursor_close(&c);
	return ret;
}

int umode_test_env_init(struct umode_test_env *env)
{
	size_t len = (size_t)(umode_test_prog_end - umode_test_prog_start);
	int ret = -ENOMEM;

	*env = (struct umode_test_env){ 0 };
	if (len > UT_CODE_PAGES * UT_PAGE)
		return -E2BIG;
	env->space = vm_space_create();
	env->ctx = uctx_create();
	/* Order 1 blocks: 2 pages of code, and 4 of data (order 2). */
	env->code = frame_page_alloc(1, FRAME_PAGE_ZERO);
	env->data = frame_page_alloc(2, FRAME_PAGE_ZERO);
	if (!env->space || !env->ctx || !env->code || !env->data)
		goto out_release;
	ret = frame_page_write(env->code, 0, umode_test_prog_start, len);
	if (ret)
		goto out_release;
	ret = ut_map(env->space, UT_CODE, env->code, UT_CODE_PAGES,
		     VM_PROT_READ | VM_PROT_EXEC);
	if (ret)
		goto out_release;
	ret = ut_map(env->space, UT_DATA, env->data, UT_DATA_PAGES,
		     VM_PROT_READ | VM_PROT_WRITE);
	if (ret)
		goto out_release;
	uctx_set_rsp(env->ctx, UT_STACK_TOP);
	return 0;

out_release:
	umode_test_env_release(env);
	return ret;
}

void umode_test_env_release(struct umode_test_env *env)
{
	/* The task gives its space up; the test's reference is the last. */
	vm_space_activate(NULL);
	if (env->space)
		vm_space_put(env->space);
	uctx_destroy(env->ctx);
	if (env->code)
		frame_page_put(env->code);
	if (env->data)
		frame_page_put(env->data);
	*env = (struct umode_test_env){ 0 };
}

uint64_t umode_test_addr(const char *label)
{
	return UT_CODE + (uint64_t)(label - umode_test_prog_start);
}

int umode_test_run(struct uctx *ctx, struct vm_space *space,
		   struct umode_trap *t)
{
	int ret;

	do {
		ret = umode_run(ctx, space, t);
		if (!ret && t->reason == UMODE_INTERRUPT)
			uctx_of(ctx, __func__)->stats.interrupts++;
	} while (!ret && t->reason == UMODE_INTERRUPT);
	return ret;
}
