/* SPDX-License-Identifier: MIT */
/* ktests for trap dispatch: a breakpoint that returns, handler bookkeeping. */
#include "arch/x86_64/arch.h"

#include <frame/errno.h>
#include <frame/ktest.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/setjmp.h"
#include "panic/ksyms.h"

#define VECTOR_BREAKPOINT 3
#define VECTOR_PAGE_FAULT 14

static unsigned int bp_hits;
static struct arch_trap_frame bp_seen;

static bool count_breakpoint(struct arch_trap_frame *frame)
{
	bp_hits++;
	bp_seen = *frame;
	return true; /* int3 is a trap: RIP is already past it */
}

KTEST(breakpoint_round_trip)
{
	struct frame_ksym_info sym;

	uint64_t if_before = arch_read_rflags() & ARCH_RFLAGS_IF;

	bp_hits = 0;
	KT_ASSERT_OK(
	    arch_trap_set_handler(VECTOR_BREAKPOINT, count_breakpoint));
	arch_breakpoint();
	arch_breakpoint();
	arch_trap_clear_handler(VECTOR_BREAKPOINT);

	KT_ASSERT_EQ(bp_hits, 2);
	KT_ASSERT_EQ(bp_seen.vector, VECTOR_BREAKPOINT);
	KT_ASSERT_EQ(bp_seen.error_code, 0);
	KT_ASSERT_EQ(bp_seen.cs, 0x08);
	/* The saved RFLAGS holds the interrupt flag of the trapping code. */
	KT_ASSERT_EQ(bp_seen.rflags & ARCH_RFLAGS_IF, if_before);
	/* The saved RIP points back into this test. */
	KT_ASSERT(frame_ksyms_lookup(bp_seen.rip - 1, &sym));
	KT_ASSERT_STREQ(sym.name, "ktest_fn_breakpoint_round_trip");
	KT_ASSERT_STREQ(arch_trap_name(VECTOR_BREAKPOINT), "breakpoint");
}

KTEST(trap_handler_registration_rules)
{
	KT_ASSERT_ERR(arch_trap_set_handler(256, count_breakpoint), -EINVAL);
	KT_ASSERT_ERR(arch_trap_set_handler(3, NULL), -EINVAL);
	KT_ASSERT_ERR(arch_trap_set_handler(8, count_breakpoint), -EPERM);
	KT_ASSERT_OK(arch_trap_set_handler(200, count_breakpoint));
	KT_ASSERT_ERR(arch_trap_set_handler(200, count_breakpoint), -EBUSY);
	arch_trap_clear_handler(200);
	KT_ASSERT_OK(arch_trap_set_handler(200, count_breakpoint));
	arch_trap_clear_handler(200);
}

static struct arch_jmp_buf pf_jmp;
static uint64_t pf_addr, pf_error;

/* Where a caught page fault resumes: straight back to the test. */
__noreturn static void pf_resume(void)
{
	arch_longjmp(&pf_jmp, 1);
}

static bool catch_page_fault(struct arch_trap_frame *frame)
{
	pf_addr = arch_read_cr2();
	pf_error = frame->error_code;
	frame->rip = (uint64_t)(uintptr_t)pf_resume;
	return true;
}

KTEST(null_page_is_unmapped)
{
	uintptr_t addr = 8;

	/* Hide the constant, so the compiler sees an ordinary pointer. */
	__asm__("" : "+r"(addr));
	KT_ASSERT_OK(
	    arch_trap_set_handler(VECTOR_PAGE_FAULT, catch_page_fault));
	if (arch_setjmp(&pf_jmp) == 0) {
		(void)*(volatile const uint32_t *)addr;
		arch_trap_clear_handler(VECTOR_PAGE_FAULT);
		KT_FAIL("reading address 0x%lx did not fault", (long)addr);
	}
	arch_trap_clear_handler(VECTOR_PAGE_FAULT);
	KT_ASSERT_EQ(pf_addr, 8);
	KT_ASSERT_EQ(pf_error & 0x1, 0); /* page not present */
	KT_ASSERT_EQ(pf_error & 0x2, 0); /* on a read */
}
