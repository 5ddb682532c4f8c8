/* SPDX-License-Identifier: MIT */
/* Boot entry: multiboot2 header, PVH note, and the climb into long mode. */

#include "arch/x86_64/boot/early_panic.h"
#include "arch/x86_64/layout.h"

/*
 * Until paging is on, the boot code runs at physical addresses: it lives
 * in .boot.* sections that the linker script places at the same virtual
 * and physical address, and it reaches higher-half symbols (.bss) through
 * PHYS().
 */
#define PHYS(sym) ((sym) - KERNEL_VMA)

#define CR0_PE	 (1 << 0)
#define CR0_WP	 (1 << 16)
#define CR0_PG	 (1 << 31)
#define CR4_PAE	 (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#define PTE_PRESENT  0x001
#define PTE_WRITABLE 0x002
#define PTE_HUGE     0x080
#define PTE_TABLE    (PTE_PRESENT | PTE_WRITABLE)
#define HUGE_PAGE    0x200000

#define BOOT_STACK_SIZE 16384

/*
 * The multiboot2 header. GRUB looks for it, 8-byte aligned, in the first
 * 32 KiB of the file; the linker script puts this section first.
 */
	.section .boot.header, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long 0				/* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long 0x100000000 - (MB2_HEADER_MAGIC + (mb2_header_end - mb2_header))

	/* Information request: the loader must provide these tags or fail. */
	.balign 8
mb2_info_request:
	.short 1, 0
	.long mb2_info_request_end - mb2_info_request
	.long 1				/* command line */
	.long 2				/* boot loader name */
	.long 6				/* memory map */
mb2_info_request_end:

	/* Page-align modules, so the initramfs can be mapped in place. */
	.balign 8
	.short 6, 0
	.long 8

	/* A framebuffer is welcome but optional, and left alone: the console
	 * is the serial port. Without this tag GRUB on UEFI, which has no
	 * text mode to give, warns that the kernel will have no console. */
	.balign 8
	.short 5, 1			/* framebuffer, optional */
	.long 20
	.long 0, 0, 0			/* any width, height and depth */

	.balign 8
	.short 0, 0			/* end tag */
	.long 8
mb2_header_end:

/*
 * The PVH entry note that QEMU's -kernel (and Xen) look for in a PT_NOTE
 * segment. Xen defines the value as 32 bits, but QEMU 7.2 reads a full
 * 64-bit word from the descriptor, so it is a .quad with descsz 8, which
 * both accept.
 */
	.section .note.Xen, "a", @note
	.balign 4
	.long 4				/* namesz */
	.long 8				/* descsz */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad frame_boot_pvh_entry

	.section .boot.text, "ax"
	.code32

/*
 * Multiboot2 entry: 32-bit protected mode, paging off, %eax = magic,
 * %ebx = physical address of the boot information. No stack, and no GDT we
 * may rely on. The magic goes to C, which checks it and can say why.
 */
	.globl frame_boot_mb2_entry
	.type frame_boot_mb2_entry, @function
frame_boot_mb2_entry:
	cli
	cld
	movl	%eax, %ebp
	movl	%ebx, %esi
	movl	$BOOT_PROTO_MULTIBOOT2, %edi
	jmp	frame_boot32_common
	.size frame_boot_mb2_entry, . - frame_boot_mb2_entry

/*
 * PVH entry: the same machine state, %ebx = physical address of
 * hvm_start_info, whose magic C checks.
 */
	.globl frame_boot_pvh_entry
	.type frame_boot_pvh_entry, @function
frame_boot_pvh_entry:
	cli
	cld
	xorl	%ebp, %ebp
	movl	%ebx, %esi
	movl	$BOOT_PROTO_PVH, %edi
	jmp	frame_boot32_common
	.size frame_boot_pvh_entry, . - frame_boot_pvh_entry

/*
 * From here on %edi (protocol), %esi (boot information) and %ebp (magic)
 * hold the arguments for frame_boot_main(); cpuid clobbers only
 * %eax-%edx, and nothing below touches the three. The Linux boot protocol
 * entries (entry_linux.S) come here too, in the same machine state.
 */
	.globl frame_boot32_common
	.type frame_boot32_common, @function
frame_boot32_common:
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	boot32_no_long_mode
	movl	$0x80000001, %eax
	cpuid
	btl	$29, %edx			/* LM */
	jnc	boot32_no_long_mode

	/*
	 * Clear .bss before anything lives there (page tables, stack). The
	 * loaders zero it too, but the frame does not depend on that.
	 */
	movl	$PHYS(frame_bss_start), %edx
	movl	$PHYS(frame_bss_end), %ecx
1:	cmpl	%ecx, %edx
	jae	2f
	movl	$0, (%edx)
	addl	$4, %edx
	jmp	1b
2:	movl	$PHYS(boot_stack_top), %esp

	/*
	 * Early page tables, 2 MiB pages: PML4[0] maps the first
	 * EARLY_IDENTITY_GIB GiB at their own address, PML4[511] maps the
	 * first EARLY_HIGH_GIB GiB at KERNEL_VMA, sharing the page directories.
	 * They last until mm_init() switches to the kernel's own tables,
	 * which map neither page 0 nor anything else in the lower half.
	 */
	movl	$(PHYS(boot_pdpt_low) + PTE_TABLE), PHYS(boot_pml4)
	movl	$(PHYS(boot_pdpt_high) + PTE_TABLE), PHYS(boot_pml4) + 511 * 8

	movl	$(PHYS(boot_pd) + PTE_TABLE), %eax
	movl	$PHYS(boot_pdpt_low), %edx
	movl	$EARLY_IDENTITY_GIB, %ecx
1:	movl	%eax, (%edx)
	addl	$PAGE_SIZE, %eax
	addl	$8, %edx
	loop	1b

	movl	$(PHYS(boot_pd) + PTE_TABLE), %eax
	movl	$(PHYS(boot_pdpt_high) + 510 * 8), %edx
	movl	$EARLY_HIGH_GIB, %ecx
1:	movl	%eax, (%edx)
	addl	$PAGE_SIZE, %eax
	addl	$8, %edx
	loop	1b

	movl	$(PTE_PRESENT | PTE_WRITABLE | PTE_HUGE), %eax
	movl	$PHYS(boot_pd), %edx
	movl	$(EARLY_IDENTITY_GIB * 512), %ecx
1:	movl	%eax, (%edx)
	addl	$HUGE_PAGE, %eax
	addl	$8, %edx
	loop	1b

	lgdt	boot_gdt_ptr

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PHYS(boot_pml4), %eax
	movl	%eax, %cr3

	/* EFER.LME, and EFER.NXE when the CPU has NX (W^X needs it later). */
	movl	$0x80000001, %eax
	cpuid
	movl	$EFER_LME, %ebx
	btl	$20, %edx			/* NX */
	jnc	1f
	orl	$EFER_NXE, %ebx
1:	movl	$MSR_EFER, %ecx
	rdmsr
	orl	%ebx, %eax
	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP | CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$GDT_KERNEL_CS, $boot64_low
	.size frame_boot32_common, . - frame_boot32_common

/* Without long mode nothing else can run: say so and power off. */
boot32_no_long_mode:
	movl	$boot32_no_long_mode_msg, %esi
	EARLY_PANIC %esi

	.code64
/* Long mode, still at the identity-mapped address: go up. */
boot64_low:
	movw	$GDT_KERNEL_DS, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorl	%eax, %eax
	movw	%ax, %fs
	movw	%ax, %gs
	movabsq	$frame_boot_high, %rax
	jmpq	*%rax

/*
 * The boot GDT: null, 64-bit kernel code, kernel data. The accessed bits
 * are preset so that the CPU never writes to this read-only section.
 * arch_gdt_init() replaces it with the final GDT (same selectors, plus TSS).
 */
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9b000000ffff	/* GDT_KERNEL_CS: P, DPL 0, code, L */
	.quad 0x00cf93000000ffff	/* GDT_KERNEL_DS: P, DPL 0, data, RW */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

boot32_no_long_mode_msg:
	.asciz "panic: this CPU does not support x86-64 long mode\r\n"

/*
 * In the higher half: take the boot stack and enter C. %rbp = 0 ends the
 * frame-pointer chain for backtraces. The upper halves of the argument
 * registers are undefined after the mode switch, hence the 32-bit moves.
 */
	.text
	.type frame_boot_high, @function
frame_boot_high:
	leaq	boot_stack_top(%rip), %rsp
	movl	%edi, %edi
	movl	%esi, %esi
	movl	%ebp, %edx
	xorl	%ebp, %ebp
	call	frame_boot_main
1:	cli
	hlt
	jmp	1b
	.size frame_boot_high, . - frame_boot_high

	.section .bss
	.balign PAGE_SIZE
boot_pml4:
	.skip PAGE_SIZE
boot_pdpt_low:
	.skip PAGE_SIZE
boot_pdpt_high:
	.skip PAGE_SIZE
boot_pd:
	.skip PAGE_SIZE * EARLY_IDENTITY_GIB
	.balign 16
boot_stack:
	.skip BOOT_STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
