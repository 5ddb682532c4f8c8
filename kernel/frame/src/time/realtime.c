/* SPDX-License-Identifier: MIT */
/* The wall clock: the CMOS RTC at boot, carried on by the monotonic clock. */
#include "time/time.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>

#include "arch/x86_64/acpi/acpi.h"
#include "arch/x86_64/clock/rtc.h"

/* The FADT's CENTURY field: the CMOS index of the century (ACPI 5.2.9). */
#define FADT_CENTURY 108

/* Wall clock = monotonic + offset, modulo 2^64. */
static uint64_t realtime_offset;

/* The century register's index from the FADT, when there is one. */
static void rtc_find_century(void)
{
	uint8_t *fadt;
	size_t len;

	if (arch_acpi_table_copy("FACP", (void **)&fadt, &len))
		return;
	if (len > FADT_CENTURY)
		arch_rtc_set_century_register(fadt[FADT_CENTURY]);
	frame_free(fadt);
}

void time_realtime_init(void)
{
	struct arch_rtc_time t;
	uint64_t secs;
	int ret;

	rtc_find_century();
	ret = arch_rtc_read(&t);
	if (ret || t.year < 1970) {
		log_warn("time: cannot read the RTC (%s); the wall clock "
			 "starts at 1970",
			 ret ? frame_errno_name(ret) : "year before 1970");
		return;
	}
	secs = time_days_from_civil(t.year, t.month, t.day) * 86400 +
	       t.hour * 3600ull + t.minute * 60ull + t.second;
	frame_clock_realtime_set(secs * FRAME_NSEC_PER_SEC);
}

uint64_t frame_clock_realtime_ns(void)
{
	return frame_clock_monotonic_ns() +
	       __atomic_load_n(&realtime_offset, __ATOMIC_RELAXED);
}

uint64_t time_realtime_offset(void)
{
	return __atomic_load_n(&realtime_offset, __ATOMIC_RELAXED);
}

int frame_clock_realtime_set(uint64_t ns)
{
	__atomic_store_n(&realtime_offset, ns - frame_clock_monotonic_ns(),
			 __ATOMIC_RELAXED);
	time_timers_clock_set();
	time_vdso_update();
	return 0;
}
