/* SPDX-License-Identifier: MIT */
/* Linux's x86-64 signal frame, as user space sees it (layout only). */
#ifndef SIGNAL_SIG_FRAME_H
#define SIGNAL_SIG_FRAME_H

#include <signal/signal.h>

/* stack_t */
struct sig_stack_user {
	uint64_t ss_sp;
	int32_t ss_flags;
	uint32_t pad_;
	uint64_t ss_size;
};

/* struct sigcontext (x86-64), 256 bytes */
struct sig_context_user {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate; /* the user address of the FPU image, or 0 */
	uint64_t reserved1[8];
};

/* The kernel's struct ucontext (x86-64), 304 bytes */
struct sig_ucontext_user {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct sig_stack_user uc_stack;
	struct sig_context_user uc_mcontext;
	uint64_t uc_sigmask;
};

/* struct rt_sigframe: what the handler finds at its RSP */
struct sig_rt_frame_user {
	uint64_t pretcode; /* sa_restorer: the handler's return address */
	struct sig_ucontext_user uc;
	struct siginfo_user info;
};

/* uc_flags */
#define UC_FP_XSTATE	     0x1u
#define UC_SIGCONTEXT_SS     0x2u
#define UC_STRICT_RESTORE_SS 0x4u

/* The FPU image's software bytes (struct _fpx_sw_bytes) sit in the
 * FXSAVE area's reserved tail; magic2 follows the XSAVE image. */
#define FPX_SW_OFFSET	      464
#define FP_XSTATE_MAGIC1      0x46505853u
#define FP_XSTATE_MAGIC2      0x46505845u
#define FP_XSTATE_MAGIC2_SIZE 4

/* The user segment selectors Linux reports (__USER_CS, __USER_DS). */
#define SIG_USER_CS 0x33
#define SIG_USER_SS 0x2b

#define SIG_REDZONE 128

/* RFLAGS bits rt_sigreturn takes from the frame (Linux's FIX_EFLAGS) and
 * those cleared for the handler. */
#define SIG_FIX_EFLAGS	  0x50dd5ul
#define SIG_HANDLER_CLEAR 0x10500ul /* RF, DF, TF */

#endif /* SIGNAL_SIG_FRAME_H */
