/* SPDX-License-Identifier: MIT */
/* ktests for the CPU facts of <frame/cpu.h>. */
#include "arch/x86_64/cpu/cpuinfo.h"

#include <frame/ktest.h>
#include <frame/smp.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "time/time.h"

KTEST(cpuinfo_every_feature_has_a_name)
{
	for (unsigned int f = 0; f < FRAME_CPU_FEATURE_COUNT; f++) {
		const char *n = frame_cpu_feature_name(f);

		KT_ASSERT(strcmp(n, "?") != 0);
		/* /proc/cpuinfo names are lowercase words. */
		for (const char *c = n; *c; c++)
			KT_ASSERT((*c >= 'a' && *c <= 'z') ||
				  (*c >= '0' && *c <= '9') || *c == '_');
	}
	KT_ASSERT_STREQ(frame_cpu_feature_name(FRAME_CPU_FEATURE_COUNT), "?");
	KT_ASSERT(!frame_cpu_has(FRAME_CPU_FEATURE_COUNT));
	KT_ASSERT(!frame_cpu_has((enum frame_cpu_feature) - 1));
}

/* Every x86-64 CPU has these; QEMU's qemu64 and max and KVM alike. */
KTEST(cpuinfo_reports_the_x86_64_baseline)
{
	KT_ASSERT(frame_cpu_has(FRAME_CPU_FPU));
	KT_ASSERT(frame_cpu_has(FRAME_CPU_TSC));
	KT_ASSERT(frame_cpu_has(FRAME_CPU_APIC));
	KT_ASSERT(frame_cpu_has(FRAME_CPU_SSE2));
	KT_ASSERT(frame_cpu_has(FRAME_CPU_LM));
	KT_ASSERT(frame_cpu_has(FRAME_CPU_SYSCALL));
	KT_ASSERT(frame_cpu_has(FRAME_CPU_CX8));
}

/* The table agrees with CPUID itself, bit for bit, on a few leaves. */
KTEST(cpuinfo_features_match_cpuid)
{
	struct arch_cpuid r1 = arch_cpuid(1, 0);

	KT_ASSERT_EQ(frame_cpu_has(FRAME_CPU_SSE4_2), !!(r1.ecx & (1u << 20)));
	KT_ASSERT_EQ(frame_cpu_has(FRAME_CPU_X2APIC), !!(r1.ecx & (1u << 21)));
	KT_ASSERT_EQ(frame_cpu_has(FRAME_CPU_RDRAND), !!(r1.ecx & (1u << 30)));
	KT_ASSERT_EQ(frame_cpu_has(FRAME_CPU_TSC_DEADLINE_TIMER),
		     !!(r1.ecx & (1u << 24)));
	KT_ASSERT_EQ(frame_cpu_has(FRAME_CPU_HT), !!(r1.edx & (1u << 28)));
	if (arch_cpuid(0, 0).eax >= 7) {
		struct arch_cpuid r7 = arch_cpuid(7, 0);

		KT_ASSERT_EQ(frame_cpu_has(FRAME_CPU_RDSEED),
			     !!(r7.ebx & (1u << 18)));
		KT_ASSERT_EQ(frame_cpu_has(FRAME_CPU_SMEP),
			     !!(r7.ebx & (1u << 7)));
	} else {
		KT_ASSERT(!frame_cpu_has(FRAME_CPU_RDSEED));
	}
	KT_ASSERT_EQ(frame_cpu_hwcap(), r1.edx);
	/* The frame does not enable FSGSBASE for user mode. */
	KT_ASSERT_EQ(frame_cpu_hwcap2(), 0);
}

KTEST(cpuinfo_override_hides_a_feature)
{
	bool real = frame_cpu_has(FRAME_CPU_FPU);

	arch_cpuinfo_override(FRAME_CPU_FPU, true);
	KT_ASSERT(!frame_cpu_has(FRAME_CPU_FPU));
	arch_cpuinfo_override(FRAME_CPU_FPU, false);
	KT_ASSERT_EQ(frame_cpu_has(FRAME_CPU_FPU), real);
}

KTEST(cpuinfo_identity)
{
	struct frame_cpu_id id;
	unsigned int f, m, s;

	frame_cpu_id(&id);
	KT_ASSERT_EQ(strlen(id.vendor_string), 12);
	KT_ASSERT_EQ(id.vendor, arch_cpuinfo_vendor(id.vendor_string));
	KT_ASSERT_NE(id.model_name[0], ' ');
	arch_cpuinfo_signature(arch_cpuid(1, 0).eax, &f, &m, &s);
	KT_ASSERT_EQ(id.family, f);
	KT_ASSERT_EQ(id.model, m);
	KT_ASSERT_EQ(id.stepping, s);
	KT_ASSERT_GT(id.family, 0);
}

KTEST(cpuinfo_vendors_and_signatures_decode)
{
	unsigned int f, m, s;

	KT_ASSERT_EQ(arch_cpuinfo_vendor("GenuineIntel"),
		     FRAME_CPU_VENDOR_INTEL);
	KT_ASSERT_EQ(arch_cpuinfo_vendor("AuthenticAMD"), FRAME_CPU_VENDOR_AMD);
	KT_ASSERT_EQ(arch_cpuinfo_vendor("HygonGenuine"),
		     FRAME_CPU_VENDOR_HYGON);
	KT_ASSERT_EQ(arch_cpuinfo_vendor("  Shanghai  "),
		     FRAME_CPU_VENDOR_CENTAUR);
	KT_ASSERT_EQ(arch_cpuinfo_vendor("TCGTCGTCGTCG"),
		     FRAME_CPU_VENDOR_OTHER);
	/* An Intel Skylake client: family 6, model 0x5e, stepping 3. */
	arch_cpuinfo_signature(0x000506e3, &f, &m, &s);
	KT_ASSERT_EQ(f, 6);
	KT_ASSERT_EQ(m, 0x5e);
	KT_ASSERT_EQ(s, 3);
	/* An AMD Zen 3: family 0xf + 0xa = 0x19, model 0x21, stepping 0. */
	arch_cpuinfo_signature(0x00a20f10, &f, &m, &s);
	KT_ASSERT_EQ(f, 0x19);
	KT_ASSERT_EQ(m, 0x21);
	KT_ASSERT_EQ(s, 0);
	/* QEMU's qemu64: family 0xf, model 0x6b, stepping 1. */
	arch_cpuinfo_signature(0x00060fb1, &f, &m, &s);
	KT_ASSERT_EQ(f, 0xf);
	KT_ASSERT_EQ(m, 0x6b);
	KT_ASSERT_EQ(s, 1);
	/* Family 5 takes no extended model. */
	arch_cpuinfo_signature(0x000f0543, &f, &m, &s);
	KT_ASSERT_EQ(f, 5);
	KT_ASSERT_EQ(m, 4);
}

KTEST(cpuinfo_tsc_and_cpu_count)
{
	KT_ASSERT_EQ(frame_cpu_tsc_hz(), time_tsc_hz());
	KT_ASSERT_GT(frame_cpu_tsc_hz(), 0);
	KT_ASSERT_EQ(frame_cpu_count(), (unsigned int)smp_cpu_count());
	KT_ASSERT_GE(frame_cpu_count(), 1);
}
