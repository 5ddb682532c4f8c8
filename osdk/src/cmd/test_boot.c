/* SPDX-License-Identifier: MIT */
/* test_boot.c - how osdk test boots its kernel: from a bundle kept by -o,
 * or from the build just made. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

int test_boot_from_bundle(const struct build_flags *f, struct test_boot *tb)
{
	const struct bundle_dir *bd = &tb->bd;
	struct ktest_opts *ko = &tb->ko;
	int ret;

	ko->bundle.method = bd->method;
	ko->bundle.name = bd->package;
	ko->bundle.cmdline = bd->cmdline;
	ko->bundle.initramfs = bd->initramfs;
	ko->qemu = bd->qemu;
	tb->qargs = xasprintf("%s%s%s", bd->qemu_args ? bd->qemu_args : "",
			      bd->qemu_args && f->qemu_args ? " " : "",
			      f->qemu_args ? f->qemu_args : "");
	ko->qemu_args = tb->qargs;
	ko->timeout = bd->test_timeout;
	/* What a UEFI or TDX boot of the bundle needs, as kept. */
	ko->bundle.protocol = bd->protocol;
	ko->ovmf_code = bd->ovmf_code;
	ko->ovmf_vars = bd->ovmf_vars;
	/* Each boot's image goes here: the bundle may be read-only. */
	tb->tmp_dir = cli_tmp_dir("test");
	ret = tb->tmp_dir ? cli_accel_for(f->accel ? f->accel : bd->accel,
					  tb->qargs, &tb->accel)
			  : 1;
	if (!ret)
		ret = cli_tdx_for(bd->confidential,
				  bundle_method_name(bd->method), bd->qemu,
				  bd->tdvf, &tb->tdvf);
	if (ret)
		return ret;
	ko->tdvf = tb->tdvf;
	ko->bundle.out_dir = tb->tmp_dir;
	return 0;
}

/* -o DIR: the test kernel and its initramfs copied into DIR, with what
 * osdk test --bundle DIR needs to run them elsewhere. */
static int keep_bundle(const char *dir, const struct session *s,
		       const struct bundle_opts *bo, const char *initramfs)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct bundle_dir bd = {
		.kind = BUNDLE_DIR_KTEST,
		.package = s->res.kernel_name,
		.method = bo->method,
		.protocol = bo->protocol,
		.confidential = s->cfg.confidential,
		.cmdline = s->cfg.cmdline,
		.qemu = s->cfg.qemu_path,
		.qemu_args = s->cfg.qemu_args,
		.accel = s->cfg.accel,
		.test_timeout = s->cfg.test_timeout,
	};
	char *elf = NULL, *ird = NULL;
	int ret = fs_mkdirs(dir, &err);

	if (!ret) {
		elf = fs_join(dir, strrchr(s->res.kernel_elf, '/') + 1);
		ret = fs_copy_file(s->res.kernel_elf, elf, &err);
	}
	if (!ret && initramfs) {
		const char *base = strrchr(initramfs, '/');

		ird = fs_join(dir, base ? base + 1 : initramfs);
		ret = fs_copy_file(initramfs, ird, &err);
	}
	bd.kernel = elf;
	bd.initramfs = ird;
	if (!ret)
		ret = bundle_dir_add_firmware(dir, &bd, s->cfg.ovmf_code,
					      s->cfg.ovmf_vars, s->cfg.tdvf,
					      &err);
	if (!ret)
		ret = bundle_dir_write(dir, &bd, &err);
	free(elf);
	free(ird);
	free(bd.ovmf_code);
	free(bd.ovmf_vars);
	free(bd.tdvf);
	if (ret)
		return cli_fail(&err);
	cli_status("Kept", "the test kernel in %s", dir);
	return 0;
}

int test_image_from_build(const struct test_args *a, struct session *s,
			  struct test_boot *tb)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct ktest_opts *ko = &tb->ko;
	int ret;

	if (bundle_method_parse(s->cfg.boot_method, &ko->bundle.method, &err) ||
	    bundle_protocol_parse(s->cfg.grub_protocol, &ko->bundle.protocol,
				  &err))
		return cli_fail(&err);
	ko->bundle.name = s->res.kernel_name;
	ko->bundle.out_dir = s->res.out_dir;
	ko->bundle.cmdline = s->cfg.cmdline;
	ret = cli_initramfs(s, &tb->initramfs);
	if (!ret && a->out_dir)
		ret = keep_bundle(a->out_dir, s, &ko->bundle, tb->initramfs);
	return ret;
}

int test_qemu_from_build(struct session *s, struct test_boot *tb)
{
	struct ktest_opts *ko = &tb->ko;
	int ret;

	ko->bundle.initramfs = tb->initramfs;
	ko->qemu = s->cfg.qemu_path;
	ko->qemu_args = s->cfg.qemu_args;
	ko->ovmf_code = s->cfg.ovmf_code;
	ko->ovmf_vars = s->cfg.ovmf_vars;
	ko->timeout = s->cfg.test_timeout;
	ret = cli_accel(s, &tb->accel);
	if (!ret)
		ret = cli_tdx(s, &tb->tdvf);
	if (ret)
		return ret;
	ko->tdvf = tb->tdvf;
	if (s->cov && !(tb->cov_file = cli_cov_stream(s)))
		return 1;
	ko->cov_file = tb->cov_file;
	return 0;
}

void test_boot_release(struct test_boot *tb)
{
	struct osdk_err err = OSDK_ERR_INIT;

	bundle_dir_release(&tb->bd);
	if (tb->tmp_dir)
		fs_remove_tree(tb->tmp_dir, &err);
	free(tb->tmp_dir);
	free(tb->qargs);
	free(tb->tdvf);
	free(tb->initramfs);
	free(tb->cov_file);
}
