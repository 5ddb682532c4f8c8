/* SPDX-License-Identifier: MIT */
/* Looking up the fixup for a faulting instruction in the exception table. */
#include "arch/x86_64/trap/extable.h"

/* The linker script's bounds of .ex_table. */
extern const struct arch_extable_entry frame_extable_start[];
extern const struct arch_extable_entry frame_extable_end[];

uint64_t arch_extable_fixup(uint64_t rip)
{
	/* A handful of entries: a linear search beats keeping them sorted. */
	for (const struct arch_extable_entry *e = frame_extable_start;
	     e < frame_extable_end; e++) {
		if (e->insn == rip)
			return e->fixup;
	}
	return 0;
}
