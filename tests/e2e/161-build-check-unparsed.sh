#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A source the compiler takes but libclang cannot parse could not be
# checked: the build fails, and so does the next one (its object must not
# be recorded as built and checked).
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --library solo
cd solo
sed -i '/^dependencies:/,/^$/d' osdk.yaml
rm -rf src/* include/solo/*
# A nested function: GNU C that gcc compiles and clang refuses.
cat >src/lib.c <<'C'
/* SPDX-License-Identifier: MIT */
/* lib.c - GNU C that only gcc reads. */
int solo_answer(void);

int solo_answer(void)
{
	int inner(void)
	{
		return 42;
	}

	return inner();
}
C
CC=gcc osdk build
expect_rc 1 "what libclang cannot parse fails the build"
expect_out "error\[FK-PARSE\]" "as a file the rules could not be checked on"
expect_no_out "Finished" "nothing is finished"
[ -e target/osdk/dev/solo/libsolo.a ]
rc=$?
expect_rc 1 "and no archive is made"

CC=gcc osdk build
expect_rc 1 "the next build fails the same way"
expect_out "error\[FK-PARSE\]" "checking the file again"
finish
