/* SPDX-License-Identifier: MIT */
/* The final GDT and the TSS that gives double faults their own stack. */
#include "arch/x86_64/arch.h"

#include <frame/compiler.h>

#include "arch/x86_64/layout.h"

/* The 64-bit TSS (Intel SDM vol. 3, "Task Management in 64-bit Mode"). */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3]; /* stacks for privilege changes to rings 0-2 */
	uint64_t reserved1;
	uint64_t ist[7]; /* interrupt stack table, IST1..IST7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

BUILD_BUG_ON(sizeof(struct tss) != 104);

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
#define SEG_PRESENT   (1ull << 47)
#define SEG_LONG      (1ull << 53) /* L: 64-bit code */
#define SEG_DB	      (1ull << 54)
#define SEG_GRAN_4K   (1ull << 55)
#define SEG_LIMIT_MAX ((0xffffull) | (0xfull << 48))

/* System-descriptor type of an available 64-bit TSS. */
#define SYS_TYPE_TSS 0x9ull

/* A flat ring-0 segment. Base and limit are ignored in 64-bit mode except
 * for data segments in compatibility mode; set them flat anyway. The
 * accessed bit is preset so the CPU need not write the table. */
static uint64_t gdt_segment(bool code)
{
	uint64_t d = SEG_LIMIT_MAX | SEG_ACCESSED | SEG_RW | SEG_USER_SEG |
		     SEG_PRESENT | SEG_GRAN_4K;

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

#define DOUBLE_FAULT_STACK_SIZE 16384

static uint8_t double_fault_stack[DOUBLE_FAULT_STACK_SIZE] __aligned(16);
static struct tss tss __aligned(16);

/* null, kernel code, kernel data, TSS (two slots). */
static uint64_t gdt[5] __aligned(8);

BUILD_BUG_ON(GDT_KERNEL_CS != 1 * 8);
BUILD_BUG_ON(GDT_KERNEL_DS != 2 * 8);
BUILD_BUG_ON(GDT_TSS != 3 * 8);

void arch_gdt_init(void)
{
	struct descriptor_table_ptr ptr;

	tss.ist[IST_DOUBLE_FAULT - 1] =
	    (uint64_t)(uintptr_t)(double_fault_stack +
				  sizeof(double_fault_stack));
	/* No I/O permission bitmap: the offset points past the TSS. */
	tss.iomap_base = sizeof(tss);

	gdt[0] = 0;
	gdt[GDT_KERNEL_CS / 8] = gdt_segment(true);
	gdt[GDT_KERNEL_DS / 8] = gdt_segment(false);
	gdt_tss(&gdt[GDT_TSS / 8], (uint64_t)(uintptr_t)&tss, sizeof(tss) - 1);

	ptr.limit = sizeof(gdt) - 1;
	ptr.base = (uint64_t)(uintptr_t)gdt;
	__asm__ volatile("lgdt %0" : : "m"(ptr) : "memory");

	/* Reload every segment register from the new table. */
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
