#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The grub-qcow2 boot method: a new kernel boots from a UEFI disk image under
# Debian's OVMF and exits with its own code; a run never changes the image;
# the ktests pass booted that way; the kernel template's uefi scheme uses
# it; qemu.ovmf-code/ovmf-vars name other firmware, and a missing one is an
# error that says which.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cd k
printf '  accel: tcg\n\ntest:\n  timeout: 120\n' >>osdk.yaml
osdk run --boot-method grub-qcow2
expect_rc 0 "a new kernel boots from a UEFI disk image and exits 0"
expect_out "Hello from the k kernel" "its main ran"
img=target/osdk/dev/k.qcow2
[ "$(qemu-img info --output=json "$img" | jq -r .format)" = qcow2 ] &&
	ok "the image is a qcow2 file" || not_ok "the image is a qcow2 file"
qemu-img convert -f qcow2 -O raw "$img" raw.img
sfdisk -d raw.img 2>/dev/null | grep -q 'type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B' &&
	ok "holding a GPT disk with an EFI system partition" ||
	not_ok "holding a GPT disk with an EFI system partition"
start=$(sfdisk -d raw.img | sed -n 's/.*start= *\([0-9]*\).*/\1/p')
mdir -i "raw.img@@$((start * 512))" -/ -b :: 2>/dev/null | sort >files
grep -qx '::/EFI/BOOT/BOOTX64.EFI' files && grep -qx '::/boot/kernel.elf' files &&
	grep -qx '::/boot/grub/grub.cfg' files && ok "with GRUB, the kernel and grub.cfg on it" ||
	not_ok "with GRUB, the kernel and grub.cfg on it ($(tr '\n' ' ' <files))"
sum=$(sha256sum "$img")

sed -i 's/return 0;/return 9;/' src/main.c
osdk run --scheme uefi
expect_rc 9 "the template's uefi scheme boots it the same way, and the code passes through"
expect_out "Running .*k.qcow2 \(grub-qcow2, " "the Running line names the method"
osdk run --boot-method grub-qcow2
expect_rc 9 "again"
sum2=$(sha256sum "$img")
sed -i 's/return 9;/return 0;/' src/main.c
osdk build --boot-method grub-qcow2
osdk run --boot-method grub-qcow2 -v
expect_out "snapshot=on" "QEMU writes neither the image nor the firmware's variables"
[ "$sum" = "$(sha256sum "$img")" ] && ok "the same inputs give back the same image bytes" ||
	not_ok "the same inputs give back the same image bytes"
[ "$sum" != "$sum2" ] && ok "another kernel, another image" || not_ok "another kernel, another image"

# The image is kept while its inputs and its tools are the same; another
# osdk binary makes it again (a new GRUB would too), to the same bytes.
osdk build --boot-method grub-qcow2
expect_no_out "Bundled" "an unchanged image is kept"
cp "$OSDK" "$T/osdk-other"
saved=$OSDK
OSDK=$T/osdk-other
osdk build --boot-method grub-qcow2
OSDK=$saved
expect_out "Bundled .*k.qcow2" "another osdk makes the image again"
[ "$sum" = "$(sha256sum "$img")" ] && ok "to the same bytes" || not_ok "to the same bytes"

osdk test --boot-method grub-qcow2
expect_rc 0 "the ktests pass booted from the UEFI image"
expect_out "^2 passed, 0 failed$" "every one of them"

cp /usr/share/OVMF/OVMF_CODE_4M.fd mycode.fd
cp /usr/share/OVMF/OVMF_VARS_4M.fd myvars.fd
cat >>osdk.yaml <<'Y'

run:
  qemu:
    ovmf-code: mycode.fd
    ovmf-vars: myvars.fd
Y
osdk run --boot-method grub-qcow2 -v
expect_rc 0 "firmware named in the manifest boots it"
expect_out "file=$PWD/mycode.fd" "and is the one QEMU gets"
rm mycode.fd
osdk run --boot-method grub-qcow2
expect_rc 1 "missing firmware is an error"
expect_out "the UEFI firmware '.*mycode.fd' is missing \(qemu.ovmf-code\)" "naming the file and the key"
sed -i '/ovmf-vars/d' osdk.yaml
cp myvars.fd mycode.fd
osdk run --boot-method grub-qcow2
expect_rc 1 "one of the two without the other is an error"
expect_out "qemu.ovmf-code and qemu.ovmf-vars go together" "saying so"
finish
