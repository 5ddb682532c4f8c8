/* SPDX-License-Identifier: MIT */
/* Small inline wrappers around single x86-64 instructions. */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include <frame/types.h>

/*
 * One instruction each, so that C code in the frame never spells inline
 * assembly itself. The "memory" clobbers keep the compiler from moving
 * memory accesses across instructions with side effects on the machine.
 */

static inline void arch_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t arch_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void arch_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint64_t arch_read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t arch_read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t arch_read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t arch_read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void arch_write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void arch_write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* Drop the TLB entries (and paging-structure caches) for one address. */
static inline void arch_invlpg(uint64_t addr)
{
	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

/* The four registers CPUID returns for @leaf, @subleaf. */
struct arch_cpuid {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct arch_cpuid arch_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct arch_cpuid r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t arch_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t arch_read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq; popq %0" : "=r"(v) : : "memory");
	return v;
}

#define ARCH_RFLAGS_IF (1ul << 9)

static inline void arch_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

/*
 * Disable interrupts and return the previous RFLAGS, for a matching
 * arch_irq_restore(): the pair nests, unlike a bare cli/sti.
 */
static inline uint64_t arch_irq_save(void)
{
	uint64_t flags = arch_read_rflags();

	arch_irq_disable();
	return flags;
}

static inline void arch_irq_restore(uint64_t flags)
{
	if (flags & ARCH_RFLAGS_IF)
		__asm__ volatile("sti" : : : "memory");
}

/* Busy-wait hint: lets a sibling hyperthread run and saves power. */
static inline void arch_cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/* Stop this CPU for good: nothing but NMI or SMI can wake it, and both
 * return to the loop. */
static inline __attribute__((noreturn)) void arch_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}

static inline void arch_breakpoint(void)
{
	__asm__ volatile("int3" : : : "memory");
}

#endif /* ARCH_X86_64_CPU_H */
