/* SPDX-License-Identifier: MIT */
/* Bringing up the clocks and the tick at boot. */
#include "time/time.h"

#include <frame/log.h>

#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/cpu/cpu.h"

/* Whether the TSC ticks at a constant rate through power states. */
#define CPUID_EXT7_EDX_INVARIANT_TSC (1u << 8)

static bool tsc_invariant(void)
{
	if (arch_cpuid(0x80000000, 0).eax < 0x80000007)
		return false;
	return arch_cpuid(0x80000007, 0).edx & CPUID_EXT7_EDX_INVARIANT_TSC;
}

void time_init(void)
{
	uint64_t now, secs;
	unsigned int y, mo, d;

	time_clock_init();
	time_realtime_init();
	time_timer_init();
	time_vdso_init();

	now = frame_clock_realtime_ns();
	secs = now / FRAME_NSEC_PER_SEC;
	time_civil_from_days(secs / 86400, &y, &mo, &d);
	log_info("time: TSC %llu.%03llu MHz%s, APIC timer %llu.%03llu MHz "
		 "(PIT-calibrated), %s timers, tick %u Hz; wall clock "
		 "%04u-%02u-%02u "
		 "%02llu:%02llu:%02llu UTC",
		 (unsigned long long)(time_tsc_hz() / 1000000),
		 (unsigned long long)(time_tsc_hz() / 1000 % 1000),
		 tsc_invariant() ? " invariant" : "",
		 (unsigned long long)(time_lapic_timer_hz() / 1000000),
		 (unsigned long long)(time_lapic_timer_hz() / 1000 % 1000),
		 arch_lapic_tsc_deadline() ? "TSC-deadline" : "one-shot",
		 FRAME_TICK_HZ, y, mo, d,
		 (unsigned long long)(secs / 3600 % 24),
		 (unsigned long long)(secs / 60 % 60),
		 (unsigned long long)(secs % 60));
}
