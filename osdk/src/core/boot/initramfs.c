/* SPDX-License-Identifier: MIT */
/* initramfs.c - what goes into the initramfs, and whether to pack it again. */
#include "core/boot/initramfs.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/boot/initramfs_int.h"
#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/sort.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Bumped when the archive's layout changes, so old archives are remade. */
#define RD_RECORD_VERSION 1
/* What a busybox may print for --list-full, at most. */
#define RD_APPLETS_MAX (1u << 20)

int initramfs_epoch(int64_t *out, struct osdk_err *err)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	int64_t v = 0;

	*out = 0;
	if (!s)
		return 0;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9' || v > (INT64_MAX - 9) / 10)
			return err_set(err, -EINVAL,
				       "SOURCE_DATE_EPOCH must be a number of "
				       "seconds since 1970, not '%s'",
				       s);
		v = v * 10 + (*c - '0');
	}
	if (!*s)
		return err_set(err, -EINVAL,
			       "SOURCE_DATE_EPOCH is set but empty; unset it "
			       "or give a number of seconds");
	*out = v;
	return 0;
}

/* "FILE:LINE:COL: " for an entry's value, or "" for a bare directory. */
static int rd_fail(struct osdk_err *err, int code,
		   const struct initramfs_opts *o,
		   const struct manifest_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int rd_fail(struct osdk_err *err, int code,
		   const struct initramfs_opts *o,
		   const struct manifest_pos *pos, const char *fmt, ...)
{
	char msg[1536];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (o->spec && pos)
		return err_set(err, code, "%s:%d:%d: %s", o->spec->file,
			       pos->line, pos->col, msg);
	return err_set(err, code, "%s", msg);
}

/* Where a problem with @e's host path is reported: its value, or for a
 * directory packed whole, the manifest's boot.initramfs. */
static const struct manifest_pos *at(const struct initramfs_opts *o,
				     const struct manifest_rd_entry *e)
{
	if (e)
		return &e->value_pos;
	return o->spec ? &o->spec->pos : NULL;
}

static void member_release(struct rd_member *m)
{
	free(m->name);
	free(m->host);
	free(m->target);
}

static void set_release(struct rd_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		member_release(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static struct rd_member *find(const struct rd_set *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

/*
 * Put @m (whose strings the set takes) in: a directory meeting a directory
 * merges, keeping the higher rank's mode; otherwise the higher rank, or
 * the later of equals, wins.
 */
static void put(struct rd_set *s, struct rd_member *m)
{
	struct rd_member *old = find(s, m->name);

	if (old && old->type == RD_DIR && m->type == RD_DIR &&
	    old->rank > m->rank) {
		member_release(m);
		return;
	}
	if (old && old->rank > m->rank) {
		member_release(m);
		return;
	}
	if (old) {
		member_release(old);
		*old = *m;
		return;
	}
	XGROW(s->v, s->cap, s->n + 1);
	s->v[s->n++] = *m;
}

/* 0755 for a file anyone may run, else 0644: all the archive keeps, so
 * that a checkout's umask does not change the bytes. */
static int host_perm(mode_t mode)
{
	return mode & 0111 ? 0755 : 0644;
}

/* A member from what lstat said of host path @host. */
static int from_host(const struct initramfs_opts *o,
		     const struct manifest_rd_entry *e, const char *name,
		     const char *host, const struct stat *st, enum rd_rank rank,
		     struct rd_set *s, struct osdk_err *err)
{
	struct rd_member m = { .rank = rank, .from = e };
	char target[4096];
	ssize_t n;

	if (S_ISREG(st->st_mode)) {
		m.type = RD_REG;
		m.perm = host_perm(st->st_mode);
		m.host = xstrdup(host);
		m.len = (size_t)st->st_size;
		m.mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 +
			     st->st_mtim.tv_nsec;
	} else if (S_ISDIR(st->st_mode)) {
		m.type = RD_DIR;
		m.perm = 0755;
	} else if (S_ISLNK(st->st_mode)) {
		n = readlink(host, target, sizeof(target) - 1);
		if (n < 0)
			return rd_fail(err, -errno, o, at(o, e),
				       "could not read the link '%s': %s", host,
				       strerror(errno));
		target[n] = '\0';
		m.type = RD_LNK;
		m.perm = 0777;
		m.target = xstrdup(target);
	} else {
		return rd_fail(err, -EINVAL, o, at(o, e),
			       "'%s' is a device, a fifo or a socket; an "
			       "initramfs tree holds files, directories and "
			       "links only",
			       host);
	}
	m.name = xstrdup(name);
	put(s, &m);
	return 0;
}

/* Every file, directory and link below @dir, as members below @prefix. */
static int walk(const struct initramfs_opts *o,
		const struct manifest_rd_entry *e, const char *dir,
		const char *prefix, struct rd_set *s, struct osdk_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return rd_fail(err, -errno, o, at(o, e),
			       "could not read the directory '%s': %s", dir,
			       strerror(errno));
	while (!ret && (de = readdir(d))) {
		char *host, *name;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		host = fs_join(dir, de->d_name);
		name = *prefix ? xasprintf("%s/%s", prefix, de->d_name)
			       : xstrdup(de->d_name);
		if (lstat(host, &st) < 0)
			ret = rd_fail(err, -errno, o, at(o, e),
				      "could not read '%s': %s", host,
				      strerror(errno));
		else
			ret = from_host(o, e, name, host, &st, RD_RANK_TREE, s,
					err);
		if (!ret && S_ISDIR(st.st_mode))
			ret = walk(o, e, host, name, s, err);
		free(host);
		free(name);
	}
	closedir(d);
	return ret;
}

static int add_tree(const struct initramfs_opts *o,
		    const struct manifest_rd_entry *e, const char *dir,
		    const char *name, struct rd_set *s, struct osdk_err *err)
{
	if (!fs_is_dir(dir) && e)
		return rd_fail(err, -ENOENT, o, at(o, e),
			       "'%s.tree' names '%s', which is not a directory",
			       e->field, dir);
	if (!fs_is_dir(dir))
		return rd_fail(err, -ENOENT, o, at(o, e),
			       "'%s' is not a directory", dir);
	if (*name) {
		struct rd_member m = { .name = xstrdup(name),
				       .type = RD_DIR,
				       .perm = 0755,
				       .rank = RD_RANK_TREE,
				       .from = e };

		put(s, &m);
	}
	return walk(o, e, dir, name, s, err);
}

static int add_source(const struct initramfs_opts *o,
		      const struct manifest_rd_entry *e, struct rd_set *s,
		      struct osdk_err *err)
{
	struct stat st;
	int ret;

	if (stat(e->value, &st) < 0)
		return rd_fail(
			err, -errno, o, &e->value_pos,
			"'%s.source' names '%s', which %s", e->field, e->value,
			errno == ENOENT ? "does not exist" : strerror(errno));
	if (!S_ISREG(st.st_mode))
		return rd_fail(err, -EINVAL, o, &e->value_pos,
			       "'%s.source' names '%s', which is not a regular "
			       "file%s",
			       e->field, e->value,
			       S_ISDIR(st.st_mode) ? " (use 'tree' for a "
						     "directory)"
						   : "");
	ret = from_host(o, e, e->path + 1, e->value, &st, RD_RANK_EXPLICIT, s,
			err);
	if (!ret && e->mode >= 0)
		find(s, e->path + 1)->perm = e->mode;
	return ret;
}

static int add_entry(const struct initramfs_opts *o,
		     const struct manifest_rd_entry *e, struct rd_set *s,
		     struct osdk_err *err)
{
	struct rd_member m = { .rank = RD_RANK_EXPLICIT, .from = e };

	switch (e->kind) {
	case MANIFEST_RD_SOURCE:
		return add_source(o, e, s, err);
	case MANIFEST_RD_TREE:
		return add_tree(o, e, e->value, e->path + 1, s, err);
	case MANIFEST_RD_CONTENT:
		m.type = RD_REG;
		m.perm = 0644;
		m.data = e->value;
		m.len = strlen(e->value);
		break;
	case MANIFEST_RD_DIR:
		m.type = RD_DIR;
		m.perm = 0755;
		break;
	case MANIFEST_RD_SYMLINK:
		m.type = RD_LNK;
		m.perm = 0777;
		m.target = xstrdup(e->value);
		break;
	case MANIFEST_RD_CHAR:
	case MANIFEST_RD_BLOCK:
		/* Made in the archive only: no privilege is needed. */
		m.type = e->kind == MANIFEST_RD_CHAR ? RD_CHR : RD_BLK;
		m.perm = 0600;
		m.major = e->major;
		m.minor = e->minor;
		break;
	}
	if (e->mode >= 0)
		m.perm = e->mode;
	m.name = xstrdup(e->path + 1);
	put(s, &m);
	return 0;
}

/* Ask a busybox which applets it has, and link those not yet there. */
static int add_applets(const struct initramfs_opts *o,
		       const struct manifest_rd_entry *e, struct rd_set *s,
		       struct osdk_err *err)
{
	const char *argv[] = { e->value, "--list-full", NULL };
	struct strbuf out = STRBUF_INIT;
	size_t found = 0;
	char *line, *save = NULL;
	int status, ret;

	ret = proc_run(argv, NULL, &out, &status);
	if (ret || status != 0 || out.len > RD_APPLETS_MAX) {
		ret = rd_fail(err, ret ? ret : -EINVAL, o, &e->applets_pos,
			      "'%s.applets': '%s --list-full' %s%s", e->field,
			      e->value,
			      ret ? "could not run: " : "did not list applets",
			      ret ? strerror(-ret) : " (is it a busybox?)");
		goto out;
	}
	for (line = strtok_r(out.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct rd_member m = { .type = RD_LNK,
				       .perm = 0777,
				       .rank = RD_RANK_APPLET,
				       .from = e };

		while (*line == '/')
			line++;
		if (!*line || strstr(line, "..") || strchr(line, ' '))
			continue;
		found++;
		if (find(s, line))
			continue;
		m.name = xstrdup(line);
		m.target = xstrdup(e->path);
		put(s, &m);
	}
	if (!found)
		ret = rd_fail(err, -EINVAL, o, &e->applets_pos,
			      "'%s.applets': '%s --list-full' listed no "
			      "applets (is it a busybox?)",
			      e->field, e->value);
out:
	strbuf_release(&out);
	return ret;
}

/* Every parent of every member is a directory, added when missing. */
static int add_parents(const struct initramfs_opts *o, struct rd_set *s,
		       struct osdk_err *err)
{
	for (size_t i = 0; i < s->n; i++) {
		char *dir = xstrdup(s->v[i].name), *slash;
		int ret = 0;

		while (!ret && (slash = strrchr(dir, '/'))) {
			struct rd_member *p;

			*slash = '\0';
			p = find(s, dir);
			if (p && p->type != RD_DIR) {
				const struct manifest_rd_entry *e =
					s->v[i].from;

				ret = rd_fail(err, -EINVAL, o,
					      e ? &e->pos : NULL,
					      "'/%s' is %s in the initramfs, "
					      "but '%s' puts '/%s' below it",
					      dir,
					      p->type == RD_LNK	  ? "a link"
					      : p->type == RD_REG ? "a file"
								  : "a device",
					      e ? e->field : "an entry",
					      s->v[i].name);
			} else if (!p) {
				struct rd_member m = { .name = xstrdup(dir),
						       .type = RD_DIR,
						       .perm = 0755 };

				put(s, &m);
			}
		}
		free(dir);
		if (ret)
			return ret;
	}
	return 0;
}

/* The record of everything the archive is made of, to compare with. */
static char *record(const struct initramfs_opts *o, const struct rd_set *s)
{
	const struct manifest_initramfs *rd = o->spec;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "osdk initramfs %d\ngzip %d\nmtime %lld\n",
		    RD_RECORD_VERSION, o->gzip, (long long)o->mtime);
	if (o->dir)
		strbuf_addf(&sb, "dir %s\n", o->dir);
	for (size_t i = 0; rd && !o->dir && i < rd->nentries; i++) {
		const struct manifest_rd_entry *e = &rd->entries[i];
		const char *v = e->value ? e->value : "";

		strbuf_addf(&sb, "entry %d %s %d %d %zu:", (int)e->kind,
			    e->path, e->mode, e->applets, strlen(v));
		strbuf_adds(&sb, v);
		strbuf_addch(&sb, '\n');
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct rd_member *m = &s->v[i];

		strbuf_addf(&sb, "member %d %o %zu %lld %u:%u %s", (int)m->type,
			    m->perm, m->len, (long long)m->mtime_ns, m->major,
			    m->minor, m->name);
		if (m->target)
			strbuf_addf(&sb, " -> %s", m->target);
		strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct rd_member *)a)->name,
		      ((const struct rd_member *)b)->name);
}

static int collect(const struct initramfs_opts *o, struct rd_set *s,
		   struct osdk_err *err)
{
	const struct manifest_initramfs *rd = o->spec;
	int ret = 0;

	if (o->dir)
		return add_tree(o, NULL, o->dir, "", s, err);
	for (size_t i = 0; !ret && i < rd->nentries; i++)
		ret = add_entry(o, &rd->entries[i], s, err);
	return ret;
}

static int finish(const struct initramfs_opts *o, struct rd_set *s,
		  struct osdk_err *err)
{
	const struct manifest_initramfs *rd = o->spec;
	int ret = 0;

	for (size_t i = 0; !ret && rd && !o->dir && i < rd->nentries; i++)
		if (rd->entries[i].applets)
			ret = add_applets(o, &rd->entries[i], s, err);
	if (!ret)
		ret = add_parents(o, s, err);
	if (!ret)
		sort_array(s->v, s->n, sizeof(*s->v), by_name);
	return ret;
}

int initramfs_make(const struct initramfs_opts *o, struct initramfs_result *res,
		   struct osdk_err *err)
{
	struct rd_set s = { 0 };
	struct strbuf old = STRBUF_INIT;
	char *rec = NULL, *rec_path = xasprintf("%s.inputs", o->out);
	int ret;

	memset(res, 0, sizeof(*res));
	ret = collect(o, &s, err);
	if (ret)
		goto out;
	/* Applets and parents follow from what is recorded here. */
	rec = record(o, &s);
	if (fs_exists(o->out) && !fs_read(rec_path, &old, NULL) &&
	    !strncmp(old.buf, rec, strlen(rec)) &&
	    old.buf[strlen(rec)] == '#') {
		res->members = strtoul(old.buf + strlen(rec) + 1, NULL, 10);
		goto out;
	}
	ret = finish(o, &s, err);
	if (!ret)
		ret = initramfs_write(o, &s, err);
	if (ret)
		goto out;
	res->members = s.n;
	res->rebuilt = true;
	{
		struct strbuf sb = STRBUF_INIT;

		/* The count rides after the record, for the next time. */
		strbuf_addf(&sb, "%s#%zu\n", rec, s.n);
		ret = fs_write_atomic(rec_path, sb.buf, sb.len, err);
		strbuf_release(&sb);
	}
out:
	strbuf_release(&old);
	set_release(&s);
	free(rec);
	free(rec_path);
	return ret;
}
