/* SPDX-License-Identifier: MIT */
/* User page faults and exceptions: the signals and si_codes Linux gives. */
#include "traps.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/umode.h>
#include <mm/mm.h>
#include <process/process.h>
#include <signal/signal.h>

static void user_fault_signal(struct sig_thread *st, int sig, int code,
			      uint64_t addr, const struct umode_trap *trap)
{
	struct ksiginfo info;

	ksiginfo_init(&info, sig, code);
	info.addr = addr;
	info.trapno = (int)trap->vector;
	info.err = trap->error_code;
	signal_force(st, &info);
}

void user_page_fault(struct sig_thread *st, struct mm *mm,
		     const struct umode_trap *trap, struct user_fault_state *s)
{
	int si_code = SEGV_MAPERR;
	int err = mm_fault(mm, trap->fault_addr, (unsigned int)trap->error_code,
			   &si_code);
	struct ksiginfo kill;

	if (err != -ENOMEM)
		s->oom_in_a_row = 0;
	switch (err) {
	case 0:
		return;
	case -EIO:
		user_fault_signal(st, SIGBUS, BUS_ADRERR, trap->fault_addr,
				  trap);
		return;
	case -ENOMEM:
		if (++s->oom_in_a_row <= USER_OOM_RETRIES) {
			proc_oom_kill();
			return; /* the access is tried again */
		}
		log_warn("out of memory: pid %d cannot fault in %#llx, "
			 "killed",
			 proc_current_pid(),
			 (unsigned long long)trap->fault_addr);
		s->oom_in_a_row = 0;
		ksiginfo_init(&kill, SIGKILL, SI_KERNEL);
		signal_force(st, &kill);
		return;
	case -EFAULT:
	default:
		if (si_code != SEGV_ACCERR && si_code != SEGV_PKUERR)
			si_code = SEGV_MAPERR;
		user_fault_signal(st, SIGSEGV, si_code, trap->fault_addr, trap);
		return;
	}
}

/* Exception flag bits, x87 status word and MXCSR alike (low 6). */
#define FPX_INVALID   0x01u
#define FPX_DENORMAL  0x02u
#define FPX_ZERODIV   0x04u
#define FPX_OVERFLOW  0x08u
#define FPX_UNDERFLOW 0x10u
#define FPX_PRECISION 0x20u

int user_fpe_code(unsigned int vector, uint16_t fcw, uint16_t fsw,
		  uint32_t mxcsr)
{
	unsigned int raised;

	if (vector == UMODE_VEC_MF)
		raised = fsw & ~fcw & 0x3fu;
	else /* MXCSR: flags in bits 0-5, their masks in bits 7-12 */
		raised = mxcsr & ~(mxcsr >> 7) & 0x3fu;
	if (raised & FPX_INVALID)
		return FPE_FLTINV;
	if (raised & FPX_ZERODIV)
		return FPE_FLTDIV;
	if (raised & FPX_OVERFLOW)
		return FPE_FLTOVF;
	if (raised & (FPX_UNDERFLOW | FPX_DENORMAL))
		return FPE_FLTUND;
	if (raised & FPX_PRECISION)
		return FPE_FLTRES;
	return 0;
}

/* The x87 control and status words and MXCSR of @ctx (FXSAVE layout,
 * which the XSAVE image starts with). */
static int user_fpe_of(const struct uctx *ctx, unsigned int vector)
{
	size_t size = uctx_fpu_size();
	unsigned char *img = frame_alloc(size);
	uint16_t fcw, fsw;
	uint32_t mxcsr;
	int code = FPE_FLTINV; /* unknown: say invalid, as a fault it is */

	if (!img || size < 28 || uctx_fpu_read(ctx, img, size))
		goto out;
	fcw = (uint16_t)(img[0] | img[1] << 8);
	fsw = (uint16_t)(img[2] | img[3] << 8);
	mxcsr = (uint32_t)img[24] | (uint32_t)img[25] << 8 |
		(uint32_t)img[26] << 16 | (uint32_t)img[27] << 24;
	code = user_fpe_code(vector, fcw, fsw, mxcsr);
out:
	frame_free(img);
	return code;
}

int user_exception_info(unsigned int vector, uint64_t rip, int fpe_code,
			struct ksiginfo *info)
{
	int sig, code;
	uint64_t addr = rip;

	switch (vector) {
	case UMODE_VEC_DE:
		sig = SIGFPE;
		code = FPE_INTDIV;
		break;
	case UMODE_VEC_DB:
		sig = SIGTRAP;
		code = TRAP_TRACE;
		break;
	case UMODE_VEC_BP: /* int3: Linux says SI_KERNEL */
		sig = SIGTRAP;
		code = SI_KERNEL;
		addr = 0;
		break;
	case UMODE_VEC_UD:
		sig = SIGILL;
		code = ILL_ILLOPN;
		break;
	case UMODE_VEC_MF:
	case UMODE_VEC_XM:
		if (!fpe_code)
			return 0; /* nothing unmasked was raised */
		sig = SIGFPE;
		code = fpe_code;
		break;
	case UMODE_VEC_AC:
		sig = SIGBUS;
		code = BUS_ADRALN;
		break;
	case UMODE_VEC_NP:
	case UMODE_VEC_SS:
		sig = SIGBUS;
		code = SI_KERNEL;
		addr = 0;
		break;
	case UMODE_VEC_GP:
	case UMODE_VEC_OF:
	case UMODE_VEC_BR:
	default:
		sig = SIGSEGV;
		code = SI_KERNEL;
		addr = 0;
		break;
	}
	ksiginfo_init(info, sig, code);
	info->addr = addr;
	info->trapno = (int)vector;
	return sig;
}

void user_exception(struct sig_thread *st, const struct uctx *ctx,
		    const struct umode_trap *trap)
{
	struct ksiginfo info;
	int fpe = 0;

	if (trap->vector == UMODE_VEC_MF || trap->vector == UMODE_VEC_XM)
		fpe = user_fpe_of(ctx, trap->vector);
	if (!user_exception_info(trap->vector, uctx_rip(ctx), fpe, &info))
		return;
	info.err = trap->error_code;
	signal_force(st, &info);
}
