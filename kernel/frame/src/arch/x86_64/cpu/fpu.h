/* SPDX-License-Identifier: MIT */
/* The user's x87/SSE/AVX state: enabling it, and images to save it in. */
#ifndef ARCH_X86_64_FPU_H
#define ARCH_X86_64_FPU_H

#include <frame/types.h>

/*
 * The kernel is compiled with -mgeneral-regs-only and never touches the
 * x87, SSE or AVX registers, so they hold user state all the time: the
 * frame saves them into a context's image when user mode traps and loads
 * them back before it returns there. The image is in XSAVE's standard
 * format (Intel SDM vol. 1, "Managing State Using the XSAVE Feature Set")
 * when the CPU has XSAVE, and in FXSAVE's 512-byte format when it does not.
 */

/* XCR0 bits: the state components XSAVE manages. */
#define XFEATURE_X87	   (1ull << 0)
#define XFEATURE_SSE	   (1ull << 1)
#define XFEATURE_AVX	   (1ull << 2) /* upper halves of YMM0-15 */
#define XFEATURE_OPMASK	   (1ull << 5) /* AVX-512 k0-k7 */
#define XFEATURE_ZMM_HI256 (1ull << 6) /* upper halves of ZMM0-15 */
#define XFEATURE_HI16_ZMM  (1ull << 7) /* ZMM16-31 */
#define XFEATURE_AVX512 \
	(XFEATURE_OPMASK | XFEATURE_ZMM_HI256 | XFEATURE_HI16_ZMM)

/* Byte offsets in the image (both formats share the first 512 bytes). */
#define FPU_FCW_OFFSET	      0
#define FPU_MXCSR_OFFSET      24
#define FPU_MXCSR_MASK_OFFSET 28
#define FPU_XMM0_OFFSET	      160
#define FPU_LEGACY_SIZE	      512
#define XSAVE_HEADER_OFFSET   512 /* XSTATE_BV, then XCOMP_BV */
#define XSAVE_HEADER_SIZE     64

/* Power-on values of the x87 control word and MXCSR (all masked). */
#define FPU_FCW_DEFAULT	  0x037f
#define FPU_MXCSR_DEFAULT 0x1f80

/* What the boot CPU offers, read once by arch_fpu_cpu_init(). */
struct arch_fpu_info {
	bool xsave;	     /* XSAVE/XRSTOR, else FXSAVE/FXRSTOR */
	bool xsaveopt;	     /* XSAVEOPT: skips unchanged components */
	uint64_t xcr0;	     /* the components enabled (XSAVE only) */
	uint32_t size;	     /* bytes of an image */
	uint32_t mxcsr_mask; /* MXCSR bits the CPU accepts */
	uint32_t avx_offset; /* where the AVX component starts, 0 if none */
};

extern struct arch_fpu_info arch_fpu;

/*
 * arch_fpu_cpu_init() - enable SSE and, where present, XSAVE with x87, SSE,
 * AVX (and AVX-512 when all three of its components are there) on this
 * CPU: CR0.MP and NE on, EM and TS off; CR4.OSFXSR, OSXMMEXCPT, OSXSAVE;
 * XCR0
 *
 * The boot CPU's call also fills arch_fpu. Panics on a CPU without FXSR
 * and SSE2, which every x86-64 CPU has.
 */
void arch_fpu_cpu_init(void);

/* arch_fpu_state_init() - @area (arch_fpu.size bytes) := the initial
 * state: x87 and SSE at their power-on settings, every register zero */
void arch_fpu_state_init(void *area);

/*
 * arch_fpu_state_check() - whether loading @area could fault
 *
 * 0, or -EINVAL when MXCSR has bits the CPU rejects, or (XSAVE) the header
 * names components not enabled, is not in the standard form, or has
 * reserved bytes set. An image the hardware saved always passes; one a
 * service wrote (a signal frame's) must pass before it may be loaded.
 */
int arch_fpu_state_check(const void *area);

/*
 * arch_fpu_save() / arch_fpu_load() - the registers to @area and back
 *
 * @area: arch_fpu.size bytes, 64-byte aligned. Run with interrupts off:
 * nothing else may load other state in between.
 */
void arch_fpu_save(void *area);
void arch_fpu_load(const void *area);

#endif /* ARCH_X86_64_FPU_H */
