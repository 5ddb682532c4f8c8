/* SPDX-License-Identifier: MIT */
/* Bringing the boot CPU from entry.S's minimal state to the frame's. */
#include "arch/x86_64/arch.h"

#include "arch/x86_64/cpu/percpu.h"

void arch_cpu_init(void)
{
	/* The area itself was loaded first thing (boot.c): locks need it. */
	arch_gdt_init(arch_percpu_this());
	arch_idt_init();
	arch_pic_disable();
}
