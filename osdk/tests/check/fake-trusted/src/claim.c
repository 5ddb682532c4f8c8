/* SPDX-License-Identifier: MIT */
/* Claims trust it is not given: its assembly is still an error. */
#include <frame/types.h>

void fake_trusted_halt(void)
{
	__asm__ volatile("hlt");
}
