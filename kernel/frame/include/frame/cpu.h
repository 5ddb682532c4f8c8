/* SPDX-License-Identifier: MIT */
/* What the CPU is: vendor, model, features, TSC frequency, CPU count. */
#ifndef FRAME_CPU_H
#define FRAME_CPU_H

#include <frame/types.h>

/*
 * Why in the frame: every fact here comes from the CPUID instruction, from
 * control registers, or from the frame's own clock calibration, and a
 * service may execute none of those (inline assembly is forbidden to it).
 * The frame reads CPUID once at boot, on the boot CPU, after it has set up
 * the FPU, so the features reflect what the frame enabled (osxsave, the
 * XSAVE components); every CPU of a machine is assumed to report the same,
 * as Linux assumes for its boot_cpu_data.
 *
 * All of it is read-only data filled before any service runs: every
 * function is callable from any context and never fails or blocks.
 */

/*
 * Features, named as Linux's /proc/cpuinfo "flags" line names them. The
 * list is what user space and a Linux-ABI kernel commonly ask about, not
 * every bit CPUID has; the order is the frame's and may grow at the end.
 */
enum frame_cpu_feature {
	/* CPUID.1:EDX */
	FRAME_CPU_FPU,
	FRAME_CPU_VME,
	FRAME_CPU_DE,
	FRAME_CPU_PSE,
	FRAME_CPU_TSC,
	FRAME_CPU_MSR,
	FRAME_CPU_PAE,
	FRAME_CPU_MCE,
	FRAME_CPU_CX8,
	FRAME_CPU_APIC,
	FRAME_CPU_SEP,
	FRAME_CPU_MTRR,
	FRAME_CPU_PGE,
	FRAME_CPU_MCA,
	FRAME_CPU_CMOV,
	FRAME_CPU_PAT,
	FRAME_CPU_PSE36,
	FRAME_CPU_CLFLUSH,
	FRAME_CPU_MMX,
	FRAME_CPU_FXSR,
	FRAME_CPU_SSE,
	FRAME_CPU_SSE2,
	FRAME_CPU_HT,
	/* CPUID.1:ECX */
	FRAME_CPU_PNI, /* SSE3 */
	FRAME_CPU_PCLMULQDQ,
	FRAME_CPU_MONITOR,
	FRAME_CPU_SSSE3,
	FRAME_CPU_FMA,
	FRAME_CPU_CX16,
	FRAME_CPU_PCID,
	FRAME_CPU_SSE4_1,
	FRAME_CPU_SSE4_2,
	FRAME_CPU_X2APIC,
	FRAME_CPU_MOVBE,
	FRAME_CPU_POPCNT,
	FRAME_CPU_TSC_DEADLINE_TIMER,
	FRAME_CPU_AES,
	FRAME_CPU_XSAVE,
	FRAME_CPU_AVX,
	FRAME_CPU_F16C,
	FRAME_CPU_RDRAND,
	FRAME_CPU_HYPERVISOR,
	/* CPUID.7.0:EBX */
	FRAME_CPU_FSGSBASE,
	FRAME_CPU_BMI1,
	FRAME_CPU_HLE,
	FRAME_CPU_AVX2,
	FRAME_CPU_SMEP,
	FRAME_CPU_BMI2,
	FRAME_CPU_ERMS,
	FRAME_CPU_INVPCID,
	FRAME_CPU_RTM,
	FRAME_CPU_AVX512F,
	FRAME_CPU_AVX512DQ,
	FRAME_CPU_RDSEED,
	FRAME_CPU_ADX,
	FRAME_CPU_SMAP,
	FRAME_CPU_CLFLUSHOPT,
	FRAME_CPU_CLWB,
	FRAME_CPU_AVX512CD,
	FRAME_CPU_SHA_NI,
	FRAME_CPU_AVX512BW,
	FRAME_CPU_AVX512VL,
	/* CPUID.7.0:ECX */
	FRAME_CPU_AVX512VBMI,
	FRAME_CPU_UMIP,
	FRAME_CPU_PKU,
	FRAME_CPU_GFNI,
	FRAME_CPU_VAES,
	FRAME_CPU_VPCLMULQDQ,
	FRAME_CPU_RDPID,
	/* CPUID.7.0:EDX */
	FRAME_CPU_FSRM,
	FRAME_CPU_MD_CLEAR,
	FRAME_CPU_SERIALIZE,
	FRAME_CPU_ARCH_CAPABILITIES,
	/* CPUID.0xd.1:EAX */
	FRAME_CPU_XSAVEOPT,
	FRAME_CPU_XSAVEC,
	FRAME_CPU_XGETBV1,
	FRAME_CPU_XSAVES,
	/* CPUID.0x80000001:EDX */
	FRAME_CPU_SYSCALL,
	FRAME_CPU_NX,
	FRAME_CPU_MMXEXT,
	FRAME_CPU_FXSR_OPT,
	FRAME_CPU_PDPE1GB,
	FRAME_CPU_RDTSCP,
	FRAME_CPU_LM,
	/* CPUID.0x80000001:ECX */
	FRAME_CPU_LAHF_LM,
	FRAME_CPU_CMP_LEGACY,
	FRAME_CPU_SVM,
	FRAME_CPU_ABM,
	FRAME_CPU_SSE4A,
	FRAME_CPU_MISALIGNSSE,
	FRAME_CPU_3DNOWPREFETCH,
	FRAME_CPU_XOP,
	FRAME_CPU_FMA4,
	FRAME_CPU_TOPOEXT,
	/* CPUID.0x80000007:EDX bit 8, which Linux shows as both */
	FRAME_CPU_CONSTANT_TSC,
	FRAME_CPU_NONSTOP_TSC,

	FRAME_CPU_FEATURE_COUNT
};

/*
 * frame_cpu_has() - whether the CPU has @feature (CPUID says so); false
 * for a value outside the enum
 */
bool frame_cpu_has(enum frame_cpu_feature feature);

/*
 * frame_cpu_feature_name() - @feature's /proc/cpuinfo name ("sse4_2"),
 * never NULL: "?" for a value outside the enum. Print the flags line with
 * `for (f = 0; f < FRAME_CPU_FEATURE_COUNT; f++) if (frame_cpu_has(f))`.
 */
const char *frame_cpu_feature_name(enum frame_cpu_feature feature);

/* CPU makers by CPUID vendor string; anything else is OTHER. */
enum frame_cpu_vendor {
	FRAME_CPU_VENDOR_OTHER,
	FRAME_CPU_VENDOR_INTEL,	  /* "GenuineIntel" */
	FRAME_CPU_VENDOR_AMD,	  /* "AuthenticAMD" */
	FRAME_CPU_VENDOR_HYGON,	  /* "HygonGenuine" */
	FRAME_CPU_VENDOR_CENTAUR, /* "CentaurHauls", "  Shanghai  " */
};

/*
 * The boot CPU's identity, as /proc/cpuinfo shows it. family and model
 * are the "displayed" values (the extended fields folded in, as the
 * vendors' manuals say); model_name is the brand string with leading
 * spaces removed, or "" when the CPU has none (QEMU's qemu64 has one).
 */
struct frame_cpu_id {
	enum frame_cpu_vendor vendor;
	char vendor_string[13];
	char model_name[49];
	unsigned int family, model, stepping;
};

/* frame_cpu_id() - fill @out with the boot CPU's identity */
void frame_cpu_id(struct frame_cpu_id *out);

/*
 * frame_cpu_hwcap() - the ELF auxiliary vector's AT_HWCAP for x86-64:
 * CPUID.1:EDX, as Linux passes it
 */
uint64_t frame_cpu_hwcap(void);

/*
 * frame_cpu_hwcap2() - AT_HWCAP2: bit 1 (HWCAP2_FSGSBASE) when the frame
 * has enabled user-mode FSGSBASE instructions in CR4, bit 0
 * (HWCAP2_RING3MWAIT) never; 0 today, as the frame enables neither
 */
uint64_t frame_cpu_hwcap2(void);

/*
 * frame_cpu_tsc_hz() - the time-stamp counter's frequency in Hz, as the
 * frame measured it against the PIT at boot: the rate the monotonic clock
 * runs on (<frame/time.h>), and the "cpu MHz" a /proc/cpuinfo can show
 */
uint64_t frame_cpu_tsc_hz(void);

/*
 * frame_cpu_count() - the number of CPUs online, fixed after boot: the
 * same as smp_cpu_count(), here so that one header answers "what CPU"
 */
unsigned int frame_cpu_count(void);

#endif /* FRAME_CPU_H */
