/* SPDX-License-Identifier: MIT */
/* test_initramfs.c - unit tests of building the initramfs archive. */
#include "core/boot/initramfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "core/manifest/manifest.h"
#include "unit.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A scratch directory holding osdk.yaml, host files and the archive. */
static char *scratch(void)
{
	char tmpl[] = "/tmp/osdk-initramfs-XXXXXX";

	if (!mkdtemp(tmpl)) {
		UNIT_FAIL("mkdtemp: %s", strerror(errno));
		return NULL;
	}
	return xstrdup(tmpl);
}

static void put_file(const char *dir, const char *rel, const char *text,
		     mode_t mode)
{
	char *path = fs_join(dir, rel);
	char *slash = strrchr(path, '/');
	struct osdk_err err = OSDK_ERR_INIT;

	*slash = '\0';
	CHECK_INT(fs_mkdirs(path, &err), 0);
	*slash = '/';
	CHECK_INT(fs_write_atomic(path, text, strlen(text), &err), 0);
	CHECK_INT(chmod(path, mode), 0);
	free(path);
}

static struct manifest *parse(const char *dir, const char *entries)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	char *path = fs_join(dir, "osdk.yaml");
	char *text = xasprintf("package: {name: k, version: 0.1.0}\n"
			       "boot:\n  initramfs:\n%s",
			       entries);

	if (manifest_parse(path, text, strlen(text), &m, &err))
		UNIT_FAIL("fixture does not parse: %s", err.msg);
	free(text);
	free(path);
	return m;
}

/* "TYPE PERM INO NAME[ -> TARGET] [DATA]" per member, one line each. */
static char *listing(const char *archive)
{
	struct strbuf sb = STRBUF_INIT;
	struct archive *a = archive_read_new();
	struct archive_entry *e;

	archive_read_support_format_cpio(a);
	archive_read_support_filter_all(a);
	if (archive_read_open_filename(a, archive, 4096) != ARCHIVE_OK) {
		UNIT_FAIL("cannot open '%s': %s", archive,
			  archive_error_string(a));
		archive_read_free(a);
		return strbuf_detach(&sb);
	}
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		char data[64] = "";
		la_ssize_t n;
		unsigned type = archive_entry_filetype(e);

		strbuf_addf(&sb, "%c %04o %lld %lld %s",
			    type == AE_IFDIR   ? 'd'
			    : type == AE_IFLNK ? 'l'
			    : type == AE_IFCHR ? 'c'
					       : '-',
			    (unsigned)archive_entry_perm(e),
			    (long long)archive_entry_ino64(e),
			    (long long)archive_entry_mtime(e),
			    archive_entry_pathname(e));
		if (type == AE_IFLNK)
			strbuf_addf(&sb, " -> %s", archive_entry_symlink(e));
		if (type == AE_IFCHR)
			strbuf_addf(&sb, " %u:%u",
				    (unsigned)archive_entry_rdevmajor(e),
				    (unsigned)archive_entry_rdevminor(e));
		n = archive_read_data(a, data, sizeof(data) - 1);
		if (n > 0) {
			data[n] = '\0';
			strbuf_addf(&sb, " [%s]", data);
		}
		strbuf_addch(&sb, '\n');
	}
	archive_read_free(a);
	return strbuf_detach(&sb);
}

static void make(const char *dir, const struct manifest *m, int64_t mtime,
		 struct initramfs_result *r)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct initramfs_opts o = { 0 };
	char *out = fs_join(dir, "rd.cpio");

	o.spec = m->top.boot_initramfs;
	o.out = out;
	o.mtime = mtime;
	if (initramfs_make(&o, r, &err))
		UNIT_FAIL("initramfs_make: %s", err.msg);
	free(out);
}

UNIT(members_sorted_with_parents_modes_and_precedence)
{
	char *dir = scratch();
	struct manifest *m;
	struct initramfs_result r;
	char *list, *out;

	if (!dir)
		return;
	put_file(dir, "tool", "#!/bin/sh\n", 0775);
	put_file(dir, "tree/etc/motd", "motd\n", 0600);
	put_file(dir, "tree/bin/sh", "tree's\n", 0755);
	put_file(dir, "tree2/etc/motd", "later\n", 0644);
	m = parse(dir, "    - { path: /usr/local/bin/tool, source: tool }\n"
		       "    - { path: /etc/hostname, content: keel }\n"
		       "    - { path: /tmp, dir: true, mode: 01777 }\n"
		       "    - { path: /bin/sh, symlink: busybox }\n"
		       "    - { path: /, tree: tree }\n"
		       "    - { path: /, tree: tree2 }\n"
		       "    - { path: /bin, dir: true, mode: 0700 }\n"
		       "    - { path: /dev/console, char: \"5:1\" }\n");
	if (!m)
		goto out;
	make(dir, m, 42, &r);
	CHECK(r.rebuilt);
	CHECK_INT(r.members, 12);
	out = fs_join(dir, "rd.cpio");
	list = listing(out);
	CHECK_STR(list, "d 0700 1 42 bin\n"
			"l 0777 2 42 bin/sh -> busybox\n"
			"d 0755 3 42 dev\n"
			"c 0600 4 42 dev/console 5:1\n"
			"d 0755 5 42 etc\n"
			"- 0644 6 42 etc/hostname [keel]\n"
			"- 0644 7 42 etc/motd [later\n]\n"
			"d 1777 8 42 tmp\n"
			"d 0755 9 42 usr\n"
			"d 0755 10 42 usr/local\n"
			"d 0755 11 42 usr/local/bin\n"
			"- 0755 12 42 usr/local/bin/tool [#!/bin/sh\n]\n");
	free(list);

	/* Nothing changed: not written again. */
	make(dir, m, 42, &r);
	CHECK(!r.rebuilt);
	CHECK_INT(r.members, 12);
	/* Another time stamp, or a host file of another size: written. */
	make(dir, m, 43, &r);
	CHECK(r.rebuilt);
	put_file(dir, "tree2/etc/motd", "later, longer\n", 0644);
	make(dir, m, 43, &r);
	CHECK(r.rebuilt);
	free(out);
	manifest_free(m);
out:
	if (dir) {
		struct osdk_err err = OSDK_ERR_INIT;

		fs_remove_tree(dir, &err);
	}
	free(dir);
}

UNIT(build_time_errors_name_the_entry)
{
	char *dir = scratch();
	struct osdk_err err = OSDK_ERR_INIT;
	struct initramfs_opts o = { 0 };
	struct initramfs_result r;
	struct manifest *m;
	char *out, *want;

	if (!dir)
		return;
	out = fs_join(dir, "rd.cpio");
	o.out = out;
	m = parse(dir, "    - { path: /etc, content: x }\n"
		       "    - { path: /etc/passwd, content: y }\n");
	if (m) {
		o.spec = m->top.boot_initramfs;
		CHECK_INT(initramfs_make(&o, &r, &err), -EINVAL);
		want = xasprintf("%s/osdk.yaml:5:7: '/etc' is a file in the "
				 "initramfs, but 'boot.initramfs[1]' puts "
				 "'/etc/passwd' below it",
				 dir);
		CHECK_STR(err.msg, want);
		free(want);
		manifest_free(m);
	}
	m = parse(dir, "    - { path: /x, source: missing }\n");
	if (m) {
		o.spec = m->top.boot_initramfs;
		CHECK_INT(initramfs_make(&o, &r, &err), -ENOENT);
		want = xasprintf(
			"%s/osdk.yaml:4:27: 'boot.initramfs[0].source' "
			"names '%s/missing', which does not exist",
			dir, dir);
		CHECK_STR(err.msg, want);
		free(want);
		manifest_free(m);
	}
	m = parse(dir, "    - { path: /x, source: . }\n");
	if (m) {
		o.spec = m->top.boot_initramfs;
		CHECK_INT(initramfs_make(&o, &r, &err), -EINVAL);
		CHECK_HAS(err.msg, "which is not a regular file (use 'tree' "
				   "for a directory)");
		manifest_free(m);
	}
	CHECK(!fs_exists(out));
	free(out);
	fs_remove_tree(dir, &err);
	free(dir);
}

UNIT(epoch_from_the_environment)
{
	struct osdk_err err = OSDK_ERR_INIT;
	int64_t t = -1;

	unsetenv("SOURCE_DATE_EPOCH");
	CHECK_INT(initramfs_epoch(&t, &err), 0);
	CHECK_INT(t, 0);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	CHECK_INT(initramfs_epoch(&t, &err), 0);
	CHECK_INT(t, 1700000000);
	setenv("SOURCE_DATE_EPOCH", "17e8", 1);
	CHECK_INT(initramfs_epoch(&t, &err), -EINVAL);
	CHECK_HAS(err.msg, "not '17e8'");
	setenv("SOURCE_DATE_EPOCH", "", 1);
	CHECK_INT(initramfs_epoch(&t, &err), -EINVAL);
	unsetenv("SOURCE_DATE_EPOCH");
}

UNIT_MAIN()
