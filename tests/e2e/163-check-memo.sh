#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The framekernel check remembers passes by content across builds and
# `osdk clean`: a clean rebuild of unchanged sources parses nothing again,
# a header whose content changed is checked again (and its violation
# found), and OSDK_CHECK_CACHE=off checks every file afresh.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --library solo
cd solo
sed -i '/^dependencies:/,/^$/d' osdk.yaml
rm -rf src/* include/solo/*
cat >include/solo/limits.h <<'C'
/* SPDX-License-Identifier: MIT */
/* limits.h - a header every source includes. */
static inline int solo_limit(void)
{
	return 4;
}
C
for n in 1 2 3; do
	cat >src/part$n.c <<C
/* SPDX-License-Identifier: MIT */
/* part$n.c - one of the sources the check passes. */
#include <solo/limits.h>

int solo_part$n(void);

int solo_part$n(void)
{
	return solo_limit() + $n;
}
C
done
# The memo skips files edited within the last second (their content may
# not be the parsed one): date the sources in the past.
touch -d '1 hour ago' include/solo/limits.h src/*.c

osdk build -v
expect_rc 0 "the first build passes the check"
expect_out "check [0-9]+ ms \(beside compile; 3 files, 0 remembered\)" \
	"and parses every file"

rm -rf target
osdk build -v
expect_rc 0 "a clean rebuild passes"
expect_out "check [0-9]+ ms \(beside compile; 3 files, 3 remembered\)" \
	"knowing every pass from the memo"

# A violation in the header: every source that includes it is checked
# again, though none of them changed.
sed -i 's/return 4;/__asm__("nop");\n\treturn 4;/' include/solo/limits.h
osdk build -v
expect_rc 1 "a violation in an included header fails the build"
expect_out "include/solo/limits.h:5:2: error\[FK-ASM\]" \
	"found by checking the sources again"

# Back to the content that passed: known again without a parse.
sed -i '/__asm__/d' include/solo/limits.h
osdk build -v
expect_rc 0 "the header as it was passes"
expect_out "check [0-9]+ ms \(beside compile; 3 files, 3 remembered\)" \
	"remembered from before"

# The flags are part of what a pass depends on.
sed -i 's/^build:/build:\n  cflags: "-DSOLO_EXTRA=1"/' osdk.yaml
grep -q SOLO_EXTRA osdk.yaml || printf 'build:\n  cflags: "-DSOLO_EXTRA=1"\n' >>osdk.yaml
osdk build -v
expect_rc 0 "new flags build"
expect_out "check [0-9]+ ms \(beside compile; 3 files, 0 remembered\)" \
	"and every file is checked with them"

rm -rf target
OSDK_CHECK_CACHE=off osdk build -v
expect_rc 0 "with the memo switched off the build passes"
expect_out "check [0-9]+ ms \(beside compile; 3 files, 0 remembered\)" \
	"parsing every file"
finish
