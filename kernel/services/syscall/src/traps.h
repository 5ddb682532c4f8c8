/* SPDX-License-Identifier: MIT */
/* Page faults and CPU exceptions of user code, turned into signals. */
#ifndef SYSCALL_TRAPS_H
#define SYSCALL_TRAPS_H

#include <frame/types.h>

struct mm;
struct sig_thread;
struct uctx;
struct umode_trap;
struct ksiginfo;

/* How many times in a row a fault may find memory short before the
 * thread is killed instead of retried after the OOM killer ran. */
#define USER_OOM_RETRIES 3

struct user_fault_state {
	unsigned int oom_in_a_row;
};

/*
 * user_page_fault() - a #PF of user code: mm_fault() maps the page (the
 * context runs again), or the thread gets SIGSEGV (mm's si_code, the
 * address), SIGBUS/BUS_ADRERR (beyond a file's end), or, when memory is
 * short, the OOM killer runs and the access is retried; after
 * USER_OOM_RETRIES failures in a row the thread's process gets SIGKILL.
 */
void user_page_fault(struct sig_thread *st, struct mm *mm,
		     const struct umode_trap *trap, struct user_fault_state *s);

/* user_exception() - any other CPU exception: the signal Linux sends. */
void user_exception(struct sig_thread *st, const struct uctx *ctx,
		    const struct umode_trap *trap);

/*
 * user_exception_info() - the signal, si_code and address Linux gives for
 * exception @vector at @rip (@fpe_code: the SIGFPE si_code of an x87 or
 * SIMD exception, 0 when the FPU shows none: then no signal, 0 returned).
 * Returns the signal number. For the ktests.
 */
int user_exception_info(unsigned int vector, uint64_t rip, int fpe_code,
			struct ksiginfo *info);

/*
 * user_fpe_code() - the SIGFPE si_code of the exception the x87 status
 * @fsw under control word @fcw shows (vector 16), or of the SIMD
 * exception in @mxcsr (vector 19); 0 when none is unmasked and raised.
 */
int user_fpe_code(unsigned int vector, uint16_t fcw, uint16_t fsw,
		  uint32_t mxcsr);

#endif /* SYSCALL_TRAPS_H */
