#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Incremental builds across packages: a build that failed in one package
# must not leave another's archive stale for the next build.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --library part
osdk new --kernel whole
cd whole
sed -i 's|^dependencies:|dependencies:\n  part: { path: "../part" }|' osdk.yaml
osdk build
expect_rc 0 "a kernel with a path dependency builds"

# One build: the library gains a function (compiles) while the kernel's
# use of it does not compile yet (a warning, which -Werror makes an error
# and the framekernel check leaves to the compiler).
cat >>../part/src/lib.c <<'C'

int part_answer(void)
{
	return 42;
}
C
cat >>src/main.c <<'C'

int part_answer(void);
int whole_uses_part(void)
{
	int unused; /* -Werror: the compiler refuses it */

	return part_answer();
}
C
# One job at a time: the library compiles before the kernel fails.
osdk build -j 1
expect_rc 1 "the kernel's compile error fails the build"

sed -i '/int unused;/d' src/main.c
osdk build
expect_rc 0 "once fixed, the next build links the library's new function"
expect_no_out "undefined reference" "from an archive that holds it"
finish
