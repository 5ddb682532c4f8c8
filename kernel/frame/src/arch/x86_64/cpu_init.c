/* SPDX-License-Identifier: MIT */
/* Bringing the boot CPU from entry.S's minimal state to the frame's. */
#include "arch/x86_64/arch.h"

void arch_cpu_init(void)
{
	arch_gdt_init();
	arch_idt_init();
	arch_pic_disable();
}
