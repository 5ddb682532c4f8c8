/* SPDX-License-Identifier: MIT */
/* The CMOS real-time clock: the date at boot, and its periodic interrupt. */
#ifndef ARCH_X86_64_RTC_H
#define ARCH_X86_64_RTC_H

#include <frame/types.h>

/* The RTC's ISA IRQ line. */
#define ARCH_RTC_ISA_IRQ 8

/* A calendar time as the RTC keeps it (UTC on QEMU and on Linux hosts). */
struct arch_rtc_time {
	unsigned int year; /* full, e.g. 2025 */
	unsigned int month, day;
	unsigned int hour, minute, second;
};

/*
 * The raw registers and status B, as read. Decoding is separate so that
 * the ktests can check it on made-up register values.
 */
struct arch_rtc_regs {
	uint8_t second, minute, hour, day, month, year, century;
	uint8_t status_b;
	bool has_century;
};

/*
 * arch_rtc_set_century_register() - the CMOS index of the century byte,
 * from the FADT (0: there is none, years are taken as 20xx)
 */
void arch_rtc_set_century_register(uint8_t index);

/*
 * arch_rtc_read() - the RTC's date and time
 *
 * Waits for no update to be in progress and reads until two passes
 * agree, so a read never mixes the seconds before a rollover with the
 * minutes after it. Returns 0, -EIO when the clock never settles or holds
 * an impossible date.
 */
int arch_rtc_read(struct arch_rtc_time *out);

/*
 * arch_rtc_decode() - turn register values into a date: BCD or binary
 * and 12- or 24-hour per status B. -EIO when a field is out of range.
 */
int arch_rtc_decode(const struct arch_rtc_regs *r, struct arch_rtc_time *out);

/*
 * The periodic interrupt, on ARCH_RTC_ISA_IRQ: arch_rtc_periodic_start()
 * sets the rate (2^(16 - @rate_code) Hz, @rate_code 3..15, 6 for 1024 Hz)
 * and enables it; arch_rtc_periodic_stop() disables it. The handler must
 * call arch_rtc_ack(), which reads status C: until then the RTC raises no
 * further interrupt. Used to prove the I/O APIC path with a real device.
 */
void arch_rtc_periodic_start(unsigned int rate_code);
void arch_rtc_periodic_stop(void);
void arch_rtc_ack(void);

#endif /* ARCH_X86_64_RTC_H */
