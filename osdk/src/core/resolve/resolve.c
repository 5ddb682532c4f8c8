/* SPDX-License-Identifier: MIT */
/* resolve.c - version selection by backtracking with conflict backjumping. */
#include "core/resolve/resolve_solver.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/semver.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void bits_set(struct rs_bits *b, size_t i)
{
	if (i / 64 >= b->nw) {
		size_t nw = i / 64 + 1;

		b->w = xrealloc(b->w, nw * sizeof(*b->w));
		memset(b->w + b->nw, 0, (nw - b->nw) * sizeof(*b->w));
		b->nw = nw;
	}
	b->w[i / 64] |= (uint64_t)1 << (i % 64);
}

static bool bits_has(const struct rs_bits *b, size_t i)
{
	return i / 64 < b->nw && (b->w[i / 64] >> (i % 64)) & 1;
}

static void bits_clear(struct rs_bits *b, size_t i)
{
	if (i / 64 < b->nw)
		b->w[i / 64] &= ~((uint64_t)1 << (i % 64));
}

static void bits_or(struct rs_bits *dst, const struct rs_bits *src)
{
	for (size_t i = 0; i < src->nw; i++)
		if (src->w[i])
			for (size_t j = 0; j < 64; j++)
				if ((src->w[i] >> j) & 1)
					bits_set(dst, i * 64 + j);
}

static void bits_free(struct rs_bits *b)
{
	free(b->w);
	b->w = NULL;
	b->nw = 0;
}

static size_t intern(struct rs_solver *s, const char *name)
{
	for (size_t i = 0; i < s->nnames; i++)
		if (!strcmp(s->names[i], name))
			return i;
	if (s->nnames == s->capnames) {
		s->capnames = s->capnames ? 2 * s->capnames : 32;
		s->names = xrealloc(s->names, s->capnames * sizeof(char *));
		s->root_of = xrealloc(s->root_of, s->capnames * sizeof(long));
		s->act_of = xrealloc(s->act_of, s->capnames * sizeof(long));
		s->why = xrealloc(s->why, s->capnames * sizeof(char *));
	}
	s->names[s->nnames] = xstrdup(name);
	s->root_of[s->nnames] = -1;
	s->act_of[s->nnames] = -1;
	s->why[s->nnames] = NULL;
	return s->nnames++;
}

static int parse_dep(struct rs_solver *s, const struct resolve_req *r,
		     struct rs_dep *d, const char *owner, const char *version)
{
	d->name = intern(s, r->name);
	d->r = r;
	d->any = !r->req;
	if (d->any || semver_req_parse(r->req, &d->parsed) == 0)
		return 0;
	return err_set(s->err, -EINVAL,
		       "%s v%s requires '%s' with a bad "
		       "version requirement '%s'",
		       owner, version, r->name, r->req);
}

static bool dep_matches(const struct rs_dep *d, const struct semver *v, bool ok)
{
	return d->any || (ok && semver_req_matches(&d->parsed, v));
}

/* ---- blame: the choices a conflict involves ---- */

/* Blame every choice that led to a requirement on `name`. */
static void ancestors(struct rs_solver *s, long a, struct rs_bits *c)
{
	while (a >= 0) {
		bits_set(c, s->acts[a].name);
		if (s->acts[a].root >= 0)
			break;
		a = s->reqs[s->acts[a].by_req].parent;
	}
}

static void blame_reqs_on(struct rs_solver *s, size_t name, size_t upto,
			  struct rs_bits *c)
{
	for (size_t i = 0; i < upto; i++)
		if (s->reqs[i].name == name)
			ancestors(s, s->reqs[i].parent, c);
}

/* ---- the search ---- */

static int get_entry(struct rs_solver *s, size_t name, const char *source,
		     struct rs_entry **out)
{
	struct rs_entry *e;
	int ret;

	for (size_t i = 0; i < s->nentries; i++)
		if (s->entries[i]->name == name &&
		    !strcmp(s->entries[i]->source, source)) {
			*out = s->entries[i];
			return 0;
		}
	e = xcalloc(1, sizeof(*e));
	e->name = name;
	e->source = xstrdup(source);
	XGROW(s->entries, s->capentries, s->nentries + 1);
	s->entries[s->nentries++] = e;
	*out = e;
	ret = s->p->query(s->p->ctx, s->names[name], source, &e->cands, s->err);
	if (ret == -ENOENT) {
		e->missing = xstrdup(s->err->msg);
		return 0;
	}
	if (ret)
		return ret;
	e->info = xcalloc(e->cands.n + 1, sizeof(*e->info));
	for (size_t i = 0; i < e->cands.n; i++) {
		struct rs_cand *ci = &e->info[i];

		ci->c = &e->cands.v[i];
		ci->ver_ok = semver_parse(ci->c->version, &ci->ver) == 0;
		ci->deps = xcalloc(ci->c->ndeps + 1, sizeof(*ci->deps));
		for (size_t d = 0; d < ci->c->ndeps; d++) {
			ret = parse_dep(s, &ci->c->deps[d], &ci->deps[d],
					s->names[name], ci->c->version);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static void activate(struct rs_solver *s, size_t name, long root,
		     struct rs_cand *ci, long by_req)
{
	size_t a = s->nacts;
	size_t nd = root >= 0 ? s->roots[root].ndeps : ci->c->ndeps;
	struct rs_dep *deps = root >= 0 ? s->root_deps[root] : ci->deps;

	XGROW(s->acts, s->capacts, s->nacts + 1);
	s->acts[s->nacts++] = (struct rs_act){ name, root, ci, by_req };
	s->act_of[name] = (long)a;
	XGROW(s->reqs, s->capreqs, s->nreqs + nd);
	for (size_t d = 0; d < nd; d++)
		s->reqs[s->nreqs++] =
			(struct rs_req){ deps[d].name, &deps[d], (long)a };
	s->steps++;
}

static void restore(struct rs_solver *s, size_t nacts, size_t nreqs,
		    size_t qhead)
{
	for (size_t i = nacts; i < s->nacts; i++)
		s->act_of[s->acts[i].name] = -1;
	s->nacts = nacts;
	s->nreqs = nreqs;
	s->qhead = qhead;
}

static const char *act_source(struct rs_solver *s, long a)
{
	return s->reqs[s->acts[a].by_req].dep->r->source;
}

/* Two requirements on one name from different sources. */
static int source_conflict(struct rs_solver *s, size_t ri, size_t other,
			   struct rs_bits *c)
{
	resolve_explain_sources(s, ri, other);
	ancestors(s, s->reqs[ri].parent, c);
	ancestors(s, s->reqs[other].parent, c);
	return 1;
}

/* No candidate of e satisfies the requirements on its name. */
static int version_conflict(struct rs_solver *s, size_t name,
			    struct rs_entry *e, struct rs_bits *c)
{
	resolve_explain_versions(s, name, e);
	blame_reqs_on(s, name, s->nreqs, c);
	return 1;
}

static int cmp_order(const void *a, const void *b, void *ctx)
{
	const struct rs_cand *info = ctx;
	const struct rs_cand *x = &info[*(const size_t *)a];
	const struct rs_cand *y = &info[*(const size_t *)b];

	if (x->c->preferred != y->c->preferred)
		return x->c->preferred ? -1 : 1;
	return -semver_cmp_str(x->c->version, y->c->version);
}

/* Start a choice point for the first requirement met on a new name. */
static int choose(struct rs_solver *s, size_t ri, struct rs_bits *c)
{
	const struct rs_req *r = &s->reqs[ri];
	const char *source = r->dep->r->source;
	struct rs_frame *f;
	struct rs_entry *e;
	size_t *order;
	size_t n = 0;
	int ret;

	for (size_t i = 0; i < s->nreqs; i++)
		if (s->reqs[i].name == r->name &&
		    strcmp(s->reqs[i].dep->r->source, source) != 0)
			return source_conflict(s, ri, i, c);
	ret = get_entry(s, r->name, source, &e);
	if (ret)
		return ret;
	order = xcalloc(e->cands.n + 1, sizeof(size_t));
	for (size_t k = 0; k < e->cands.n; k++) {
		const struct rs_cand *ci = &e->info[k];
		bool ok = !ci->c->yanked || ci->c->preferred;

		for (size_t i = 0; ok && i < s->nreqs; i++)
			if (s->reqs[i].name == r->name)
				ok = dep_matches(s->reqs[i].dep, &ci->ver,
						 ci->ver_ok);
		if (ok)
			order[n++] = k;
	}
	if (!n) {
		free(order);
		return version_conflict(s, r->name, e, c);
	}
	qsort_r(order, n, sizeof(size_t), cmp_order, e->info);
	XGROW(s->frames, s->capframes, s->nframes + 1);
	f = &s->frames[s->nframes++];
	*f = (struct rs_frame){ r->name,  e,	      order,	n,
				0,	  s->nacts,   s->nreqs, s->qhead,
				(long)ri, { NULL, 0 } };
	activate(s, r->name, -1, &e->info[order[0]], (long)ri);
	return 0;
}

/* Process requirement ri: 0 when satisfied, 1 on a conflict (blame in c). */
static int step(struct rs_solver *s, size_t ri, struct rs_bits *c)
{
	const struct rs_req *r = &s->reqs[ri];
	long a = s->act_of[r->name];
	long root = s->root_of[r->name];

	if (root >= 0) {
		struct semver v;
		bool ok = semver_parse(s->roots[root].version, &v) == 0;
		bool match = dep_matches(r->dep, &v, ok);

		if (ok)
			semver_release(&v);
		if (match)
			return 0;
		resolve_explain_root(s, ri);
		ancestors(s, r->parent, c);
		return 1;
	}
	if (a < 0)
		return choose(s, ri, c);
	if (strcmp(act_source(s, a), r->dep->r->source) != 0)
		return source_conflict(s, ri, (size_t)s->acts[a].by_req, c);
	if (dep_matches(r->dep, &s->acts[a].ci->ver, s->acts[a].ci->ver_ok))
		return 0;
	bits_set(c, r->name);
	for (size_t k = 0; k < s->nframes; k++)
		if (s->frames[k].name == r->name)
			return version_conflict(s, r->name, s->frames[k].e, c);
	return err_set(s->err, -EFAULT,
		       "resolver: '%s' is active without a "
		       "choice point",
		       s->names[r->name]);
}

static void pop_frame(struct rs_solver *s)
{
	struct rs_frame *f = &s->frames[--s->nframes];

	free(f->order);
	bits_free(&f->conflict);
}

/*
 * Go back to the latest choice the conflict blames and take its next
 * candidate. A choice point out of candidates passes the blame, with the
 * requirements that limited it, on to earlier ones. -ENOENT when none is
 * left.
 */
static int backjump(struct rs_solver *s, struct rs_bits *c)
{
	for (;;) {
		struct rs_frame *f;
		struct rs_bits next = { NULL, 0 };

		while (s->nframes &&
		       !bits_has(c, s->frames[s->nframes - 1].name))
			pop_frame(s);
		if (!s->nframes)
			return -ENOENT;
		f = &s->frames[s->nframes - 1];
		bits_or(&f->conflict, c);
		bits_clear(&f->conflict, f->name);
		restore(s, f->nacts, f->nreqs, f->qhead);
		if (++f->next < f->n) {
			activate(s, f->name, -1, &f->e->info[f->order[f->next]],
				 f->by_req);
			return 0;
		}
		bits_or(&next, &f->conflict);
		blame_reqs_on(s, f->name, f->nreqs, &next);
		bits_clear(&next, f->name);
		pop_frame(s);
		bits_free(c);
		*c = next;
	}
}

static int setup_roots(struct rs_solver *s)
{
	s->root_deps = xcalloc(s->nroots + 1, sizeof(*s->root_deps));
	for (size_t i = 0; i < s->nroots; i++) {
		size_t name = intern(s, s->roots[i].name);

		if (s->root_of[name] >= 0)
			return err_set(s->err, -EINVAL,
				       "two workspace packages "
				       "are named '%s'",
				       s->roots[i].name);
		s->root_of[name] = (long)i;
	}
	for (size_t i = 0; i < s->nroots; i++) {
		s->root_deps[i] =
			xcalloc(s->roots[i].ndeps + 1, sizeof(struct rs_dep));
		for (size_t d = 0; d < s->roots[i].ndeps; d++) {
			int ret = parse_dep(
				s, &s->roots[i].deps[d], &s->root_deps[i][d],
				s->roots[i].name, s->roots[i].version);
			if (ret)
				return ret;
		}
	}
	for (size_t i = 0; i < s->nroots; i++)
		activate(s, intern(s, s->roots[i].name), (long)i, NULL, -1);
	return 0;
}

static void take_result(struct rs_solver *s, struct resolve_result *out)
{
	out->v = xcalloc(s->nacts + 1, sizeof(*out->v));
	for (size_t i = 0; i < s->nacts; i++) {
		const struct rs_act *a = &s->acts[i];
		struct resolve_pick *p;

		if (a->root >= 0)
			continue;
		p = &out->v[out->n++];
		p->name = xstrdup(s->names[a->name]);
		p->version = xstrdup(a->ci->c->version);
		p->source = xstrdup(act_source(s, (long)i));
		p->data = a->ci->c->data;
		a->ci->c->data = NULL;
		p->deps = xcalloc(a->ci->c->ndeps + 1, sizeof(char *));
		for (size_t d = 0; d < a->ci->c->ndeps; d++)
			p->deps[p->ndeps++] = xstrdup(a->ci->c->deps[d].name);
	}
}

static void solver_release(struct rs_solver *s)
{
	while (s->nframes)
		pop_frame(s);
	for (size_t i = 0; i < s->nentries; i++) {
		struct rs_entry *e = s->entries[i];

		for (size_t k = 0; e->info && k < e->cands.n; k++) {
			struct rs_cand *ci = &e->info[k];

			if (ci->ver_ok)
				semver_release(&ci->ver);
			for (size_t d = 0; d < ci->c->ndeps; d++)
				if (!ci->deps[d].any)
					semver_req_release(&ci->deps[d].parsed);
			free(ci->deps);
		}
		resolve_cands_release(&e->cands, s->p);
		free(e->info);
		free(e->source);
		free(e->missing);
		free(e);
	}
	for (size_t i = 0; s->root_deps && i < s->nroots; i++) {
		for (size_t d = 0; s->root_deps[i] && d < s->roots[i].ndeps;
		     d++)
			if (!s->root_deps[i][d].any)
				semver_req_release(&s->root_deps[i][d].parsed);
		free(s->root_deps[i]);
	}
	for (size_t i = 0; i < s->nnames; i++) {
		free(s->names[i]);
		free(s->why[i]);
	}
	free(s->root_deps);
	free(s->entries);
	free(s->acts);
	free(s->reqs);
	free(s->frames);
	free(s->names);
	free(s->root_of);
	free(s->act_of);
	free(s->why);
}

int resolve_run(const struct resolve_root *roots, size_t nroots,
		const struct resolve_provider *p, struct resolve_result *out,
		struct osdk_err *err)
{
	struct rs_solver s;
	struct rs_bits c = { NULL, 0 };
	int ret;

	memset(&s, 0, sizeof(s));
	memset(out, 0, sizeof(*out));
	s.roots = roots;
	s.nroots = nroots;
	s.p = p;
	s.err = err;
	s.last_conflict = -1;
	ret = setup_roots(&s);
	while (!ret && s.qhead < s.nreqs) {
		if (s.steps > RESOLVE_MAX_STEPS) {
			ret = err_set(
				err, -ELOOP,
				"dependency resolution gave "
				"up after %d tries; the last conflict: %s",
				RESOLVE_MAX_STEPS,
				s.last_conflict >= 0 ? s.why[s.last_conflict]
						     : "none");
			break;
		}
		ret = step(&s, s.qhead++, &c);
		if (ret == 1)
			ret = backjump(&s, &c);
		bits_free(&c);
	}
	if (ret == -ENOENT) {
		const char *why =
			s.last_conflict >= 0 ? s.why[s.last_conflict] : NULL;

		ret = err_set(err, ret, "%s", why ? why : "no solution");
		if (why && strstr(why, "two different sources"))
			ret = -EINVAL;
	}
	if (!ret)
		take_result(&s, out);
	solver_release(&s);
	return ret;
}

void resolve_result_release(struct resolve_result *r,
			    const struct resolve_provider *p)
{
	for (size_t i = 0; i < r->n; i++) {
		struct resolve_pick *x = &r->v[i];

		if (x->data && p && p->free_data)
			p->free_data(p->ctx, x->data);
		for (size_t d = 0; d < x->ndeps; d++)
			free(x->deps[d]);
		free(x->deps);
		free(x->name);
		free(x->version);
		free(x->source);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

void resolve_req_release(struct resolve_req *r)
{
	free(r->name);
	free(r->req);
	free(r->source);
	memset(r, 0, sizeof(*r));
}

void resolve_cands_release(struct resolve_cands *c,
			   const struct resolve_provider *p)
{
	for (size_t i = 0; i < c->n; i++) {
		struct resolve_cand *x = &c->v[i];

		if (x->data && p && p->free_data)
			p->free_data(p->ctx, x->data);
		for (size_t d = 0; d < x->ndeps; d++)
			resolve_req_release(&x->deps[d]);
		free(x->deps);
		free(x->version);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}
