/* SPDX-License-Identifier: MIT */
/* sigframe.c - the x86-64 signal frame: siginfo for hardware faults
 * (SIGILL, SIGFPE, SIGTRAP, SIGSEGV with the page-fault error code and
 * cr2), the ucontext (general registers, mask, FPU state) and its
 * alignment, and rt_sigreturn restoring registers and mask the handler
 * changed in the frame. */
#include "abi.h"

#include <stdint.h>
#include <sys/mman.h>
#include <sys/ucontext.h>

static volatile int got_sig, got_code, got_trapno, got_err, aligned, fp_ok,
	mask_had_usr2;
static volatile uintptr_t got_addr, got_rip, got_cr2;
static volatile long skip;	   /* bytes to advance RIP by */
static volatile long set_rax = -1; /* a value for RAX on return */

static void on_sig(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	got_sig = sig;
	got_code = si->si_code;
	got_addr = (uintptr_t)si->si_addr;
	got_rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	got_trapno = (int)uc->uc_mcontext.gregs[REG_TRAPNO];
	got_err = (int)uc->uc_mcontext.gregs[REG_ERR];
	got_cr2 = (uintptr_t)uc->uc_mcontext.gregs[REG_CR2];
	aligned = ((uintptr_t)uc % 16) == 0;
	fp_ok = uc->uc_mcontext.fpregs != NULL &&
		(uc->uc_mcontext.fpregs->mxcsr & 0xffc0) == 0x1f80;
	mask_had_usr2 = sigismember(&uc->uc_sigmask, SIGUSR2);
	uc->uc_mcontext.gregs[REG_RIP] += skip;
	if (set_rax != -1)
		uc->uc_mcontext.gregs[REG_RAX] = set_rax;
}

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	/* block SIGUSR2 after return, and set r12..r15 */
	sigaddset(&uc->uc_sigmask, SIGUSR2);
	uc->uc_mcontext.gregs[REG_R12] = 0x1212;
	uc->uc_mcontext.gregs[REG_R15] = 0x1515;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t set;
	long rax, r12, r15;
	char *ro;

	(void)argc;
	abi_start(argv[0]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);

	/* ud2 at a known address: SIGILL ILL_ILLOPN, si_addr = RIP; the
	 * handler skips it and sets RAX. */
	skip = 2;
	set_rax = 42;
	{
		uintptr_t at;

		__asm__ volatile("lea 1f(%%rip), %1\n\t"
				 "mov $1, %%rax\n"
				 "1:\tud2\n\t"
				 "mov %%rax, %0"
				 : "=r"(rax), "=r"(at)
				 :
				 : "rax", "memory");
		CHECK_EQ("sigill.signal", got_sig, SIGILL);
		CHECK_EQ("sigill.code", got_code, ILL_ILLOPN);
		CHECK("sigill.addr", got_addr == at);
		CHECK("sigill.rip", got_rip == at);
		CHECK_EQ("sigill.trapno", got_trapno, 6);
		CHECK_EQ("sigreturn.rax_from_frame", rax, 42);
		CHECK_EQ("frame.ucontext_aligned", aligned, 1);
		CHECK_EQ("frame.fpregs", fp_ok, 1);
	}
	set_rax = -1;

	/* integer division by zero: SIGFPE FPE_INTDIV (div is 3 bytes here) */
	skip = 3;
	got_sig = 0;
	__asm__ volatile("xor %%ecx, %%ecx\n\t"
			 "mov $1, %%eax\n\t"
			 "xor %%edx, %%edx\n\t"
			 "div %%rcx"
			 :
			 :
			 : "rax", "rcx", "rdx", "memory");
	CHECK_EQ("sigfpe.signal", got_sig, SIGFPE);
	CHECK_EQ("sigfpe.code", got_code, FPE_INTDIV);
	CHECK_EQ("sigfpe.trapno", got_trapno, 0);

	/* int3: SIGTRAP, SI_KERNEL, RIP after the instruction */
	skip = 0;
	got_sig = 0;
	{
		uintptr_t after;

		__asm__ volatile("lea 1f(%%rip), %0\n\t"
				 "int3\n"
				 "1:"
				 : "=r"(after)
				 :
				 : "memory");
		CHECK_EQ("sigtrap.signal", got_sig, SIGTRAP);
		CHECK_EQ("sigtrap.code", got_code, SI_KERNEL);
		CHECK("sigtrap.rip_after", got_rip == after);
		CHECK_EQ("sigtrap.trapno", got_trapno, 3);
	}

	/* a write to a read-only page: SEGV_ACCERR, trapno 14, error code
	 * with the present, write and user bits, cr2 = the address */
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	(void)*(volatile char *)ro; /* present now: a protection fault */
	skip = 3;		    /* movb $0x7,(%rax) is c6 00 07 */
	got_sig = 0;
	__asm__ volatile("movb $7, (%0)" ::"a"(ro + 16) : "memory");
	CHECK_EQ("sigsegv.signal", got_sig, SIGSEGV);
	CHECK_EQ("sigsegv.code", got_code, SEGV_ACCERR);
	CHECK("sigsegv.addr", got_addr == (uintptr_t)(ro + 16));
	CHECK("sigsegv.cr2", got_cr2 == (uintptr_t)(ro + 16));
	CHECK_EQ("sigsegv.trapno", got_trapno, 14);
	CHECK_EQ("sigsegv.err_bits", got_err & 7, 7);
	got_sig = 0;
	munmap(ro, 4096);
	skip = 2; /* mov (%rax),%al is 8a 00 */
	__asm__ volatile("movb (%0), %%al" ::"a"(ro + 8) : "memory");
	CHECK_EQ("sigsegv.maperr", got_code, SEGV_MAPERR);
	CHECK_EQ("sigsegv.read_err_bits", got_err & 7, 4);

	/* hlt in user mode: general protection, SIGSEGV SI_KERNEL, addr 0 */
	skip = 1;
	got_sig = 0;
	__asm__ volatile("hlt" ::: "memory");
	CHECK_EQ("gp.signal", got_sig, SIGSEGV);
	CHECK_EQ("gp.code", got_code, SI_KERNEL);
	CHECK_EQ("gp.addr", got_addr, 0);
	CHECK_EQ("gp.trapno", got_trapno, 13);

	/* rt_sigreturn takes registers and the mask from the frame */
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	{
		long pid = getpid();

		__asm__ volatile("mov $1, %%r12\n\t"
				 "mov $1, %%r15\n\t"
				 "mov $62, %%eax\n\t"
				 "mov %2, %%rdi\n\t"
				 "mov $10, %%esi\n\t"
				 "syscall\n\t"
				 "mov %%r12, %0\n\t"
				 "mov %%r15, %1"
				 : "=r"(r12), "=r"(r15)
				 : "r"(pid)
				 : "rax", "rdi", "rsi", "rcx", "r11", "r12",
				   "r15", "memory");
	}
	CHECK_EQ("sigreturn.r12", r12, 0x1212);
	CHECK_EQ("sigreturn.r15", r15, 0x1515);
	sigprocmask(SIG_BLOCK, NULL, &set);
	CHECK("sigreturn.mask_from_frame", sigismember(&set, SIGUSR2));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	skip = 0;
	kill(getpid(), SIGUSR1);
	CHECK_EQ("frame.uc_sigmask_is_interrupted_mask", mask_had_usr2, 1);
	return abi_end();
}
