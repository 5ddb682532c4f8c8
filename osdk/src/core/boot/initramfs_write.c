/* SPDX-License-Identifier: MIT */
/* initramfs_write.c - a member list as a reproducible cpio (newc) archive. */
#include "core/boot/initramfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "core/boot/initramfs_int.h"
#include "util/err.h"
#include "util/xalloc.h"

/* Copy a host file's bytes, which must still be the size recorded. */
static int copy_data(struct archive *a, const struct rd_member *m,
		     struct osdk_err *err)
{
	char buf[65536];
	size_t total = 0;
	ssize_t n;
	int fd, ret = 0;

	fd = open(m->host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, -errno, "could not read '%s': %s", m->host,
			       strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (total + (size_t)n > m->len)
			break;
		if (archive_write_data(a, buf, (size_t)n) != n) {
			ret = err_set(err, -EIO, "could not pack '%s': %s",
				      m->host, archive_error_string(a));
			goto out;
		}
		total += (size_t)n;
	}
	if (n < 0)
		ret = err_set(err, -errno, "could not read '%s': %s", m->host,
			      strerror(errno));
	else if (total != m->len || n > 0)
		ret = err_set(err, -EAGAIN,
			      "'%s' changed while it was being packed; "
			      "build again",
			      m->host);
out:
	close(fd);
	return ret;
}

static int write_member(struct archive *a, struct archive_entry *e,
			const struct rd_member *m, int64_t ino, int64_t mtime,
			struct osdk_err *err)
{
	static const unsigned types[] = {
		[RD_REG] = AE_IFREG, [RD_DIR] = AE_IFDIR, [RD_LNK] = AE_IFLNK,
		[RD_CHR] = AE_IFCHR, [RD_BLK] = AE_IFBLK,
	};
	int ret = 0;

	archive_entry_clear(e);
	archive_entry_set_pathname(e, m->name);
	archive_entry_set_filetype(e, types[m->type]);
	archive_entry_set_perm(e, (mode_t)m->perm);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, (time_t)mtime, 0);
	archive_entry_set_ino64(e, ino);
	archive_entry_set_nlink(e, m->type == RD_DIR ? 2 : 1);
	archive_entry_set_dev(e, 0);
	archive_entry_set_rdevmajor(e, m->major);
	archive_entry_set_rdevminor(e, m->minor);
	if (m->type == RD_LNK)
		archive_entry_set_symlink(e, m->target);
	archive_entry_set_size(e, m->type == RD_REG ? (la_int64_t)m->len : 0);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		return err_set(err, -EIO, "could not pack '/%s': %s", m->name,
			       archive_error_string(a));
	if (m->type != RD_REG || !m->len)
		return 0;
	if (m->host)
		ret = copy_data(a, m, err);
	else if (archive_write_data(a, m->data, m->len) != (la_ssize_t)m->len)
		ret = err_set(err, -EIO, "could not pack '/%s': %s", m->name,
			      archive_error_string(a));
	return ret;
}

static int open_archive(struct archive *a, const struct initramfs_opts *o,
			const char *tmp, struct osdk_err *err)
{
	if (archive_write_set_format_cpio_newc(a) != ARCHIVE_OK)
		goto fail;
	if (o->gzip) {
		/* No time stamp in the gzip header: the bytes must not
		 * depend on when they were made. */
		if (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
		    archive_write_set_filter_option(a, "gzip", "timestamp",
						    NULL) != ARCHIVE_OK)
			goto fail;
	} else if (archive_write_add_filter_none(a) != ARCHIVE_OK) {
		goto fail;
	}
	/* One block per write: the archive ends where its data ends. */
	if (archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open_filename(a, tmp) != ARCHIVE_OK)
		goto fail;
	return 0;
fail:
	return err_set(err, -EIO, "could not write '%s': %s", tmp,
		       archive_error_string(a));
}

int initramfs_write(const struct initramfs_opts *o, const struct rd_set *s,
		    struct osdk_err *err)
{
	char *tmp = xasprintf("%s.tmp.%ld", o->out, (long)getpid());
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	int ret;

	ret = open_archive(a, o, tmp, err);
	for (size_t i = 0; !ret && i < s->n; i++)
		ret = write_member(a, e, &s->v[i], (int64_t)i + 1, o->mtime,
				   err);
	if (archive_write_close(a) != ARCHIVE_OK && !ret)
		ret = err_set(err, -EIO, "could not write '%s': %s", tmp,
			      archive_error_string(a));
	if (!ret && rename(tmp, o->out) < 0)
		ret = err_set(err, -errno, "could not write '%s': %s", o->out,
			      strerror(errno));
	if (ret)
		unlink(tmp);
	archive_entry_free(e);
	archive_write_free(a);
	free(tmp);
	return ret;
}
