/* SPDX-License-Identifier: MIT */
/* cov_stream.c - the kernel's counter dumps added up into .gcda files. */
#include "core/coverage/coverage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* The stream's words (kernel/frame/cov/gcov.c writes them). */
#define COV_MAGIC  0x564f434bu
#define COV_FORMAT 1u
#define COV_OBJECT 0x4a424f43u
#define COV_END	   0x444e4543u

/* gcc's .gcda format (gcov-io.h): tags and their lengths in bytes. */
#define GCDA_MAGIC	  0x67636461u
#define GCDA_TAG_FUNCTION 0x01000000u
#define GCDA_TAG_ARCS	  0x01a10000u
#define GCDA_TAG_SUMMARY  0xa1000000u
#define GCDA_FUNCTION_LEN 12u
#define GCDA_SUMMARY_LEN  8u

/* Bounds on what a kernel may claim, so a corrupt stream cannot make osdk
 * allocate without end. */
#define COV_STREAM_MAX (1024u * 1024 * 1024)
#define COV_NAME_MAX   4096u

/* Only gcc's arc counters (kind 0) come from --coverage; they add up. */
#define COV_KIND_ARCS 1u

struct cov_fn {
	bool present;
	uint32_t ident, lineno_sum, cfg_sum;
	uint32_t n;
	uint64_t *arcs;
};

struct cov_obj {
	char *name; /* the .gcda path */
	uint32_t version, stamp, checksum;
	uint32_t nfn;
	struct cov_fn *fns;
};

struct cov_set {
	struct cov_obj *v;
	size_t n, cap;
};

struct rd {
	const unsigned char *p;
	size_t len, off;
	bool bad; /* ran past the end */
};

static uint32_t get32(struct rd *r)
{
	uint32_t v = 0;

	if (r->len - r->off < 4) {
		r->bad = true;
		r->off = r->len;
		return 0;
	}
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)r->p[r->off + i] << (8 * i);
	r->off += 4;
	return v;
}

static void obj_release(struct cov_obj *o)
{
	for (uint32_t f = 0; o->fns && f < o->nfn; f++)
		free(o->fns[f].arcs);
	free(o->fns);
	free(o->name);
}

static void set_release(struct cov_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		obj_release(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* One function's record; false when the stream is cut or malformed. */
static bool parse_fn(struct rd *r, struct cov_fn *fn)
{
	uint32_t n;

	fn->present = get32(r) != 0;
	if (!fn->present)
		return !r->bad;
	fn->ident = get32(r);
	fn->lineno_sum = get32(r);
	fn->cfg_sum = get32(r);
	n = get32(r);
	if (r->bad || (r->len - r->off) / 8 < n)
		return false;
	fn->n = n;
	fn->arcs = xcalloc(n ? n : 1, sizeof(uint64_t));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t lo = get32(r);

		fn->arcs[i] = lo | (uint64_t)get32(r) << 32;
	}
	return !r->bad;
}

/* One object's record after its tag: 0, 1 when cut or malformed, or
 * -EPROTO for counters osdk does not know (err set). */
static int parse_obj(struct rd *r, struct cov_obj *o, struct osdk_err *err)
{
	uint32_t len, kinds;

	o->version = get32(r);
	o->stamp = get32(r);
	o->checksum = get32(r);
	len = get32(r);
	if (r->bad || len == 0 || len > COV_NAME_MAX || r->len - r->off < len)
		return 1;
	o->name = xstrndup((const char *)r->p + r->off, len);
	r->off += len;
	o->nfn = get32(r);
	kinds = get32(r);
	if (r->bad || (r->len - r->off) / 4 < o->nfn)
		return 1;
	if (kinds != COV_KIND_ARCS)
		return err_set(err, -EPROTO,
			       "'%s' has counters of kinds 0x%x; osdk adds up "
			       "only gcc's arc counters (--coverage)",
			       o->name, kinds);
	o->fns = xcalloc(o->nfn ? o->nfn : 1, sizeof(*o->fns));
	for (uint32_t f = 0; f < o->nfn; f++)
		if (!parse_fn(r, &o->fns[f]))
			return 1;
	return 0;
}

/*
 * The dump starting at r->off (its magic read): 0 with its objects in
 * @d, 1 when it is cut short or malformed, or -EPROTO.
 */
static int parse_dump(struct rd *r, struct cov_set *d, struct osdk_err *err)
{
	if (get32(r) != COV_FORMAT)
		return 1;
	for (;;) {
		uint32_t tag = get32(r);
		int ret;

		if (r->bad)
			return 1;
		if (tag == COV_END)
			return get32(r) == d->n && !r->bad ? 0 : 1;
		if (tag != COV_OBJECT)
			return 1;
		XGROW(d->v, d->cap, d->n + 1);
		memset(&d->v[d->n], 0, sizeof(d->v[0]));
		ret = parse_obj(r, &d->v[d->n++], err);
		if (ret)
			return ret;
	}
}

static bool same_shape(const struct cov_obj *a, const struct cov_obj *b)
{
	if (a->version != b->version || a->stamp != b->stamp ||
	    a->checksum != b->checksum || a->nfn != b->nfn)
		return false;
	for (uint32_t f = 0; f < a->nfn; f++)
		if (a->fns[f].present != b->fns[f].present ||
		    a->fns[f].ident != b->fns[f].ident ||
		    a->fns[f].cfg_sum != b->fns[f].cfg_sum ||
		    a->fns[f].n != b->fns[f].n)
			return false;
	return true;
}

/* Add dump @d's objects (taken) to @s. */
static int merge(struct cov_set *s, struct cov_set *d, struct osdk_err *err)
{
	int ret = 0;

	for (size_t i = 0; i < d->n; i++) {
		struct cov_obj *o = &d->v[i], *have = NULL;

		for (size_t k = 0; k < s->n && !have; k++)
			if (!strcmp(s->v[k].name, o->name))
				have = &s->v[k];
		if (!have) {
			XGROW(s->v, s->cap, s->n + 1);
			s->v[s->n++] = *o;
			memset(o, 0, sizeof(*o));
			continue;
		}
		if (!ret && !same_shape(have, o))
			ret = err_set(err, -EPROTO,
				      "the coverage dumps disagree about '%s': "
				      "they come from two builds",
				      o->name);
		for (uint32_t f = 0; !ret && f < o->nfn; f++)
			for (uint32_t c = 0; c < o->fns[f].n; c++)
				have->fns[f].arcs[c] += o->fns[f].arcs[c];
		obj_release(o);
	}
	d->n = 0;
	return ret;
}

static void put32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4];

	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	strbuf_add(sb, b, 4);
}

/* @o as gcc's libgcov would write it after @runs runs. */
static void gcda_bytes(const struct cov_obj *o, unsigned runs,
		       struct strbuf *sb)
{
	uint64_t max = 0;

	for (uint32_t f = 0; f < o->nfn; f++)
		for (uint32_t c = 0; c < o->fns[f].n; c++)
			if (o->fns[f].arcs[c] > max)
				max = o->fns[f].arcs[c];
	put32(sb, GCDA_MAGIC);
	put32(sb, o->version);
	put32(sb, o->stamp);
	put32(sb, o->checksum);
	/* The object summary: runs and the largest counter, saturated. */
	put32(sb, GCDA_TAG_SUMMARY);
	put32(sb, GCDA_SUMMARY_LEN);
	put32(sb, runs);
	put32(sb, max > UINT32_MAX ? UINT32_MAX : (uint32_t)max);
	for (uint32_t f = 0; f < o->nfn; f++) {
		const struct cov_fn *fn = &o->fns[f];

		put32(sb, GCDA_TAG_FUNCTION);
		if (!fn->present) {
			put32(sb, 0);
			continue;
		}
		put32(sb, GCDA_FUNCTION_LEN);
		put32(sb, fn->ident);
		put32(sb, fn->lineno_sum);
		put32(sb, fn->cfg_sum);
		put32(sb, GCDA_TAG_ARCS);
		put32(sb, fn->n * 8);
		for (uint32_t c = 0; c < fn->n; c++) {
			put32(sb, (uint32_t)fn->arcs[c]);
			put32(sb, (uint32_t)(fn->arcs[c] >> 32));
		}
	}
}

/* A kernel-supplied path must name a .gcda inside the build's tree. */
static bool gcda_path_ok(const char *path, const char *root)
{
	size_t rl = strlen(root), pl = strlen(path);

	return !strncmp(path, root, rl) && path[rl] == '/' && pl > 5 &&
	       !strcmp(path + pl - 5, ".gcda") && !strstr(path, "/../") &&
	       !strstr(path, "/./") && !strstr(path, "//");
}

static int remove_old(const char *root, struct osdk_err *err)
{
	static const char *const ext[] = { ".gcda", NULL };
	struct strvec old = STRVEC_INIT;
	int ret = fs_list_files(root, ext, &old, err);

	for (size_t i = 0; !ret && i < old.n; i++) {
		char *p = fs_join(root, old.v[i]);

		if (unlink(p) && errno != ENOENT)
			ret = err_set(err, -errno, "could not remove '%s': %s",
				      p, strerror(errno));
		free(p);
	}
	strvec_clear(&old);
	return ret;
}

static int write_all(const struct cov_set *s, const char *root, unsigned runs,
		     size_t *files, struct osdk_err *err)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < s->n; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (!gcda_path_ok(s->v[i].name, root))
			return err_set(err, -EPROTO,
				       "the kernel's coverage names '%s', not "
				       "a .gcda file below '%s'",
				       s->v[i].name, root);
		gcda_bytes(&s->v[i], runs, &sb);
		ret = fs_write_atomic(s->v[i].name, sb.buf, sb.len, err);
		strbuf_release(&sb);
		if (!ret)
			(*files)++;
	}
	return ret;
}

int cov_collect(const char *stream_path, const char *gcda_root,
		struct cov_collected *out, struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct cov_set all = { 0 }, dump = { 0 };
	struct rd r;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = remove_old(gcda_root, err);
	if (ret)
		return ret;
	if (!fs_exists(stream_path))
		return 0;
	ret = fs_read_max(stream_path, &sb, COV_STREAM_MAX, err);
	if (ret)
		goto out;
	r = (struct rd){ (const unsigned char *)sb.buf, sb.len, 0, false };
	/* Dumps follow one another, one a boot; bytes between them (a dump
	 * cut short) are skipped up to the next magic. */
	while (r.off + 4 <= r.len) {
		size_t at = r.off;

		r.bad = false;
		if (get32(&r) != COV_MAGIC) {
			r.off = at + 1;
			continue;
		}
		ret = parse_dump(&r, &dump, err);
		if (ret < 0)
			goto out;
		if (ret > 0) {
			out->partial++;
			set_release(&dump);
			r.off = at + 1;
			ret = 0;
			continue;
		}
		out->dumps++;
		ret = merge(&all, &dump, err);
		if (ret)
			goto out;
	}
	if (out->dumps)
		ret = write_all(&all, gcda_root, out->dumps, &out->files, err);
out:
	set_release(&dump);
	set_release(&all);
	strbuf_release(&sb);
	return ret;
}
