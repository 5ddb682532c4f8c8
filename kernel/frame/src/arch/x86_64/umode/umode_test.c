/* SPDX-License-Identifier: MIT */
/* ktests for user mode: syscalls, registers, the two ways back, the CPU setup.
 */
#include "arch/x86_64/umode/umode_test.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/user.h>
#include <frame/vm.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/cpu/msr.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/umode/uctx.h"
#include "ktest/panic_probe.h"

/* Run @env's context; it must come back with syscall @nr. */
static void ut_expect_syscall(struct umode_test_env *env, uint64_t nr)
{
	struct umode_trap t;

	KT_ASSERT_OK(umode_test_run(env->ctx, env->space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(t.vector, 0);
	KT_ASSERT_EQ(uctx_syscall_nr(env->ctx), nr);
}

KTEST(umode_syscalls_round_trip)
{
	struct umode_test_env env;
	struct vm_space *cur;
	struct vm_reader r;
	uint64_t args[6], sysret;
	uint8_t insn[2];
	char buf[32];

	KT_ASSERT_OK(umode_test_env_init(&env));
	uctx_set_rip(env.ctx, umode_test_addr(umode_test_prog_hello));

	/* write(msg, 18): served by copying the buffer out of user memory. */
	ut_expect_syscall(&env, UT_SYS_WRITE);
	cur = vm_space_current();
	vm_space_put(cur);
	KT_ASSERT_EQ(cur, env.space);
	uctx_syscall_args(env.ctx, args);
	KT_ASSERT_EQ(args[0], umode_test_addr(umode_test_prog_hello_msg));
	KT_ASSERT_EQ(args[1], 18);
	KT_ASSERT_OK(
		vm_reader_init(&r, uaddr_from_syscall_arg(args[0]), args[1]));
	KT_ASSERT_OK(vm_reader_read(&r, buf, args[1]));
	buf[args[1]] = '\0';
	KT_ASSERT_STREQ(buf, "hello from ring 3\n");
	/* RIP is just past the SYSCALL; RCX and R11 hold what it left. */
	KT_ASSERT_OK(frame_copy_from_user(
		insn, uaddr_from_syscall_arg(uctx_rip(env.ctx) - 2), 2));
	KT_ASSERT_EQ(insn[0], 0x0f);
	KT_ASSERT_EQ(insn[1], 0x05);
	KT_ASSERT_EQ(uctx_get_reg(env.ctx, UCTX_RCX), uctx_rip(env.ctx));
	KT_ASSERT_EQ(uctx_get_reg(env.ctx, UCTX_R11),
		     uctx_get_reg(env.ctx, UCTX_RFLAGS));
	KT_ASSERT_EQ(uctx_rsp(env.ctx), UT_STACK_TOP);
	uctx_set_syscall_ret(env.ctx, args[1]);

	/* add(18, 40), returning through SYSRET. */
	sysret = ut_stats(env.ctx)->sysret;
	ut_expect_syscall(&env, UT_SYS_ADD);
	KT_ASSERT_EQ(ut_stats(env.ctx)->sysret, sysret + 1);
	uctx_syscall_args(env.ctx, args);
	KT_ASSERT_EQ(args[0], 18);
	KT_ASSERT_EQ(args[1], 40);
	uctx_set_syscall_ret(env.ctx, args[0] + args[1]);

	ut_expect_syscall(&env, UT_SYS_EXIT);
	uctx_syscall_args(env.ctx, args);
	KT_ASSERT_EQ(args[0], 58);
	umode_test_env_release(&env);
}

KTEST(umode_registers_survive_sysret_and_iretq)
{
	struct umode_test_env env;
	struct umode_trap t;
	uint64_t sysret, iret, rip;

	KT_ASSERT_OK(umode_test_env_init(&env));
	uctx_set_rip(env.ctx, umode_test_addr(umode_test_prog_regs));

	/* Every register the program loaded reaches the context. */
	ut_expect_syscall(&env, UT_SYS_REPORT);
	for (int i = 0; i < UCTX_NR_REGS - 2; i++) {
		if (i == UCTX_RSP || i == UCTX_RCX || i == UCTX_R11)
			continue;
		KT_ASSERT_EQ(uctx_get_reg(env.ctx, i), umode_test_regs_p[i]);
	}
	KT_ASSERT_EQ(uctx_rsp(env.ctx), UT_STACK_TOP);
	/* The complement goes back, through SYSRET: RCX, R11 untouched. */
	for (int i = 0; i < UCTX_NR_REGS - 2; i++) {
		if (i == UCTX_RSP || i == UCTX_RCX || i == UCTX_R11)
			continue;
		KT_ASSERT_OK(uctx_set_reg(env.ctx, i, umode_test_regs_q[i]));
	}
	sysret = ut_stats(env.ctx)->sysret;
	iret = ut_irets(env.ctx);
	KT_ASSERT_OK(umode_test_run(env.ctx, env.space, &t));
	KT_ASSERT_EQ(ut_stats(env.ctx)->sysret, sysret + 1);
	KT_ASSERT_EQ(ut_irets(env.ctx), iret);

	/* The program checked Q, loaded R and hit ud2. */
	KT_ASSERT_EQ(t.reason, UMODE_EXCEPTION);
	KT_ASSERT_EQ(t.vector, UMODE_VEC_UD);
	KT_ASSERT_EQ(t.error_code, 0);
	rip = umode_test_addr(umode_test_prog_regs_ud2);
	KT_ASSERT_EQ(uctx_rip(env.ctx), rip);
	for (int i = 0; i < UCTX_NR_REGS - 2; i++) {
		if (i != UCTX_RSP)
			KT_ASSERT_EQ(uctx_get_reg(env.ctx, i),
				     umode_test_regs_r[i]);
	}
	/* Past the ud2, with CF set and an IOPL the frame must drop: RCX
	 * and R11 are the user's own now, so only IRETQ can return. */
	uctx_set_rip(env.ctx, rip + 2);
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RFLAGS,
				  uctx_get_reg(env.ctx, UCTX_RFLAGS) |
					  ARCH_RFLAGS_CF | ARCH_RFLAGS_IOPL));
	KT_ASSERT_EQ(uctx_get_reg(env.ctx, UCTX_RFLAGS) & ARCH_RFLAGS_IOPL, 0);
	sysret = ut_stats(env.ctx)->sysret;
	iret = ut_irets(env.ctx);
	ut_expect_syscall(&env, UT_SYS_EXIT);
	KT_ASSERT_EQ(ut_irets(env.ctx), iret + 1);
	KT_ASSERT_EQ(ut_stats(env.ctx)->sysret, sysret);
	/* 0: every register and flag was as expected. */
	KT_ASSERT_EQ(uctx_get_reg(env.ctx, UCTX_RDI), 0);
	umode_test_env_release(&env);
}

KTEST(umode_noncanonical_rip_is_reported_not_returned_to)
{
	const uint64_t bad = 0x0000800000000000ull, top = USER_ADDR_END - 2;
	struct umode_test_env env;
	struct umode_trap t;
	uint64_t sysret, iret, skipped;

	KT_ASSERT_OK(umode_test_env_init(&env));
	/* Set up so that SYSRET's own conditions (RCX, R11) would hold. */
	uctx_set_rip(env.ctx, bad);
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RCX, bad));
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_R11,
				  uctx_get_reg(env.ctx, UCTX_RFLAGS)));
	sysret = ut_stats(env.ctx)->sysret;
	iret = ut_irets(env.ctx);
	skipped = ut_stats(env.ctx)->noncanonical;
	KT_ASSERT_OK(umode_test_run(env.ctx, env.space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_EXCEPTION);
	KT_ASSERT_EQ(t.vector, UMODE_VEC_GP);
	KT_ASSERT_EQ(t.error_code, 0);
	KT_ASSERT_EQ(uctx_rip(env.ctx), bad);
	KT_ASSERT_EQ(ut_stats(env.ctx)->noncanonical, skipped + 1);
	KT_ASSERT_EQ(ut_stats(env.ctx)->sysret, sysret);
	KT_ASSERT_EQ(ut_irets(env.ctx), iret);

	/* The last canonical user addresses are fine for SYSRET: the
	 * fetch there faults in user mode. */
	uctx_set_rip(env.ctx, top);
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RCX, top));
	KT_ASSERT_OK(umode_test_run(env.ctx, env.space, &t));
	KT_ASSERT_EQ(ut_stats(env.ctx)->sysret, sysret + 1);
	KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
	KT_ASSERT_EQ(t.fault_addr, top);
	KT_ASSERT_EQ(uctx_rip(env.ctx), top);
	KT_ASSERT(t.error_code & UMODE_PF_USER);

	/* User code jumping there itself gets the CPU's #GP. */
	uctx_set_rip(env.ctx, umode_test_addr(umode_test_prog_call));
	KT_ASSERT_OK(uctx_set_reg(env.ctx, UCTX_RDI, bad));
	KT_ASSERT_OK(umode_test_run(env.ctx, env.space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_EXCEPTION);
	KT_ASSERT_EQ(t.vector, UMODE_VEC_GP);
	umode_test_env_release(&env);
}

KTEST(umode_run_refuses_bad_calls)
{
	struct umode_test_env env;
	struct umode_trap t;

	KT_ASSERT_OK(umode_test_env_init(&env));
	KT_ASSERT_ERR(umode_run(NULL, env.space, &t), -EINVAL);
	KT_ASSERT_ERR(umode_run(env.ctx, NULL, &t), -EINVAL);
	KT_ASSERT_ERR(umode_run(env.ctx, env.space, NULL), -EINVAL);
	/* A context already running (on another CPU, say) is not entered. */
	uctx_of(env.ctx, __func__)->running = true;
	KT_ASSERT_ERR(umode_run(env.ctx, env.space, &t), -EBUSY);
	uctx_of(env.ctx, __func__)->running = false;
	umode_test_env_release(&env);
}

KTEST(uctx_accessors_check_and_mask)
{
	struct uctx *a = uctx_create(), *b = uctx_create();
	uint64_t args[6];

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_EQ(uctx_get_reg(a, UCTX_RFLAGS), UCTX_RFLAGS_DEFAULT);
	for (int i = 0; i < UCTX_NR_REGS; i++) {
		if (i != UCTX_RFLAGS)
			KT_ASSERT_EQ(uctx_get_reg(a, i), 0);
		KT_ASSERT_OK(uctx_set_reg(a, i, 0x100 + i));
	}
	KT_ASSERT_ERR(uctx_set_reg(a, UCTX_NR_REGS, 1), -EINVAL);
	KT_ASSERT_EQ(uctx_get_reg(a, UCTX_NR_REGS), 0);
	for (int i = 0; i < UCTX_NR_REGS; i++) {
		if (i != UCTX_RFLAGS)
			KT_ASSERT_EQ(uctx_get_reg(a, i), 0x100 + i);
	}
	uctx_syscall_args(a, args);
	KT_ASSERT_EQ(args[0], 0x100 + UCTX_RDI);
	KT_ASSERT_EQ(args[1], 0x100 + UCTX_RSI);
	KT_ASSERT_EQ(args[2], 0x100 + UCTX_RDX);
	KT_ASSERT_EQ(args[3], 0x100 + UCTX_R10);
	KT_ASSERT_EQ(args[4], 0x100 + UCTX_R8);
	KT_ASSERT_EQ(args[5], 0x100 + UCTX_R9);

	/* IOPL, VM, VIF, VIP and the reserved bits go; IF is forced. */
	KT_ASSERT_OK(uctx_set_reg(a, UCTX_RFLAGS, ~0ull));
	KT_ASSERT_EQ(uctx_get_reg(a, UCTX_RFLAGS),
		     UCTX_RFLAGS_USER_MASK | UCTX_RFLAGS_DEFAULT);
	KT_ASSERT_OK(uctx_set_reg(a, UCTX_RFLAGS, 0));
	KT_ASSERT_EQ(uctx_get_reg(a, UCTX_RFLAGS), UCTX_RFLAGS_DEFAULT);

	KT_ASSERT_ERR(uctx_set_fs_base(a, 0x0000800000000000ull), -EINVAL);
	KT_ASSERT_ERR(uctx_set_gs_base(a, 0xfff0000000000000ull), -EINVAL);
	KT_ASSERT_OK(uctx_set_fs_base(a, 0x7fff00001000ull));
	KT_ASSERT_OK(uctx_set_gs_base(a, 0xffff800000001000ull));
	KT_ASSERT_EQ(uctx_fs_base(a), 0x7fff00001000ull);
	KT_ASSERT_EQ(uctx_gs_base(a), 0xffff800000001000ull);

	uctx_copy(b, a);
	for (int i = 0; i < UCTX_NR_REGS; i++)
		KT_ASSERT_EQ(uctx_get_reg(b, i), uctx_get_reg(a, i));
	KT_ASSERT_EQ(uctx_fs_base(b), uctx_fs_base(a));
	KT_ASSERT_EQ(uctx_gs_base(b), uctx_gs_base(a));
	KT_ASSERT_NE(uctx_of(b, __func__)->fpu_id,
		     uctx_of(a, __func__)->fpu_id);

	uctx_reset(a);
	KT_ASSERT_EQ(uctx_rip(a), 0);
	KT_ASSERT_EQ(uctx_fs_base(a), 0);
	KT_ASSERT_EQ(uctx_get_reg(a, UCTX_RFLAGS), UCTX_RFLAGS_DEFAULT);
	uctx_destroy(a);
	uctx_destroy(b);
	uctx_destroy(NULL);
}

KTEST(umode_cpu_setup_is_in_place)
{
	struct arch_percpu *pc = arch_percpu_this();
	uint64_t fmask = arch_rdmsr(MSR_FMASK);

	KT_ASSERT_EQ(pc->self, pc);
	KT_ASSERT_EQ(arch_rdmsr(MSR_GS_BASE), (uint64_t)(uintptr_t)pc);
	KT_ASSERT_EQ(pc->uctx, NULL);
	KT_ASSERT(arch_rdmsr(MSR_EFER) & EFER_SCE);
	KT_ASSERT_EQ(arch_rdmsr(MSR_LSTAR),
		     (uint64_t)(uintptr_t)arch_syscall_entry);
	/* SYSRET's selectors land on the user segments, with RPL 3. */
	KT_ASSERT_EQ((arch_rdmsr(MSR_STAR) >> 48) + 16, USER_CS);
	KT_ASSERT_EQ((arch_rdmsr(MSR_STAR) >> 48) + 8, USER_DS);
	KT_ASSERT_EQ(arch_rdmsr(MSR_STAR) >> 32 & 0xffff, GDT_KERNEL_CS);
	/* The flags SYSCALL must clear, SMAP's AC among them. */
	KT_ASSERT_EQ(fmask & (ARCH_RFLAGS_IF | ARCH_RFLAGS_TF | ARCH_RFLAGS_DF |
			      ARCH_RFLAGS_AC),
		     ARCH_RFLAGS_IF | ARCH_RFLAGS_TF | ARCH_RFLAGS_DF |
			     ARCH_RFLAGS_AC);
	/* User descriptors: present, DPL 3; 64-bit code. */
	KT_ASSERT_EQ(pc->gdt[GDT_USER_CS / 8] >> 45 & 3, 3);
	KT_ASSERT(pc->gdt[GDT_USER_CS / 8] >> 53 & 1);
	KT_ASSERT_EQ(pc->gdt[GDT_USER_DS / 8] >> 45 & 3, 3);
	KT_ASSERT_EQ(pc->gdt[GDT_USER_BASE / 8], 0);
	KT_ASSERT_EQ(pc->tss.ist[IST_DOUBLE_FAULT - 1],
		     pc->double_fault_stack_top);
}

static void uctx_use(void *ctx)
{
	uctx_set_rip(ctx, 0x1000);
}

/* A destroyed context's handle is stale, also once a new one is made. */
KTEST(uctx_after_destroy_is_caught)
{
	struct uctx *old = uctx_create(), *new;
	char msg[160];
	int caught;

	KT_ASSERT_NOT_NULL(old);
	uctx_destroy(old);
	new = uctx_create();
	KT_ASSERT_NOT_NULL(new);
	caught = ktest_panic_probe(uctx_use, old, msg, sizeof(msg));
	KT_ASSERT_EQ(uctx_rip(new), 0);
	uctx_destroy(new);
	KT_ASSERT_EQ(caught, 1);
	KT_ASSERT(ktest_msg_has(msg, "user context handle"));
	KT_ASSERT(ktest_msg_has(msg, "stale"));
}
