/* SPDX-License-Identifier: MIT */
/* ktests for user mode: faults, exceptions and interrupts come back as reasons.
 */
#include "arch/x86_64/umode/umode_test.h"

#include <frame/errno.h>
#include <frame/irq.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/vm.h>

#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/trap/vectors.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/umode/uctx.h"

/* An unmapped page of the test process, and a value to find there. */
#define UT_HOLE	      0x700000ul
#define UT_HOLE_VALUE 0x5eed5eed5eed5eedull

/* Run @env's context from @entry with RDI = @rdi; return the trap. */
static struct umode_trap ut_run_at(struct umode_test_env *env,
				   const char *entry, uint64_t rdi)
{
	struct umode_trap t;

	uctx_set_rip(env->ctx, umode_test_addr(entry));
	KT_ASSERT_OK(uctx_set_reg(env->ctx, UCTX_RDI, rdi));
	KT_ASSERT_OK(umode_test_run(env->ctx, env->space, &t));
	return t;
}

/* The I/D bit of the error code is reported only with NX or SMEP on. */
static uint64_t ut_fetch_bit(void)
{
	return arch_mmu.nx || arch_mmu.smep ? UMODE_PF_FETCH : 0;
}

KTEST(umode_page_faults_come_back_as_reasons)
{
	struct umode_test_env env;
	struct frame_page *page;
	struct vm_cursor c;
	struct umode_trap t;
	uint64_t value = UT_HOLE_VALUE;

	KT_ASSERT_OK(umode_test_env_init(&env));

	/* A read of a page that is not there. */
	t = ut_run_at(&env, umode_test_prog_load, UT_HOLE + 8);
	KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
	KT_ASSERT_EQ(t.vector, UMODE_VEC_PF);
	KT_ASSERT_EQ(t.fault_addr, UT_HOLE + 8);
	KT_ASSERT_EQ(t.error_code, UMODE_PF_USER);
	KT_ASSERT_EQ(uctx_rip(env.ctx), umode_test_addr(umode_test_prog_load));

	/* Map it, as demand paging would, and run on: the load is retried. */
	page = frame_page_alloc(0, FRAME_PAGE_ZERO);
	KT_ASSERT_NOT_NULL(page);
	KT_ASSERT_OK(frame_page_write(page, 8, &value, sizeof(value)));
	KT_ASSERT_OK(vm_cursor_open(
		&c, env.space, uaddr_from_syscall_arg(UT_HOLE), VM_PAGE_SIZE));
	KT_ASSERT_OK(vm_cursor_map(&c, page, VM_PROT_READ));
	vm_cursor_close(&c);
	frame_page_put(page);
	KT_ASSERT_OK(umode_test_run(env.ctx, env.space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_syscall_nr(env.ctx), UT_SYS_REPORT);
	KT_ASSERT_EQ(uctx_get_reg(env.ctx, UCTX_RDI), UT_HOLE_VALUE);

	/* A write to that read-only page, and to the program's own code. */
	t = ut_run_at(&env, umode_test_prog_store, UT_HOLE);
	KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
	KT_ASSERT_EQ(t.fault_addr, UT_HOLE);
	KT_ASSERT_EQ(t.error_code,
		     UMODE_PF_PRESENT | UMODE_PF_WRITE | UMODE_PF_USER);
	t = ut_run_at(&env, umode_test_prog_store, UT_CODE + 16);
	KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
	KT_ASSERT_EQ(t.fault_addr, UT_CODE + 16);
	KT_ASSERT_EQ(t.error_code,
		     UMODE_PF_PRESENT | UMODE_PF_WRITE | UMODE_PF_USER);

	/* Running data: no-execute, where the CPU has NX. */
	if (arch_mmu.nx) {
		t = ut_run_at(&env, umode_test_prog_call, UT_DATA);
		KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
		KT_ASSERT_EQ(t.fault_addr, UT_DATA);
		KT_ASSERT_EQ(uctx_rip(env.ctx), UT_DATA);
		KT_ASSERT_EQ(t.error_code,
			     UMODE_PF_PRESENT | UMODE_PF_USER | UMODE_PF_FETCH);
	}
	umode_test_env_release(&env);
}

KTEST(umode_kernel_addresses_fault_back)
{
	uint64_t text = (uint64_t)(uintptr_t)umode_run;
	uint64_t data = (uint64_t)(uintptr_t)&umode_stats;
	uint64_t direct = DIRECT_MAP_BASE + 0x100000;
	struct umode_test_env env;
	struct umode_trap t;

	KT_ASSERT_OK(umode_test_env_init(&env));
	/* Kernel data and the direct map: present, but not for users. */
	t = ut_run_at(&env, umode_test_prog_load, data);
	KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
	KT_ASSERT_EQ(t.fault_addr, data);
	KT_ASSERT_EQ(t.error_code, UMODE_PF_PRESENT | UMODE_PF_USER);
	t = ut_run_at(&env, umode_test_prog_store, direct);
	KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
	KT_ASSERT_EQ(t.fault_addr, direct);
	KT_ASSERT_EQ(t.error_code,
		     UMODE_PF_PRESENT | UMODE_PF_WRITE | UMODE_PF_USER);
	/* Calling kernel code: the fetch faults, in user mode. */
	t = ut_run_at(&env, umode_test_prog_call, text);
	KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
	KT_ASSERT_EQ(t.fault_addr, text);
	KT_ASSERT_EQ(uctx_rip(env.ctx), text);
	KT_ASSERT_EQ(t.error_code,
		     UMODE_PF_PRESENT | UMODE_PF_USER | ut_fetch_bit());
	umode_test_env_release(&env);
}

KTEST(umode_divide_error_is_reported_and_retried)
{
	struct umode_test_env env;
	struct umode_trap t;

	KT_ASSERT_OK(umode_test_env_init(&env));
	t = ut_run_at(&env, umode_test_prog_div, 0);
	KT_ASSERT_EQ(t.reason, UMODE_EXCEPTION);
	KT_ASSERT_EQ(t.vector, UMODE_VEC_DE);
	KT_ASSERT_EQ(t.error_code, 0);
	KT_ASSERT_EQ(t.fault_addr, 0);
	KT_ASSERT_EQ(uctx_rip(env.ctx),
		     umode_test_addr(umode_test_prog_div_insn));
	/* A fault leaves RIP on the instruction: fix the divisor, retry. */
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RCX, 1));
	KT_ASSERT_OK(umode_test_run(env.ctx, env.space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_syscall_nr(env.ctx), UT_SYS_REPORT);
	KT_ASSERT_EQ(uctx_get_reg(env.ctx, UCTX_RDI), 7);
	umode_test_env_release(&env);
}

KTEST(umode_closed_doors_fault_in_user_mode)
{
	struct umode_test_env env;
	struct umode_trap t;

	KT_ASSERT_OK(umode_test_env_init(&env));
	/*
	 * Every IDT gate but int3's is DPL 0: INT n from ring 3 is #GP with
	 * error code n * 8 + 2 (the gate's index, IDT bit set). QEMU's TCG
	 * scales the index by the 16-byte gate size in 64-bit mode:
	 * n * 16 + 2.
	 */
	t = ut_run_at(&env, umode_test_prog_int80, 0);
	KT_ASSERT_EQ(t.reason, UMODE_EXCEPTION);
	KT_ASSERT_EQ(t.vector, UMODE_VEC_GP);
	KT_ASSERT(t.error_code == 0x80 * 8 + 2 ||
		  t.error_code == 0x80 * 16 + 2);
	KT_ASSERT_EQ(uctx_rip(env.ctx), umode_test_addr(umode_test_prog_int80));
	/* SYSENTER: #GP with the null SYSENTER_CS (Intel), #UD in long
	 * mode (AMD); never a way in. */
	t = ut_run_at(&env, umode_test_prog_sysenter, 0);
	KT_ASSERT_EQ(t.reason, UMODE_EXCEPTION);
	KT_ASSERT(t.vector == UMODE_VEC_GP || t.vector == UMODE_VEC_UD);
	KT_ASSERT_EQ(t.error_code, 0);
	KT_ASSERT_EQ(uctx_rip(env.ctx),
		     umode_test_addr(umode_test_prog_sysenter));
	umode_test_env_release(&env);
}

KTEST(umode_single_step_traps_after_one_instruction)
{
	struct umode_test_env env;
	struct umode_trap t;
	uint64_t iret;

	KT_ASSERT_OK(umode_test_env_init(&env));
	uctx_set_rip(env.ctx, umode_test_addr(umode_test_prog_nops));
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RFLAGS,
				  UCTX_RFLAGS_DEFAULT | ARCH_RFLAGS_TF));
	/* Even with RCX and R11 lined up, TF needs IRETQ. */
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RCX, uctx_rip(env.ctx)));
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_R11,
				  uctx_get_reg(env.ctx, UCTX_RFLAGS)));
	/* An interrupt before the first instruction: run again. */
	do {
		iret = ut_irets(env.ctx);
		KT_ASSERT_OK(umode_run(env.ctx, env.space, &t));
		KT_ASSERT_EQ(ut_irets(env.ctx), iret + 1);
	} while (t.reason == UMODE_INTERRUPT &&
		 uctx_rip(env.ctx) == umode_test_addr(umode_test_prog_nops));
	KT_ASSERT_EQ(t.reason, UMODE_EXCEPTION);
	KT_ASSERT_EQ(t.vector, UMODE_VEC_DB);
	/* A trap: RIP is past the one nop that ran. */
	KT_ASSERT_EQ(uctx_rip(env.ctx),
		     umode_test_addr(umode_test_prog_nops) + 1);
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RFLAGS, UCTX_RFLAGS_DEFAULT));
	KT_ASSERT_OK(umode_test_run(env.ctx, env.space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_syscall_nr(env.ctx), UT_SYS_EXIT);
	umode_test_env_release(&env);
}

/*
 * An interrupt while user code runs: the periodic tick (every 4 ms)
 * interrupts a long count-down; its handler has run (the vector's count
 * went up) by the time umode_run() reports it.
 */
KTEST(umode_interrupt_in_user_mode_is_reported)
{
	uint64_t entry = umode_test_addr(umode_test_prog_spin);
	uint64_t if_before = arch_read_rflags() & ARCH_RFLAGS_IF;
	uint64_t delivered;
	struct umode_test_env env;
	struct umode_trap t;
	unsigned int runs = 0;
	int ret;

	KT_ASSERT_OK(umode_test_env_init(&env));
	/*
	 * An interrupt that came while umode_run() had interrupts off is
	 * taken as soon as user mode enables them, before the first
	 * instruction; then run again.
	 */
	do {
		uctx_set_rip(env.ctx, entry);
		ret = uctx_set_reg(env.ctx, UCTX_RDI, 1ull << 31);
		delivered = irq_stats_vector(ARCH_VECTOR_TIMER);
		if (!ret)
			ret = umode_run(env.ctx, env.space, &t);
		runs++;
	} while (!ret && t.reason == UMODE_INTERRUPT &&
		 uctx_rip(env.ctx) == entry && runs < 3);
	KT_ASSERT_OK(ret);

	KT_ASSERT_EQ(t.reason, UMODE_INTERRUPT);
	KT_ASSERT_GE(t.vector, 0x20);
	KT_ASSERT_EQ(t.error_code, 0);
	if (t.vector == ARCH_VECTOR_TIMER)
		KT_ASSERT_GT(irq_stats_vector(ARCH_VECTOR_TIMER), delivered);
	/* Interrupted in the loop, part-way through the count. */
	KT_ASSERT_GT(uctx_rip(env.ctx), entry);
	KT_ASSERT_LT(uctx_rip(env.ctx), entry + 16);
	KT_ASSERT_GT(uctx_get_reg(env.ctx, UCTX_RCX), 0);
	KT_ASSERT_LT(uctx_get_reg(env.ctx, UCTX_RCX), 1ull << 31);
	/* The caller's interrupt flag is back as it was. */
	KT_ASSERT_EQ(arch_read_rflags() & ARCH_RFLAGS_IF, if_before);

	/* Resumed exactly where it was, it finishes the (shortened) loop. */
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RCX, 3));
	KT_ASSERT_OK(umode_test_run(env.ctx, env.space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_syscall_nr(env.ctx), UT_SYS_TIMEOUT);
	KT_ASSERT_EQ(uctx_get_reg(env.ctx, UCTX_RCX), uctx_rip(env.ctx));
	umode_test_env_release(&env);
}
