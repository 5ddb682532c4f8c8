/* SPDX-License-Identifier: MIT */
/* The Linux boot protocol's entries, for GRUB's `linux` (osdk's bzImage). */

#include "arch/x86_64/layout.h"

#define CR0_PG	   (1 << 31)
#define CR4_PCIDE  (1 << 17)

/* Selectors of the small GDT below, for the drop to 32-bit mode. */
#define LINUX_CS32 0x08
#define LINUX_DS   0x10

/*
 * The linker script places this section at the load address, first in
 * the image: the protocol enters the 32-bit code at the start of the
 * protected-mode payload (code32_start) and the 64-bit code 0x200 bytes
 * further. Both continue in entry.S's frame_boot32_common, which builds
 * the frame's own page tables, so nothing depends on the loader's.
 */
	.section .boot.linux_entry, "ax"
	.code32

/*
 * 32-bit entry (GRUB on BIOS): flat 4 GiB protected mode, paging off,
 * interrupts off, %esi = physical address of boot_params. The state
 * multiboot2 enters in, with boot_params for the information.
 */
	.globl frame_boot_linux32_entry
	.type frame_boot_linux32_entry, @function
frame_boot_linux32_entry:
	cli
	cld
	xorl	%ebp, %ebp
	movl	$BOOT_PROTO_LINUX, %edi
	jmp	frame_boot32_common
	.size frame_boot_linux32_entry, . - frame_boot_linux32_entry

/*
 * The small GDT the 64-bit entry switches through: a 32-bit code segment
 * and a data segment, both flat. The accessed bits are preset so that the
 * CPU never writes to this read-only section.
 */
	.balign 8
linux_gdt:
	.quad 0
	.quad 0x00cf9b000000ffff	/* LINUX_CS32: P, DPL 0, code, D, 4 GiB */
	.quad 0x00cf93000000ffff	/* LINUX_DS: P, DPL 0, data, RW, 4 GiB */
linux_gdt_end:
	/* lgdt in 64-bit mode reads an 8-byte base. */
	.balign 8
linux_gdt_ptr:
	.word linux_gdt_end - linux_gdt - 1
	.quad linux_gdt
	/* ljmpl's m16:32 operand: the 32-bit code below. */
linux_to32:
	.long linux_compat32
	.word LINUX_CS32

	.org 0x200
	.code64
/*
 * 64-bit entry (GRUB on UEFI, without Secure Boot): long mode, the
 * loader's identity mapping covering this code and boot_params, boot
 * services exited, %rsi = physical address of boot_params. The frame
 * does not reuse the loader's page tables: it steps down to 32-bit
 * protected mode (compatibility mode, then paging off, which leaves long
 * mode) and joins the 32-bit path. The code runs at its physical address,
 * so turning paging off does not move it.
 */
	.globl frame_boot_linux64_entry
	.type frame_boot_linux64_entry, @function
frame_boot_linux64_entry:
	cli
	cld
	/* boot_params must be below 4 GiB, where the 32-bit path reaches:
	 * every loader puts it low (GRUB: below 1 MiB or just above). */
	movq	%rsi, %rax
	shrq	$32, %rax
	jnz	linux64_halt
	/* Paging cannot be turned off while CR4.PCIDE is set. */
	movq	%cr4, %rax
	andq	$~CR4_PCIDE, %rax
	movq	%rax, %cr4
	lgdt	linux_gdt_ptr(%rip)
	ljmpl	*linux_to32(%rip)
linux64_halt:
	hlt
	jmp	linux64_halt
	.size frame_boot_linux64_entry, . - frame_boot_linux64_entry

	.code32
/* Compatibility mode, on linux_gdt's 32-bit code segment. */
linux_compat32:
	movl	$LINUX_DS, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs
	movl	%cr0, %eax
	andl	$~CR0_PG, %eax
	movl	%eax, %cr0
	/* Protected mode, paging off: the 32-bit entry's state. */
	xorl	%ebp, %ebp
	movl	$BOOT_PROTO_LINUX, %edi
	jmp	frame_boot32_common

	.section .note.GNU-stack, "", @progbits
