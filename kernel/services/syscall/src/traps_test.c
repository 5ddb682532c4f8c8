/* SPDX-License-Identifier: MIT */
/* ktests of the exception-to-signal table and the FPU's si_code. */
#include <frame/ktest.h>
#include <syscall/syscall.h>
#include <frame/umode.h>
#include <signal/signal.h>

#include "traps.h"

KTEST(syscall_exception_signals_as_linux)
{
	struct ksiginfo i;

	KT_ASSERT_EQ(user_exception_info(UMODE_VEC_DE, 0x401000, 0, &i),
		     SIGFPE);
	KT_ASSERT_EQ(i.code, FPE_INTDIV);
	KT_ASSERT_EQ(i.addr, 0x401000);
	KT_ASSERT_EQ(user_exception_info(UMODE_VEC_UD, 0x401002, 0, &i),
		     SIGILL);
	KT_ASSERT_EQ(i.code, ILL_ILLOPN);
	KT_ASSERT_EQ(i.addr, 0x401002);
	KT_ASSERT_EQ(user_exception_info(UMODE_VEC_GP, 0x401004, 0, &i),
		     SIGSEGV);
	KT_ASSERT_EQ(i.code, SI_KERNEL);
	KT_ASSERT_EQ(i.addr, 0);
	KT_ASSERT_EQ(i.trapno, UMODE_VEC_GP);
	KT_ASSERT_EQ(user_exception_info(UMODE_VEC_BP, 0x401005, 0, &i),
		     SIGTRAP);
	KT_ASSERT_EQ(i.code, SI_KERNEL);
	KT_ASSERT_EQ(user_exception_info(UMODE_VEC_DB, 0x401006, 0, &i),
		     SIGTRAP);
	KT_ASSERT_EQ(i.code, TRAP_TRACE);
	KT_ASSERT_EQ(user_exception_info(UMODE_VEC_AC, 0x401007, 0, &i),
		     SIGBUS);
	KT_ASSERT_EQ(i.code, BUS_ADRALN);
	KT_ASSERT_EQ(user_exception_info(UMODE_VEC_SS, 0x401008, 0, &i),
		     SIGBUS);
	KT_ASSERT_EQ(
		user_exception_info(UMODE_VEC_MF, 0x401009, FPE_FLTDIV, &i),
		SIGFPE);
	KT_ASSERT_EQ(i.code, FPE_FLTDIV);
	KT_ASSERT_EQ(
		user_exception_info(UMODE_VEC_XM, 0x40100a, FPE_FLTINV, &i),
		SIGFPE);
	/* an FPU exception with nothing raised sends nothing */
	KT_ASSERT_EQ(user_exception_info(UMODE_VEC_XM, 0x40100a, 0, &i), 0);
}

KTEST(syscall_fpu_exception_codes)
{
	/* x87: the control word masks everything but zero-divide */
	KT_ASSERT_EQ(user_fpe_code(UMODE_VEC_MF, 0x37b, 0x0004, 0), FPE_FLTDIV);
	KT_ASSERT_EQ(user_fpe_code(UMODE_VEC_MF, 0x37f, 0x0004, 0), 0);
	KT_ASSERT_EQ(user_fpe_code(UMODE_VEC_MF, 0x370, 0x0005, 0), FPE_FLTINV);
	KT_ASSERT_EQ(user_fpe_code(UMODE_VEC_MF, 0x340, 0x0020, 0), FPE_FLTRES);
	/* SSE: flags in bits 0-5, masks in 7-12 (0x1f80 masks all) */
	KT_ASSERT_EQ(user_fpe_code(UMODE_VEC_XM, 0, 0, 0x1f80 | 0x04), 0);
	KT_ASSERT_EQ(user_fpe_code(UMODE_VEC_XM, 0, 0, 0x1d80 | 0x04),
		     FPE_FLTDIV);
	KT_ASSERT_EQ(user_fpe_code(UMODE_VEC_XM, 0, 0, 0x1b80 | 0x08),
		     FPE_FLTOVF);
	KT_ASSERT_EQ(user_fpe_code(UMODE_VEC_XM, 0, 0, 0x1780 | 0x10),
		     FPE_FLTUND);
}

KTEST(syscall_table_handlers_linked)
{
	/* one handler of each package the table reaches */
	static const uint64_t nrs[] = { 0 /* read: fs */,
					9 /* mmap: mm */,
					13 /* rt_sigaction: signal */,
					39 /* getpid: process */,
					202 /* futex */,
					228 /* clock_gettime: time */ };

	for (unsigned int i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		KT_ASSERT_NOT_NULL(syscall_desc(nrs[i])->fn);
	/* and none for a call nobody serves */
	KT_ASSERT_NULL(syscall_desc(183)->fn);
}
