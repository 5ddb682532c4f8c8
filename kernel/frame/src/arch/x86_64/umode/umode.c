/* SPDX-License-Identifier: MIT */
/* umode_run(): entering user mode with a context and reporting its trap. */
#include "arch/x86_64/umode/uctx.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/panic.h>
#include <frame/task.h>
#include <frame/vm.h>

#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/fpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/cpu/msr.h"
#include "arch/x86_64/cpu/percpu.h"
#include "vdso/vdso.h"

#define VECTOR_NMI	     2
#define VECTOR_DOUBLE_FAULT  8
#define VECTOR_PAGE_FAULT    14
#define VECTOR_MACHINE_CHECK 18
#define NUM_EXCEPTIONS	     32

/*
 * What SYSCALL clears in RFLAGS: IF, so the entry runs with interrupts
 * off until it is on the kernel stack; TF, so no single-step trap comes
 * from the kernel; DF and AC, which the kernel's string instructions and
 * SMAP need clear; NT, with which an IRETQ in the kernel would fault.
 */
#define SYSCALL_FMASK                                                        \
	(ARCH_RFLAGS_IF | ARCH_RFLAGS_TF | ARCH_RFLAGS_DF | ARCH_RFLAGS_AC | \
	 ARCH_RFLAGS_NT)

BUILD_BUG_ON(UMODE_VEC_PF != VECTOR_PAGE_FAULT);

struct umode_stats umode_stats;

void arch_umode_cpu_init(void)
{
	arch_wrmsr(MSR_STAR,
		   MSR_STAR_VALUE(GDT_KERNEL_CS, GDT_USER_BASE | SEL_RPL_USER));
	arch_wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)arch_syscall_entry);
	arch_wrmsr(MSR_FMASK, SYSCALL_FMASK);
	/*
	 * SYSENTER with a null code selector raises #GP: user code that
	 * tries it gets a fault reported, never a way into the kernel. There
	 * is no compatibility-mode code segment, so MSR_CSTAR (SYSCALL from
	 * 32-bit code on AMD) is unreachable and stays unset.
	 */
	arch_wrmsr(MSR_SYSENTER_CS, 0);
	arch_wrmsr(MSR_EFER, arch_rdmsr(MSR_EFER) | EFER_SCE);
	vdso_cpu_init();
}

void arch_umode_init(void)
{
	arch_fpu_cpu_init();
	arch_umode_cpu_init();
	log_info("user mode: SYSCALL/SYSRET; FPU state by %s, %u bytes "
		 "(x87 SSE%s%s)%s",
		 arch_fpu.xsave ? "XSAVE" : "FXSAVE", arch_fpu.size,
		 arch_fpu.xcr0 & XFEATURE_AVX ? " AVX" : "",
		 arch_fpu.xcr0 & XFEATURE_AVX512 ? " AVX-512" : "",
		 arch_fpu.xsaveopt ? ", XSAVEOPT" : "");
}

/*
 * Whether SYSRET can return to @r. It takes RIP from RCX and RFLAGS from
 * R11, so those must already hold the same values (after a syscall they
 * do, unless the service changed RIP or the flags). A non-canonical RCX
 * makes Intel CPUs fault in ring 0 on the user's stack, so the return
 * address must be in the user half. SYSRET cannot restore RF, and with
 * TF it would trap before the first user instruction, not after it.
 */
static bool umode_can_sysret(const struct arch_trap_frame *r)
{
	return r->rcx == r->rip && r->r11 == r->rflags &&
	       r->rip < USER_ADDR_END &&
	       !(r->rflags & (ARCH_RFLAGS_TF | ARCH_RFLAGS_RF));
}

/*
 * Load @ctx's user state that lives outside the trap frame: the FPU
 * registers (unless they hold its image already) and the segment bases
 * (unless they hold its values already).
 */
static void umode_load(struct arch_percpu *pc, struct uctx *ctx)
{
	if (pc->fpu_owner != ctx->fpu_id || ctx->fpu_cpu != pc->cpu) {
		arch_fpu_load(ctx->fpu);
		pc->fpu_owner = ctx->fpu_id;
		ctx->fpu_cpu = pc->cpu;
	}
	if (pc->user_fs_base != ctx->fs_base) {
		arch_wrmsr(MSR_FS_BASE, ctx->fs_base);
		pc->user_fs_base = ctx->fs_base;
	}
	/* The user's GS base waits in KERNEL_GS_BASE for the SWAPGS. */
	if (pc->user_gs_base != ctx->gs_base) {
		arch_wrmsr(MSR_KERNEL_GS_BASE, ctx->gs_base);
		pc->user_gs_base = ctx->gs_base;
	}
}

/* Enter user mode with @ctx and come back at its next trap. IRQs off. */
static void umode_enter(struct uctx *ctx)
{
	struct arch_percpu *pc = arch_percpu_this();
	bool sysret = umode_can_sysret(&ctx->regs);

	BUG_ON(pc->uctx);
	umode_load(pc, ctx);
	pc->uctx = ctx;
	__atomic_fetch_add(sysret ? &umode_stats.sysret : &umode_stats.iret, 1,
			   __ATOMIC_RELAXED);
	if (sysret)
		ctx->stats.sysret++;
	else
		ctx->stats.iret++;
	arch_umode_enter(&ctx->regs, sysret);
}

void arch_umode_trap_save(struct arch_trap_frame *frame)
{
	struct arch_percpu *pc = arch_percpu_this();
	struct uctx *ctx = pc->uctx;
	uint64_t vector = frame->vector;

	BUG_ON(!ctx);
	ctx->regs = *frame;
	if (vector == VECTOR_PAGE_FAULT)
		ctx->fault_addr = arch_read_cr2();
	/* User code may have loaded a selector, which changes a base. */
	ctx->fs_base = pc->user_fs_base = arch_rdmsr(MSR_FS_BASE);
	ctx->gs_base = pc->user_gs_base = arch_rdmsr(MSR_KERNEL_GS_BASE);
	arch_fpu_save(ctx->fpu);
	pc->uctx = NULL;

	/*
	 * Everything of the context is saved: an interrupt handler may now
	 * switch threads, and another context may run on this CPU.
	 */
	if (vector == VECTOR_DOUBLE_FAULT || vector == VECTOR_MACHINE_CHECK)
		arch_trap_dispatch(frame); /* reports and panics */
	else if (vector >= NUM_EXCEPTIONS && vector != UMODE_VECTOR_SYSCALL)
		arch_trap_call_handler(frame);
}

/* Fill *@out from how @ctx's run ended. */
static void umode_report(const struct uctx *ctx, struct umode_trap *out)
{
	uint64_t vector = ctx->regs.vector;

	*out = (struct umode_trap){ 0 };
	if (vector == UMODE_VECTOR_SYSCALL) {
		out->reason = UMODE_SYSCALL;
		return;
	}
	out->vector = (unsigned int)vector;
	if (vector == VECTOR_PAGE_FAULT) {
		out->reason = UMODE_PAGE_FAULT;
		out->error_code = ctx->regs.error_code;
		out->fault_addr = ctx->fault_addr;
	} else if (vector < NUM_EXCEPTIONS && vector != VECTOR_NMI) {
		out->reason = UMODE_EXCEPTION;
		out->error_code = ctx->regs.error_code;
	} else {
		out->reason = UMODE_INTERRUPT;
	}
}

int umode_run(struct uctx *h, struct vm_space *space, struct umode_trap *out)
{
	struct uctx *ctx;
	bool kicked = false;
	uint64_t flags;

	if (!h || !space || !out)
		return -EINVAL;
	ctx = uctx_of(h, __func__);
	if (__atomic_exchange_n(&ctx->running, true, __ATOMIC_ACQUIRE))
		return -EBUSY;
	/* @space becomes the calling task's: its syscalls' copies go there,
	 * and every switch back to this task loads it. */
	vm_space_activate(space);
	flags = arch_irq_save();
	/*
	 * Checked with interrupts off: a task_interrupt() after this sends
	 * its IPI, which stays pending until user mode is entered and then
	 * brings the context straight back.
	 */
	if (task_interrupt_pending()) {
		kicked = true;
	} else if (arch_va_canonical(ctx->regs.rip)) {
		umode_enter(ctx);
	} else {
		/*
		 * IRETQ to this RIP would raise #GP(0) in ring 0. Report the
		 * fault as the user's, which is what it is, without taking it.
		 */
		ctx->regs.vector = UMODE_VEC_GP;
		ctx->regs.error_code = 0;
		__atomic_fetch_add(&umode_stats.noncanonical, 1,
				   __ATOMIC_RELAXED);
		ctx->stats.noncanonical++;
	}
	arch_irq_restore(flags);
	if (kicked) {
		*out = (struct umode_trap){ .reason = UMODE_KICK };
	} else {
		umode_report(ctx, out);
		if (out->reason == UMODE_INTERRUPT && task_interrupt_pending())
			out->reason = UMODE_KICK;
	}
	__atomic_store_n(&ctx->running, false, __ATOMIC_RELEASE);
	return 0;
}
