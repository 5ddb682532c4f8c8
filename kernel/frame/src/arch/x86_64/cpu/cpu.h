/* SPDX-License-Identifier: MIT */
/* Small inline wrappers around single x86-64 instructions. */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include <frame/types.h>

#include "arch/x86_64/cpu/irq_flags.h"
#include "arch/x86_64/cpu/portio.h"
#include "arch/x86_64/tdx/pv.h"

/*
 * One instruction each, so that C code in the frame never spells inline
 * assembly itself. The "memory" clobbers keep the compiler from moving
 * memory accesses across instructions with side effects on the machine.
 */

/* The frame's own devices' port accesses; portio.h has every width. */
static inline void arch_outb(uint16_t port, uint8_t v)
{
	arch_port_out8(port, v);
}

static inline uint8_t arch_inb(uint16_t port)
{
	return arch_port_in8(port);
}

static inline void arch_outl(uint16_t port, uint32_t v)
{
	arch_port_out32(port, v);
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

/*
 * CPUID and the MSRs. In tdx-sim they go through TDVMCALL (tdx/pv.h);
 * the _native forms are the instruction alone, for the sim's backend.
 */
static inline struct arch_cpuid arch_cpuid_native(uint32_t leaf,
						  uint32_t subleaf)
{
	struct arch_cpuid r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline struct arch_cpuid arch_cpuid(uint32_t leaf, uint32_t subleaf)
{
	uint32_t r[4];

	if (!arch_tdx_pv_on(ARCH_TDX_PV_CPU))
		return arch_cpuid_native(leaf, subleaf);
	arch_tdx_cpuid(leaf, subleaf, r);
	return (struct arch_cpuid){ r[0], r[1], r[2], r[3] };
}

static inline uint64_t arch_rdmsr_native(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void arch_wrmsr_native(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t arch_rdmsr(uint32_t msr)
{
	if (arch_tdx_pv_on(ARCH_TDX_PV_CPU))
		return arch_tdx_rdmsr(msr);
	return arch_rdmsr_native(msr);
}

static inline void arch_wrmsr(uint32_t msr, uint64_t v)
{
	if (arch_tdx_pv_on(ARCH_TDX_PV_CPU))
		arch_tdx_wrmsr(msr, v);
	else
		arch_wrmsr_native(msr, v);
}

/*
 * Order a WRMSR after every earlier load and store: WRMSR to the x2APIC
 * and TSC-deadline MSRs is not serialising (Intel SDM vol. 3, "WRMSR").
 */
static inline void arch_wrmsr_fence(void)
{
	__asm__ volatile("mfence; lfence" : : : "memory");
}

/*
 * The time-stamp counter. Not ordered against earlier loads; that costs a
 * few cycles of slop, which no user of it here cares about.
 */
static inline uint64_t arch_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/*
 * The hardware random number generators (Intel SDM vol. 1, "Random
 * Number Generator Instructions"). Each returns whether the CPU had a
 * value ready (CF set); when not, *@v is 0 and the caller may retry.
 * RDSEED gives conditioned entropy, RDRAND the output of a generator the
 * hardware reseeds from it. Only when CPUID lists them (#UD otherwise).
 */
static inline bool arch_rdrand(uint64_t *v)
{
	bool ok;

	__asm__ volatile("rdrand %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

static inline bool arch_rdseed(uint64_t *v)
{
	bool ok;

	__asm__ volatile("rdseed %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

static inline void arch_write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

/* Extended control register @xcr (0: XCR0, the enabled XSAVE state). */
static inline void arch_xsetbv(uint32_t xcr, uint64_t v)
{
	__asm__ volatile("xsetbv"
			 :
			 : "c"(xcr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t arch_xgetbv(uint32_t xcr)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
	return (uint64_t)hi << 32 | lo;
}

/*
 * Saving and loading the x87/SSE/AVX registers to and from an image in
 * memory. The XSAVE forms act on the components in @mask (and XCR0); the
 * image must be 64-byte aligned, the FXSAVE one 16-byte aligned. The
 * 64-bit forms keep the full x87 instruction and data pointers.
 */
static inline void arch_xsave(void *area, uint64_t mask)
{
	__asm__ volatile("xsave64 (%0)"
			 :
			 : "r"(area), "a"((uint32_t)mask),
			   "d"((uint32_t)(mask >> 32))
			 : "memory");
}

static inline void arch_xsaveopt(void *area, uint64_t mask)
{
	__asm__ volatile("xsaveopt64 (%0)"
			 :
			 : "r"(area), "a"((uint32_t)mask),
			   "d"((uint32_t)(mask >> 32))
			 : "memory");
}

static inline void arch_xrstor(const void *area, uint64_t mask)
{
	__asm__ volatile("xrstor64 (%0)"
			 :
			 : "r"(area), "a"((uint32_t)mask),
			   "d"((uint32_t)(mask >> 32))
			 : "memory");
}

static inline void arch_fxsave(void *area)
{
	__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void arch_fxrstor(const void *area)
{
	__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

/* RFLAGS bits (Intel SDM vol. 1, "EFLAGS Register"). */
#define ARCH_RFLAGS_CF	  (1ul << 0)
#define ARCH_RFLAGS_FIXED (1ul << 1) /* reserved, always 1 */
#define ARCH_RFLAGS_PF	  (1ul << 2)
#define ARCH_RFLAGS_AF	  (1ul << 4)
#define ARCH_RFLAGS_ZF	  (1ul << 6)
#define ARCH_RFLAGS_SF	  (1ul << 7)
#define ARCH_RFLAGS_TF	  (1ul << 8)
/* ARCH_RFLAGS_IF, bit 9, is in irq_flags.h with the flag's helpers. */
#define ARCH_RFLAGS_DF	 (1ul << 10)
#define ARCH_RFLAGS_OF	 (1ul << 11)
#define ARCH_RFLAGS_IOPL (3ul << 12)
#define ARCH_RFLAGS_NT	 (1ul << 14)
#define ARCH_RFLAGS_RF	 (1ul << 16)
#define ARCH_RFLAGS_AC	 (1ul << 18)
#define ARCH_RFLAGS_ID	 (1ul << 21)

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
