/* SPDX-License-Identifier: MIT */
/* The CPUID facts behind <frame/cpu.h>, read once at boot. */
#ifndef ARCH_X86_64_CPUINFO_H
#define ARCH_X86_64_CPUINFO_H

#include <frame/cpu.h>
#include <frame/types.h>

/*
 * arch_cpuinfo_init() - read CPUID on the boot CPU into the tables that
 * <frame/cpu.h> answers from, and log one line about the CPU. Called once
 * by boot, before interrupts; frame code that runs earlier asks CPUID
 * itself.
 */
void arch_cpuinfo_init(void);

/*
 * arch_cpuinfo_signature() - decode CPUID.1:EAX into the displayed family,
 * model and stepping: the extended family is added only for family 0xf,
 * the extended model is prepended for families 0x6 and 0xf (Intel SDM
 * vol. 2, CPUID; AMD APM vol. 3, the same rule for family 0xf and up)
 */
void arch_cpuinfo_signature(uint32_t eax, unsigned int *family,
			    unsigned int *model, unsigned int *stepping);

/*
 * arch_cpuinfo_vendor() - the vendor of a 12-character CPUID vendor
 * string (not NUL-terminated)
 */
enum frame_cpu_vendor arch_cpuinfo_vendor(const char *s);

/*
 * arch_cpuinfo_override() - pretend, until the next call, that @feature
 * is absent (@absent) or as CPUID says (!@absent). For ktests of the
 * fallback paths (the entropy source without RDRAND/RDSEED); nothing else
 * may call it.
 */
void arch_cpuinfo_override(enum frame_cpu_feature feature, bool absent);

#endif /* ARCH_X86_64_CPUINFO_H */
