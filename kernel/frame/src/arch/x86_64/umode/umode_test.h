/* SPDX-License-Identifier: MIT */
/* The user-mode ktests' program, its syscall numbers, and a test process. */
#ifndef ARCH_X86_64_UMODE_TEST_H
#define ARCH_X86_64_UMODE_TEST_H

/*
 * The test program's syscalls: the Linux register convention (number in
 * RAX, arguments in RDI, RSI, ...), the tests' own numbers.
 */
#define UT_SYS_WRITE   1   /* (buf, len): the test copies it out */
#define UT_SYS_ADD     2   /* (a, b): returns a + b */
#define UT_SYS_EXIT    60  /* (code) */
#define UT_SYS_REPORT  100 /* (value, value2): a result for the test */
#define UT_SYS_YIELD   101 /* nothing: lets the test run another context */
#define UT_SYS_TIMEOUT 102 /* a loop ran out before an interrupt came */

/* Where the tests map the program and its data. */
#define UT_CODE	      0x400000ul
#define UT_CODE_PAGES 2
#define UT_DATA	      0x600000ul
#define UT_DATA_PAGES 4
#define UT_STACK_TOP  (UT_DATA + UT_DATA_PAGES * 4096)

#ifndef __ASSEMBLER__

#include <frame/types.h>
#include <frame/umode.h>

/*
 * The program (umode_test_prog.S) lies in .rodata between these symbols;
 * the others are its entry points and instructions the tests look for.
 */
extern const char umode_test_prog_start[], umode_test_prog_end[];
extern const char umode_test_prog_hello[], umode_test_prog_hello_msg[];
extern const char umode_test_prog_regs[], umode_test_prog_regs_ud2[];
extern const uint64_t umode_test_regs_p[UCTX_NR_REGS - 2];
extern const uint64_t umode_test_regs_q[UCTX_NR_REGS - 2];
extern const uint64_t umode_test_regs_r[UCTX_NR_REGS - 2];
extern const char umode_test_prog_load[], umode_test_prog_store[];
extern const char umode_test_prog_call[], umode_test_prog_div[];
extern const char umode_test_prog_div_insn[], umode_test_prog_spin[];
extern const char umode_test_prog_nops[], umode_test_prog_segbase[];
extern const char umode_test_prog_sysenter[], umode_test_prog_int80[];
extern const char umode_test_prog_vec[], umode_test_prog_xmm0[];

struct frame_page;
struct vm_space;

/*
 * A test process: an address space with the program at UT_CODE
 * (read-execute) and UT_DATA_PAGES zeroed pages at UT_DATA (read-write,
 * the stack at the top), and a context with RSP at UT_STACK_TOP.
 */
struct umode_test_env {
	struct vm_space *space;
	struct uctx *ctx;
	struct frame_page *code, *data;
};

/* umode_test_env_init() - set one up; 0 or -ENOMEM */
int umode_test_env_init(struct umode_test_env *env);

/* umode_test_env_release() - back to the kernel's space, free it all */
void umode_test_env_release(struct umode_test_env *env);

/*
 * umode_test_run() - umode_run() until the program stops for a reason other
 * than an interrupt. The periodic tick may land while user code runs; a
 * service then simply resumes the context, and so do the tests that are
 * not about interrupts. Returns as umode_run().
 */
/* The counts of @ctx's own entries to user mode (uctx.stats). */
#define ut_stats(ctx) (&uctx_of((ctx), __func__)->stats)
/*
 * The IRETQs @ctx took, less the re-entries umode_test_run() made after an
 * interrupt (a tick, an IPI), which the program did not cause.
 */
#define ut_irets(ctx) (ut_stats(ctx)->iret - ut_stats(ctx)->interrupts)

int umode_test_run(struct uctx *ctx, struct vm_space *space,
		   struct umode_trap *t);

/* umode_test_addr() - the user address of @label of the program */
uint64_t umode_test_addr(const char *label);

#endif /* __ASSEMBLER__ */

#endif /* ARCH_X86_64_UMODE_TEST_H */
