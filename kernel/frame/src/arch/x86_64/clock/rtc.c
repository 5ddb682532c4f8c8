/* SPDX-License-Identifier: MIT */
/* The CMOS real-time clock: the date at boot, and its periodic interrupt. */
#include "arch/x86_64/clock/rtc.h"

#include <frame/errno.h>

#include "arch/x86_64/cpu/cpu.h"
#include "sync/spinlock.h"

/* The CMOS index and data ports; bit 7 of the index gates NMIs. */
#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

/* Registers (Motorola MC146818 layout, which every PC RTC keeps). */
#define RTC_SECOND   0x00
#define RTC_MINUTE   0x02
#define RTC_HOUR     0x04
#define RTC_DAY	     0x07
#define RTC_MONTH    0x08
#define RTC_YEAR     0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_STATUS_C 0x0c

#define STATUS_A_UIP	(1u << 7) /* an update is in progress */
#define STATUS_A_RATE	0x0fu
#define STATUS_B_PIE	(1u << 6) /* periodic interrupt enable */
#define STATUS_B_BINARY (1u << 2) /* else BCD */
#define STATUS_B_24H	(1u << 1) /* else 12-hour, bit 7 of hour = PM */
#define HOUR_PM		0x80u

/* Polls of the UIP bit before giving up: an update takes under 2 ms. */
#define RTC_SETTLE_POLLS 1000000u

static struct frame_spinlock cmos_lock = FRAME_SPINLOCK_INIT;
static uint8_t century_register;

static uint8_t cmos_read(uint8_t reg)
{
	arch_outb(CMOS_INDEX, reg);
	return arch_inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	arch_outb(CMOS_INDEX, reg);
	arch_outb(CMOS_DATA, v);
}

void arch_rtc_set_century_register(uint8_t index)
{
	/* Indices 0x00-0x0d are the clock's own registers. */
	century_register = index > RTC_STATUS_C + 1 && index < 0x80 ? index : 0;
}

static uint8_t bcd(uint8_t v, bool binary)
{
	return binary ? v : (uint8_t)((v >> 4) * 10 + (v & 0x0f));
}

int arch_rtc_decode(const struct arch_rtc_regs *r, struct arch_rtc_time *out)
{
	bool bin = r->status_b & STATUS_B_BINARY;
	unsigned int hour = bcd(r->hour & ~HOUR_PM, bin);
	unsigned int century = r->has_century ? bcd(r->century, bin) : 20;

	if (!(r->status_b & STATUS_B_24H)) {
		/* 12 AM is midnight, 12 PM noon. */
		if (hour < 1 || hour > 12)
			return -EIO;
		hour %= 12;
		if (r->hour & HOUR_PM)
			hour += 12;
	}
	out->second = bcd(r->second, bin);
	out->minute = bcd(r->minute, bin);
	out->hour = hour;
	out->day = bcd(r->day, bin);
	out->month = bcd(r->month, bin);
	out->year = century * 100 + bcd(r->year, bin);
	if (out->second > 59 || out->minute > 59 || out->hour > 23 ||
	    out->day < 1 || out->day > 31 || out->month < 1 ||
	    out->month > 12 || bcd(r->year, bin) > 99 || century > 99)
		return -EIO;
	return 0;
}

/* One pass over the date registers, after waiting out an update. */
static int rtc_read_regs(struct arch_rtc_regs *r)
{
	unsigned int polls = 0;

	while (cmos_read(RTC_STATUS_A) & STATUS_A_UIP) {
		if (++polls == RTC_SETTLE_POLLS)
			return -EIO;
		arch_cpu_relax();
	}
	r->second = cmos_read(RTC_SECOND);
	r->minute = cmos_read(RTC_MINUTE);
	r->hour = cmos_read(RTC_HOUR);
	r->day = cmos_read(RTC_DAY);
	r->month = cmos_read(RTC_MONTH);
	r->year = cmos_read(RTC_YEAR);
	r->has_century = century_register != 0;
	r->century = r->has_century ? cmos_read(century_register) : 0;
	r->status_b = cmos_read(RTC_STATUS_B);
	return 0;
}

static bool rtc_regs_equal(const struct arch_rtc_regs *a,
			   const struct arch_rtc_regs *b)
{
	return a->second == b->second && a->minute == b->minute &&
	       a->hour == b->hour && a->day == b->day && a->month == b->month &&
	       a->year == b->year && a->century == b->century &&
	       a->status_b == b->status_b;
}

int arch_rtc_read(struct arch_rtc_time *out)
{
	struct arch_rtc_regs a, b;
	uint64_t flags;
	int ret = -EIO;

	flags = frame_spin_lock_irqsave(&cmos_lock);
	if (rtc_read_regs(&a))
		goto out_unlock;
	for (int tries = 0; tries < 8; tries++) {
		if (rtc_read_regs(&b))
			goto out_unlock;
		if (rtc_regs_equal(&a, &b)) {
			ret = 0;
			break;
		}
		a = b;
	}
out_unlock:
	frame_spin_unlock_irqrestore(&cmos_lock, flags);
	return ret ? ret : arch_rtc_decode(&a, out);
}

void arch_rtc_periodic_start(unsigned int rate_code)
{
	uint64_t flags = frame_spin_lock_irqsave(&cmos_lock);
	uint8_t a = cmos_read(RTC_STATUS_A);

	cmos_write(RTC_STATUS_A, (uint8_t)((a & ~STATUS_A_RATE) |
					   (rate_code & STATUS_A_RATE)));
	cmos_write(RTC_STATUS_B, cmos_read(RTC_STATUS_B) | STATUS_B_PIE);
	(void)cmos_read(RTC_STATUS_C);
	frame_spin_unlock_irqrestore(&cmos_lock, flags);
}

void arch_rtc_periodic_stop(void)
{
	uint64_t flags = frame_spin_lock_irqsave(&cmos_lock);

	cmos_write(RTC_STATUS_B,
		   (uint8_t)(cmos_read(RTC_STATUS_B) & ~STATUS_B_PIE));
	(void)cmos_read(RTC_STATUS_C);
	frame_spin_unlock_irqrestore(&cmos_lock, flags);
}

void arch_rtc_ack(void)
{
	uint64_t flags = frame_spin_lock_irqsave(&cmos_lock);

	(void)cmos_read(RTC_STATUS_C);
	frame_spin_unlock_irqrestore(&cmos_lock, flags);
}
