/* SPDX-License-Identifier: MIT */
/* The exception table: instructions allowed to fault, and where to resume. */
#ifndef ARCH_X86_64_EXTABLE_H
#define ARCH_X86_64_EXTABLE_H

/*
 * An entry says: if the instruction at @insn takes a page fault or a
 * general-protection fault in kernel mode, do not panic; resume at @fixup
 * with every register as the fault left it. Only the user-copy routines
 * (usercopy.S) have entries: they are the frame's only code that touches
 * addresses a user chose. The linker script gathers the entries into the
 * .ex_table section between frame_extable_start and frame_extable_end.
 */
#ifdef __ASSEMBLER__

/* clang-format off */
.macro EXTABLE insn, fixup
	.pushsection .ex_table, "a"
	.balign 8
	.quad \insn, \fixup
	.popsection
.endm
/* clang-format on */

#else

#include <frame/types.h>

struct arch_extable_entry {
	uint64_t insn;
	uint64_t fixup;
};

/*
 * arch_extable_fixup() - where to resume after a fault at @rip
 *
 * Returns the fixup address, or 0 when @rip is not an instruction that is
 * allowed to fault. Takes no lock and touches only the read-only table, so
 * the trap path can call it for any fault.
 */
uint64_t arch_extable_fixup(uint64_t rip);

#endif /* __ASSEMBLER__ */

#endif /* ARCH_X86_64_EXTABLE_H */
