/* SPDX-License-Identifier: MIT */
/* fs.c - file-system helpers: paths, whole-file I/O, trees. */
#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "strbuf.h"
#include "strvec.h"
#include "xalloc.h"
#include "util/sort.h"

char *fs_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (b[0] == '/' || la == 0)
		return xstrdup(b);
	if (a[la - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

char *fs_abspath(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char cwd[PATH_MAX];
	const char *p;
	char *joined;

	if (path[0] != '/') {
		if (!getcwd(cwd, sizeof(cwd)))
			strcpy(cwd, "/");
		joined = fs_join(cwd, path);
	} else {
		joined = xstrdup(path);
	}
	/* Normalise component by component; ".." pops the last one. */
	for (p = joined; *p;) {
		const char *end;
		size_t n;

		while (*p == '/')
			p++;
		end = strchrnul(p, '/');
		n = (size_t)(end - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(sb.buf, '/');

			if (slash)
				sb.len = (size_t)(slash - sb.buf);
			if (sb.cap)
				sb.buf[sb.len] = '\0';
		} else {
			strbuf_addch(&sb, '/');
			strbuf_add(&sb, p, n);
		}
		p = end;
	}
	if (!sb.len)
		strbuf_addch(&sb, '/');
	free(joined);
	return strbuf_detach(&sb);
}

char *fs_relpath(const char *path, const char *base)
{
	size_t n = strlen(base);

	if (strncmp(path, base, n) == 0) {
		if (path[n] == '\0')
			return xstrdup(".");
		if (path[n] == '/')
			return xstrdup(path + n + 1);
	}
	return xstrdup(path);
}

bool fs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

bool fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_mtime(const char *path, int64_t *ns)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	*ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	return 0;
}

int fs_mkdirs(const char *path, struct osdk_err *err)
{
	char *copy = xstrdup(path);
	int ret = 0;

	for (char *p = copy + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST) {
			ret = err_set(err, -errno,
				      "could not create directory '%s': %s",
				      copy, strerror(errno));
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	if (!ret && !fs_is_dir(path))
		ret = err_set(err, -ENOTDIR,
			      "'%s' exists and is not a directory", path);
	free(copy);
	return ret;
}

int fs_read(const char *path, struct strbuf *sb, struct osdk_err *err)
{
	return fs_read_max(path, sb, FS_READ_MAX, err);
}

int fs_read_max(const char *path, struct strbuf *sb, size_t max,
		struct osdk_err *err)
{
	char buf[65536];
	size_t start = sb->len;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, -errno, "could not read '%s': %s", path,
			       strerror(errno));
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = err_set(err, -errno, "could not read '%s': %s",
				      path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if ((size_t)n > max - (sb->len - start)) {
			bool mib =
				max >= (1u << 20) && !(max & ((1u << 20) - 1));

			ret = err_set(err, -EFBIG,
				      "could not read '%s': larger than %zu %s",
				      path, mib ? max >> 20 : max,
				      mib ? "MiB" : "bytes");
			break;
		}
		strbuf_add(sb, buf, (size_t)n);
	}
	close(fd);
	return ret;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_write_atomic(const char *path, const void *data, size_t len,
		    struct osdk_err *err)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd, ret;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		ret = err_set(err, -errno, "could not write '%s': %s", path,
			      strerror(errno));
		goto out_free;
	}
	ret = write_all(fd, data, len);
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret) {
		err_set(err, ret, "could not write '%s': %s", path,
			strerror(-ret));
		goto out_unlink;
	}
	if (rename(tmp, path) < 0) {
		ret = err_set(err, -errno, "could not write '%s': %s", path,
			      strerror(errno));
		goto out_unlink;
	}
	goto out_free;

out_unlink:
	unlink(tmp);
out_free:
	free(tmp);
	return ret;
}

int fs_remove_tree(const char *path, struct osdk_err *err)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int ret = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0
				       : err_set(err, -errno,
						 "could not remove '%s': %s",
						 path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0)
			return err_set(err, -errno, "could not remove '%s': %s",
				       path, strerror(errno));
		return 0;
	}
	d = opendir(path);
	if (!d)
		return err_set(err, -errno, "could not open '%s': %s", path,
			       strerror(errno));
	while (!ret && (de = readdir(d))) {
		char *child;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		child = fs_join(path, de->d_name);
		ret = fs_remove_tree(child, err);
		free(child);
	}
	closedir(d);
	if (!ret && rmdir(path) < 0)
		ret = err_set(err, -errno, "could not remove '%s': %s", path,
			      strerror(errno));
	return ret;
}

int fs_copy_file(const char *from, const char *to, struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int ret;

	if (stat(from, &st) < 0)
		return err_set(err, -errno, "could not read '%s': %s", from,
			       strerror(errno));
	ret = fs_read(from, &sb, err);
	if (!ret)
		ret = fs_write_atomic(to, sb.buf, sb.len, err);
	if (!ret && chmod(to, st.st_mode & 07777) < 0)
		ret = err_set(err, -errno, "could not set mode of '%s': %s", to,
			      strerror(errno));
	strbuf_release(&sb);
	return ret;
}

static bool has_ext(const char *name, const char *const *exts)
{
	size_t n = strlen(name);

	for (; *exts; exts++) {
		size_t e = strlen(*exts);

		if (n > e && strcmp(name + n - e, *exts) == 0)
			return true;
	}
	return false;
}

static int list_walk(const char *root, const char *rel, const char *const *exts,
		     struct strvec *out, struct osdk_err *err)
{
	char *dir = *rel ? fs_join(root, rel) : xstrdup(root);
	struct dirent *de;
	DIR *d;
	int ret = 0;

	d = opendir(dir);
	if (!d) {
		ret = errno == ENOENT
			      ? 0
			      : err_set(err, -errno, "could not open '%s': %s",
					dir, strerror(errno));
		goto out_free;
	}
	while (!ret && (de = readdir(d))) {
		char *sub, *full;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		sub = *rel ? fs_join(rel, de->d_name) : xstrdup(de->d_name);
		full = fs_join(root, sub);
		if (stat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				ret = list_walk(root, sub, exts, out, err);
			else if (S_ISREG(st.st_mode) &&
				 has_ext(de->d_name, exts))
				strvec_push(out, sub);
		}
		free(full);
		free(sub);
	}
	closedir(d);
out_free:
	free(dir);
	return ret;
}

int fs_list_files(const char *dir, const char *const *exts, struct strvec *out,
		  struct osdk_err *err)
{
	size_t first = out->n;
	int ret = list_walk(dir, "", exts, out, err);

	if (!ret && out->n > first)
		sort_strings(out->v + first, out->n - first);
	return ret;
}

char *fs_find_upwards(const char *start, const char *name)
{
	char *dir = fs_abspath(start);

	for (;;) {
		char *cand = fs_join(dir, name);
		char *slash;
		bool found = fs_exists(cand);

		free(cand);
		if (found)
			return dir;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			if (strcmp(dir, "/") != 0) {
				free(dir);
				dir = xstrdup("/");
				continue;
			}
			free(dir);
			return NULL;
		}
		*slash = '\0';
	}
}
