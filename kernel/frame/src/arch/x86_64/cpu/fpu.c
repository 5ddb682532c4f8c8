/* SPDX-License-Identifier: MIT */
/* Enabling x87/SSE/AVX state for user mode, and saving and loading it. */
#include "arch/x86_64/cpu/fpu.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"

/* Control-register bits (Intel SDM vol. 3, "Control Registers"). */
#define CR0_MP (1ull << 1) /* WAIT honours TS */
#define CR0_EM (1ull << 2) /* x87 emulation: must be off */
#define CR0_TS (1ull << 3) /* task switched: #NM on FPU use */
#define CR0_NE (1ull << 5) /* native x87 error reporting (#MF) */

#define CR4_OSFXSR     (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10) /* SIMD exceptions raise #XM */
#define CR4_OSXSAVE    (1ull << 18)

/* CPUID bits (Intel SDM vol. 2, CPUID). */
#define CPUID1_EDX_FXSR	      (1u << 24)
#define CPUID1_EDX_SSE2	      (1u << 26)
#define CPUID1_ECX_XSAVE      (1u << 26)
#define CPUID1_ECX_AVX	      (1u << 28)
#define CPUID7_EBX_AVX512F    (1u << 16)
#define CPUID_D1_EAX_XSAVEOPT (1u << 0)
#define CPUID_LEAF_XSAVE      0xd

/* MXCSR_MASK of 0 in an FXSAVE image means this (Intel SDM vol. 1). */
#define MXCSR_MASK_LEGACY 0xffbf

/* Every component XCR0 enables: the instructions' mask operand. */
#define XSAVE_ALL (~0ull)

struct arch_fpu_info arch_fpu;

/* The components to enable: what the CPU has, of those the frame knows. */
static uint64_t fpu_pick_xcr0(void)
{
	struct arch_cpuid d = arch_cpuid(CPUID_LEAF_XSAVE, 0);
	uint64_t supported = (uint64_t)d.edx << 32 | d.eax;
	uint64_t xcr0 = XFEATURE_X87 | XFEATURE_SSE;
	bool avx512f = arch_cpuid(0, 0).eax >= 7 &&
		       (arch_cpuid(7, 0).ebx & CPUID7_EBX_AVX512F);

	if ((arch_cpuid(1, 0).ecx & CPUID1_ECX_AVX) &&
	    (supported & XFEATURE_AVX))
		xcr0 |= XFEATURE_AVX;
	/* AVX-512 is all three components or none (XSETBV demands it). */
	if ((xcr0 & XFEATURE_AVX) && avx512f &&
	    (supported & XFEATURE_AVX512) == XFEATURE_AVX512)
		xcr0 |= XFEATURE_AVX512;
	return xcr0;
}

/* What the boot CPU offers; called once, after CR4.OSXSAVE is on. */
static void fpu_detect(bool xsave)
{
	uint8_t probe[FPU_LEGACY_SIZE] __aligned(16);
	uint32_t mask;

	arch_fpu.xsave = xsave;
	if (xsave) {
		arch_fpu.xsaveopt = arch_cpuid(CPUID_LEAF_XSAVE, 1).eax &
				    CPUID_D1_EAX_XSAVEOPT;
		/* EBX: the image size for what XCR0 enables now. */
		arch_fpu.size = arch_cpuid(CPUID_LEAF_XSAVE, 0).ebx;
		if (arch_fpu.xcr0 & XFEATURE_AVX)
			arch_fpu.avx_offset =
				arch_cpuid(CPUID_LEAF_XSAVE, 2).ebx;
	} else {
		arch_fpu.size = FPU_LEGACY_SIZE;
	}
	memset(probe, 0, sizeof(probe));
	arch_fxsave(probe);
	memcpy(&mask, probe + FPU_MXCSR_MASK_OFFSET, sizeof(mask));
	arch_fpu.mxcsr_mask = mask ? mask : MXCSR_MASK_LEGACY;
}

void arch_fpu_cpu_init(void)
{
	struct arch_cpuid id = arch_cpuid(1, 0);
	bool boot = arch_fpu.size == 0;
	bool xsave = boot ? id.ecx & CPUID1_ECX_XSAVE : arch_fpu.xsave;
	uint64_t cr4 = arch_read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;

	if (!(id.edx & CPUID1_EDX_FXSR) || !(id.edx & CPUID1_EDX_SSE2))
		frame_panic("this CPU has no FXSAVE or no SSE2, which every "
			    "x86-64 CPU has");
	arch_write_cr0((arch_read_cr0() | CR0_MP | CR0_NE) &
		       ~(CR0_EM | CR0_TS));
	if (xsave)
		cr4 |= CR4_OSXSAVE;
	arch_write_cr4(cr4);
	if (xsave) {
		if (boot)
			arch_fpu.xcr0 = fpu_pick_xcr0();
		arch_xsetbv(0, arch_fpu.xcr0);
	}
	if (boot)
		fpu_detect(xsave);
}

void arch_fpu_state_init(void *area)
{
	uint16_t fcw = FPU_FCW_DEFAULT;
	uint32_t mxcsr = FPU_MXCSR_DEFAULT;

	/* An XSAVE header of zeros: every component in its initial state. */
	memset(area, 0, arch_fpu.size);
	memcpy((uint8_t *)area + FPU_FCW_OFFSET, &fcw, sizeof(fcw));
	memcpy((uint8_t *)area + FPU_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
}

int arch_fpu_state_check(const void *area)
{
	const uint8_t *p = area;
	uint64_t header[XSAVE_HEADER_SIZE / 8];
	uint32_t mxcsr;

	/* Reserved MXCSR bits fault FXRSTOR and XRSTOR alike. */
	memcpy(&mxcsr, p + FPU_MXCSR_OFFSET, sizeof(mxcsr));
	if (mxcsr & ~arch_fpu.mxcsr_mask)
		return -EINVAL;
	if (!arch_fpu.xsave)
		return 0;
	/* XSTATE_BV within XCR0; XCOMP_BV 0 (standard form); rest zero. */
	memcpy(header, p + XSAVE_HEADER_OFFSET, sizeof(header));
	if (header[0] & ~arch_fpu.xcr0)
		return -EINVAL;
	for (size_t i = 1; i < ARRAY_SIZE(header); i++) {
		if (header[i])
			return -EINVAL;
	}
	return 0;
}

void arch_fpu_save(void *area)
{
	if (arch_fpu.xsaveopt)
		arch_xsaveopt(area, XSAVE_ALL);
	else if (arch_fpu.xsave)
		arch_xsave(area, XSAVE_ALL);
	else
		arch_fxsave(area);
}

void arch_fpu_load(const void *area)
{
	if (arch_fpu.xsave)
		arch_xrstor(area, XSAVE_ALL);
	else
		arch_fxrstor(area);
}
