#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The command line itself: help, contradicting flags, the test summary.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk help help
expect_rc 0 "osdk help help describes help"
expect_out "^Usage: osdk help \[COMMAND\]" "with its usage line"
expect_no_out "no such command" "and does not call help unknown"

osdk help build run
expect_rc 2 "osdk help with two commands is a usage error"

osdk new --kernel cli
cd cli
osdk build -v -q
expect_rc 2 "-v with -q is a usage error"
expect_out "'--verbose' and '--quiet' cannot be used together" "naming both"

# A test that panics: its message once, the counts once.
cat >src/panics.c <<'C'
#include <frame/ktest.h>
#include <frame/panic.h>

KTEST(panics_on_purpose)
{
	frame_panic("panic message %d", 42);
}
C
osdk test
expect_rc 1 "a panicking test fails the run"
[ "$(grep -c 'panic message 42' <<<"$out")" = 1 ] &&
	ok "the panic message is printed once" ||
	not_ok "the panic message is printed once"
[ "$(grep -cE 'passed[,;] ' <<<"$out")" = 1 ] &&
	ok "the counts are printed once" ||
	not_ok "the counts are printed once"
expect_out "^[0-9]+ passed, 1 failed$" "the summary line ends the run"

osdk test greeting
expect_rc 0 "a filtered run passes"
expect_out "^[0-9]+ filtered out by 'greeting'$" "and says what it left out"
rm src/panics.c

# KVM where /dev/kvm opens, TCG otherwise; the Running line says which.
export OSDK_KVM_DEVICE="$T/no-kvm"
osdk run
expect_rc 0 "without KVM the kernel runs under TCG"
expect_out "Running .*\(qemu-direct, TCG\)" "and the Running line says TCG"
osdk test
expect_out "Running ktests in .*\(qemu-direct, TCG\)" "osdk test says it too"
osdk run --accel kvm
expect_rc 1 "--accel kvm without KVM fails"
expect_out "KVM was asked for, but '.*no-kvm' cannot be opened" "saying why"
osdk run --accel kvmm
expect_rc 2 "an unknown accelerator is a usage error"
expect_out "did you mean 'kvm'" "with a suggestion"
OSDK_HOST_IS_GUEST=0 OSDK_KVM_DEVICE=/dev/null osdk run -v
expect_out "Running .*-accel kvm" "a usable KVM device makes QEMU use KVM"
OSDK_HOST_IS_GUEST=1 OSDK_KVM_DEVICE=/dev/null osdk run -v
expect_rc 0 "inside a virtual machine auto passes over nested KVM"
expect_out "Running .*-accel tcg" "and runs under TCG"
expect_out "Using +TCG, not KVM: this machine is itself a virtual machine" \
	"saying why when asked to be verbose"
OSDK_HOST_IS_GUEST=1 OSDK_KVM_DEVICE=/dev/null osdk run -v --accel kvm
expect_out "Running .*-accel kvm" "--accel kvm uses nested KVM all the same"
osdk run --qemu-args "-accel tcg" -v
expect_no_out "-accel tcg .*-accel" "the user's own -accel is left alone"
cat >>osdk.yaml <<'Y'
run:
  qemu:
    accel: tgc
Y
osdk run
expect_rc 1 "a bad qemu.accel in the manifest is refused"
expect_out "osdk\.yaml:[0-9]+:[0-9]+: .*unknown accelerator 'tgc'; did you mean 'tcg'" \
	"at its line and column"
sed -i 's/accel: tgc/accel: tcg/' osdk.yaml
osdk run
expect_rc 0 "qemu.accel: tcg runs"
finish
