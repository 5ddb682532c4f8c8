/* SPDX-License-Identifier: MIT */
/* User mode: a user context, and running it until it traps back. */
#ifndef FRAME_UMODE_H
#define FRAME_UMODE_H

#include <frame/types.h>

struct vm_space;

/*
 * A struct uctx is one user thread's CPU state: the general registers,
 * RIP, RSP, RFLAGS, the FS and GS bases, and the x87/SSE/AVX state (an
 * XSAVE image where the CPU has XSAVE, else FXSAVE's). A service runs it
 * with umode_run(), which enters user mode and comes back when the user
 * code traps, with the reason; the service handles it (serves the
 * syscall, maps the page, sends a signal) and runs the context again.
 * The frame never interprets Linux semantics: which number is which
 * syscall, what a fault means for the process, is the service's business.
 *
 * Why in the frame: entering ring 3 and coming back is privileged
 * machinery (SYSRET/IRETQ, SWAPGS, the TSS stack, MSRs, XSAVE), and a
 * wrong value there runs user code with kernel privileges or hands it
 * the kernel's registers. Safety contract: every value a service puts in
 * a context is checked or made harmless before the CPU sees it (RFLAGS
 * is masked to the bits user code may hold, segment bases must be
 * canonical, an FPU image must be one XRSTOR accepts, a non-canonical
 * RIP is reported as a fault instead of being returned to); user code
 * always runs with interrupts enabled and I/O privilege 0, on the
 * frame's user segments, in the address space given.
 *
 * A context belongs to the caller: only one umode_run() of it may be
 * under way (another is -EBUSY), and the accessors must not be used on a
 * context while it runs.
 *
 * A `struct uctx *` is a handle, not an address: it carries a generation
 * that uctx_destroy() ends, and every function checks it, so a context
 * used after it was destroyed panics ("stale") instead of reaching freed
 * memory or a newer context. The handle uctx_create() returns is the one
 * reference; uctx_destroy() gives it back, exactly once.
 */
struct uctx;

/* The registers a service may read and write. */
enum uctx_reg {
	UCTX_RAX,
	UCTX_RBX,
	UCTX_RCX,
	UCTX_RDX,
	UCTX_RSI,
	UCTX_RDI,
	UCTX_RBP,
	UCTX_RSP,
	UCTX_R8,
	UCTX_R9,
	UCTX_R10,
	UCTX_R11,
	UCTX_R12,
	UCTX_R13,
	UCTX_R14,
	UCTX_R15,
	UCTX_RIP,
	UCTX_RFLAGS,
	UCTX_NR_REGS
};

/*
 * RFLAGS bits user code may hold (CF PF AF ZF SF TF DF OF NT RF AC ID);
 * uctx_set_reg() keeps these, clears the others and sets IF and the
 * always-one bit 1.
 */
#define UCTX_RFLAGS_USER_MASK 0x254dd5ul
#define UCTX_RFLAGS_DEFAULT   0x202ul /* IF and bit 1 */

/*
 * uctx_create() - a new context: every register 0 except RFLAGS
 * (UCTX_RFLAGS_DEFAULT), FS and GS bases 0, the FPU in its initial state
 * (x87 control word 0x37f, MXCSR 0x1f80, all registers zero)
 *
 * NULL when memory is short. In the frame because the FPU image's size
 * and alignment come from CPUID and XSAVE's rules, and a context is laid
 * out as the entry code's trap frame.
 */
struct uctx *uctx_create(void);

/* uctx_destroy() - free @ctx (NULL is ignored); it must not be running */
void uctx_destroy(struct uctx *ctx);

/*
 * uctx_copy() - make @dst a copy of @src: registers, bases, FPU state
 * (for fork and clone). Neither may be running.
 */
void uctx_copy(struct uctx *dst, const struct uctx *src);

/* uctx_reset() - back to the state uctx_create() gives (for execve) */
void uctx_reset(struct uctx *ctx);

/* uctx_get_reg() - register @reg; 0 for a value outside enum uctx_reg */
uint64_t uctx_get_reg(const struct uctx *ctx, enum uctx_reg reg);

/*
 * uctx_set_reg() - set register @reg to @value
 *
 * 0, or -EINVAL for a value outside enum uctx_reg. RFLAGS is masked as
 * UCTX_RFLAGS_USER_MASK says. Any RIP and RSP are taken; a RIP that is not
 * canonical makes the next umode_run() report a #GP without entering user
 * mode (returning there would fault in the kernel).
 *
 * In the frame because the registers go straight to SYSRET or IRETQ: an
 * RFLAGS with IOPL 3 would give user code the I/O ports, one without IF
 * the CPU. The mask is applied here, once, for every caller.
 */
int uctx_set_reg(struct uctx *ctx, enum uctx_reg reg, uint64_t value);

static inline uint64_t uctx_rip(const struct uctx *ctx)
{
	return uctx_get_reg(ctx, UCTX_RIP);
}

static inline void uctx_set_rip(struct uctx *ctx, uint64_t rip)
{
	uctx_set_reg(ctx, UCTX_RIP, rip);
}

static inline uint64_t uctx_rsp(const struct uctx *ctx)
{
	return uctx_get_reg(ctx, UCTX_RSP);
}

static inline void uctx_set_rsp(struct uctx *ctx, uint64_t rsp)
{
	uctx_set_reg(ctx, UCTX_RSP, rsp);
}

/*
 * The Linux x86-64 syscall convention: the number in RAX, arguments in
 * RDI, RSI, RDX, R10, R8, R9, the result in RAX. The SYSCALL instruction
 * itself leaves the return address in RCX and RFLAGS in R11.
 */
static inline uint64_t uctx_syscall_nr(const struct uctx *ctx)
{
	return uctx_get_reg(ctx, UCTX_RAX);
}

/* uctx_syscall_args() - the six argument registers, in order */
void uctx_syscall_args(const struct uctx *ctx, uint64_t args[6]);

/* uctx_set_syscall_ret() - RAX := @ret (a result or a negative errno) */
static inline void uctx_set_syscall_ret(struct uctx *ctx, uint64_t ret)
{
	uctx_set_reg(ctx, UCTX_RAX, ret);
}

/*
 * The FS and GS bases user code sees (arch_prctl(ARCH_SET_FS) for TLS).
 * The setters return 0, or -EINVAL for a non-canonical address, which the
 * CPU's base registers cannot hold. User code can change the bases itself
 * only by loading a segment selector; umode_run() reads them back.
 *
 * In the frame because the bases live in model-specific registers, and the
 * user's GS base shares its register pair with the kernel's per-CPU area
 * (SWAPGS): a non-canonical value would fault the kernel's WRMSR.
 */
uint64_t uctx_fs_base(const struct uctx *ctx);
int uctx_set_fs_base(struct uctx *ctx, uint64_t base);
uint64_t uctx_gs_base(const struct uctx *ctx);
int uctx_set_gs_base(struct uctx *ctx, uint64_t base);

/*
 * The FPU state as a byte image, for signal frames and core dumps: the
 * XSAVE standard format (legacy area, header, then the components at the
 * offsets CPUID leaf 0xD gives) when uctx_fpu_xsave() is true, else the
 * 512-byte FXSAVE format. uctx_fpu_size() is the same for every context.
 * uctx_fpu_read() and uctx_fpu_write() take exactly that many bytes:
 * -EINVAL for another @len; the write also -EINVAL for an image the CPU
 * would refuse to load (reserved MXCSR bits; an XSAVE header naming
 * components not enabled, in the compacted form, or with reserved bits
 * set), leaving the context unchanged.
 *
 * In the frame because the kernel loads the image with XRSTOR (FXRSTOR),
 * which faults in kernel mode on such an image; only the frame knows which
 * components the CPU has enabled and which MXCSR bits it accepts.
 */
size_t uctx_fpu_size(void);
bool uctx_fpu_xsave(void);
int uctx_fpu_read(const struct uctx *ctx, void *buf, size_t len);
int uctx_fpu_write(struct uctx *ctx, const void *buf, size_t len);

/* Why umode_run() came back. */
enum umode_reason {
	UMODE_SYSCALL = 1, /* a SYSCALL instruction: serve it */
	UMODE_PAGE_FAULT,  /* #PF: see fault_addr and error_code */
	UMODE_EXCEPTION,   /* any other CPU exception: see vector */
	UMODE_INTERRUPT,   /* a device interrupt or a timer: preemption */
	UMODE_KICK, /* task_interrupt() marked the task: deliver a signal */
};

/* Exception vectors (Intel SDM vol. 3, "Exception and Interrupt Vectors"). */
#define UMODE_VEC_DE 0	/* divide error */
#define UMODE_VEC_DB 1	/* debug (single step) */
#define UMODE_VEC_BP 3	/* breakpoint */
#define UMODE_VEC_OF 4	/* overflow */
#define UMODE_VEC_BR 5	/* bound range */
#define UMODE_VEC_UD 6	/* invalid opcode */
#define UMODE_VEC_NP 11 /* segment not present */
#define UMODE_VEC_SS 12 /* stack-segment fault */
#define UMODE_VEC_GP 13 /* general protection */
#define UMODE_VEC_PF 14 /* page fault */
#define UMODE_VEC_MF 16 /* x87 floating-point error */
#define UMODE_VEC_AC 17 /* alignment check */
#define UMODE_VEC_XM 19 /* SIMD floating-point exception */

/* Page-fault error-code bits. */
#define UMODE_PF_PRESENT (1u << 0) /* a protection violation, not a miss */
#define UMODE_PF_WRITE	 (1u << 1)
#define UMODE_PF_USER	 (1u << 2)
#define UMODE_PF_RSVD	 (1u << 3) /* a reserved bit set in an entry */
#define UMODE_PF_FETCH	 (1u << 4) /* an instruction fetch */

/*
 * What umode_run() reports. @vector: the exception or interrupt vector
 * (UMODE_VEC_PF for a page fault, 0 for a syscall). @error_code: the
 * CPU's error code for exceptions that push one (the UMODE_PF_* bits for
 * a page fault), else 0. @fault_addr: the address a page fault was on.
 */
struct umode_trap {
	enum umode_reason reason;
	unsigned int vector;
	uint64_t error_code;
	uint64_t fault_addr;
};

/*
 * umode_run() - run @ctx in user mode in @space until it traps
 *
 * Makes @space the calling task's address space, as vm_space_activate()
 * does (it stays the task's after the return, so the service's copies in
 * and out go there at once, whichever CPU the task runs on next), loads
 * the context and enters ring 3; returns 0 when the user code has trapped,
 * with the reason in *@out and the context holding the user state at the
 * trap:
 *
 * - UMODE_SYSCALL: RIP is past the SYSCALL instruction, RCX holds it too
 *   and R11 the RFLAGS, as the CPU left them. Set the result with
 *   uctx_set_syscall_ret() and run again.
 * - UMODE_PAGE_FAULT, UMODE_EXCEPTION: RIP is the faulting instruction
 *   (for traps, #BP, #OF, a single-step #DB: the next one). Running the
 *   context unchanged retries the instruction.
 * - UMODE_INTERRUPT: the interrupt's handler has already run; the context
 *   is exactly as interrupted. The caller may switch to other work
 *   (preemption) before running it again.
 * - UMODE_KICK: the calling task has task_interrupt()'s mark
 *   (<frame/task.h>), set before the call or while user code ran (then
 *   the frame sent this CPU an IPI to end the run at once). The context is
 *   as interrupted, or untouched when user mode was not entered. The
 *   service delivers what the mark stands for (a signal), clears it with
 *   task_interrupt_clear() and runs the context again.
 *
 * A context whose RIP is not canonical is not entered: umode_run()
 * reports UMODE_EXCEPTION with vector UMODE_VEC_GP and error code 0, which
 * is the fault the return to user mode would have raised.
 *
 * -EINVAL for a NULL argument; -EBUSY when @ctx is already running. A
 * stale @space handle panics, as for every vm_space call. Must
 * be called in kernel thread context with no spinlock held (the caller's
 * interrupt flag is restored on return). The kernel stack below the call
 * takes the CPU's trap frames while user code runs.
 */
int umode_run(struct uctx *ctx, struct vm_space *space, struct umode_trap *out);

#endif /* FRAME_UMODE_H */
