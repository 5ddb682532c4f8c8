/* SPDX-License-Identifier: MIT */
/* check_memo.h - check results remembered across builds, by content. */
#ifndef OSDK_CORE_CHECK_MEMO_H
#define OSDK_CORE_CHECK_MEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strvec.h"

struct check_memo;

/* $OSDK_HOME/cache/check, or NULL when $OSDK_CHECK_CACHE is "off" or
 * "0". Caller frees. */
char *check_memo_dir(void);

/* A memo in @dir for checks that share @context (everything a result
 * depends on but the source, its flags and the files it reads). */
struct check_memo *check_memo_open(const char *dir, const char *context);

/* Did @src, parsed with @args, pass before, with every file it read then
 * unchanged since? */
bool check_memo_passed(struct check_memo *m, const char *src,
		       const struct strvec *args);

/* Remember that @src passed, having read the files @read (the source
 * among them); nothing is kept when one of them changed at or after
 * @started_ns, the time the parse began (CLOCK_REALTIME). */
void check_memo_pass(struct check_memo *m, const char *src,
		     const struct strvec *args, const struct strvec *read,
		     int64_t started_ns);

/* Forget the digests, trim the memo when this run added to it. */
void check_memo_close(struct check_memo *m);

#endif
