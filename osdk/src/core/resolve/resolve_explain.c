/* SPDX-License-Identifier: MIT */
/* resolve_explain.c - saying why no version fits: requirement chains. */
#include "core/resolve/resolve_solver.h"

#include <stdlib.h>
#include <string.h>

#include "core/resolve/source_id.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/sort.h"

static void add_chain(struct rs_solver *s, struct strbuf *sb, long a)
{
	long path[256];
	int n = 0;

	while (a >= 0 && n < 256) {
		path[n++] = a;
		a = s->acts[a].root >= 0 ? -1
					 : s->reqs[s->acts[a].by_req].parent;
	}
	while (n--) {
		const struct rs_act *x = &s->acts[path[n]];

		strbuf_addf(sb, "%s v%s%s", s->names[x->name],
			    x->root >= 0 ? s->roots[x->root].version
					 : x->ci->c->version,
			    n ? " -> " : "");
	}
}

static void add_req_line(struct rs_solver *s, struct strbuf *sb, size_t ri,
			 bool with_source)
{
	const struct rs_req *q = &s->reqs[ri];

	strbuf_adds(sb, "\n  ");
	add_chain(s, sb, q->parent);
	strbuf_addf(sb, " -> %s %s", s->names[q->name],
		    q->dep->r->req ? q->dep->r->req : "(any version)");
	if (with_source) {
		char *d = resolve_source_describe(q->dep->r->source);

		strbuf_addf(sb, " from %s", d);
		free(d);
	}
}

static int cmp_desc(const void *a, const void *b)
{
	const struct rs_cand *x = *(struct rs_cand *const *)a;
	const struct rs_cand *y = *(struct rs_cand *const *)b;

	return -semver_cmp_str(x->c->version, y->c->version);
}

static void add_versions(struct strbuf *sb, const struct rs_entry *e)
{
	struct rs_cand **sorted;
	char *d;

	if (e->missing) {
		strbuf_addf(sb, "\n%s", e->missing);
		return;
	}
	d = resolve_source_describe(e->source);
	strbuf_addf(sb, "\nversions in %s:", d);
	free(d);
	sorted = xcalloc(e->cands.n + 1, sizeof(*sorted));
	for (size_t i = 0; i < e->cands.n; i++)
		sorted[i] = &e->info[i];
	sort_array(sorted, e->cands.n, sizeof(*sorted), cmp_desc);
	for (size_t i = 0; i < e->cands.n && i < 12; i++)
		strbuf_addf(sb, "%s %s%s", i ? "," : "", sorted[i]->c->version,
			    sorted[i]->c->yanked ? " (yanked)" : "");
	if (e->cands.n > 12)
		strbuf_addf(sb, " and %zu more", e->cands.n - 12);
	if (!e->cands.n)
		strbuf_adds(sb, " none");
	free(sorted);
}

static void record(struct rs_solver *s, size_t name, struct strbuf *sb)
{
	if (!s->why[name])
		s->why[name] = strbuf_detach(sb);
	strbuf_release(sb);
	s->last_conflict = (long)name;
}

void resolve_explain_sources(struct rs_solver *s, size_t ri, size_t other)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb,
		    "package '%s' is required from two different "
		    "sources:",
		    s->names[s->reqs[ri].name]);
	add_req_line(s, &sb, other, true);
	add_req_line(s, &sb, ri, true);
	record(s, s->reqs[ri].name, &sb);
}

void resolve_explain_versions(struct rs_solver *s, size_t name,
			      const struct rs_entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t nreq = 0;

	for (size_t i = 0; i < s->nreqs; i++)
		nreq += s->reqs[i].name == name;
	if (e->missing)
		strbuf_addf(&sb, "cannot find '%s', which is required by:",
			    s->names[name]);
	else if (nreq == 1)
		strbuf_addf(&sb, "no version of '%s' matches the requirement:",
			    s->names[name]);
	else
		strbuf_addf(&sb,
			    "no version of '%s' satisfies all "
			    "requirements:",
			    s->names[name]);
	for (size_t i = 0; i < s->nreqs; i++)
		if (s->reqs[i].name == name)
			add_req_line(s, &sb, i, false);
	add_versions(&sb, e);
	record(s, name, &sb);
}

void resolve_explain_root(struct rs_solver *s, size_t ri)
{
	const struct rs_req *r = &s->reqs[ri];
	struct strbuf sb = STRBUF_INIT;
	long root = s->root_of[r->name];

	strbuf_addf(&sb,
		    "the workspace's own '%s' v%s stands in for every "
		    "requirement on '%s', but does not match:",
		    s->names[r->name], s->roots[root].version,
		    s->names[r->name]);
	add_req_line(s, &sb, ri, false);
	record(s, r->name, &sb);
}

char *resolve_source_describe(const char *source)
{
	struct source_id id = SOURCE_ID_INIT;
	char *s;

	if (source_id_parse(source, &id))
		return xstrdup(source);
	if (id.kind == SOURCE_REGISTRY)
		s = xasprintf("registry '%s'", id.where);
	else if (id.kind == SOURCE_PATH)
		s = xasprintf("'%s'", id.where);
	else if (id.ref)
		s = xasprintf("git '%s' (%s %s)", id.where,
			      source_ref_key(id.ref_kind), id.ref);
	else
		s = xasprintf("git '%s'", id.where);
	source_id_release(&id);
	return s;
}
