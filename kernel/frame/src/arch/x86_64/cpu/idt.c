/* SPDX-License-Identifier: MIT */
/* The IDT: one interrupt gate per vector, pointing at trap_entry.S. */
#include "arch/x86_64/arch.h"

#include <frame/compiler.h>

#include "arch/x86_64/layout.h"

/* A 64-bit IDT gate descriptor (Intel SDM vol. 3, "IDT Descriptors"). */
struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;	   /* bits 0-2: IST slot, 0 = none */
	uint8_t type_attr; /* P, DPL, gate type */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __packed;

BUILD_BUG_ON(sizeof(struct idt_gate) != 16);

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

#define GATE_PRESENT   0x80
#define GATE_DPL(dpl)  ((dpl) << 5)
#define GATE_INTERRUPT 0x0e /* clears IF on entry */

/* The stub addresses, in vector order (trap_entry.S). */
extern const uint64_t arch_trap_stubs[256];

static struct idt_gate idt[256] __aligned(16);

/* An interrupt gate to @handler in the kernel code segment. */
static struct idt_gate idt_gate(uint64_t handler, unsigned int ist,
				unsigned int dpl)
{
	return (struct idt_gate){
	    .offset_low = (uint16_t)handler,
	    .selector = GDT_KERNEL_CS,
	    .ist = (uint8_t)(ist & 7),
	    .type_attr =
		(uint8_t)(GATE_PRESENT | GATE_DPL(dpl) | GATE_INTERRUPT),
	    .offset_mid = (uint16_t)(handler >> 16),
	    .offset_high = (uint32_t)(handler >> 32),
	};
}

#define VECTOR_DOUBLE_FAULT 8
#define VECTOR_BREAKPOINT   3
#define VECTOR_OVERFLOW	    4

/*
 * The gates user code may raise with an instruction: int3 (#BP) and into
 * (#OF) are traps a program executes on purpose (a debugger's breakpoint,
 * an overflow check), so their gates have DPL 3, as on Linux; through any
 * other gate an `int n` in user mode is a #GP.
 */
static unsigned int idt_gate_dpl(unsigned int v)
{
	return v == VECTOR_BREAKPOINT || v == VECTOR_OVERFLOW ? 3 : 0;
}

void arch_idt_load(void)
{
	struct idt_ptr ptr;

	ptr.limit = sizeof(idt) - 1;
	ptr.base = (uint64_t)(uintptr_t)idt;
	__asm__ volatile("lidt %0" : : "m"(ptr) : "memory");
}

void arch_idt_init(void)
{
	for (unsigned int v = 0; v < ARRAY_SIZE(idt); v++) {
		/* A double fault may come from a blown stack: switch stacks. */
		unsigned int ist =
		    v == VECTOR_DOUBLE_FAULT ? IST_DOUBLE_FAULT : 0;

		idt[v] = idt_gate(arch_trap_stubs[v], ist, idt_gate_dpl(v));
	}
	arch_idt_load();
}
