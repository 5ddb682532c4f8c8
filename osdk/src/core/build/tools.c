/* SPDX-License-Identifier: MIT */
/* tools.c - finding external programs and naming the package they are in. */
#include "core/build/tools.h"

#include <errno.h>
#include <string.h>

#include "util/err.h"
#include "util/proc.h"

static const struct {
	const char *prog;
	const char *package;
} providers[] = {
	{ "qemu-system-x86_64", "qemu-system-x86" },
	{ "qemu-img", "qemu-utils" },
	{ "grub-mkrescue", "grub-common" },
	{ "grub-mkimage", "grub-common" },
	{ "xorriso", "xorriso" },
	{ "mformat", "mtools" },
	{ "mcopy", "mtools" },
	{ "sfdisk", "fdisk" },
	{ "gdb", "gdb" },
	{ "cc", "build-essential" },
	{ "gcc", "gcc" },
	{ "clang", "clang" },
	{ "ld", "binutils" },
	{ "ar", "binutils" },
};

const char *tools_package(const char *prog)
{
	const char *base = strrchr(prog, '/');

	base = base ? base + 1 : prog;
	for (size_t i = 0; i < sizeof(providers) / sizeof(providers[0]); i++)
		if (strcmp(providers[i].prog, base) == 0)
			return providers[i].package;
	return NULL;
}

int tools_require(const char *prog, const char *why, struct osdk_err *err)
{
	const char *pkg;

	if (proc_which(prog))
		return 0;
	pkg = tools_package(prog);
	if (pkg)
		return err_set(err, -ENOENT,
			       "'%s' not found: needed to %s; install the "
			       "Debian package '%s'",
			       prog, why, pkg);
	return err_set(err, -ENOENT, "'%s' not found: needed to %s", prog, why);
}
