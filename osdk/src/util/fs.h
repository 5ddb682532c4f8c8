/* SPDX-License-Identifier: MIT */
/* fs.h - file-system helpers: paths, whole-file I/O, trees. */
#ifndef OSDK_UTIL_FS_H
#define OSDK_UTIL_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;
struct strvec;
struct osdk_err;

/* "a" + "b" -> "a/b"; an absolute b wins. Caller frees. */
char *fs_join(const char *a, const char *b);

/* Absolute, normalised (no ".", "..", "//") form of path against the cwd;
 * the path need not exist. Caller frees. */
char *fs_abspath(const char *path);

/* `path` relative to `base` when it lies below it, else path. Caller frees. */
char *fs_relpath(const char *path, const char *base);

bool fs_exists(const char *path);
bool fs_is_dir(const char *path);

/* Modification time in nanoseconds; -ENOENT etc. when it cannot stat. */
int fs_mtime(const char *path, int64_t *ns);

/* mkdir -p. */
int fs_mkdirs(const char *path, struct osdk_err *err);

/* What fs_read reads at most; a larger file is refused (-EFBIG). */
#define FS_READ_MAX ((size_t)1 << 30)

/* Read a whole file into sb (appended), at most FS_READ_MAX bytes. */
int fs_read(const char *path, struct strbuf *sb, struct osdk_err *err);

/* The same, refusing (-EFBIG) a file of more than `max` bytes. */
int fs_read_max(const char *path, struct strbuf *sb, size_t max,
		struct osdk_err *err);

/* Write through a temporary file and rename, so readers never see half. */
int fs_write_atomic(const char *path, const void *data, size_t len,
		    struct osdk_err *err);

/* rm -rf; a missing path is not an error. */
int fs_remove_tree(const char *path, struct osdk_err *err);

/* Copy a file, keeping its permission bits. */
int fs_copy_file(const char *from, const char *to, struct osdk_err *err);

/*
 * Every regular file below dir whose name ends with one of `exts` (a
 * NULL-terminated list such as { ".c", ".S", NULL }), as paths relative to
 * dir, sorted bytewise. A missing dir yields nothing.
 */
int fs_list_files(const char *dir, const char *const *exts, struct strvec *out,
		  struct osdk_err *err);

/* Walk up from `start` to the first directory holding `name`; caller frees. */
char *fs_find_upwards(const char *start, const char *name);

#endif
