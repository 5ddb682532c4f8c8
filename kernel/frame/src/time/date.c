/* SPDX-License-Identifier: MIT */
/* Converting between calendar dates and days since the Unix epoch. */
#include "time/time.h"

static bool is_leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Leap years in [1, y). */
static uint64_t leaps_before(unsigned int y)
{
	uint64_t p = y - 1;

	return p / 4 - p / 100 + p / 400;
}

/* Days before the first of each month in a common year. */
static const unsigned short month_start[12] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
};

uint64_t time_days_from_civil(unsigned int year, unsigned int month,
			      unsigned int day)
{
	uint64_t days = 365ull * (year - 1970) + leaps_before(year) -
			leaps_before(1970);

	days += month_start[month - 1] + (day - 1);
	if (month > 2 && is_leap(year))
		days++;
	return days;
}

void time_civil_from_days(uint64_t days, unsigned int *year,
			  unsigned int *month, unsigned int *day)
{
	unsigned int y = 1970, m = 1;

	/* 400 Gregorian years are exactly 146097 days. */
	y += (unsigned int)(days / 146097) * 400;
	days %= 146097;
	while (days >= (is_leap(y) ? 366u : 365u)) {
		days -= is_leap(y) ? 366u : 365u;
		y++;
	}
	while (m < 12) {
		unsigned int next = month_start[m] + (m >= 2 && is_leap(y));

		if (days < next)
			break;
		m++;
	}
	days -= month_start[m - 1] + (m > 2 && is_leap(y));
	*year = y;
	*month = m;
	*day = (unsigned int)days + 1;
}
