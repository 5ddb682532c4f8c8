#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A kept bundle carries what a UEFI or TDX boot needs: the OVMF firmware
# the manifest named (copied in, so the bundle boots where those files are
# not), the GRUB boot protocol its test images are made with, and
# qemu.confidential, which osdk run --bundle checks the host for as a
# workspace run would; an older bundle file without them still boots.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cd k
cp /usr/share/OVMF/OVMF_CODE_4M.fd mycode.fd
cp /usr/share/OVMF/OVMF_VARS_4M.fd myvars.fd
printf '  accel: tcg\n  ovmf-code: mycode.fd\n  ovmf-vars: myvars.fd\n\ntest:\n  timeout: 120\n' >>osdk.yaml
sed -i 's/return 0;/return 5;/' src/main.c

osdk build --boot-method grub-qcow2 --grub-boot-protocol linux -o "$T/udist"
expect_rc 0 "osdk build -o keeps a UEFI disk image bundle"
j="$T/udist/osdk-bundle.json"
[ "$(jq -r .ovmf_code "$j")" = mycode.fd ] && [ "$(jq -r .ovmf_vars "$j")" = myvars.fd ] &&
	[ -f "$T/udist/mycode.fd" ] && [ -f "$T/udist/myvars.fd" ] &&
	ok "with the manifest's firmware, copied in and named" ||
	not_ok "with the manifest's firmware, copied in and named ($(cat "$j"))"
[ "$(jq -r .grub_boot_protocol "$j")" = linux ] && [ "$(jq -r .confidential "$j")" = none ] &&
	ok "and the GRUB boot protocol and qemu.confidential" ||
	not_ok "and the GRUB boot protocol and qemu.confidential"
osdk test --boot-method grub-qcow2 --grub-boot-protocol linux -o "$T/tdist" --no-run
expect_rc 0 "osdk test -o keeps a UEFI test bundle"
[ "$(jq -r .grub_boot_protocol "$T/tdist/osdk-bundle.json")" = linux ] &&
	[ "$(jq -r .ovmf_code "$T/tdist/osdk-bundle.json")" = mycode.fd ] &&
	ok "with the same settings" || not_ok "with the same settings"

# Another machine: no workspace, no firmware beside it.
mv "$T/udist" "$T/umoved"
mv "$T/tdist" "$T/tmoved"
cd "$T"
rm -rf k
osdk run --bundle umoved -v
expect_rc 5 "the UEFI bundle boots with its own firmware and exits with the kernel's code"
expect_out "file=$T/umoved/mycode.fd" "QEMU gets the bundle's copy of the firmware"
expect_out "Hello from the k kernel" "its console shows"
osdk test --bundle tmoved
expect_rc 0 "the UEFI test bundle runs its tests, its images made with the kept protocol"
expect_out "^2 passed, 0 failed$" "all of them"

# A bundle of a confidential guest: the host is checked, as osdk run does.
cp -r umoved tdx
jq '.confidential = "tdx"' umoved/osdk-bundle.json >tdx/osdk-bundle.json
OSDK_KVM_DEVICE=$T/no-kvm osdk run --bundle tdx
expect_rc 1 "a TDX bundle on a host without TDX is refused"
expect_out "this host cannot run a TDX guest" "saying why"
jq '.confidential = "sev"' umoved/osdk-bundle.json >tdx/osdk-bundle.json
osdk run --bundle tdx
expect_rc 1 "an unknown qemu.confidential in a bundle is refused"
expect_out "'confidential' is 'sev', neither none nor tdx" "naming it"

# A bundle file from before these keys: multiboot2, Debian's firmware.
jq 'del(.grub_boot_protocol, .confidential, .ovmf_code, .ovmf_vars, .tdvf)' \
	umoved/osdk-bundle.json >tdx/osdk-bundle.json
osdk run --bundle tdx -v
expect_rc 5 "a bundle file without them still boots"
expect_out "file=/usr/share/OVMF/OVMF_CODE" "with the host's firmware"
finish
