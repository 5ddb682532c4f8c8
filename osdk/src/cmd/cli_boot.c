/* SPDX-License-Identifier: MIT */
/* cli_boot.c - what run, test and profile check before they boot: a kept
 * bundle (--bundle DIR), a private scratch directory, a TDX host. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/boot/accel.h"
#include "core/boot/bundle_dir.h"
#include "core/boot/tdx.h"
#include "msg.h"
#include "util/err.h"
#include "util/xalloc.h"

const char *cli_bundle_flag_conflict(const struct build_flags *f)
{
	const struct {
		bool set;
		const char *name;
	} flags[] = {
		{ f->release, "--release" },
		{ f->scheme, "--scheme" },
		{ f->boot_method, "--boot-method" },
		{ f->grub_protocol, "--grub-boot-protocol" },
		{ f->kcmdline, "--kcmdline" },
		{ f->initramfs, "--initramfs" },
		{ f->target_arch, "--target-arch" },
		{ f->jobs > 0, "--jobs" },
		{ f->locked, "--locked" },
		{ f->offline, "--offline" },
		{ f->pkg.packages.n, "--package" },
		{ f->pkg.excludes.n, "--exclude" },
		{ f->pkg.workspace, "--workspace" },
		{ f->pkg.manifest_path, "--manifest-path" },
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (flags[i].set)
			return flags[i].name;
	return NULL;
}

char *cli_tmp_dir(const char *what)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/osdk-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp",
			      what);

	if (mkdtemp(dir))
		return dir;
	cli_error("could not make a directory '%s': %s", dir, strerror(errno));
	free(dir);
	return NULL;
}

int cli_bundle_load(const struct build_flags *f, const char *dir,
		    bool want_ktest, struct bundle_dir *bd)
{
	struct osdk_err err = OSDK_ERR_INIT;
	const char *bad = cli_bundle_flag_conflict(f);
	bool ktest;

	cli_quiet = f->quiet;
	cli_verbose = f->verbose;
	if (bad) {
		cli_error("%s cannot be used with --bundle, which boots what "
			  "was built as it was built",
			  bad);
		return EXIT_USAGE;
	}
	if ((f->accel && accel_check_name(f->accel, &err)) ||
	    msg_format_check(f->message_format, &err)) {
		cli_fail(&err);
		return EXIT_USAGE;
	}
	if (f->message_format && !strcmp(f->message_format, "json"))
		msg_begin();
	if (bundle_dir_read(dir, bd, &err))
		return cli_fail(&err);
	ktest = bd->kind == BUNDLE_DIR_KTEST;
	if (ktest != want_ktest) {
		cli_error("'%s' holds %s; %s", dir,
			  ktest ? "a test kernel" : "a kernel",
			  ktest ? "boot it with 'osdk test --bundle'"
				: "boot it with 'osdk run --bundle'");
		bundle_dir_release(bd);
		return 1;
	}
	cli_status("Using", "the bundle in %s (%s, %s)", dir, bd->package,
		   bundle_method_name(bd->method));
	return 0;
}

int cli_tdx_for(const char *confidential, const char *method,
		const char *qemu, const char *tdvf_cfg, char **tdvf)
{
	struct osdk_err err = OSDK_ERR_INIT;
	const char *dev = getenv("OSDK_KVM_DEVICE");

	*tdvf = NULL;
	if (!confidential || strcmp(confidential, "tdx"))
		return 0;
	if (strcmp(method, "grub-qcow2")) {
		cli_error("qemu.confidential: tdx boots a UEFI disk image: set "
			  "boot.method to grub-qcow2 (it is %s)",
			  method);
		return 1;
	}
	if (tdx_check(qemu, dev && *dev ? dev : ACCEL_KVM_DEVICE, tdvf_cfg,
		      tdvf, &err))
		return cli_fail(&err);
	return 0;
}

int cli_tdx(const struct session *s, char **tdvf)
{
	return cli_tdx_for(s->cfg.confidential, s->cfg.boot_method,
			   s->cfg.qemu_path, s->cfg.tdvf, tdvf);
}
