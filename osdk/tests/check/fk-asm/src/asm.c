/* SPDX-License-Identifier: MIT */
/* FK-ASM: inline assembly in each of its forms. */
#include <frame/types.h>

void fk_asm_statement(void)
{
	asm("nop");
}

void fk_asm_volatile(void)
{
	__asm__ volatile("pause" ::: "memory");
}

extern unsigned long fk_asm_label __asm__("frame_entry_stub");

__asm__(".globl fk_asm_file_scope");

unsigned long long fk_asm_builtin(void)
{
	return __builtin_ia32_rdtsc();
}
