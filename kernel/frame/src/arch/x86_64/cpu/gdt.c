/* SPDX-License-Identifier: MIT */
/* A CPU's GDT (kernel and user segments) and its TSS, in its per-CPU area. */
#include "arch/x86_64/arch.h"

#include <frame/compiler.h>

#include "arch/x86_64/layout.h"
#include "arch/x86_64/cpu/percpu.h"

/* The operand of lgdt and lidt. */
struct descriptor_table_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

/* Bits of a code or data segment descriptor. */
#define SEG_ACCESSED  (1ull << 40)
#define SEG_RW	      (1ull << 41) /* data: writable; code: readable */
#define SEG_CODE      (1ull << 43)
#define SEG_USER_SEG  (1ull << 44) /* S: code/data, not a system segment */
#define SEG_DPL_USER  (3ull << 45) /* descriptor privilege level 3 */
#define SEG_PRESENT   (1ull << 47)
#define SEG_LONG      (1ull << 53) /* L: 64-bit code */
#define SEG_DB	      (1ull << 54)
#define SEG_GRAN_4K   (1ull << 55)
#define SEG_LIMIT_MAX ((0xffffull) | (0xfull << 48))

/* System-descriptor type of an available 64-bit TSS. */
#define SYS_TYPE_TSS 0x9ull

/*
 * A flat segment for ring 0 or, with @user, ring 3. Base and limit are
 * ignored in 64-bit mode except for data segments in compatibility mode;
 * set them flat anyway. The accessed bit is preset so the CPU need not
 * write the table.
 */
static uint64_t gdt_segment(bool code, bool user)
{
	uint64_t d = SEG_LIMIT_MAX | SEG_ACCESSED | SEG_RW | SEG_USER_SEG |
		     SEG_PRESENT | SEG_GRAN_4K | (user ? SEG_DPL_USER : 0);

	return code ? d | SEG_CODE | SEG_LONG : d | SEG_DB;
}

/* The two words of a TSS descriptor for a TSS at @base, @limit bytes - 1. */
static void gdt_tss(uint64_t out[2], uint64_t base, uint32_t limit)
{
	out[0] = (limit & 0xffffull) | ((base & 0xffffffull) << 16) |
		 (SYS_TYPE_TSS << 40) | SEG_PRESENT |
		 ((uint64_t)(limit >> 16 & 0xf) << 48) |
		 ((base >> 24 & 0xffull) << 56);
	out[1] = base >> 32;
}

BUILD_BUG_ON(GDT_KERNEL_CS != 1 * 8);
BUILD_BUG_ON(GDT_KERNEL_DS != 2 * 8);
BUILD_BUG_ON(GDT_TSS != 3 * 8);
/* The order SYSCALL and SYSRET assume (msr.h, MSR_STAR). */
BUILD_BUG_ON(GDT_KERNEL_DS != GDT_KERNEL_CS + 8);
BUILD_BUG_ON(GDT_USER_BASE != GDT_TSS + 16);
BUILD_BUG_ON(GDT_USER_DS != GDT_USER_BASE + 8);
BUILD_BUG_ON(GDT_USER_CS != GDT_USER_BASE + 16);
BUILD_BUG_ON(GDT_ENTRIES != GDT_USER_CS / 8 + 1);

void arch_gdt_init(struct arch_percpu *pc)
{
	struct descriptor_table_ptr ptr;
	uint64_t *gdt = pc->gdt;

	pc->tss.ist[IST_DOUBLE_FAULT - 1] = pc->double_fault_stack_top;
	/* No I/O permission bitmap: the offset points past the TSS. */
	pc->tss.iomap_base = sizeof(pc->tss);

	gdt[0] = 0;
	gdt[GDT_KERNEL_CS / 8] = gdt_segment(true, false);
	gdt[GDT_KERNEL_DS / 8] = gdt_segment(false, false);
	gdt_tss(&gdt[GDT_TSS / 8], (uint64_t)(uintptr_t)&pc->tss,
		sizeof(pc->tss) - 1);
	gdt[GDT_USER_BASE / 8] = 0;
	gdt[GDT_USER_DS / 8] = gdt_segment(false, true);
	gdt[GDT_USER_CS / 8] = gdt_segment(true, true);

	ptr.limit = sizeof(pc->gdt) - 1;
	ptr.base = (uint64_t)(uintptr_t)gdt;
	__asm__ volatile("lgdt %0" : : "m"(ptr) : "memory");

	/*
	 * Reload CS, DS, ES and SS from the new table. FS and GS keep their
	 * selectors: loading one may reset its base, and GS_BASE already
	 * holds this CPU's area (arch_percpu_load()).
	 */
	__asm__ volatile("pushq %[cs]\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %[ds], %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 :
			 : [cs] "i"(GDT_KERNEL_CS), [ds] "i"(GDT_KERNEL_DS)
			 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS) : "memory");
}
