/* SPDX-License-Identifier: MIT */
/* qemu.c - building QEMU's command line and decoding its exit status. */
#include "qemu.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "util/err.h"
#include "util/strvec.h"
#include "util/xalloc.h"

char *qemu_gdb_chardev(const char *addr)
{
	if (strchr(addr, '/') || !strchr(addr, ':'))
		return xasprintf("unix:%s,server=on,wait=off", addr);
	return xasprintf("tcp:%s", addr);
}

int qemu_argv(const struct qemu_opts *o, struct strvec *argv,
	      struct osdk_err *err)
{
	const struct bundle *b = o->bundle;
	int ret;

	strvec_push(argv, o->qemu);
	if (o->args) {
		ret = strvec_split(argv, o->args, err);
		if (ret)
			return err_prefix(err, ret, "QEMU arguments");
	}
	strvec_push(argv, "-display");
	strvec_push(argv, "none");
	strvec_push(argv, "-monitor");
	strvec_push(argv, "none");
	strvec_push(argv, "-serial");
	strvec_push(argv, o->interactive ? "mon:stdio" : "stdio");
	strvec_push(argv, "-no-reboot");
	strvec_push(argv, "-device");
	strvec_push(argv,
		    "isa-debug-exit,iobase=" QEMU_EXIT_PORT ",iosize=0x04");
	if (b->method == BUNDLE_QEMU_DIRECT) {
		strvec_push(argv, "-kernel");
		strvec_push(argv, b->kernel);
		strvec_push(argv, "-append");
		strvec_push(argv, b->cmdline);
		if (b->initramfs) {
			strvec_push(argv, "-initrd");
			strvec_push(argv, b->initramfs);
		}
	} else {
		strvec_push(argv, "-drive");
		strvec_pushf(argv, "file=%s,media=cdrom,format=raw,readonly=on",
			     b->image);
		strvec_push(argv, "-boot");
		strvec_push(argv, "d");
	}
	if (o->gdb_addr) {
		char *dev = qemu_gdb_chardev(o->gdb_addr);

		strvec_push(argv, "-gdb");
		strvec_push(argv, dev);
		free(dev);
	}
	if (o->gdb_wait)
		strvec_push(argv, "-S");
	return 0;
}

bool qemu_guest_code(int status, int *code, const char **what)
{
	/* isa-debug-exit makes QEMU exit with (value << 1) | 1, and the frame
	 * writes 0x40 | code, so guest codes land on 129, 131, ... 255. */
	if (status >= 129 && status <= 255 && (status & 1)) {
		*code = (status - 129) / 2;
		*what = NULL;
		return true;
	}
	if (status == 0)
		*what = "the guest reset or shut down without an exit code "
			"(a triple fault ends QEMU this way under -no-reboot)";
	else if (status < 0)
		*what = "QEMU was killed by a signal";
	else
		*what = "QEMU failed";
	return false;
}
