/* SPDX-License-Identifier: MIT */
/* accel.h - which QEMU accelerator runs the guest: KVM or TCG. */
#ifndef OSDK_CORE_ACCEL_H
#define OSDK_CORE_ACCEL_H

#include <stdbool.h>

struct osdk_err;

/* The device KVM is reached through; tests may point it elsewhere. */
#define ACCEL_KVM_DEVICE "/dev/kvm"

struct accel_choice {
	const char *qemu; /* the -accel value to pass, or NULL: args chose */
	const char *name; /* for the Running line: "KVM", "TCG", ... */
	const char *why;  /* why "auto" passed over an openable KVM, or NULL */
};

/*
 * accel_choose() - the accelerator for @want ("auto", "kvm" or "tcg"; NULL
 * is "auto") given the user's QEMU arguments @args: when @args already
 * choose one (-accel, -enable-kvm, accel= in -machine), they win and
 * nothing is added. "auto" is KVM when @kvm_device can be opened for
 * reading and writing and the host is not itself a guest (@host_is_guest:
 * nested KVM often cannot set the MSRs of QEMU's "max" CPU model or emulate
 * SMAP's CLAC/STAC, so the guest dies), else TCG, with @out->why saying
 * why KVM was passed over. "kvm" when it cannot be opened is -ENODEV
 * naming the device and why; an unknown @want is -EINVAL with the choices.
 */
int accel_choose(const char *want, const char *args, const char *kvm_device,
		 bool host_is_guest, struct accel_choice *out,
		 struct osdk_err *err);

/*
 * accel_host_is_guest() - whether osdk itself runs in a virtual machine
 * (CPUID's hypervisor bit); $OSDK_HOST_IS_GUEST set to 0 or 1 overrides it.
 */
bool accel_host_is_guest(void);

/* accel_check_name() - 0 when @s is auto, kvm or tcg; else -EINVAL */
int accel_check_name(const char *s, struct osdk_err *err);

#endif
