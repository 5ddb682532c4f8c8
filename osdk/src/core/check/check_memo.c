/* SPDX-License-Identifier: MIT */
/* check_memo.c - check results remembered across builds, by content. */
#include "core/check/check_memo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/registry/home.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/sort.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * A source file that passed the check passes again as long as every file
 * its translation unit read is unchanged and everything else the rules
 * look at is the same: the flags, the packages and their trust, the
 * trusted packages' symbols, the rules and osdk itself. A memo entry is
 * named by a hash of all of that but the files' contents, and lists the
 * files the parse read with a hash of each content; it counts as a pass
 * only when every one still hashes the same.
 *
 * Like a compiler's depfile, an entry cannot see a header that would now
 * be found earlier on the include path than the one it recorded; the build
 * has the same blind spot for its objects, and `osdk clean` plus
 * OSDK_CHECK_CACHE=off rule it out.
 *
 * Only passes are kept: a file with findings is parsed again each build,
 * so its findings are always printed afresh.
 */

#define MEMO_MAGIC "osdk-check-memo 1"
/* Entries kept before the least recently used are dropped. */
#define MEMO_MAX_ENTRIES  8192
#define MEMO_KEEP_ENTRIES 4096
#define MEMO_ENTRY_MAX	  (1u << 20)

struct memo_digest {
	char *path;
	char hex[65];
	bool ok; /* the file could be read */
};

struct check_memo {
	char *dir;
	char *context;	       /* hex digest of what every entry shares */
	struct memo_digest *v; /* open addressing, power-of-two size */
	size_t n, cap;
	bool stored;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

char *check_memo_dir(void)
{
	const char *off = getenv("OSDK_CHECK_CACHE");
	char *home, *dir;

	if (off && (!strcmp(off, "off") || !strcmp(off, "0")))
		return NULL;
	home = home_dir();
	dir = xasprintf("%s/cache/check", home);
	free(home);
	return dir;
}

struct check_memo *check_memo_open(const char *dir, const char *context)
{
	struct check_memo *m = xcalloc(1, sizeof(*m));
	struct stat st;
	char hex[65];
	char *full;

	/* osdk itself: a rebuilt binary may check differently. */
	if (stat("/proc/self/exe", &st) == 0)
		full = xasprintf(
			"%s\n%s\nexe %lld %lld %lld.%09ld\n", MEMO_MAGIC,
			context, (long long)st.st_ino, (long long)st.st_size,
			(long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	else
		full = xasprintf("%s\n%s\n", MEMO_MAGIC, context);
	sha256_hex(full, strlen(full), hex);
	free(full);
	m->dir = xstrdup(dir);
	m->context = xstrdup(hex);
	return m;
}

/* The digest slot of path, inserting an empty one when it is new. */
static struct memo_digest *slot(struct check_memo *m, const char *path,
				bool *fresh)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct memo_digest *old = m->v;
		size_t oldcap = m->cap;

		m->cap = m->cap ? 2 * m->cap : 256;
		m->v = xcalloc(m->cap, sizeof(*m->v));
		for (size_t k = 0; k < oldcap; k++) {
			if (!old[k].path)
				continue;
			i = str_hash(old[k].path) & (m->cap - 1);
			while (m->v[i].path)
				i = (i + 1) & (m->cap - 1);
			m->v[i] = old[k];
		}
		free(old);
	}
	i = str_hash(path) & (m->cap - 1);
	while (m->v[i].path && strcmp(m->v[i].path, path) != 0)
		i = (i + 1) & (m->cap - 1);
	*fresh = !m->v[i].path;
	if (*fresh) {
		m->v[i].path = xstrdup(path);
		m->n++;
	}
	return &m->v[i];
}

/* The content hash of path, computed once per memo; NULL when unreadable. */
static const char *digest(struct check_memo *m, const char *path)
{
	bool fresh;
	struct memo_digest *d = slot(m, path, &fresh);

	if (fresh) {
		struct strbuf sb = STRBUF_INIT;

		d->ok = fs_read(path, &sb, NULL) == 0;
		if (d->ok)
			sha256_hex(sb.buf, sb.len, d->hex);
		strbuf_release(&sb);
	}
	return d->ok ? d->hex : NULL;
}

static char *entry_path(struct check_memo *m, const char *src,
			const struct strvec *args)
{
	struct strbuf key = STRBUF_INIT;
	char hex[65];

	strbuf_addf(&key, "%s", m->context);
	strbuf_addch(&key, '\0');
	strbuf_adds(&key, src);
	for (size_t i = 0; i < args->n; i++) {
		strbuf_addch(&key, '\0');
		strbuf_adds(&key, args->v[i]);
	}
	sha256_hex(key.buf, key.len, hex);
	strbuf_release(&key);
	return xasprintf("%s/tu-%s", m->dir, hex);
}

bool check_memo_passed(struct check_memo *m, const char *src,
		       const struct strvec *args)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = entry_path(m, src, args);
	bool hit = false;
	char *line, *next;

	if (fs_read_max(path, &sb, MEMO_ENTRY_MAX, NULL) != 0)
		goto out;
	line = sb.buf;
	next = strchr(line, '\n');
	if (!next || (size_t)(next - line) != strlen(MEMO_MAGIC) ||
	    strncmp(line, MEMO_MAGIC, strlen(MEMO_MAGIC)) != 0)
		goto out;
	for (line = next + 1; *line; line = next + 1) {
		const char *want;

		next = strchr(line, '\n');
		if (!next || next - line < 66 || line[64] != '\t')
			goto out;
		*next = '\0';
		want = digest(m, line + 65);
		if (!want || strncmp(want, line, 64) != 0)
			goto out;
	}
	hit = true;
	/* Used now: the last to be dropped when the memo is trimmed. */
	utimensat(AT_FDCWD, path, NULL, 0);
out:
	strbuf_release(&sb);
	free(path);
	return hit;
}

void check_memo_pass(struct check_memo *m, const char *src,
		     const struct strvec *args, const struct strvec *read,
		     int64_t started_ns)
{
	struct strbuf sb = STRBUF_INIT;
	char *path;

	strbuf_addf(&sb, "%s\n", MEMO_MAGIC);
	for (size_t i = 0; i < read->n; i++) {
		const char *hex = digest(m, read->v[i]);
		int64_t mt;

		/* A file changed during or after the parse may not be what
		 * was checked: remember nothing rather than the wrong thing. */
		if (!hex || fs_mtime(read->v[i], &mt) != 0 ||
		    mt >= started_ns - 1000000000)
			goto out;
		strbuf_addf(&sb, "%s\t%s\n", hex, read->v[i]);
	}
	path = entry_path(m, src, args);
	if (fs_mkdirs(m->dir, NULL) == 0 &&
	    fs_write_atomic(path, sb.buf, sb.len, NULL) == 0)
		m->stored = true;
	free(path);
out:
	strbuf_release(&sb);
}

struct aged {
	char *name;
	int64_t mtime;
};

static int aged_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct aged *)a)->mtime;
	int64_t y = ((const struct aged *)b)->mtime;

	return x < y ? -1 : x > y;
}

/* Keep the memo bounded: past MEMO_MAX_ENTRIES, drop all but the
 * MEMO_KEEP_ENTRIES most recently used. */
static void trim(const char *dir)
{
	struct aged *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (strncmp(e->d_name, "tu-", 3) != 0 &&
		    strncmp(e->d_name, "syms-", 5) != 0)
			continue;
		p = fs_join(dir, e->d_name);
		if (stat(p, &st) == 0) {
			XGROW(v, cap, n + 1);
			v[n].name = p;
			v[n++].mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 +
				       st.st_mtim.tv_nsec;
		} else {
			free(p);
		}
	}
	closedir(d);
	if (n > MEMO_MAX_ENTRIES) {
		sort_array(v, n, sizeof(*v), aged_cmp);
		for (size_t i = 0; i < n - MEMO_KEEP_ENTRIES; i++)
			unlink(v[i].name);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

void check_memo_close(struct check_memo *m)
{
	if (!m)
		return;
	if (m->stored)
		trim(m->dir);
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].path);
	free(m->v);
	free(m->dir);
	free(m->context);
	free(m);
}
