#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Keel itself: the workspace builds, boots to its banner, and its ktests pass.
. "$(dirname "$0")/lib.sh"
# Work on a copy so the source tree's target/ is left alone.
mkdir -p "$T/src"
cp -r "$OSDK_SRC/osdk.yaml" "$OSDK_SRC/kernel" "$T/src/"
rm -rf "$T/src/kernel/target" "$T/src/target"
cd "$T/src"

osdk run
expect_rc 0 "osdk run at the root boots Keel and exits 0"
expect_out "Keel v?0\.1\.0" "the banner names Keel's version"
expect_out "usable" "the memory map is printed"

osdk test
expect_rc 0 "osdk test at the root passes"
expect_out "^test frame::" "the frame's ktests ran"
expect_out "^[1-9][0-9]* passed, 0 failed$" "the summary has no failures"

osdk test --qemu-args "-smp 2 -m 512M"
expect_rc 0 "the ktests pass with -smp 2 -m 512M"

CC=clang osdk build
expect_rc 0 "the kernel builds with clang"
finish
