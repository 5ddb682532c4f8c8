/* SPDX-License-Identifier: MIT */
/* The boot entries' last words: a message on COM1, then the panic exit. */
#ifndef ARCH_X86_64_EARLY_PANIC_H
#define ARCH_X86_64_EARLY_PANIC_H

#include "arch/x86_64/layout.h"

/*
 * EARLY_PANIC ptr - for assembly (.S) only. Print the NUL-terminated text
 * at %ptr on COM1, power off with the panic code, and halt for good when
 * there is no exit device. Before the console driver and without a stack,
 * so it polls the line status itself (an absent UART reads 0xff, ready,
 * and cannot hang it). Clobbers %al, %bl, %dx and @ptr; usable in 32- and
 * 64-bit code alike (@ptr's width picks the instructions').
 */
.macro EARLY_PANIC ptr
	cli
1:	movb	(\ptr), %bl
	testb	%bl, %bl
	jz	3f
	movw	$(COM1_PORT + 5), %dx
2:	inb	%dx, %al
	testb	$0x20, %al
	jz	2b
	movw	$COM1_PORT, %dx
	movb	%bl, %al
	outb	%al, %dx
	inc	\ptr
	jmp	1b
3:	movb	$(0x40 | 2), %al
	outb	%al, $DEBUG_EXIT_PORT
4:	hlt
	jmp	4b
.endm

#endif /* ARCH_X86_64_EARLY_PANIC_H */
