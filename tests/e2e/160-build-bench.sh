#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/bench/osdk-build.sh runs and prints its figures and the osdk/make
# ratio (on a one-package workspace, so that it is quick; the figures are
# not judged: the benchmark is no timed test).
. "$(dirname "$0")/lib.sh"
cd "$T"

bench=$OSDK_SRC/tests/bench/osdk-build.sh

out=$(bash "$bench" --bogus 2>&1)
rc=$?
expect_rc 2 "an unknown argument is a usage error"

osdk new --library solo
# No dependency: nothing but the package's own source to build and check.
sed -i '/^dependencies:/,/^$/d' solo/osdk.yaml
rm -rf solo/src/* solo/include/solo/*
cat >solo/include/solo/solo.h <<'C'
/* SPDX-License-Identifier: MIT */
/* solo.h - a package that needs nothing. */
int solo_answer(void);
C
cat >solo/src/lib.c <<'C'
/* SPDX-License-Identifier: MIT */
/* lib.c - a package that needs nothing. */
#include <solo/solo.h>

int solo_answer(void)
{
	return 42;
}
C
out=$(OSDK=$OSDK timeout 600 bash "$bench" -j 2 --dir solo 2>&1)
rc=$?
expect_rc 0 "the benchmark runs"
expect_out '^1 compile commands, 1 archives, 0 kernel link\(s\)' \
	"its Makefile has the compile command and the archive"
expect_out '^osdk build -j2, clean: +[0-9]+\.[0-9]{3} s$' "osdk's clean time"
expect_out '^make -j2, no-op: +[0-9]+\.[0-9]{3} s$' "make's no-op time"
expect_out '^ratio osdk/make, clean: [0-9]+\.[0-9]{2}x$' "the clean ratio line"
expect_out '^ratio osdk/make, no-op: [0-9]+\.[0-9]{2}x$' "the no-op ratio line"
expect_out '^osdk build -j2, clean, check memo off: +[0-9]+\.[0-9]{3} s$' \
	"osdk's clean time with the check's memo off"
expect_out '^ratio osdk/make, clean, check memo off: [0-9]+\.[0-9]{2}x$' \
	"and its ratio"
expect_out '^CPU ratio osdk/make, clean: [0-9]+\.[0-9]{2}x$' "the clean CPU ratio"
expect_out '^osdk clean: Timing resolution [0-9]+ ms, check [0-9]+ ms' \
	"osdk -v's per-phase timing"
[ -f solo/target/osdk/dev/solo/libsolo.a ]
rc=$?
expect_rc 0 "make built the archive"

finish
