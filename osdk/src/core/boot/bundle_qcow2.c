/* SPDX-License-Identifier: MIT */
/* bundle_qcow2.c - the grub-qcow2 boot method: a GPT disk image whose EFI
 * system partition holds GRUB for x86_64-efi, the kernel and its initramfs,
 * as a qcow2 file that UEFI firmware (OVMF) boots. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/boot/bundle.h"
#include "core/boot/bundle_efi.h"
#include "core/boot/initramfs.h"
#include "core/build/tools.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* The partition starts at 1 MiB; the disk ends 1 MiB after it, room for
 * the backup GPT. */
#define ESP_LBA 2048
#define SECTOR	512ull
#define MIB	(1024ull * 1024)
/* The dates of the FAT file system when $SOURCE_DATE_EPOCH is unset. */
#define QCOW2_EPOCH "1700000000"

/* A GUID from 16 bytes of @digest, in the textual form sfdisk reads, with
 * the variant and version bits of a random (v4) GUID set. */
static void guid_from(const unsigned char *d, char out[37])
{
	unsigned char b[16];

	memcpy(b, d, 16);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X"
		 "%02X%02X",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

static int hexbyte(const char *h)
{
	int v = 0;

	for (int i = 0; i < 2; i++) {
		char c = h[i];

		v = v * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
	}
	return v;
}

/*
 * The identity of the image: a digest of everything in it, from which the
 * FAT serial and the GPT GUIDs come, so that the same inputs give the same
 * bytes and different images differ.
 */
static int image_digest(const struct bundle_opts *o, const char *cfg,
			const char *epoch, unsigned char digest[32],
			struct osdk_err *err)
{
	struct strbuf all = STRBUF_INIT;
	char hex[65];
	int ret = fs_read(o->elf, &all, err);

	if (!ret && o->initramfs)
		ret = fs_read(o->initramfs, &all, err);
	if (!ret) {
		strbuf_adds(&all, cfg);
		strbuf_adds(&all, epoch);
		sha256_hex(all.buf, all.len, hex);
		for (int i = 0; i < 32; i++)
			digest[i] = (unsigned char)hexbyte(hex + 2 * i);
	}
	strbuf_release(&all);
	return ret;
}

/* Date @to, a file just put in the work directory, @epoch (after @ret, the
 * result of putting it there). */
static int stage(int ret, const char *to, long long epoch,
		 struct osdk_err *err)
{
	struct timespec ts[2] = { { epoch, 0 }, { epoch, 0 } };

	if (!ret && utimensat(AT_FDCWD, to, ts, 0) < 0)
		ret = err_set(err, -errno, "could not date '%s': %s", to,
			      strerror(errno));
	return ret;
}

/* Write @src into @dst at byte @off. */
static int place(const char *src, const char *dst, unsigned long long off,
		 struct osdk_err *err)
{
	struct strbuf data = STRBUF_INIT;
	int fd, ret = fs_read(src, &data, err);

	if (ret)
		return ret;
	fd = open(dst, O_WRONLY | O_CLOEXEC);
	if (fd < 0 ||
	    pwrite(fd, data.buf, data.len, (off_t)off) != (ssize_t)data.len)
		ret = err_set(err, -errno, "could not write '%s': %s", dst,
			      strerror(errno));
	if (fd >= 0)
		close(fd);
	strbuf_release(&data);
	return ret;
}

/* The EFI system partition: FAT, dated @epoch, with @serial. */
static int make_esp(const char *dir, const char *esp, unsigned long long size,
		    const char *serial, const char *epoch, bool initramfs,
		    const char *kernel, struct osdk_err *err)
{
	char *img = xasprintf("-i%s", esp);
	char *efi = fs_join(dir, "BOOTX64.EFI");
	char *elf = fs_join(dir, kernel);
	char *dest = xasprintf("::/boot/%s", kernel);
	char *ird = fs_join(dir, "initramfs");
	char *cfg = fs_join(dir, "grub.cfg");
	char *env = xasprintf("SOURCE_DATE_EPOCH=%s", epoch);
	int ret = bundle_make_file(esp, size, err);

	if (!ret) {
		const char *argv[] = { "env",  env,  "mformat", img,  "-N",
				       serial, "-v", "ESP",	"::", NULL };

		ret = bundle_run_tool(argv, "making the EFI system partition",
				      err);
	}
	if (!ret) {
		const char *argv[] = {
			"env",	       env,	  "mmd",	  img, "::/EFI",
			"::/EFI/BOOT", "::/boot", "::/boot/grub", NULL
		};

		ret = bundle_run_tool(argv, "making its directories", err);
	}
	if (!ret)
		ret = bundle_mcopy(env, img, efi, "::/EFI/BOOT/BOOTX64.EFI",
				   err);
	if (!ret)
		ret = bundle_mcopy(env, img, elf, dest, err);
	if (!ret)
		ret = bundle_mcopy(env, img, cfg, "::/boot/grub/grub.cfg", err);
	if (!ret && initramfs)
		ret = bundle_mcopy(env, img, ird, "::/boot/initramfs", err);
	free(img);
	free(efi);
	free(elf);
	free(dest);
	free(ird);
	free(cfg);
	free(env);
	return ret;
}

/* A GPT disk of one EFI system partition, the ESP copied in. */
static int make_disk(const char *disk, const char *esp,
		     unsigned long long esp_size, const unsigned char *digest,
		     struct osdk_err *err)
{
	char disk_id[37], part_id[37];
	char *script, *script_path = xasprintf("%s.sfdisk", disk);
	int ret;

	guid_from(digest, disk_id);
	guid_from(digest + 16, part_id);
	script = xasprintf("label: gpt\nlabel-id: %s\nfirst-lba: %d\n"
			   "start=%d, size=%llu, "
			   "type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, "
			   "uuid=%s, name=\"EFI system partition\"\n",
			   disk_id, ESP_LBA, ESP_LBA, esp_size / SECTOR,
			   part_id);
	ret = bundle_make_file(disk, ESP_LBA * SECTOR + esp_size + MIB, err);
	if (!ret)
		ret = fs_write_atomic(script_path, script, strlen(script), err);
	if (!ret) {
		/* sfdisk reads its script on stdin: sh redirects it. */
		char *cmd = xasprintf("sfdisk -q --no-reread --no-tell-kernel "
				      "\"$1\" < \"$2\"");
		const char *argv[] = { "sh", "-c",	  cmd, "sh",
				       disk, script_path, NULL };

		ret = bundle_run_tool(argv, "writing the partition table", err);
		free(cmd);
	}
	if (!ret)
		ret = place(esp, disk, ESP_LBA * SECTOR, err);
	free(script);
	free(script_path);
	return ret;
}

/* The kernel (in the protocol's form) and the initramfs staged in @dir
 * beside GRUB's files, everything dated at @epoch: what the FAT file
 * system records. */
static int stage_files(const struct bundle_opts *o, const char *dir,
		       const char *kernel, const char *epoch,
		       struct osdk_err *err)
{
	long long e = strtoll(epoch, NULL, 10);
	char *k = fs_join(dir, kernel);
	char *i = fs_join(dir, "initramfs");
	char *efi = fs_join(dir, "BOOTX64.EFI");
	char *cfg = fs_join(dir, "grub.cfg");
	struct timespec ts[2] = { { e, 0 }, { e, 0 } };
	int ret;

	ret = stage(bundle_stage_kernel(o->elf, o->protocol, k, err), k, e,
		    err);
	if (!ret && o->initramfs)
		ret = stage(fs_copy_file(o->initramfs, i, err), i, e, err);
	if (!ret && (utimensat(AT_FDCWD, efi, ts, 0) < 0 ||
		     utimensat(AT_FDCWD, cfg, ts, 0) < 0))
		ret = err_set(err, -errno, "could not date GRUB's files: %s",
			      strerror(errno));
	free(k);
	free(i);
	free(efi);
	free(cfg);
	return ret;
}

/* Room for the staged files, rounded up to MiB, and at least the 32 MiB
 * a FAT16 file system of 512-byte sectors wants. */
static unsigned long long esp_size_for(const struct bundle_opts *o,
				       const char *dir, const char *kernel)
{
	unsigned long long size = 8 * MIB;
	char *k = fs_join(dir, kernel);
	char *efi = fs_join(dir, "BOOTX64.EFI");
	struct stat st;

	if (!stat(k, &st))
		size += (unsigned long long)st.st_size;
	if (o->initramfs && !stat(o->initramfs, &st))
		size += (unsigned long long)st.st_size;
	if (!stat(efi, &st))
		size += (unsigned long long)st.st_size;
	free(k);
	free(efi);
	size = (size + MIB - 1) / MIB * MIB;
	return size < 32 * MIB ? 32 * MIB : size;
}

int bundle_make_qcow2(const struct bundle_opts *o, struct bundle *b,
		      struct osdk_err *err)
{
	char *image = xasprintf("%s/%s.qcow2", o->out_dir, o->name);
	char *dir = xasprintf("%s.d", image);
	char *cfg_path = fs_join(dir, "grub.cfg");
	char *esp = fs_join(dir, "esp.img");
	char *disk = fs_join(dir, "disk.img");
	char *tmp = xasprintf("%s.tmp", image);
	char *stamp_path = xasprintf("%s.stamp", image);
	char *cfg = bundle_grub_cfg(o->cmdline, o->initramfs != NULL,
				    o->protocol);
	const char *kernel = bundle_kernel_file(o->protocol);
	const char *env_epoch = getenv("SOURCE_DATE_EPOCH");
	const char *epoch = env_epoch && *env_epoch ? env_epoch : QCOW2_EPOCH;
	struct strbuf old = STRBUF_INIT;
	unsigned char digest[32];
	char serial[16], stamp[100], tools[17];
	unsigned long long esp_size;
	int64_t t;
	int ret;

	/* The epoch is checked as the initramfs checks it. */
	ret = initramfs_epoch(&t, err);
	if (!ret)
		ret = image_digest(o, cfg, epoch, digest, err);
	if (ret)
		goto out;
	bundle_tools_id(tools);
	snprintf(stamp, sizeof(stamp),
		 "%02x%02x%02x%02x%02x%02x%02x%02x %s %s", digest[0], digest[1],
		 digest[2], digest[3], digest[4], digest[5], digest[6],
		 digest[7], epoch, tools);
	/* The same inputs and tools made this image already: keep it. */
	if (fs_exists(image) && !fs_read(stamp_path, &old, NULL) &&
	    !strcmp(old.buf, stamp))
		goto done;
	ret = tools_require("mformat", "make a UEFI disk image", err);
	if (!ret)
		ret = tools_require("sfdisk", "make a UEFI disk image", err);
	if (!ret)
		ret = tools_require("qemu-img", "make a UEFI disk image", err);
	if (!ret)
		ret = fs_remove_tree(dir, err);
	if (!ret)
		ret = fs_mkdirs(dir, err);
	if (!ret)
		ret = fs_write_atomic(cfg_path, cfg, strlen(cfg), err);
	if (!ret)
		ret = bundle_efi_grub(dir, kernel, err);
	if (!ret)
		ret = stage_files(o, dir, kernel, epoch, err);
	esp_size = esp_size_for(o, dir, kernel);
	snprintf(serial, sizeof(serial), "%02X%02X%02X%02X", digest[16],
		 digest[17], digest[18], digest[19]);
	if (!ret)
		ret = make_esp(dir, esp, esp_size, serial, epoch,
			       o->initramfs != NULL, kernel, err);
	if (!ret)
		ret = make_disk(disk, esp, esp_size, digest, err);
	if (!ret) {
		const char *argv[] = { "qemu-img", "convert", "-f", "raw", "-O",
				       "qcow2",	   disk,      tmp,  NULL };

		ret = bundle_run_tool(argv, "converting the disk to qcow2",
				      err);
	}
	if (!ret && rename(tmp, image) < 0)
		ret = err_set(err, -errno, "could not write '%s': %s", image,
			      strerror(errno));
	if (!ret)
		ret = fs_write_atomic(stamp_path, stamp, strlen(stamp), err);
	if (ret) {
		unlink(tmp);
		goto out;
	}
	/* The raw disk and the partition are twice the image: drop them. */
	unlink(disk);
	unlink(esp);
	b->rebuilt = true;
done:
	ret = 0;
	b->image = image;
	image = NULL;
out:
	strbuf_release(&old);
	free(image);
	free(dir);
	free(cfg_path);
	free(esp);
	free(disk);
	free(tmp);
	free(stamp_path);
	free(cfg);
	return ret;
}
