/* SPDX-License-Identifier: MIT */
/* The CPUID facts behind <frame/cpu.h>: identity, feature flags, hwcaps. */
#include "arch/x86_64/cpu/cpuinfo.h"

#include <frame/compiler.h>
#include <frame/log.h>
#include <frame/smp.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "time/time.h"

/* Which CPUID output register a feature bit lives in. */
enum cpuid_reg { REG_EAX, REG_EBX, REG_ECX, REG_EDX };

/* Where each feature is: leaf, subleaf, register, bit; and its name. */
struct feature_bit {
	uint32_t leaf;
	uint8_t subleaf, reg, bit;
	const char *name;
};

/* clang-format off */
#define F(id, l, s, r, b, n) \
	[FRAME_CPU_##id] = { .leaf = (l), .subleaf = (s), .reg = (r), \
			     .bit = (b), .name = (n) }
static const struct feature_bit features[FRAME_CPU_FEATURE_COUNT] = {
	F(FPU, 1, 0, REG_EDX, 0, "fpu"),
	F(VME, 1, 0, REG_EDX, 1, "vme"),
	F(DE, 1, 0, REG_EDX, 2, "de"),
	F(PSE, 1, 0, REG_EDX, 3, "pse"),
	F(TSC, 1, 0, REG_EDX, 4, "tsc"),
	F(MSR, 1, 0, REG_EDX, 5, "msr"),
	F(PAE, 1, 0, REG_EDX, 6, "pae"),
	F(MCE, 1, 0, REG_EDX, 7, "mce"),
	F(CX8, 1, 0, REG_EDX, 8, "cx8"),
	F(APIC, 1, 0, REG_EDX, 9, "apic"),
	F(SEP, 1, 0, REG_EDX, 11, "sep"),
	F(MTRR, 1, 0, REG_EDX, 12, "mtrr"),
	F(PGE, 1, 0, REG_EDX, 13, "pge"),
	F(MCA, 1, 0, REG_EDX, 14, "mca"),
	F(CMOV, 1, 0, REG_EDX, 15, "cmov"),
	F(PAT, 1, 0, REG_EDX, 16, "pat"),
	F(PSE36, 1, 0, REG_EDX, 17, "pse36"),
	F(CLFLUSH, 1, 0, REG_EDX, 19, "clflush"),
	F(MMX, 1, 0, REG_EDX, 23, "mmx"),
	F(FXSR, 1, 0, REG_EDX, 24, "fxsr"),
	F(SSE, 1, 0, REG_EDX, 25, "sse"),
	F(SSE2, 1, 0, REG_EDX, 26, "sse2"),
	F(HT, 1, 0, REG_EDX, 28, "ht"),
	F(PNI, 1, 0, REG_ECX, 0, "pni"),
	F(PCLMULQDQ, 1, 0, REG_ECX, 1, "pclmulqdq"),
	F(MONITOR, 1, 0, REG_ECX, 3, "monitor"),
	F(SSSE3, 1, 0, REG_ECX, 9, "ssse3"),
	F(FMA, 1, 0, REG_ECX, 12, "fma"),
	F(CX16, 1, 0, REG_ECX, 13, "cx16"),
	F(PCID, 1, 0, REG_ECX, 17, "pcid"),
	F(SSE4_1, 1, 0, REG_ECX, 19, "sse4_1"),
	F(SSE4_2, 1, 0, REG_ECX, 20, "sse4_2"),
	F(X2APIC, 1, 0, REG_ECX, 21, "x2apic"),
	F(MOVBE, 1, 0, REG_ECX, 22, "movbe"),
	F(POPCNT, 1, 0, REG_ECX, 23, "popcnt"),
	F(TSC_DEADLINE_TIMER, 1, 0, REG_ECX, 24, "tsc_deadline_timer"),
	F(AES, 1, 0, REG_ECX, 25, "aes"),
	F(XSAVE, 1, 0, REG_ECX, 26, "xsave"),
	F(AVX, 1, 0, REG_ECX, 28, "avx"),
	F(F16C, 1, 0, REG_ECX, 29, "f16c"),
	F(RDRAND, 1, 0, REG_ECX, 30, "rdrand"),
	F(HYPERVISOR, 1, 0, REG_ECX, 31, "hypervisor"),
	F(FSGSBASE, 7, 0, REG_EBX, 0, "fsgsbase"),
	F(BMI1, 7, 0, REG_EBX, 3, "bmi1"),
	F(HLE, 7, 0, REG_EBX, 4, "hle"),
	F(AVX2, 7, 0, REG_EBX, 5, "avx2"),
	F(SMEP, 7, 0, REG_EBX, 7, "smep"),
	F(BMI2, 7, 0, REG_EBX, 8, "bmi2"),
	F(ERMS, 7, 0, REG_EBX, 9, "erms"),
	F(INVPCID, 7, 0, REG_EBX, 10, "invpcid"),
	F(RTM, 7, 0, REG_EBX, 11, "rtm"),
	F(AVX512F, 7, 0, REG_EBX, 16, "avx512f"),
	F(AVX512DQ, 7, 0, REG_EBX, 17, "avx512dq"),
	F(RDSEED, 7, 0, REG_EBX, 18, "rdseed"),
	F(ADX, 7, 0, REG_EBX, 19, "adx"),
	F(SMAP, 7, 0, REG_EBX, 20, "smap"),
	F(CLFLUSHOPT, 7, 0, REG_EBX, 23, "clflushopt"),
	F(CLWB, 7, 0, REG_EBX, 24, "clwb"),
	F(AVX512CD, 7, 0, REG_EBX, 28, "avx512cd"),
	F(SHA_NI, 7, 0, REG_EBX, 29, "sha_ni"),
	F(AVX512BW, 7, 0, REG_EBX, 30, "avx512bw"),
	F(AVX512VL, 7, 0, REG_EBX, 31, "avx512vl"),
	F(AVX512VBMI, 7, 0, REG_ECX, 1, "avx512vbmi"),
	F(UMIP, 7, 0, REG_ECX, 2, "umip"),
	F(PKU, 7, 0, REG_ECX, 3, "pku"),
	F(GFNI, 7, 0, REG_ECX, 8, "gfni"),
	F(VAES, 7, 0, REG_ECX, 9, "vaes"),
	F(VPCLMULQDQ, 7, 0, REG_ECX, 10, "vpclmulqdq"),
	F(RDPID, 7, 0, REG_ECX, 22, "rdpid"),
	F(FSRM, 7, 0, REG_EDX, 4, "fsrm"),
	F(MD_CLEAR, 7, 0, REG_EDX, 10, "md_clear"),
	F(SERIALIZE, 7, 0, REG_EDX, 14, "serialize"),
	F(ARCH_CAPABILITIES, 7, 0, REG_EDX, 29, "arch_capabilities"),
	F(XSAVEOPT, 0xd, 1, REG_EAX, 0, "xsaveopt"),
	F(XSAVEC, 0xd, 1, REG_EAX, 1, "xsavec"),
	F(XGETBV1, 0xd, 1, REG_EAX, 2, "xgetbv1"),
	F(XSAVES, 0xd, 1, REG_EAX, 3, "xsaves"),
	F(SYSCALL, 0x80000001, 0, REG_EDX, 11, "syscall"),
	F(NX, 0x80000001, 0, REG_EDX, 20, "nx"),
	F(MMXEXT, 0x80000001, 0, REG_EDX, 22, "mmxext"),
	F(FXSR_OPT, 0x80000001, 0, REG_EDX, 25, "fxsr_opt"),
	F(PDPE1GB, 0x80000001, 0, REG_EDX, 26, "pdpe1gb"),
	F(RDTSCP, 0x80000001, 0, REG_EDX, 27, "rdtscp"),
	F(LM, 0x80000001, 0, REG_EDX, 29, "lm"),
	F(LAHF_LM, 0x80000001, 0, REG_ECX, 0, "lahf_lm"),
	F(CMP_LEGACY, 0x80000001, 0, REG_ECX, 1, "cmp_legacy"),
	F(SVM, 0x80000001, 0, REG_ECX, 2, "svm"),
	F(ABM, 0x80000001, 0, REG_ECX, 5, "abm"),
	F(SSE4A, 0x80000001, 0, REG_ECX, 6, "sse4a"),
	F(MISALIGNSSE, 0x80000001, 0, REG_ECX, 7, "misalignsse"),
	F(3DNOWPREFETCH, 0x80000001, 0, REG_ECX, 8, "3dnowprefetch"),
	F(XOP, 0x80000001, 0, REG_ECX, 11, "xop"),
	F(FMA4, 0x80000001, 0, REG_ECX, 16, "fma4"),
	F(TOPOEXT, 0x80000001, 0, REG_ECX, 22, "topoext"),
	F(CONSTANT_TSC, 0x80000007, 0, REG_EDX, 8, "constant_tsc"),
	F(NONSTOP_TSC, 0x80000007, 0, REG_EDX, 8, "nonstop_tsc"),
};
#undef F
/* clang-format on */

/* CR4.FSGSBASE: user mode may use RD/WR{FS,GS}BASE. */
#define CR4_FSGSBASE	(1ull << 16)
#define HWCAP2_FSGSBASE (1ull << 1)

static uint64_t have[(FRAME_CPU_FEATURE_COUNT + 63) / 64];
static uint64_t hidden[(FRAME_CPU_FEATURE_COUNT + 63) / 64];
static struct frame_cpu_id id;
static uint64_t hwcap;

static uint32_t reg_of(struct arch_cpuid r, unsigned int reg)
{
	switch (reg) {
	case REG_EAX:
		return r.eax;
	case REG_EBX:
		return r.ebx;
	case REG_ECX:
		return r.ecx;
	default:
		return r.edx;
	}
}

/* Whether CPUID has @leaf at all: basic and extended ranges are separate. */
static bool leaf_exists(uint32_t leaf, uint32_t max_basic, uint32_t max_ext)
{
	return leaf >= 0x80000000 ? leaf <= max_ext : leaf <= max_basic;
}

void arch_cpuinfo_signature(uint32_t eax, unsigned int *family,
			    unsigned int *model, unsigned int *stepping)
{
	unsigned int fam = (eax >> 8) & 0xf, mod = (eax >> 4) & 0xf;

	if (fam == 0xf)
		fam += (eax >> 20) & 0xff;
	if (fam == 0x6 || fam >= 0xf)
		mod |= ((eax >> 16) & 0xf) << 4;
	*family = fam;
	*model = mod;
	*stepping = eax & 0xf;
}

enum frame_cpu_vendor arch_cpuinfo_vendor(const char *s)
{
	static const struct {
		const char *name;
		enum frame_cpu_vendor vendor;
	} vendors[] = {
		{ "GenuineIntel", FRAME_CPU_VENDOR_INTEL },
		{ "AuthenticAMD", FRAME_CPU_VENDOR_AMD },
		{ "HygonGenuine", FRAME_CPU_VENDOR_HYGON },
		{ "CentaurHauls", FRAME_CPU_VENDOR_CENTAUR },
		{ "  Shanghai  ", FRAME_CPU_VENDOR_CENTAUR },
	};

	for (size_t i = 0; i < ARRAY_SIZE(vendors); i++) {
		if (!memcmp(s, vendors[i].name, 12))
			return vendors[i].vendor;
	}
	return FRAME_CPU_VENDOR_OTHER;
}

/* The brand string of leaves 0x80000002..4, leading spaces removed. */
static void read_brand(uint32_t max_ext)
{
	char brand[49];
	size_t skip = 0;

	if (max_ext < 0x80000004)
		return;
	for (uint32_t i = 0; i < 3; i++) {
		struct arch_cpuid r = arch_cpuid(0x80000002 + i, 0);

		memcpy(brand + i * 16, &r.eax, 4);
		memcpy(brand + i * 16 + 4, &r.ebx, 4);
		memcpy(brand + i * 16 + 8, &r.ecx, 4);
		memcpy(brand + i * 16 + 12, &r.edx, 4);
	}
	brand[48] = '\0';
	while (brand[skip] == ' ')
		skip++;
	frame_strscpy(id.model_name, brand + skip, sizeof(id.model_name));
}

/* The flags line, at debug level: what /proc/cpuinfo would show. */
static void log_flags(void)
{
	char line[1024] = "";

	for (unsigned int f = 0; f < FRAME_CPU_FEATURE_COUNT; f++) {
		if (!frame_cpu_has(f))
			continue;
		frame_strscat(line, " ", sizeof(line));
		frame_strscat(line, features[f].name, sizeof(line));
	}
	log_debug("cpu: flags:%s", line);
}

void arch_cpuinfo_init(void)
{
	struct arch_cpuid r0 = arch_cpuid(0, 0), r1 = arch_cpuid(1, 0);
	uint32_t max_basic = r0.eax;
	uint32_t max_ext = arch_cpuid(0x80000000, 0).eax;

	memcpy(id.vendor_string, &r0.ebx, 4);
	memcpy(id.vendor_string + 4, &r0.edx, 4);
	memcpy(id.vendor_string + 8, &r0.ecx, 4);
	id.vendor_string[12] = '\0';
	id.vendor = arch_cpuinfo_vendor(id.vendor_string);
	arch_cpuinfo_signature(r1.eax, &id.family, &id.model, &id.stepping);
	/* Some CPUs answer 0x80000000 with garbage below the range. */
	if (max_ext < 0x80000000)
		max_ext = 0;
	read_brand(max_ext);
	hwcap = r1.edx;

	for (unsigned int f = 0; f < FRAME_CPU_FEATURE_COUNT; f++) {
		const struct feature_bit *b = &features[f];

		if (!leaf_exists(b->leaf, max_basic, max_ext))
			continue;
		if (reg_of(arch_cpuid(b->leaf, b->subleaf), b->reg) &
		    (1u << b->bit))
			have[f / 64] |= 1ull << (f % 64);
	}
	log_info("cpu: %s (%s), family 0x%x model 0x%x stepping %u",
		 id.model_name[0] ? id.model_name : "unnamed CPU",
		 id.vendor_string, id.family, id.model, id.stepping);
	log_flags();
}

bool frame_cpu_has(enum frame_cpu_feature feature)
{
	unsigned int f = (unsigned int)feature;

	if (f >= FRAME_CPU_FEATURE_COUNT)
		return false;
	return (have[f / 64] &
		~__atomic_load_n(&hidden[f / 64], __ATOMIC_RELAXED)) &
	       (1ull << (f % 64));
}

void arch_cpuinfo_override(enum frame_cpu_feature feature, bool absent)
{
	unsigned int f = (unsigned int)feature;

	if (f >= FRAME_CPU_FEATURE_COUNT)
		return;
	if (absent)
		__atomic_fetch_or(&hidden[f / 64], 1ull << (f % 64),
				  __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&hidden[f / 64], ~(1ull << (f % 64)),
				   __ATOMIC_RELAXED);
}

const char *frame_cpu_feature_name(enum frame_cpu_feature feature)
{
	unsigned int f = (unsigned int)feature;

	if (f >= FRAME_CPU_FEATURE_COUNT || !features[f].name)
		return "?";
	return features[f].name;
}

void frame_cpu_id(struct frame_cpu_id *out)
{
	*out = id;
}

uint64_t frame_cpu_hwcap(void)
{
	return hwcap;
}

uint64_t frame_cpu_hwcap2(void)
{
	return (arch_read_cr4() & CR4_FSGSBASE) ? HWCAP2_FSGSBASE : 0;
}

uint64_t frame_cpu_tsc_hz(void)
{
	return time_tsc_hz();
}

unsigned int frame_cpu_count(void)
{
	return (unsigned int)smp_cpu_count();
}
