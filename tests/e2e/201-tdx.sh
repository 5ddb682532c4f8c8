#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The tdx scheme: osdk build makes its UEFI image anywhere; osdk run on a
# host without TDX fails before QEMU starts, naming every missing piece;
# with a stand-in QEMU that offers tdx-guest, KVM and firmware present, the
# command line makes the guest a TD.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cd k
osdk build --scheme tdx
expect_rc 0 "osdk build --scheme tdx makes the image on any host"
[ -f target/osdk/dev/k.qcow2 ] && ok "the UEFI disk image is there" || not_ok "the UEFI disk image is there"

export OSDK_KVM_DEVICE="$T/no-kvm"
osdk run --scheme tdx
expect_rc 1 "osdk run --scheme tdx fails on a host without TDX"
expect_out "this host cannot run a TDX guest; the image is built, but:" "saying why"
expect_out "has no 'tdx-guest' object: TDX guests need QEMU 10.1 or later" "naming the QEMU"
expect_out "KVM: '.*no-kvm' cannot be opened" "and KVM"
expect_out "TDX firmware \(TDVF\): none at" "and the firmware"
expect_no_out "Running" "before QEMU starts"

# A stand-in QEMU: it offers tdx-guest and records what it is asked to do,
# then ends as a guest that powered off with 0 does.
cat >"$T/qemu" <<'SH'
#!/bin/sh
if [ "$1 $2" = "-object help" ]; then
	printf 'List of user creatable objects:\n  memory-backend-ram\n  tdx-guest\n'
	exit 0
fi
printf '%s\n' "$@" >"$(dirname "$0")/args.log"
exit 129
SH
chmod +x "$T/qemu"
touch tdvf.fd
cat >>osdk.yaml <<Y

run:
  qemu:
    path: $T/qemu
    tdvf: tdvf.fd
Y
OSDK_KVM_DEVICE=/dev/null osdk run --scheme tdx
expect_rc 0 "with tdx-guest, KVM and the firmware, the TD boots"
expect_out "Running .*k.qcow2 \(grub-qcow2, KVM, TDX guest\)" "and the Running line says so"
args=$(tr '\n' ' ' <"$T/args.log")
case "$args" in *"-accel kvm -object tdx-guest,id=tdx0 -machine confidential-guest-support=tdx0,kernel-irqchip=split,hpet=off -bios $PWD/tdvf.fd"*)
	ok "QEMU gets the TD object, the split irqchip and the firmware" ;;
*) not_ok "QEMU gets the TD object, the split irqchip and the firmware ($args)" ;;
esac
case "$args" in *"k.qcow2,format=qcow2,snapshot=on"*) ok "and the image" ;; *) not_ok "and the image ($args)" ;; esac
case "$args" in *pflash*) not_ok "no OVMF flash for a TD ($args)" ;; *) ok "no OVMF flash for a TD" ;; esac

osdk run --scheme tdx
expect_rc 1 "without KVM, the same stand-in QEMU is not started"
expect_out "KVM: .* cannot be opened" "KVM is named"
expect_no_out "tdx-guest' object" "and only KVM"
rm tdvf.fd
OSDK_KVM_DEVICE=/dev/null osdk run --scheme tdx
expect_rc 1 "missing firmware is named"
expect_out "the TDX firmware '.*tdvf.fd' \(qemu.tdvf\) is missing" "with its key"
touch tdvf.fd
OSDK_KVM_DEVICE=/dev/null osdk run --scheme tdx --boot-method qemu-direct
expect_rc 1 "a TD boots only from the UEFI image"
expect_out "qemu.confidential: tdx boots a UEFI disk image: set boot.method to grub-qcow2" "saying so"
finish
