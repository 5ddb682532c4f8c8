/* SPDX-License-Identifier: MIT */
/* arch_fault_probe(): catch the fault of a test access and jump back. */
#include "arch/x86_64/trap/fault_probe.h"

#include <frame/compiler.h>
#include <frame/errno.h>

#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/setjmp.h"

#define VECTOR_GENERAL_PROTECTION 13
#define VECTOR_PAGE_FAULT	  14

static struct arch_jmp_buf probe_jmp;
static struct arch_fault probe_seen;

/* Where the faulting code "returns" to: straight back into the probe. */
__noreturn static void probe_resume(void)
{
	arch_longjmp(&probe_jmp, 1);
}

static bool probe_catch(struct arch_trap_frame *frame)
{
	/* Only faults of kernel code: the probe never runs user mode. */
	if (frame->cs & 3)
		return false;
	probe_seen.vector = (unsigned int)frame->vector;
	probe_seen.error_code = frame->error_code;
	probe_seen.address =
		frame->vector == VECTOR_PAGE_FAULT ? arch_read_cr2() : 0;
	/* The fault may have hit with RFLAGS.AC set; resume without it. */
	frame->rflags &= ~(1ull << 18);
	frame->rip = (uint64_t)(uintptr_t)probe_resume;
	return true;
}

int arch_fault_probe(void (*fn)(void *), void *arg, struct arch_fault *out)
{
	int ret;

	ret = arch_trap_set_handler(VECTOR_PAGE_FAULT, probe_catch);
	if (ret)
		return ret;
	ret = arch_trap_set_handler(VECTOR_GENERAL_PROTECTION, probe_catch);
	if (ret) {
		arch_trap_clear_handler(VECTOR_PAGE_FAULT);
		return ret;
	}
	if (arch_setjmp(&probe_jmp) == 0) {
		fn(arg);
		ret = 0;
	} else {
		*out = probe_seen;
		ret = 1;
	}
	arch_trap_clear_handler(VECTOR_GENERAL_PROTECTION);
	arch_trap_clear_handler(VECTOR_PAGE_FAULT);
	return ret;
}
