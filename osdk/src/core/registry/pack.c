/* SPDX-License-Identifier: MIT */
/* pack.c - writing and reading package archives with libarchive. */
#include "core/registry/pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"
#include "util/sort.h"

struct sink {
	struct strbuf *out;
	bool too_big;
};

static la_ssize_t sink_write(struct archive *a, void *ctx, const void *buf,
			     size_t n)
{
	struct sink *s = ctx;

	if (s->out->len + n > PACK_MAX_BYTES) {
		s->too_big = true;
		archive_set_error(a, EFBIG, "archive larger than %u MiB",
				  PACK_MAX_BYTES >> 20);
		return -1;
	}
	strbuf_add(s->out, buf, n);
	return (la_ssize_t)n;
}

static int add_file(struct archive *a, const char *dir, const char *prefix,
		    const char *rel, struct osdk_err *err)
{
	struct strbuf data = STRBUF_INIT;
	struct archive_entry *e;
	char *path = fs_join(dir, rel), *name;
	struct stat st;
	int ret;

	if (lstat(path, &st) < 0) {
		ret = err_set(err, -errno, "could not read '%s': %s", path,
			      strerror(errno));
		goto out_free;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = err_set(err, -EINVAL,
			      "'%s' is not a regular file; a "
			      "package archive holds regular files only",
			      path);
		goto out_free;
	}
	ret = fs_read(path, &data, err);
	if (ret)
		goto out_free;
	name = xasprintf("%s/%s", prefix, rel);
	e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, st.st_mode & S_IXUSR ? 0755 : 0644);
	archive_entry_set_size(e, (la_int64_t)data.len);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, 0, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    (data.len &&
	     archive_write_data(a, data.buf, data.len) != (la_ssize_t)data.len))
		ret = err_set(err, -EIO, "could not pack '%s': %s", path,
			      archive_error_string(a));
	archive_entry_free(e);
	free(name);
out_free:
	strbuf_release(&data);
	free(path);
	return ret;
}

int pack_create(const char *dir, const char *prefix, const struct strvec *files,
		struct strbuf *out, struct osdk_err *err)
{
	struct sink s = { out, false };
	struct archive *a = archive_write_new();
	char **sorted = xcalloc(files->n + 1, sizeof(char *));
	int ret = 0;

	memcpy(sorted, files->v, files->n * sizeof(char *));
	sort_strings(sorted, files->n);
	if (archive_write_set_format_ustar(a) != ARCHIVE_OK ||
	    archive_write_add_filter_none(a) != ARCHIVE_OK ||
	    archive_write_open2(a, &s, NULL, sink_write, NULL, NULL) !=
		    ARCHIVE_OK) {
		ret = err_set(err, -EIO, "could not start an archive: %s",
			      archive_error_string(a));
		goto out;
	}
	for (size_t i = 0; i < files->n && !ret; i++)
		ret = add_file(a, dir, prefix, sorted[i], err);
	if (archive_write_close(a) != ARCHIVE_OK && !ret)
		ret = err_set(err, s.too_big ? -EFBIG : -EIO,
			      "could not finish the archive of '%s': %s", dir,
			      archive_error_string(a));
	if (s.too_big && ret)
		ret = err_set(err, -EFBIG,
			      "the package in '%s' is larger than "
			      "%u MiB packed",
			      dir, PACK_MAX_BYTES >> 20);
out:
	archive_write_free(a);
	free(sorted);
	return ret;
}

/* A relative path of plain components: no "", ".", ".." or leading '/'. */
static bool safe_rel(const char *p)
{
	if (!*p || *p == '/')
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p == '/' && !*++p)
			return true; /* "dir/" names a directory */
	}
	return true;
}

static struct archive *open_reader(const void *data, size_t len)
{
	struct archive *a = archive_read_new();

	archive_read_support_format_tar(a);
	archive_read_support_filter_none(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static int write_entry(struct archive *a, struct archive_entry *e,
		       const char *dest, const char *rel, size_t *total,
		       const char *what, struct osdk_err *err)
{
	struct strbuf data = STRBUF_INIT;
	char *path = fs_join(dest, rel), *parent;
	char buf[65536];
	la_ssize_t n;
	int ret = 0;

	while ((n = archive_read_data(a, buf, sizeof(buf))) > 0) {
		*total += (size_t)n;
		if (*total > PACK_MAX_BYTES) {
			ret = err_set(err, -EFBIG,
				      "the archive of %s unpacks "
				      "to more than %u MiB",
				      what, PACK_MAX_BYTES >> 20);
			goto out;
		}
		strbuf_add(&data, buf, (size_t)n);
	}
	if (n < 0) {
		ret = err_set(err, -EIO,
			      "the archive of %s is corrupt at "
			      "'%s': %s",
			      what, rel, archive_error_string(a));
		goto out;
	}
	parent = xstrdup(path);
	*strrchr(parent, '/') = '\0';
	ret = fs_mkdirs(parent, err);
	free(parent);
	if (!ret)
		ret = fs_write_atomic(path, data.buf, data.len, err);
	if (!ret && chmod(path, archive_entry_perm(e) & 0100 ? 0755 : 0644))
		ret = err_set(err, -errno, "could not set the mode of '%s': %s",
			      path, strerror(errno));
out:
	strbuf_release(&data);
	free(path);
	return ret;
}

static int make_dir(const char *dest, const char *rel, struct osdk_err *err)
{
	char *path = fs_join(dest, rel);
	int ret = fs_mkdirs(path, err);

	free(path);
	return ret;
}

int pack_extract(const void *data, size_t len, const char *prefix,
		 const char *dest, const char *what, struct osdk_err *err)
{
	struct archive *a = open_reader(data, len);
	struct archive_entry *e;
	size_t plen = strlen(prefix), total = 0;
	int r = ARCHIVE_EOF, ret;

	if (!a)
		return err_set(err, -EINVAL,
			       "the archive of %s is not a tar "
			       "archive",
			       what);
	ret = fs_mkdirs(dest, err);
	while (!ret && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		const char *rel = name + plen + 1;
		mode_t type = archive_entry_filetype(e);

		if (!name || strncmp(name, prefix, plen) != 0 ||
		    name[plen] != '/' || !safe_rel(rel))
			ret = err_set(err, -EINVAL,
				      "the archive of %s holds "
				      "'%s', which is not a plain path below "
				      "'%s/'; refusing it",
				      what, name ? name : "", prefix);
		else if (archive_entry_hardlink(e) || type == AE_IFLNK)
			ret = err_set(err, -EINVAL,
				      "the archive of %s holds "
				      "a link '%s'; refusing it",
				      what, name);
		else if (type == AE_IFDIR)
			ret = make_dir(dest, rel, err);
		else if (type != AE_IFREG)
			ret = err_set(err, -EINVAL,
				      "the archive of %s holds "
				      "'%s', which is not a regular file; "
				      "refusing it",
				      what, name);
		else
			ret = write_entry(a, e, dest, rel, &total, what, err);
	}
	if (!ret && r != ARCHIVE_EOF)
		ret = err_set(err, -EINVAL, "the archive of %s is corrupt: %s",
			      what, archive_error_string(a));
	archive_read_free(a);
	return ret;
}

int pack_entries(const void *data, size_t len, struct strvec *out,
		 struct osdk_err *err)
{
	struct archive *a = open_reader(data, len);
	struct archive_entry *e;
	int r;

	if (!a)
		return err_set(err, -EINVAL, "not a tar archive");
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		strvec_push(out, archive_entry_pathname(e));
	archive_read_free(a);
	if (r != ARCHIVE_EOF)
		return err_set(err, -EINVAL, "corrupt tar archive");
	return 0;
}
