/* SPDX-License-Identifier: MIT */
/* brk.c - the program break: query, grow (zeroed, writable), shrink
 * (unmapped again), unaligned ends, refusals that return the old break. */
#include "abi.h"

#include <setjmp.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PG 4096UL

static sigjmp_buf jb;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(jb, 1);
}

static unsigned long sys_brk(unsigned long v)
{
	return (unsigned long)syscall(SYS_brk, v);
}

static int faults(volatile char *p)
{
	if (sigsetjmp(jb, 1) == 0) {
		*p = 1;
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long cur, top, r;
	char *p;
	int i, zero = 1;

	(void)argc;
	abi_start(argv[0]);
	signal(SIGSEGV, on_segv);
	cur = sys_brk(0);
	CHECK("brk.query", cur > 0);
	CHECK_EQ("brk.query_again", sys_brk(0), cur);
	top = (cur + PG - 1) & ~(PG - 1);
	r = sys_brk(top + 16 * PG);
	CHECK_EQ("brk.grow", r, top + 16 * PG);
	p = (char *)top;
	for (i = 0; i < (int)(16 * PG); i++)
		zero &= p[i] == 0;
	CHECK("brk.zeroed", zero);
	CHECK_EQ("brk.writable", faults(p + 15 * PG), 0);
	p[5 * PG] = 'x';

	r = sys_brk(top + 2 * PG);
	CHECK_EQ("brk.shrink", r, top + 2 * PG);
	CHECK_EQ("brk.shrunk_unmapped", faults(p + 5 * PG), 1);
	CHECK_EQ("brk.regrow", sys_brk(top + 8 * PG), top + 8 * PG);
	CHECK_EQ("brk.regrow_zeroed", p[5 * PG], 0);

	r = sys_brk(top + 8 * PG + 100);
	CHECK_EQ("brk.unaligned", r, top + 8 * PG + 100);
	CHECK_EQ("brk.unaligned_page_usable", faults(p + 8 * PG + 200), 0);
	CHECK_EQ("brk.below_start_refused", sys_brk(4096), top + 8 * PG + 100);

	/* A mapping in the way: the break does not move. */
	p = mmap((char *)top + 64 * PG, PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("brk.blocker_mapped", p == (char *)top + 64 * PG);
	CHECK_EQ("brk.collision_refused", sys_brk(top + 128 * PG),
		 top + 8 * PG + 100);
	CHECK_EQ("brk.after_refusal", sys_brk(0), top + 8 * PG + 100);
	munmap(p, PG);
	CHECK_EQ("brk.restore", sys_brk(cur), cur);
	return abi_end();
}
