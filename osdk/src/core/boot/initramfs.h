/* SPDX-License-Identifier: MIT */
/* initramfs.h - the cpio archive the kernel unpacks as its first root. */
#ifndef OSDK_CORE_INITRAMFS_H
#define OSDK_CORE_INITRAMFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct manifest_initramfs;
struct osdk_err;

struct initramfs_opts {
	/* A list of entries (boot.initramfs in its list form), or NULL. */
	const struct manifest_initramfs *spec;
	/* Else a host directory packed as the whole root; `spec`, when set,
	 * is then its path form, used only to place messages. */
	const char *dir;
	const char *out; /* the archive to write */
	bool gzip;	 /* gzip the cpio stream */
	int64_t mtime;	 /* every member's modification time */
};

struct initramfs_result {
	size_t members; /* entries in the archive */
	bool rebuilt;	/* false when the archive was already up to date */
};

/*
 * Write o->out: a cpio archive in the "newc" format the Linux initramfs
 * unpacker reads, optionally gzipped, made to depend on its inputs only:
 * members sorted by path, missing parent directories added (0755), owner
 * and group 0, every mtime o->mtime, inode numbers 1, 2, ... in that
 * order. The members come from the entries: a host file (`source`, its
 * mode 0755 when executable and 0644 otherwise unless `mode` says), a text
 * (`content`, 0644), a directory (`dir`, 0755), a link (`symlink`), a host
 * directory merged in (`tree`: its files, directories and links, modes
 * normalised as for `source`), and for a `source` with `applets`, a link to
 * it per applet the program lists with `--list-full`, where no other entry
 * put anything. An explicit entry beats a tree's member at the same path,
 * and a later tree an earlier one.
 *
 * The archive is written again only when something it is made of changed:
 * the entries, the options, or the size or time of a host file or of
 * anything in a tree, recorded in o->out + ".inputs". A missing source, a
 * member below a file, or a busybox that does not list its applets is
 * -ENOENT/-EINVAL with "FILE:LINE:COL: 'FIELD' ..." from the manifest.
 */
int initramfs_make(const struct initramfs_opts *o, struct initramfs_result *res,
		   struct osdk_err *err);

/*
 * The time reproducible builds agree on: $SOURCE_DATE_EPOCH (decimal
 * seconds) when set, else 0. A value that is not a number is -EINVAL.
 */
int initramfs_epoch(int64_t *out, struct osdk_err *err);

#endif
