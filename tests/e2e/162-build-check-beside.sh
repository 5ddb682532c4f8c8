#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The framekernel check runs beside the compilers: a violation still fails
# the build, no archive is made, and the next build checks again; once
# fixed, the build succeeds and -v says where its time went.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --library solo
cd solo
sed -i '/^dependencies:/,/^$/d' osdk.yaml
rm -rf src/* include/solo/*
for n in 1 2 3 4; do
	cat >src/part$n.c <<C
/* SPDX-License-Identifier: MIT */
/* part$n.c - one of several sources compiled beside the check. */
int solo_part$n(void);

int solo_part$n(void)
{
	return $n;
}
C
done
cat >src/bad.c <<'C'
/* SPDX-License-Identifier: MIT */
/* bad.c - what only the frame may do. */
void solo_bad(void);

void solo_bad(void)
{
	__asm__("nop");
}
C
osdk build -j 3
expect_rc 1 "a violation fails the build"
expect_out "src/bad.c:7:2: error\[FK-ASM\]" "with the check's diagnostic"
expect_out "could not compile 'solo': 1 framekernel rule violation" \
	"naming the package"
[ -e target/osdk/dev/solo/libsolo.a ]
rc=$?
expect_rc 1 "no archive of the package is made"

osdk build -j 3
expect_rc 1 "the next build fails too"
expect_out "error\[FK-ASM\]" "checking the source again"

rm src/bad.c
osdk build -j 3 -v
expect_rc 0 "once fixed, the build succeeds"
expect_out "Timing resolution [0-9]+ ms, check [0-9]+ ms \(beside compile; [0-9]+ files?, [0-9]+ remembered\), compile [0-9]+ ms, user images [0-9]+ ms, archive [0-9]+ ms, link 1 [0-9]+ ms, symbol table [0-9]+ ms, link 2 [0-9]+ ms" \
	"-v prints each step's time"
[ -e target/osdk/dev/solo/libsolo.a ]
rc=$?
expect_rc 0 "and the archive is made"
osdk build -j 3
expect_out "nothing to compile" "a build after it has nothing to do"
finish
