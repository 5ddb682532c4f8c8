#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The grub-rescue-iso boot method: the ISO is made, boots, and is
# reproducible.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel isok
cd isok
osdk build --boot-method grub-rescue-iso
expect_rc 0 "build --boot-method grub-rescue-iso"
iso=target/osdk/dev/isok.iso
[ -s "$iso" ] && ok "the ISO exists" || not_ok "the ISO exists"
grep -q multiboot2 "$iso.d/boot/grub/grub.cfg" && ok "grub.cfg uses multiboot2" ||
	not_ok "grub.cfg uses multiboot2"

sum1=$(sha256sum "$iso" | cut -d' ' -f1)
rm -f "$iso"
osdk build --boot-method grub-rescue-iso
sum2=$(sha256sum "$iso" | cut -d' ' -f1)
[ "$sum1" = "$sum2" ] && ok "the same inputs give the same ISO bytes" ||
	not_ok "the same inputs give the same ISO bytes"

osdk run --boot-method grub-rescue-iso
expect_rc 0 "QEMU boots the ISO and the kernel powers off with 0"
expect_out "Hello from the isok kernel" "the kernel's hello line appears"

# The ISO is hybrid: UEFI firmware (OVMF) boots it too, from its EFI entry.
osdk run --boot-method grub-rescue-iso --qemu-args "-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd -drive if=pflash,format=raw,snapshot=on,file=/usr/share/OVMF/OVMF_VARS_4M.fd"
expect_rc 0 "UEFI firmware boots the same ISO"
expect_out "Hello from the isok kernel" "to the kernel's hello line"
xorriso -indev "$iso" -report_el_torito plain 2>/dev/null | grep -q "UEFI" &&
	ok "the ISO has a UEFI El Torito entry" || not_ok "the ISO has a UEFI El Torito entry"

osdk build --boot-method floppy
expect_rc 2 "an unknown boot method is a usage error"
expect_out "unknown boot method 'floppy'" "and named"

# A missing tool is named with the package that provides it.
mkdir -p "$T/bin"
for t in qemu-system-x86_64 cc ld ar gcc as timeout; do
	p=$(command -v "$t") && ln -sf "$p" "$T/bin/$t"
done
rm -f "$iso"
PATH="$T/bin" osdk build --boot-method grub-rescue-iso
expect_rc 1 "build without grub-mkrescue fails"
expect_out "'grub-mkrescue' not found.*'grub-common'" "and names the package"
finish
