/* SPDX-License-Identifier: MIT */
/* test_pack.c - deterministic archives, safe unpacking, chosen files. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "core/registry/pack.h"
#include "core/registry/pack_files.h"
#include "util/sha256.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

static char root[] = "/tmp/osdk-unit-pack.XXXXXX";

static char *at(const char *rel)
{
	unit_tmpdir(root);
	return fs_join(root, rel);
}

static void put(const char *rel, const char *text)
{
	char *path = at(rel), *dir = xstrdup(path);

	*strrchr(dir, '/') = '\0';
	CHECK_INT(fs_mkdirs(dir, NULL), 0);
	CHECK_INT(fs_write_atomic(path, text, strlen(text), NULL), 0);
	free(dir);
	free(path);
}

static void pack_dir(const char *rel, struct strbuf *out)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec files = STRVEC_INIT;
	char *dir = at(rel);

	CHECK_INT(pack_files_list(dir, &files, &err), 0);
	CHECK_INT(pack_create(dir, "p-1.0.0", &files, out, &err), 0);
	strvec_clear(&files);
	free(dir);
}

UNIT(same_sources_same_bytes)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct strvec names = STRVEC_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	char *path;

	put("one/osdk.yaml", "package: { name: p, version: 1.0.0 }\n");
	put("one/src/z.c", "int z;\n");
	put("one/src/a.c", "int a;\n");
	put("two/src/a.c", "int a;\n");
	put("two/src/z.c", "int z;\n");
	put("two/osdk.yaml", "package: { name: p, version: 1.0.0 }\n");
	path = at("two/src/a.c");
	CHECK_INT(chmod(path, 0600), 0);
	free(path);
	pack_dir("one", &a);
	sleep(1); /* other times must not matter either */
	put("two/src/z.c", "int z;\n");
	pack_dir("two", &b);
	CHECK_INT(a.len, b.len);
	CHECK(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0);
	CHECK_INT(pack_entries(a.buf, a.len, &names, &err), 0);
	CHECK_INT(names.n, 3);
	if (names.n == 3) {
		CHECK_STR(names.v[0], "p-1.0.0/osdk.yaml");
		CHECK_STR(names.v[1], "p-1.0.0/src/a.c");
		CHECK_STR(names.v[2], "p-1.0.0/src/z.c");
	}
	strvec_clear(&names);
	strbuf_release(&a);
	strbuf_release(&b);
}

UNIT(round_trip_keeps_contents_and_exec_bit)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strbuf ar = STRBUF_INIT, back = STRBUF_INIT;
	struct stat st;
	char *tool, *out, *got;

	put("rt/osdk.yaml", "package: { name: p, version: 1.0.0 }\n");
	put("rt/tools/gen.sh", "#!/bin/sh\n");
	tool = at("rt/tools/gen.sh");
	CHECK_INT(chmod(tool, 0700), 0);
	pack_dir("rt", &ar);
	out = at("rt-out");
	CHECK_INT(
		pack_extract(ar.buf, ar.len, "p-1.0.0", out, "p v1.0.0", &err),
		0);
	got = fs_join(out, "tools/gen.sh");
	CHECK_INT(fs_read(got, &back, &err), 0);
	CHECK_STR(back.buf, "#!/bin/sh\n");
	CHECK_INT(stat(got, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0755);
	free(got);
	free(out);
	free(tool);
	strbuf_release(&ar);
	strbuf_release(&back);
}

/* A tar holding one entry of the given kind, written without osdk. */
static void evil(struct strbuf *out, const char *name, mode_t type,
		 const char *link)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t used = 0;
	static char buf[1 << 16];

	archive_write_set_format_pax_restricted(a);
	archive_write_open_memory(a, buf, sizeof(buf), &used);
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, 0644);
	if (link && type == AE_IFLNK)
		archive_entry_set_symlink(e, link);
	else if (link)
		archive_entry_set_hardlink(e, link);
	archive_entry_set_size(e, type == AE_IFREG && !link ? 2 : 0);
	archive_write_header(a, e);
	if (type == AE_IFREG && !link)
		archive_write_data(a, "x\n", 2);
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);
	strbuf_add(out, buf, used);
}

struct bad_entry {
	const char *name;
	mode_t type;
	const char *link;
	const char *msg;
};

UNIT(unsafe_entries_are_refused)
{
	static const struct bad_entry cases[] = {
		{ "p-1.0.0/../escape", AE_IFREG, NULL, "not a plain path" },
		{ "/etc/evil", AE_IFREG, NULL, "not a plain path" },
		{ "other/file", AE_IFREG, NULL,
		  "not a plain path below 'p-1.0.0/'" },
		{ "p-1.0.0/a/../../x", AE_IFREG, NULL, "not a plain path" },
		{ "p-1.0.0/link", AE_IFLNK, "/etc/passwd", "holds a link" },
		{ "p-1.0.0/hard", AE_IFREG, "p-1.0.0/osdk.yaml",
		  "holds a link" },
		{ "p-1.0.0/fifo", AE_IFIFO, NULL, "not a regular file" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct osdk_err err = OSDK_ERR_INIT;
		struct strbuf ar = STRBUF_INIT;
		char *out = at("evil-out"), *escape = at("escape");

		fs_remove_tree(out, NULL);
		evil(&ar, cases[i].name, cases[i].type, cases[i].link);
		CHECK_INT(pack_extract(ar.buf, ar.len, "p-1.0.0", out,
				       "p v1.0.0", &err),
			  -EINVAL);
		CHECK_HAS(err.msg, "the archive of p v1.0.0 holds");
		CHECK_HAS(err.msg, cases[i].msg);
		CHECK(!fs_exists(escape));
		free(escape);
		free(out);
		strbuf_release(&ar);
	}
}

UNIT(garbage_is_not_an_archive)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *out = at("garbage-out");
	static const char junk[2048] = "this is not a tar archive";

	CHECK(pack_extract(junk, sizeof(junk), "p-1.0.0", out, "p v1.0.0",
			   &err) < 0);
	CHECK_HAS(err.msg, "the archive of p v1.0.0");
	free(out);
}

UNIT(files_leave_out_target_git_nested_and_ignored)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec files = STRVEC_INIT;
	char *dir, *link;

	put("sel/osdk.yaml", "package: { name: p, version: 1.0.0 }\n");
	put("sel/osdk.lock", "version: 1\n");
	put("sel/src/a.c", "int a;\n");
	put("sel/target/osdk/dev/junk.o", "x");
	put("sel/.git/HEAD", "ref: refs/heads/main\n");
	put("sel/nested/osdk.yaml", "package: { name: n, version: 1.0.0 }\n");
	put("sel/nested/src/n.c", "int n;\n");
	put("sel/.gitignore", "*.log\n");
	put("sel/build.log", "noise\n");
	dir = at("sel");
	CHECK_INT(pack_files_list(dir, &files, &err), 0);
	CHECK_INT(files.n, 4);
	if (files.n == 4) {
		CHECK_STR(files.v[0], ".gitignore");
		/* .git is not a repository here, so build.log stays: git
		 * ignore rules apply only inside a real work tree. */
		CHECK_STR(files.v[1], "build.log");
		CHECK_STR(files.v[2], "osdk.yaml");
		CHECK_STR(files.v[3], "src/a.c");
	}
	strvec_clear(&files);
	link = at("sel/src/link.c");
	CHECK_INT(symlink("a.c", link), 0);
	CHECK_INT(pack_files_list(dir, &files, &err), -EINVAL);
	CHECK_HAS(err.msg, "is a symbolic link; a package holds regular files "
			   "only");
	strvec_clear(&files);
	free(link);
	free(dir);
}

UNIT(outside_git_nothing_is_uncommitted)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec dirty = STRVEC_INIT;
	bool in_repo = true;
	char *dir;

	put("plain/osdk.yaml", "package: { name: p, version: 1.0.0 }\n");
	dir = at("plain");
	CHECK_INT(pack_files_uncommitted(dir, &dirty, &in_repo, &err), 0);
	CHECK(!in_repo);
	CHECK_INT(dirty.n, 0);
	free(dir);
}

UNIT(sha256_of_known_text)
{
	char hex[65];

	sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff"
		       "61f20015ad");
}

UNIT_MAIN()
