#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk build -o DIR: the kernel's artefacts (ELF, image, initramfs) copied
# to a stable directory, whose image path is the one printed.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel outk
cd outk
printf 'hello\n' >motd
sed -i 's|^boot:$|boot:\n  initramfs:\n    - { path: /etc/motd, source: motd }|' osdk.yaml

osdk build -o dist
expect_rc 0 "build -o dist"
cmp -s target/osdk/dev/outk.elf dist/outk.elf &&
	ok "the kernel ELF is copied" || not_ok "the kernel ELF is copied ($(ls dist))"
rd=$(cd target/osdk/dev && ls outk.initramfs.cpio* 2>/dev/null | head -1)
[ -n "$rd" ] && cmp -s "target/osdk/dev/$rd" "dist/$rd" &&
	ok "the initramfs is copied" || not_ok "the initramfs is copied ($(ls dist))"
[ "$(printf '%s\n' "$out" | tail -1)" = dist/outk.elf ] &&
	ok "the copy's path is printed" ||
	not_ok "the copy's path is printed ($(printf '%s\n' "$out" | tail -1))"

osdk build --boot-method grub-rescue-iso --output "$T/iso-out"
expect_rc 0 "build --output with an ISO"
cmp -s target/osdk/dev/outk.iso "$T/iso-out/outk.iso" &&
	ok "the ISO is copied" || not_ok "the ISO is copied ($(ls "$T/iso-out"))"
[ "$(printf '%s\n' "$out" | tail -1)" = "$T/iso-out/outk.iso" ] &&
	ok "the ISO copy's path is printed" ||
	not_ok "the ISO copy's path is printed ($(printf '%s\n' "$out" | tail -1))"

# The output directory itself: nothing is copied onto itself (and lost).
osdk build -o target/osdk/dev
expect_rc 0 "build -o naming the output directory"
[ -s target/osdk/dev/outk.elf ] && ok "the ELF is intact" || not_ok "the ELF is intact"

: >blocker
osdk build -o blocker/dir
expect_rc 1 "an output directory that cannot be made fails the build"

osdk build -o
expect_rc 2 "-o needs a DIR"

finish
