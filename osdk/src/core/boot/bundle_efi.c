/* SPDX-License-Identifier: MIT */
/* bundle_efi.c - what the UEFI boot paths share: GRUB for x86_64-efi, a
 * small FAT image holding it, and running the tools that make them. */
#include "core/boot/bundle_efi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/build/tools.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* What GRUB needs to find its disk (GPT, or a CD's ISO 9660), read FAT and
 * load a multiboot2 or Linux boot protocol kernel with a serial console. */
static const char *const grub_modules[] = {
	"part_gpt", "part_msdos", "fat",	    "iso9660",
	"multiboot2", "linux",	  "normal",	    "configfile",
	"search",   "search_fs_file", "serial",	    "terminal",
	"echo",	    "efi_gop", NULL,
};

/* GRUB's built-in configuration: find the kernel's file system, then
 * read the grub.cfg beside it. */
static char *early_cfg(const char *kernel)
{
	return xasprintf("search --no-floppy --file --set=root /boot/%s\n"
			 "set prefix=($root)/boot/grub\n"
			 "configfile $prefix/grub.cfg\n",
			 kernel);
}

/* The files of a GRUB module directory whose change is a new GRUB. */
static void grub_dir_id(struct strbuf *sb, const char *dir)
{
	static const char *const files[] = { "kernel.img", "moddep.lst",
					     "normal.mod", NULL };
	struct stat st;

	for (size_t i = 0; files[i]; i++) {
		char *path = fs_join(dir, files[i]);

		if (stat(path, &st) == 0)
			strbuf_addf(sb, "%s %lld %lld.%09ld\n", path,
				    (long long)st.st_size,
				    (long long)st.st_mtim.tv_sec,
				    st.st_mtim.tv_nsec);
		free(path);
	}
}

void bundle_tools_id(char out[17])
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char hex[65];

	if (stat("/proc/self/exe", &st) == 0)
		strbuf_addf(&sb, "osdk %lld %lld %lld.%09ld\n",
			    (long long)st.st_ino, (long long)st.st_size,
			    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	for (size_t i = 0; grub_modules[i]; i++)
		strbuf_addf(&sb, "%s ", grub_modules[i]);
	grub_dir_id(&sb, BUNDLE_GRUB_EFI_DIR);
	grub_dir_id(&sb, BUNDLE_GRUB_BIOS_DIR);
	sha256_hex(sb.buf ? sb.buf : "", sb.len, hex);
	memcpy(out, hex, 16);
	out[16] = 0;
	strbuf_release(&sb);
}

int bundle_run_tool(const char *const *argv, const char *what,
		    struct osdk_err *err)
{
	struct strbuf out = STRBUF_INIT;
	int status, ret = proc_run(argv, NULL, &out, &status);

	if (ret)
		ret = err_set(err, ret, "could not run %s: %s", argv[0],
			      strerror(-ret));
	else if (status != 0)
		ret = err_set(err, -EIO, "%s failed (%s):\n%s", argv[0], what,
			      out.buf ? out.buf : "");
	strbuf_release(&out);
	return ret;
}

int bundle_mcopy(const char *env, const char *img, const char *src,
		 const char *dest, struct osdk_err *err)
{
	const char *argv[] = {
		"env", env, "mcopy", "-m", img, src, dest, NULL
	};

	return bundle_run_tool(argv, dest, err);
}

int bundle_make_file(const char *path, unsigned long long size,
		     struct osdk_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int ret = 0;

	if (fd < 0 || ftruncate(fd, (off_t)size) < 0)
		ret = err_set(err, -errno, "could not make '%s': %s", path,
			      strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
}

int bundle_efi_grub(const char *dir, const char *kernel, struct osdk_err *err)
{
	char *cfg = early_cfg(kernel);
	char *early = fs_join(dir, "early.cfg");
	char *efi = fs_join(dir, "BOOTX64.EFI");
	struct strvec argv = STRVEC_INIT;
	int ret = tools_require("grub-mkimage", "make GRUB for UEFI", err);

	if (!ret && !fs_is_dir(BUNDLE_GRUB_EFI_DIR))
		ret = err_set(err, -ENOENT,
			      "GRUB's x86_64-efi modules (" BUNDLE_GRUB_EFI_DIR
			      ") are missing: needed to boot on UEFI; install "
			      "the Debian package 'grub-efi-amd64-bin'");
	if (!ret)
		ret = fs_write_atomic(early, cfg, strlen(cfg), err);
	if (!ret) {
		strvec_push(&argv, "grub-mkimage");
		strvec_push(&argv, "-O");
		strvec_push(&argv, "x86_64-efi");
		strvec_push(&argv, "-d");
		strvec_push(&argv, BUNDLE_GRUB_EFI_DIR);
		strvec_push(&argv, "-p");
		strvec_push(&argv, "/boot/grub");
		strvec_push(&argv, "-c");
		strvec_push(&argv, early);
		strvec_push(&argv, "-o");
		strvec_push(&argv, efi);
		for (size_t i = 0; grub_modules[i]; i++)
			strvec_push(&argv, grub_modules[i]);
		ret = bundle_run_tool(strvec_argv(&argv),
				      "building GRUB for UEFI", err);
	}
	strvec_clear(&argv);
	free(cfg);
	free(early);
	free(efi);
	return ret;
}

int bundle_efi_fat(const char *img, unsigned long long size, const char *serial,
		   const char *epoch, const char *dir, struct osdk_err *err)
{
	char *i = xasprintf("-i%s", img);
	char *env = xasprintf("SOURCE_DATE_EPOCH=%s", epoch);
	char *efi = fs_join(dir, "BOOTX64.EFI");
	long long e = strtoll(epoch, NULL, 10);
	struct timespec ts[2] = { { e, 0 }, { e, 0 } };
	int ret = tools_require("mformat", "make an EFI boot image", err);

	if (!ret)
		ret = bundle_make_file(img, size, err);
	if (!ret && utimensat(AT_FDCWD, efi, ts, 0) < 0)
		ret = err_set(err, -errno, "could not date '%s': %s", efi,
			      strerror(errno));
	if (!ret) {
		const char *argv[] = { "env", env,    "mformat", i,
				       "-N",  serial, "::",	 NULL };

		ret = bundle_run_tool(argv, "making the EFI boot image", err);
	}
	if (!ret) {
		const char *argv[] = { "env",	 env,		"mmd", i,
				       "::/EFI", "::/EFI/BOOT", NULL };

		ret = bundle_run_tool(argv, "making its directories", err);
	}
	if (!ret)
		ret = bundle_mcopy(env, i, efi, "::/EFI/BOOT/BOOTX64.EFI", err);
	free(i);
	free(env);
	free(efi);
	return ret;
}
