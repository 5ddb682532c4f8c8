/* SPDX-License-Identifier: MIT */
/* ktests for log levels. */
#include "log/log_setup.h"

#include <frame/errno.h>
#include <frame/ktest.h>

KTEST(log_level_names)
{
	enum log_level level = LOG_INFO;

	KT_ASSERT_OK(frame_log_parse_level("debug", &level));
	KT_ASSERT_EQ(level, LOG_DEBUG);
	KT_ASSERT_OK(frame_log_parse_level("error", &level));
	KT_ASSERT_EQ(level, LOG_ERROR);
	KT_ASSERT_ERR(frame_log_parse_level("verbose", &level), -EINVAL);
	KT_ASSERT_ERR(frame_log_parse_level("", &level), -EINVAL);
	KT_ASSERT_EQ(level, LOG_ERROR); /* unchanged by the failures */

	/* The default threshold (no log= on a ktest line) is info. */
	KT_ASSERT(log_enabled(LOG_ERROR));
	KT_ASSERT(log_enabled(LOG_INFO));
	KT_ASSERT(!log_enabled(LOG_DEBUG));
}

KTEST(log_threshold_can_be_raised_and_restored)
{
	enum log_level old = log_set_threshold(LOG_WARN);

	KT_ASSERT(log_enabled(LOG_WARN));
	KT_ASSERT(log_enabled(LOG_ERROR));
	KT_ASSERT(!log_enabled(LOG_INFO));
	KT_ASSERT_EQ(log_set_threshold((enum log_level)42), LOG_WARN);
	KT_ASSERT(log_enabled(LOG_DEBUG));
	log_set_threshold(old);
	KT_ASSERT_EQ(old, LOG_INFO);
	KT_ASSERT(!log_enabled(LOG_DEBUG));
}
