/* SPDX-License-Identifier: MIT */
/* prove.c - running Frama-C WP on a package's listed sources, with a cache. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/build/build.h"
#include "core/manifest/manifest.h"
#include "core/prove/prove.h"
#include "core/registry/pack.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* What every file of one run shares. */
struct prove_run {
	const struct workspace *ws;
	size_t pkg;
	const struct manifest_prove *mp;
	struct strvec cpp; /* preprocessor flags of the package */
	char *tools;	   /* versions of Frama-C, Why3 and the provers */
	char *provers;	   /* "z3,cvc4" */
	char *cache_dir;
	int steps, timeout, jobs;
	bool no_cache;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run argv in cwd and collect its output; -ENOENT names the tool. */
static int run_capture(const char *const *argv, const char *cwd,
		       struct strbuf *out, int *status, struct osdk_err *err)
{
	int ret = proc_run(argv, cwd, out, status);

	if (ret == -ENOENT)
		return err_set(err, ret,
			       "'%s' not found; install Frama-C, Why3 and the "
			       "provers (./install.sh, or apt-get install "
			       "frama-c-base why3 z3 cvc4 cvc5)",
			       argv[0]);
	if (ret)
		return err_set(err, ret, "could not run '%s': %s", argv[0],
			       strerror(-ret));
	return 0;
}

/* The tools' versions, part of every cache key. */
static int tool_versions(struct prove_run *pr, struct osdk_err *err)
{
	const char *fc[] = { "frama-c", "-version", NULL };
	const char *w3[] = { "why3", "config", "list-provers", NULL };
	struct strbuf sb = { 0 };
	int status, ret;

	strbuf_init(&sb);
	ret = run_capture(fc, NULL, &sb, &status, err);
	if (!ret)
		ret = run_capture(w3, NULL, &sb, &status, err);
	if (!ret && status)
		ret = err_set(err, -EINVAL,
			      "'why3 config list-provers' failed; run 'why3 "
			      "config detect'");
	if (ret) {
		strbuf_release(&sb);
		return ret;
	}
	pr->tools = strbuf_detach(&sb);
	return 0;
}

/* The build's flags that matter to the preprocessor. */
static void cpp_flags(const struct strvec *cflags, struct strvec *out)
{
	for (size_t i = 0; i < cflags->n; i++) {
		const char *f = cflags->v[i];

		if (!strncmp(f, "-D", 2) || !strncmp(f, "-U", 2) ||
		    !strncmp(f, "-I", 2) || !strcmp(f, "-nostdinc") ||
		    !strcmp(f, "-ffreestanding")) {
			strvec_push(out, f);
		} else if ((!strcmp(f, "-isystem") || !strcmp(f, "-include")) &&
			   i + 1 < cflags->n) {
			strvec_push(out, f);
			strvec_push(out, cflags->v[++i]);
		}
	}
}

/* One shell word: Frama-C hands -cpp-extra-args to a shell. */
static void shell_word(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_adds(sb, "'\\''");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

static char *join(const struct strvec *v, const char *sep)
{
	struct strbuf sb = { 0 };

	strbuf_init(&sb);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			strbuf_adds(&sb, sep);
		strbuf_adds(&sb, v->v[i]);
	}
	return strbuf_detach(&sb);
}

/* Frama-C's arguments for `file` into argv. */
static void framac_argv(const struct prove_run *pr, const char *file,
			const struct strvec *fns, const char *tmp,
			struct strvec *argv)
{
	struct strbuf cpp = { 0 };
	char *names = join(fns, ",");

	strbuf_init(&cpp);
	for (size_t i = 0; i < pr->cpp.n; i++) {
		if (i)
			strbuf_addch(&cpp, ' ');
		shell_word(&cpp, pr->cpp.v[i]);
	}
	strvec_push(argv, "frama-c");
	strvec_push(argv, "-c11");
	strvec_pushv(argv, (const char *const[]){ "-machdep", "x86_64", NULL });
	strvec_pushf(argv, "-cpp-extra-args=%s", cpp.buf ? cpp.buf : "");
	strvec_push(argv, file);
	strvec_pushv(argv, (const char *const[]){ "-wp", "-wp-rte", NULL });
	strvec_pushf(argv, "-wp-fct=%s", names);
	strvec_pushf(argv, "-wp-prover=%s", pr->provers);
	strvec_pushf(argv, "-wp-steps=%d", pr->steps);
	strvec_pushf(argv, "-wp-timeout=%d", pr->timeout);
	strvec_pushf(argv, "-wp-par=%d", pr->jobs);
	strvec_pushf(argv, "-wp-out=%s/wp", tmp);
	strvec_pushf(argv, "-wp-report-json=%s/report.json", tmp);
	strvec_pushv(argv,
		     (const char *const[]){ "-then", "-report-csv", NULL });
	strvec_pushf(argv, "%s/report.csv", tmp);
	strbuf_release(&cpp);
	free(names);
}

/*
 * The cache key: the file preprocessed with its comments (the contracts)
 * and macro definitions, Frama-C's arguments but for the scratch paths,
 * and the tools' versions.
 */
static int cache_key(const struct prove_run *pr, const char *file,
		     const struct strvec *argv, char key[65],
		     struct osdk_err *err)
{
	struct strvec cc = STRVEC_INIT;
	struct strbuf sb = { 0 };
	int status, ret;

	strbuf_init(&sb);
	strvec_pushv(&cc,
		     (const char *const[]){ "cc", "-E", "-C", "-dD", NULL });
	for (size_t i = 0; i < pr->cpp.n; i++)
		strvec_push(&cc, pr->cpp.v[i]);
	strvec_push(&cc, file);
	ret = run_capture(strvec_argv(&cc), pr->ws->pkgs[pr->pkg].dir, &sb,
			  &status, err);
	if (!ret && status)
		ret = err_set(err, -EINVAL, "%s: the preprocessor failed:\n%s",
			      file, sb.buf ? sb.buf : "");
	if (!ret) {
		for (size_t i = 0; i < argv->n; i++)
			if (strncmp(argv->v[i], "-wp-out=", 8) &&
			    strncmp(argv->v[i], "-wp-report-json=", 16) &&
			    !strstr(argv->v[i], "report.csv"))
				strbuf_addf(&sb, "\n%s", argv->v[i]);
		strbuf_addf(&sb, "\n%s", pr->tools);
		sha256_hex(sb.buf, sb.len, key);
	}
	strvec_clear(&cc);
	strbuf_release(&sb);
	return ret;
}

/* Whether one of the proved bodies calls `name`. */
static bool called(const struct strvec *bodies, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < bodies->n; i++) {
		const char *b = bodies->v[i], *p = b;

		while ((p = strstr(p, name))) {
			const char *q = p + n;

			while (*q == ' ' || *q == '\t' || *q == '\n')
				q++;
			if (*q == '(' &&
			    (p == b ||
			     !(isalnum((unsigned char)p[-1]) || p[-1] == '_')))
				return true;
			p += n;
		}
	}
	return false;
}

/* Whether `csv` (Frama-C's report) has a property of function `name`. */
static bool has_property(const char *csv, const char *name)
{
	size_t n = strlen(name);

	for (const char *line = csv; *line;) {
		const char *end = strchr(line, '\n'), *col = line;

		if (!end)
			end = line + strlen(line);
		/* directory, file, line, function: the fourth column */
		for (int i = 0; i < 3 && col && col < end; i++) {
			col = memchr(col, '\t', (size_t)(end - col));
			if (col)
				col++;
		}
		if (col && col < end && (size_t)(end - col) > n &&
		    !strncmp(col, name, n) && col[n] == '\t')
			return true;
		line = *end ? end + 1 : end;
	}
	return false;
}

/*
 * Functions the file defines but does not prove (outside
 * prove.functions), which the proved ones call and whose contracts their
 * proofs therefore take on trust.
 */
static void note_unproved_defined(const char *csv, const struct strvec *all,
				  const struct strvec *fns,
				  const struct strvec *bodies,
				  struct prove_report *r)
{
	for (size_t i = 0; i < all->n; i++) {
		char entry[160];
		bool seen = false;

		for (size_t j = 0; j < fns->n && !seen; j++)
			seen = !strcmp(fns->v[j], all->v[i]);
		if (seen || !called(bodies, all->v[i]) ||
		    !has_property(csv, all->v[i]))
			continue;
		snprintf(entry, sizeof(entry), "%s (contract)", all->v[i]);
		for (size_t j = 0; j < r->assumed.n && !seen; j++)
			seen = !strcmp(r->assumed.v[j], entry);
		if (!seen)
			strvec_push(&r->assumed, entry);
	}
}

/*
 * Functions the proved ones call whose specification Frama-C had to make
 * up from the prototype.
 */
static void note_generated(const char *log, const struct strvec *bodies,
			   struct prove_report *r)
{
	static const char tag[] = "Neither code nor specification for "
				  "function ";
	const char *p = log;

	while ((p = strstr(p, tag))) {
		char name[128], entry[160];
		bool seen;
		size_t n;

		p += sizeof(tag) - 1;
		n = strcspn(p, ", \n");
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, p, n);
		name[n] = 0;
		snprintf(entry, sizeof(entry), "%s (no contract)", name);
		seen = !called(bodies, name);
		for (size_t i = 0; i < r->assumed.n; i++)
			seen |= !strcmp(r->assumed.v[i], entry);
		if (!seen)
			strvec_push(&r->assumed, entry);
	}
}

/* The last lines of Frama-C's output, for an error message. */
static const char *tail_of(const char *log, int lines)
{
	const char *p = log + strlen(log);

	while (p > log && lines > 0)
		if (*--p == '\n')
			lines--;
	return p;
}

/* Keep of `fns` (and their `bodies`) those prove.functions names. */
static void keep_listed(struct strvec *fns, struct strvec *bodies,
			const struct manifest_prove *mp)
{
	struct strvec kept = STRVEC_INIT, kept_bodies = STRVEC_INIT;

	for (size_t i = 0; i < fns->n; i++)
		for (size_t j = 0; j < mp->nfunctions; j++)
			if (!strcmp(fns->v[i], mp->functions[j])) {
				strvec_push(&kept, fns->v[i]);
				strvec_push(&kept_bodies, bodies->v[i]);
			}
	strvec_clear(fns);
	strvec_clear(bodies);
	*fns = kept;
	*bodies = kept_bodies;
}

/* Prove one file into a scratch report r1 (cache files hold its inputs). */
static int prove_file(const struct prove_run *pr, const char *file,
		      const char *tmp, const struct prove_events *ev,
		      struct prove_report *r, struct osdk_err *err)
{
	const char *dir = pr->ws->pkgs[pr->pkg].dir;
	struct strvec fns = STRVEC_INIT, argv = STRVEC_INIT,
		      bodies = STRVEC_INIT, all = STRVEC_INIT;
	struct strbuf src = { 0 }, log = { 0 }, json = { 0 }, csv = { 0 };
	char *path = fs_join(dir, file), *cached = NULL, *jpath = NULL,
	     *cpath = NULL, *lpath = NULL, *abs = NULL;
	char key[65];
	int status, ret;

	strbuf_init(&src);
	strbuf_init(&log);
	strbuf_init(&json);
	strbuf_init(&csv);
	ret = fs_read(path, &src, err);
	if (ret)
		goto out;
	prove_defined_functions(src.buf ? src.buf : "", &fns, &bodies);
	for (size_t i = 0; i < fns.n; i++)
		strvec_push(&all, fns.v[i]);
	if (pr->mp->nfunctions)
		keep_listed(&fns, &bodies, pr->mp);
	if (!fns.n) {
		ret = err_set(err, -EINVAL, "%s defines no function to prove",
			      file);
		goto out;
	}
	/* Frama-C gets the file by its full path, so that what it reads
	 * does not depend on the directory it runs in. */
	abs = fs_abspath(path);
	framac_argv(pr, abs, &fns, tmp, &argv);
	ret = cache_key(pr, file, &argv, key, err);
	if (ret)
		goto out;
	cached = xmalloc(strlen(pr->cache_dir) + 80);
	sprintf(cached, "%s/%s", pr->cache_dir, key);
	jpath = fs_join(cached, "report.json");
	cpath = fs_join(cached, "report.csv");
	lpath = fs_join(cached, "log.txt");
	if (!pr->no_cache && fs_exists(jpath) && fs_exists(cpath) &&
	    fs_exists(lpath)) {
		if (ev && ev->status)
			ev->status(ev->ctx, "Cached", file);
		r->cached++;
	} else {
		char *tj = NULL, *tc = NULL;

		if (ev && ev->status)
			ev->status(ev->ctx, "Proving", file);
		ret = run_capture(strvec_argv(&argv), dir, &log, &status, err);
		if (ret)
			goto out;
		tj = xmalloc(strlen(tmp) + 16);
		tc = xmalloc(strlen(tmp) + 16);
		sprintf(tj, "%s/report.json", tmp);
		sprintf(tc, "%s/report.csv", tmp);
		if (status || !fs_exists(tj) || !fs_exists(tc)) {
			ret = err_set(err, -EINVAL,
				      "frama-c failed on %s (exit %d):\n%s",
				      file, status,
				      log.buf ? tail_of(log.buf, 15) : "");
			free(tj);
			free(tc);
			goto out;
		}
		ret = fs_mkdirs(cached, err);
		if (!ret)
			ret = fs_copy_file(tj, jpath, err);
		if (!ret)
			ret = fs_copy_file(tc, cpath, err);
		if (!ret)
			ret = fs_write_atomic(lpath, log.buf ? log.buf : "",
					      log.len, err);
		unlink(tj);
		unlink(tc);
		free(tj);
		free(tc);
		if (ret)
			goto out;
		strbuf_reset(&log);
	}
	ret = fs_read(jpath, &json, err);
	if (!ret)
		ret = fs_read(cpath, &csv, err);
	if (!ret)
		ret = fs_read(lpath, &log, err);
	if (!ret)
		ret = prove_parse_json(json.buf ? json.buf : "", file, r, err);
	if (ret)
		goto out;
	prove_parse_csv(csv.buf ? csv.buf : "", &fns, r);
	note_unproved_defined(csv.buf ? csv.buf : "", &all, &fns, &bodies, r);
	note_generated(log.buf ? log.buf : "", &bodies, r);
	r->files++;
out:
	free(abs);
	free(path);
	free(cached);
	free(jpath);
	free(cpath);
	free(lpath);
	strvec_clear(&fns);
	strvec_clear(&bodies);
	strvec_clear(&all);
	strvec_clear(&argv);
	strbuf_release(&src);
	strbuf_release(&log);
	strbuf_release(&json);
	strbuf_release(&csv);
	return ret;
}

static void run_release(struct prove_run *pr)
{
	strvec_clear(&pr->cpp);
	free(pr->tools);
	free(pr->provers);
	free(pr->cache_dir);
}

int prove_package(const struct workspace *ws, size_t p,
		  const struct prove_opts *o, const struct prove_events *ev,
		  struct prove_report *r, struct osdk_err *err)
{
	const struct manifest *m = ws->pkgs[p].m;
	struct build_cflags_opts co = { 0 };
	struct prove_run pr = { 0 };
	struct strvec cflags = STRVEC_INIT, prov = STRVEC_INIT;
	char *tmp = NULL, *cc_include = NULL;
	double t0 = now();
	bool found = false;
	int ret;

	memset(r, 0, sizeof(*r));
	r->package = xstrdup(m->package.name);
	if (!m->prove.set || !m->prove.nfiles)
		return err_set(err, -ENOENT,
			       "package '%s' has no files to prove (add "
			       "prove: { files: [...] } to its osdk.yaml)",
			       m->package.name);
	pr.ws = ws;
	pr.pkg = p;
	pr.mp = &m->prove;
	pr.steps = m->prove.steps ? m->prove.steps : PROVE_DEFAULT_STEPS;
	pr.timeout = o->timeout		? o->timeout
		     : m->prove.timeout ? m->prove.timeout
					: PROVE_DEFAULT_TIMEOUT;
	pr.jobs = o->jobs > 0 ? o->jobs : 2;
	pr.no_cache = o->no_cache;
	if (m->prove.nprovers) {
		for (size_t i = 0; i < m->prove.nprovers; i++)
			strvec_push(&prov, m->prove.provers[i]);
	} else {
		strvec_pushv(&prov,
			     (const char *const[]){ "z3", "cvc4", NULL });
	}
	pr.provers = join(&prov, ",");
	pr.cache_dir = xmalloc(strlen(ws->root_dir) + 32);
	sprintf(pr.cache_dir, "%s/target/osdk/prove", ws->root_dir);

	ret = build_cc_include("cc", &cc_include, err);
	if (ret)
		goto out;
	co.cc_include = cc_include;
	ret = build_pkg_cflags(ws, p, &co, &cflags, err);
	if (ret)
		goto out;
	cpp_flags(&cflags, &pr.cpp);
	ret = tool_versions(&pr, err);
	if (ret)
		goto out;
	/* Frama-C's scratch files, beside the cache. */
	ret = fs_mkdirs(pr.cache_dir, err);
	if (ret)
		goto out;
	tmp = xasprintf("%s/scratch-XXXXXX", pr.cache_dir);
	if (!mkdtemp(tmp)) {
		ret = err_set(err, -errno,
			      "could not make a scratch directory: "
			      "%s",
			      strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < m->prove.nfiles && !ret; i++) {
		if (o->file && strcmp(o->file, m->prove.files[i]))
			continue;
		found = true;
		ret = prove_file(&pr, m->prove.files[i], tmp, ev, r, err);
	}
	{
		struct osdk_err ignored = OSDK_ERR_INIT;

		fs_remove_tree(tmp, &ignored);
	}
	if (!ret && !found)
		ret = err_set(err, -ENOENT,
			      "'%s' is not among the files package '%s' "
			      "proves",
			      o->file, m->package.name);
	/* A contract one file assumes and another proves is not assumed. */
	for (size_t i = 0; !ret && i < r->assumed.n;) {
		const char *a = r->assumed.v[i];
		size_t len = strcspn(a, " ");
		bool proved = false;

		for (size_t j = 0; j < r->nfns && !proved; j++)
			proved = strlen(r->fns[j].name) == len &&
				 !strncmp(r->fns[j].name, a, len) &&
				 !strcmp(a + len, " (contract)");
		if (proved) {
			free(r->assumed.v[i]);
			/* with the NULL that ends the vector */
			memmove(&r->assumed.v[i], &r->assumed.v[i + 1],
				(r->assumed.n - i) * sizeof(char *));
			r->assumed.n--;
		} else {
			i++;
		}
	}
	/* A name in prove.functions that no file defines is a typo. */
	for (size_t i = 0; !ret && !o->file && i < m->prove.nfunctions; i++) {
		bool seen = false;

		for (size_t j = 0; j < r->nfns && !seen; j++)
			seen = !strcmp(r->fns[j].name, m->prove.functions[i]);
		if (!seen)
			ret = err_set(err, -ENOENT,
				      "prove.functions names '%s', which none "
				      "of prove.files defines",
				      m->prove.functions[i]);
	}
out:
	r->seconds = now() - t0;
	free(tmp);
	free(cc_include);
	strvec_clear(&cflags);
	strvec_clear(&prov);
	run_release(&pr);
	return ret;
}

void prove_report_release(struct prove_report *r)
{
	free(r->package);
	for (size_t i = 0; i < r->nfns; i++) {
		free(r->fns[i].name);
		free(r->fns[i].file);
		free(r->fns[i].provers);
	}
	free(r->fns);
	for (size_t i = 0; i < r->nfails; i++) {
		free(r->fails[i].function);
		free(r->fails[i].kind);
		free(r->fails[i].file);
		free(r->fails[i].status);
		free(r->fails[i].property);
	}
	free(r->fails);
	strvec_clear(&r->assumed);
	memset(r, 0, sizeof(*r));
}
