/* SPDX-License-Identifier: MIT */
/* semver.c - parsing, ordering and matching semantic versions. */
#include "core/manifest/semver.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-';
}

/* A number without leading zeros; NULL on error, else the rest. */
static const char *parse_num(const char *s, uint64_t *out)
{
	const char *start = s;
	uint64_t v = 0;

	if (!is_digit(*s))
		return NULL;
	for (; is_digit(*s); s++) {
		uint64_t d = (uint64_t)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return NULL;
		v = v * 10 + d;
	}
	if (*start == '0' && s - start > 1)
		return NULL;
	*out = v;
	return s;
}

/* Dot-separated identifiers; numeric ones lose leading zeros in `pre`. */
static const char *parse_idents(const char *s, bool pre)
{
	for (;;) {
		const char *start = s;
		bool numeric = true;

		for (; is_ident(*s); s++)
			numeric = numeric && is_digit(*s);
		if (s == start)
			return NULL;
		if (pre && numeric && *start == '0' && s - start > 1)
			return NULL;
		if (*s != '.')
			return s;
		s++;
	}
}

/* "-pre" and "+build" after the numbers; NULL on error. */
static const char *parse_tail(const char *s, const char **pre, size_t *npre,
			      const char **build)
{
	*pre = NULL;
	*npre = 0;
	*build = NULL;
	if (*s == '-') {
		*pre = s + 1;
		s = parse_idents(s + 1, true);
		if (!s)
			return NULL;
		*npre = (size_t)(s - *pre);
	}
	if (*s == '+') {
		*build = s + 1;
		s = parse_idents(s + 1, false);
	}
	return s;
}

int semver_parse(const char *s, struct semver *v)
{
	const char *p, *pre, *build;
	size_t npre;

	memset(v, 0, sizeof(*v));
	if (!s)
		return -EINVAL;
	p = parse_num(s, &v->major);
	if (p && *p == '.')
		p = parse_num(p + 1, &v->minor);
	else
		p = NULL;
	if (p && *p == '.')
		p = parse_num(p + 1, &v->patch);
	else
		p = NULL;
	if (!p)
		return -EINVAL;
	p = parse_tail(p, &pre, &npre, &build);
	if (!p || *p)
		return -EINVAL;
	v->text = xstrdup(s);
	if (pre)
		v->pre = xstrndup(v->text + (pre - s), npre);
	if (build)
		v->build = v->text + (build - s);
	return 0;
}

void semver_release(struct semver *v)
{
	free(v->pre);
	free(v->text);
	memset(v, 0, sizeof(*v));
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* One pre-release identifier against another (semver 2.0 rule 11.4). */
static int cmp_ident(const char *a, size_t na, const char *b, size_t nb)
{
	bool numa = true, numb = true;
	int c;

	for (size_t i = 0; i < na; i++)
		numa = numa && is_digit(a[i]);
	for (size_t i = 0; i < nb; i++)
		numb = numb && is_digit(b[i]);
	if (numa && numb) {
		/* No leading zeros: the longer number is the larger. */
		if (na != nb)
			return na < nb ? -1 : 1;
		c = memcmp(a, b, na);
		return c < 0 ? -1 : c > 0;
	}
	if (numa != numb)
		return numa ? -1 : 1;
	c = memcmp(a, b, na < nb ? na : nb);
	if (c)
		return c < 0 ? -1 : 1;
	return na == nb ? 0 : na < nb ? -1 : 1;
}

/* Pre-release strings; NULL (a release) ranks above any pre-release. */
static int cmp_pre(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b ? 0 : !a ? 1 : -1;
	for (;;) {
		size_t na = strcspn(a, "."), nb = strcspn(b, ".");
		int c = cmp_ident(a, na, b, nb);

		if (c)
			return c;
		a += na;
		b += nb;
		if (!*a || !*b)
			return !*a && !*b ? 0 : !*a ? -1 : 1;
		a++;
		b++;
	}
}

static int cmp_parts(uint64_t ma, uint64_t mia, uint64_t pa, const char *prea,
		     uint64_t mb, uint64_t mib, uint64_t pb, const char *preb)
{
	int c = cmp_u64(ma, mb);

	if (!c)
		c = cmp_u64(mia, mib);
	if (!c)
		c = cmp_u64(pa, pb);
	if (!c)
		c = cmp_pre(prea, preb);
	return c;
}

int semver_cmp(const struct semver *a, const struct semver *b)
{
	return cmp_parts(a->major, a->minor, a->patch, a->pre, b->major,
			 b->minor, b->patch, b->pre);
}

int semver_cmp_str(const char *a, const char *b)
{
	struct semver va, vb;
	int oka = semver_parse(a, &va) == 0, okb = semver_parse(b, &vb) == 0;
	int c;

	if (oka && okb)
		c = semver_cmp(&va, &vb);
	else
		c = oka == okb ? strcmp(a ? a : "", b ? b : "") : oka ? 1 : -1;
	if (oka)
		semver_release(&va);
	if (okb)
		semver_release(&vb);
	return c;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool is_wild(char c)
{
	return c == '*' || c == 'x' || c == 'X';
}

/* One comparator from s up to the next ',' or the end; NULL on error. */
static const char *parse_comparator(const char *s, struct semver_comparator *c,
				    bool *any)
{
	const char *pre, *build;
	size_t npre;
	bool explicit_op = true;

	memset(c, 0, sizeof(*c));
	*any = false;
	if (s[0] == '>' && s[1] == '=')
		c->op = SEMVER_OP_GE, s += 2;
	else if (s[0] == '<' && s[1] == '=')
		c->op = SEMVER_OP_LE, s += 2;
	else if (s[0] == '>')
		c->op = SEMVER_OP_GT, s++;
	else if (s[0] == '<')
		c->op = SEMVER_OP_LT, s++;
	else if (s[0] == '=')
		c->op = SEMVER_OP_EQ, s++;
	else if (s[0] == '^')
		c->op = SEMVER_OP_CARET, s++;
	else if (s[0] == '~')
		c->op = SEMVER_OP_TILDE, s++;
	else
		c->op = SEMVER_OP_CARET, explicit_op = false;
	s = skip_blanks(s);
	if (is_wild(*s) && !explicit_op) {
		*any = true;
		return s + 1;
	}
	s = parse_num(s, &c->major);
	if (!s)
		return NULL;
	if (*s != '.')
		goto partial;
	s++;
	if (is_wild(*s)) {
		s++;
		goto wildcard;
	}
	s = parse_num(s, &c->minor);
	if (!s)
		return NULL;
	c->has_minor = true;
	if (*s != '.')
		goto partial;
	s++;
	if (is_wild(*s)) {
		s++;
		goto wildcard;
	}
	s = parse_num(s, &c->patch);
	if (!s)
		return NULL;
	c->has_patch = true;
	s = parse_tail(s, &pre, &npre, &build);
	if (s && pre)
		c->pre = xstrndup(pre, npre);
	return s;
wildcard:
	/* "1.*" and "1.2.x" mean "=1" and "=1.2"; nothing may follow. */
	if (!explicit_op)
		c->op = SEMVER_OP_EQ;
	if (*s == '.' && is_wild(s[1]))
		s += 2;
	return s;
partial:
	return s;
}

int semver_req_parse(const char *s, struct semver_req *r)
{
	size_t cap = 0;

	memset(r, 0, sizeof(*r));
	if (!s)
		return 0;
	s = skip_blanks(s);
	if (!*s)
		return 0;
	for (;;) {
		struct semver_comparator c;
		bool any;

		s = parse_comparator(skip_blanks(s), &c, &any);
		if (!s) {
			semver_req_release(r);
			return -EINVAL;
		}
		if (!any) {
			XGROW(r->c, cap, r->n + 1);
			r->c[r->n++] = c;
		}
		s = skip_blanks(s);
		if (!*s)
			return 0;
		if (*s != ',') {
			semver_req_release(r);
			return -EINVAL;
		}
		s++;
		if (!*skip_blanks(s)) {
			semver_req_release(r);
			return -EINVAL;
		}
	}
}

void semver_req_release(struct semver_req *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->c[i].pre);
	free(r->c);
	r->c = NULL;
	r->n = 0;
}

/* v against the bound (ma.mi.pa-pre). */
static int vcmp(const struct semver *v, uint64_t ma, uint64_t mi, uint64_t pa,
		const char *pre)
{
	return cmp_parts(v->major, v->minor, v->patch, v->pre, ma, mi, pa, pre);
}

/* v < the exclusive upper bound (ma.mi.pa), which may overflow upwards. */
static bool below(const struct semver *v, uint64_t ma, uint64_t mi, uint64_t pa,
		  bool overflow)
{
	return overflow || vcmp(v, ma, mi, pa, NULL) < 0;
}

/* v < the next MAJOR (level 0), MINOR (1) or PATCH (2) after c's. */
static bool below_next(const struct semver *v,
		       const struct semver_comparator *c, int level)
{
	switch (level) {
	case 0:
		return below(v, c->major + 1, 0, 0, c->major == UINT64_MAX);
	case 1:
		return below(v, c->major, c->minor + 1, 0,
			     c->minor == UINT64_MAX);
	default:
		return below(v, c->major, c->minor, c->patch + 1,
			     c->patch == UINT64_MAX);
	}
}

/* The last part c gives: 0 = major only, 1 = minor, 2 = patch. */
static int level_of(const struct semver_comparator *c)
{
	return c->has_patch ? 2 : c->has_minor ? 1 : 0;
}

static bool at_least(const struct semver *v, const struct semver_comparator *c)
{
	return vcmp(v, c->major, c->minor, c->patch, c->pre) >= 0;
}

static bool comparator_matches(const struct semver_comparator *c,
			       const struct semver *v)
{
	int lvl = level_of(c);

	switch (c->op) {
	case SEMVER_OP_EQ:
		if (lvl == 2)
			return vcmp(v, c->major, c->minor, c->patch, c->pre) ==
			       0;
		return at_least(v, c) && below_next(v, c, lvl);
	case SEMVER_OP_GT:
		if (lvl == 2)
			return vcmp(v, c->major, c->minor, c->patch, c->pre) >
			       0;
		return !below_next(v, c, lvl);
	case SEMVER_OP_GE:
		return at_least(v, c);
	case SEMVER_OP_LT:
		return vcmp(v, c->major, c->minor, c->patch, c->pre) < 0;
	case SEMVER_OP_LE:
		if (lvl == 2)
			return vcmp(v, c->major, c->minor, c->patch, c->pre) <=
			       0;
		return below_next(v, c, lvl);
	case SEMVER_OP_TILDE:
		return at_least(v, c) && below_next(v, c, lvl == 0 ? 0 : 1);
	case SEMVER_OP_CARET:
		if (!at_least(v, c))
			return false;
		/* The first non-zero part given is the one that may not
		 * change; ^0.0 and ^0 stop at the last part given. */
		if (c->major > 0 || lvl == 0)
			return below_next(v, c, 0);
		if (c->minor > 0 || lvl == 1)
			return below_next(v, c, 1);
		return below_next(v, c, 2);
	}
	return false;
}

bool semver_req_matches(const struct semver_req *r, const struct semver *v)
{
	bool pre_allowed = !v->pre;

	for (size_t i = 0; i < r->n; i++) {
		const struct semver_comparator *c = &r->c[i];

		if (!comparator_matches(c, v))
			return false;
		if (c->pre && c->major == v->major && c->minor == v->minor &&
		    c->patch == v->patch)
			pre_allowed = true;
	}
	return pre_allowed;
}

bool semver_matches(const char *req, const char *version)
{
	struct semver_req r;
	struct semver v;
	bool ok;

	if (semver_req_parse(req, &r))
		return false;
	if (semver_parse(version, &v)) {
		semver_req_release(&r);
		return false;
	}
	ok = semver_req_matches(&r, &v);
	semver_release(&v);
	semver_req_release(&r);
	return ok;
}

char *semver_caret(const char *version)
{
	return xasprintf("^%.*s", (int)strcspn(version, "+"), version);
}
