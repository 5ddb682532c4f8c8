/* SPDX-License-Identifier: MIT */
/* accel.c - which QEMU accelerator runs the guest: KVM or TCG. */
#include "core/boot/accel.h"

#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "core/manifest/manifest.h"
#include "util/err.h"

int accel_check_name(const char *s, struct osdk_err *err)
{
	return manifest_check_accel(s, err);
}

/* Whether the word list @args picks an accelerator itself. */
static bool args_choose(const char *args)
{
	return args && (strstr(args, "-accel") || strstr(args, "-enable-kvm") ||
			strstr(args, "accel="));
}

bool accel_host_is_guest(void)
{
	const char *env = getenv("OSDK_HOST_IS_GUEST");
	unsigned int a, b, c, d;

	if (env && *env)
		return strcmp(env, "0") != 0;
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return false;
	return (c >> 31) & 1; /* CPUID.1:ECX bit 31, "hypervisor present" */
}

int accel_choose(const char *want, const char *args, const char *kvm_device,
		 bool host_is_guest, struct accel_choice *out,
		 struct osdk_err *err)
{
	int fd, ret;

	if (!want)
		want = "auto";
	ret = accel_check_name(want, err);
	if (ret)
		return ret;
	if (args_choose(args)) {
		out->qemu = NULL;
		out->name = "accelerator from the QEMU arguments";
		out->why = NULL;
		return 0;
	}
	out->why = NULL;
	if (!strcmp(want, "tcg"))
		goto tcg;
	if (!strcmp(want, "auto") && host_is_guest) {
		out->why = "this machine is itself a virtual machine, where "
			   "nested KVM may fail to run the guest's CPU model; "
			   "--accel kvm uses it anyway";
		goto tcg;
	}
	fd = open(kvm_device, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		out->qemu = "kvm";
		out->name = "KVM";
		return 0;
	}
	if (!strcmp(want, "kvm"))
		return err_set(err, -ENODEV,
			       "KVM was asked for, but '%s' cannot be opened: "
			       "%s; use --accel tcg or give access to it",
			       kvm_device, strerror(errno));
tcg:
	out->qemu = "tcg";
	out->name = "TCG";
	return 0;
}
