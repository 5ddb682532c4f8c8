/* SPDX-License-Identifier: MIT */
/* The boot CPU's per-CPU area, and loading an area into GS. */
#include "arch/x86_64/cpu/percpu.h"

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/msr.h"

#define DOUBLE_FAULT_STACK_SIZE 16384

static uint8_t boot_double_fault_stack[DOUBLE_FAULT_STACK_SIZE] __aligned(16);
static struct arch_percpu boot_percpu;

void arch_percpu_load(struct arch_percpu *pc)
{
	pc->self = pc;
	arch_wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)pc);
	arch_wrmsr(MSR_KERNEL_GS_BASE, 0);
	pc->user_gs_base = 0;
	pc->user_fs_base = arch_rdmsr(MSR_FS_BASE);
}

struct arch_percpu *arch_percpu_boot_init(void)
{
	struct arch_percpu *pc = &boot_percpu;

	pc->cpu = 0;
	pc->double_fault_stack_top =
		(uint64_t)(uintptr_t)(boot_double_fault_stack +
				      sizeof(boot_double_fault_stack));
	arch_percpu_load(pc);
	return pc;
}
