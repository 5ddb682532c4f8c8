/* SPDX-License-Identifier: MIT */
/* run_boot.c - how osdk run boots its kernel: from a bundle kept by
 * osdk build -o, or from the build just made. */
#include "run.h"

#include <stdlib.h>

#include "msg.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

int run_boot_from_bundle(const struct run_args *a, struct run_boot *rb)
{
	const struct build_flags *f = &a->f;
	struct bundle_dir *bd = &rb->bd;
	struct bundle *b = &rb->b;
	int ret = cli_bundle_load(f, a->bundle_from, false, bd);

	if (ret)
		return ret;
	b->method = bd->method;
	b->protocol = bd->protocol;
	b->kernel = xstrdup(bd->kernel);
	b->image = bd->image ? xstrdup(bd->image) : NULL;
	b->initramfs = bd->initramfs ? xstrdup(bd->initramfs) : NULL;
	b->cmdline = bd->cmdline ? xstrdup(bd->cmdline) : NULL;
	rb->qargs = xasprintf("%s%s%s", bd->qemu_args ? bd->qemu_args : "",
			      bd->qemu_args && f->qemu_args ? " " : "",
			      f->qemu_args ? f->qemu_args : "");
	rb->tmp_dir = cli_tmp_dir("run");
	if (!rb->tmp_dir)
		return 1;
	rb->qo.qemu = bd->qemu;
	rb->qo.args = rb->qargs;
	/* What a UEFI or TDX boot of the bundle needs, as kept. */
	rb->qo.ovmf_code = bd->ovmf_code;
	rb->qo.ovmf_vars = bd->ovmf_vars;
	ret = cli_accel_for(f->accel ? f->accel : bd->accel, rb->qargs,
			    &rb->accel);
	if (!ret)
		ret = cli_tdx_for(bd->confidential,
				  bundle_method_name(bd->method), bd->qemu,
				  bd->tdvf, &rb->tdvf);
	rb->qo.tdvf = rb->tdvf;
	/* The bundle's directory may be read-only. */
	rb->exit_file = fs_join(rb->tmp_dir, "exit");
	return ret;
}

int run_boot_from_build(const struct run_args *a, struct session *s,
			struct run_boot *rb)
{
	int ret = cli_build(&a->f, CONFIG_RUN, s);

	if (!ret)
		ret = cli_bundle(s, &rb->b);
	if (!ret)
		msg_image(s, &rb->b);
	if (!ret)
		ret = cli_accel(s, &rb->accel);
	if (!ret)
		ret = cli_tdx(s, &rb->tdvf);
	if (!ret && a->vscode)
		ret = run_gdb_vscode(s, a->gdb_addr);
	rb->qo.qemu = s->cfg.qemu_path;
	rb->qo.args = s->cfg.qemu_args;
	rb->qo.ovmf_code = s->cfg.ovmf_code;
	rb->qo.ovmf_vars = s->cfg.ovmf_vars;
	rb->qo.tdvf = rb->tdvf;
	rb->exit_file =
		rb->b.kernel ? xasprintf("%s.exit", rb->b.kernel) : NULL;
	if (!ret && s->cov && !(rb->cov_file = cli_cov_stream(s)))
		ret = 1;
	return ret;
}

void run_boot_release(struct run_boot *rb)
{
	struct osdk_err err = OSDK_ERR_INIT;

	bundle_release(&rb->b);
	bundle_dir_release(&rb->bd);
	if (rb->tmp_dir)
		fs_remove_tree(rb->tmp_dir, &err);
	free(rb->tmp_dir);
	free(rb->qargs);
	free(rb->tdvf);
	free(rb->exit_file);
	free(rb->cov_file);
}
