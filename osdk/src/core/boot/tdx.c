/* SPDX-License-Identifier: MIT */
/* tdx.c - booting a kernel as an Intel TDX guest. */
#include "core/boot/tdx.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* Whether QEMU lists a "tdx-guest" object type. */
static bool qemu_has_tdx(const char *qemu)
{
	const char *argv[] = { qemu, "-object", "help", NULL };
	struct strbuf out = STRBUF_INIT;
	bool has = false;
	int status;

	if (!proc_run(argv, NULL, &out, &status) && status == 0 && out.buf)
		for (const char *p = out.buf; (p = strstr(p, "tdx-guest")); p++)
			/* a whole word: the list has one name per line */
			if ((p == out.buf || p[-1] == ' ' || p[-1] == '\n') &&
			    (p[9] == '\n' || p[9] == '\0' || p[9] == ' '))
				has = true;
	strbuf_release(&out);
	return has;
}

int tdx_check(const char *qemu, const char *kvm_device, const char *tdvf,
	      char **tdvf_out, struct osdk_err *err)
{
	static const char *const paths[] = TDX_TDVF_PATHS;
	struct strbuf why = STRBUF_INIT;
	int fd, ret = 0;

	*tdvf_out = NULL;
	if (!qemu_has_tdx(qemu))
		strbuf_addf(
			&why,
			"\n  - QEMU ('%s') has no 'tdx-guest' object: TDX "
			"guests need QEMU 10.1 or later (Debian 12 has 7.2)",
			qemu);
	fd = open(kvm_device, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		strbuf_addf(&why,
			    "\n  - KVM: '%s' cannot be opened (%s); TDX guests "
			    "run only under KVM on a host with TDX enabled",
			    kvm_device, strerror(errno));
	else
		close(fd);
	if (tdvf && fs_exists(tdvf)) {
		*tdvf_out = xstrdup(tdvf);
	} else if (tdvf) {
		strbuf_addf(&why,
			    "\n  - the TDX firmware '%s' (qemu.tdvf) is "
			    "missing",
			    tdvf);
	} else {
		for (size_t i = 0; paths[i] && !*tdvf_out; i++)
			if (fs_exists(paths[i]))
				*tdvf_out = xstrdup(paths[i]);
		if (!*tdvf_out)
			strbuf_addf(&why,
				    "\n  - TDX firmware (TDVF): none at %s or "
				    "%s; name one with qemu.tdvf",
				    paths[0], paths[1]);
	}
	if (why.len) {
		ret = err_set(err, -ENODEV,
			      "this host cannot run a TDX guest; the image is "
			      "built, but:%s",
			      why.buf);
		free(*tdvf_out);
		*tdvf_out = NULL;
	}
	strbuf_release(&why);
	return ret;
}

void tdx_qemu_args(const char *tdvf, struct strvec *argv)
{
	strvec_push(argv, "-object");
	strvec_push(argv, "tdx-guest,id=" TDX_OBJECT_ID);
	/* Joined with the user's -machine: a TD needs the split irqchip. */
	strvec_push(argv, "-machine");
	strvec_push(argv, "confidential-guest-support=" TDX_OBJECT_ID
			  ",kernel-irqchip=split,hpet=off");
	strvec_push(argv, "-bios");
	strvec_push(argv, tdvf);
}
