/* SPDX-License-Identifier: MIT */
/* The Linux boot protocol's entries, for GRUB's `linux` (osdk's bzImage). */

#include "arch/x86_64/boot/early_panic.h"
#include "arch/x86_64/layout.h"

#define CR0_PG	   (1 << 31)
#define CR4_PCIDE  (1 << 17)
#define PAGE_SHIFT 12

/*
 * What the EFI handover entry calls (UEFI 2.10: the system table 4.3,
 * the boot services table 4.4, AllocatePages 7.2), by byte offset in the
 * x64 tables.
 */
#define EFI_ST_BOOT_SERVICES 96
#define EFI_BS_ALLOCATE_PAGES 40
#define EFI_BS_GET_MEMORY_MAP 56
#define EFI_BS_EXIT_BOOT_SERVICES 232
#define EFI_ALLOCATE_ADDRESS 2
#define EFI_LOADER_DATA 2
/* Room for the UEFI memory map: OVMF's has about a hundred 48-byte
 * descriptors. */
#define EFI_MMAP_MAX 16384

/* boot_params' efi_info and E820 count (Linux's zero-page.rst). */
#define BP_EFI_LOADER_SIG 0x1c0
#define BP_EFI_SYSTAB 0x1c4
#define BP_EFI_MEMDESC_SIZE 0x1c8
#define BP_EFI_MEMDESC_VERSION 0x1cc
#define BP_EFI_MEMMAP 0x1d0
#define BP_EFI_MEMMAP_SIZE 0x1d4
#define BP_EFI_SYSTAB_HI 0x1d8
#define BP_EFI_MEMMAP_HI 0x1dc
#define BP_E820_ENTRIES 0x1e8
#define EFI_SIG_64 0x34364c45 /* "EL64" */

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
 * 32-bit entry (GRUB's `linux`, on BIOS and, in Debian's GRUB 2.06, on
 * UEFI too, after it left boot services): flat 4 GiB protected mode,
 * paging off, interrupts off, %esi = physical address of boot_params. The
 * state multiboot2 enters in, with boot_params for the information.
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
 * 64-bit entry (loaders taking the protocol's 64-bit path, and the EFI
 * handover below): long mode, the loader's identity mapping covering this
 * code and boot_params, boot services exited, %rsi = physical address of
 * boot_params. The frame does not reuse the loader's page tables: it
 * steps down to 32-bit protected mode (compatibility mode, then paging
 * off, which leaves long mode) and joins the 32-bit path. The code runs
 * at its physical address, so turning paging off does not move it.
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

/*
 * The 64-bit EFI handover entry (handover_offset + 0x200), which loaders
 * call under Secure Boot (Debian GRUB's linuxefi): SysV arguments %rdi =
 * image handle, %rsi = UEFI system table, %rdx = boot_params, long mode
 * on the firmware's identity mapping, boot services still running, the
 * image wherever the loader got memory for it. The frame is linked at
 * 1 MiB and not relocatable, so this code claims that range from the
 * firmware (AllocatePages at its address) and copies the image there;
 * then it takes the UEFI memory map into a buffer inside the image,
 * leaves boot services (a second try if the map changed in between, as
 * UEFI allows), records the map and the system table in boot_params'
 * efi_info and enters the copy's 64-bit entry. Calls into UEFI follow
 * the Microsoft x64 convention: arguments in %rcx, %rdx, %r8, %r9, then
 * on the stack above 32 bytes of shadow space, %rsp 16-byte aligned;
 * %rbx, %rbp and %r12-%r15 survive them.
 */
	.globl frame_boot_linux_efi_handover
	.type frame_boot_linux_efi_handover, @function
frame_boot_linux_efi_handover:
	cld
	movq	%rdi, %r12			/* image handle */
	movq	%rsi, %r13			/* system table */
	movq	%rdx, %r14			/* boot_params */
	movq	EFI_ST_BOOT_SERVICES(%r13), %r15
	/* 32 bytes of shadow space, the 5th argument at 32, then locals:
	 * 40 descriptor size, 48 map size or address, 56 map key,
	 * 64 descriptor version. */
	andq	$-16, %rsp
	subq	$80, %rsp

	/* %rbp = the image's size, from its link address to its end. */
	movabsq	$frame_image_end, %rbp
	movabsq	$KERNEL_VMA, %rax
	subq	%rax, %rbp
	subq	$frame_boot_linux32_entry, %rbp

	leaq	frame_boot_linux32_entry(%rip), %rbx
	cmpq	$frame_boot_linux32_entry, %rbx
	je	2f
	/* Claim the link range; UEFI refuses if anything holds a page of
	 * it (the image itself, when it overlaps: then it cannot move). */
	movq	$frame_boot_linux32_entry, 48(%rsp)
	movl	$EFI_ALLOCATE_ADDRESS, %ecx
	movl	$EFI_LOADER_DATA, %edx
	leaq	((1 << PAGE_SHIFT) - 1)(%rbp), %r8
	shrq	$PAGE_SHIFT, %r8
	leaq	48(%rsp), %r9
	call	*EFI_BS_ALLOCATE_PAGES(%r15)
	testq	%rax, %rax
	jnz	handover_no_room
	/* The two ranges are disjoint: a forward copy is safe. */
	movq	%rbx, %rsi
	movl	$frame_boot_linux32_entry, %edi
	movq	%rbp, %rcx
	rep movsb

2:	xorl	%ebx, %ebx			/* ExitBootServices() tries */
3:	movq	$EFI_MMAP_MAX, 48(%rsp)
	leaq	48(%rsp), %rcx
	movl	$linux_efi_mmap, %edx		/* in the copy */
	leaq	56(%rsp), %r8
	leaq	40(%rsp), %r9
	leaq	64(%rsp), %rax
	movq	%rax, 32(%rsp)
	call	*EFI_BS_GET_MEMORY_MAP(%r15)
	testq	%rax, %rax
	jnz	handover_no_map
	movq	%r12, %rcx
	movq	56(%rsp), %rdx
	call	*EFI_BS_EXIT_BOOT_SERVICES(%r15)
	testq	%rax, %rax
	jz	4f
	incl	%ebx
	cmpl	$2, %ebx
	jb	3b
	jmp	handover_no_map

	/* Boot services are gone: no more calls, interrupts off for good. */
4:	cli
	movl	$EFI_SIG_64, BP_EFI_LOADER_SIG(%r14)
	movl	%r13d, BP_EFI_SYSTAB(%r14)
	shrq	$32, %r13
	movl	%r13d, BP_EFI_SYSTAB_HI(%r14)
	movl	40(%rsp), %eax
	movl	%eax, BP_EFI_MEMDESC_SIZE(%r14)
	movl	64(%rsp), %eax
	movl	%eax, BP_EFI_MEMDESC_VERSION(%r14)
	movl	$linux_efi_mmap, BP_EFI_MEMMAP(%r14)
	movl	$0, BP_EFI_MEMMAP_HI(%r14)
	movl	48(%rsp), %eax
	movl	%eax, BP_EFI_MEMMAP_SIZE(%r14)
	/* The UEFI map is the memory map: no E820 table with it. */
	movb	$0, BP_E820_ENTRIES(%r14)
	movq	%r14, %rsi
	movl	$frame_boot_linux64_entry, %eax
	jmp	*%rax

/* Say why on COM1, power off with the panic code (early_panic.h). */
handover_no_room:
	leaq	handover_no_room_msg(%rip), %rsi
	jmp	handover_fail
handover_no_map:
	leaq	handover_no_map_msg(%rip), %rsi
handover_fail:
	EARLY_PANIC %rsi
	.size frame_boot_linux_efi_handover, . - frame_boot_linux_efi_handover

handover_no_room_msg:
	.asciz "panic: EFI handover: the firmware will not give the kernel's link address (1 MiB) for it to run at\r\n"
handover_no_map_msg:
	.asciz "panic: EFI handover: could not get the UEFI memory map and leave boot services\r\n"

	/* The UEFI memory map the handover takes: in the image's file, not
	 * in .bss, which the 32-bit path clears before the frame reads it;
	 * after the multiboot2 header (linker.ld), which must stay near the
	 * start of the file. */
	.section .boot.linux_mmap, "a"
	.balign 8
linux_efi_mmap:
	.skip EFI_MMAP_MAX

	.section .boot.linux_entry, "ax"
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
