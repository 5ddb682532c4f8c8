/* SPDX-License-Identifier: MIT */
/* ktests for the setjmp/longjmp pair under the ktest machinery. */
#include "arch/x86_64/cpu/setjmp.h"

#include <frame/ktest.h>

static struct arch_jmp_buf jb;

/* Jump from two frames down, so that real frames are discarded. */
__attribute__((noinline)) static void jump_back(int val)
{
	arch_longjmp(&jb, val);
}

__attribute__((noinline)) static int nested(int val)
{
	jump_back(val);
	return -1; /* never reached */
}

KTEST(setjmp_returns_twice)
{
	/* Changed between the two returns, so volatile, as with C setjmp. */
	volatile int passes = 0;
	int ret;

	ret = arch_setjmp(&jb);
	passes++;
	if (passes == 1) {
		KT_ASSERT_EQ(ret, 0);
		nested(42);
	}
	KT_ASSERT_EQ(passes, 2);
	KT_ASSERT_EQ(ret, 42);
}

KTEST(longjmp_zero_becomes_one)
{
	volatile int passes = 0;
	int ret;

	ret = arch_setjmp(&jb);
	if (passes++ == 0)
		jump_back(0);
	KT_ASSERT_EQ(ret, 1);
}

/* Callee-saved registers hold these across the jump when optimised. */
KTEST(longjmp_restores_callee_saved_state)
{
	volatile int passes = 0;
	long a = 0x1111, b = 0x2222, c = 0x3333, d = 0x4444, e = 0x5555;

	if (arch_setjmp(&jb) == 0) {
		passes++;
		nested(1);
	}
	KT_ASSERT_EQ(passes, 1);
	KT_ASSERT_EQ(a + b + c + d + e, 0xffff);
}
