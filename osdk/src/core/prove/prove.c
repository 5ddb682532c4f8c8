/* SPDX-License-Identifier: MIT */
/* prove.c - running Frama-C WP on a package's listed sources, with a cache. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/build/build.h"
#include "core/manifest/manifest.h"
#include "core/prove/prove_int.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

/* Run Frama-C with argv on file, and keep its reports and log in the
 * cache entry `cached`; a failure names the log's last lines. */
static int run_into_cache(const struct prove_run *pr, const char *file,
			  struct strvec *argv, const char *tmp,
			  const char *cached, struct osdk_err *err)
{
	struct strbuf log = STRBUF_INIT;
	char *tj = fs_join(tmp, "report.json"),
	     *tc = fs_join(tmp, "report.csv");
	char *jpath = fs_join(cached, "report.json");
	char *cpath = fs_join(cached, "report.csv");
	char *lpath = fs_join(cached, "log.txt");
	int status, ret;

	ret = prove_run_capture(strvec_argv(argv), pr->ws->pkgs[pr->pkg].dir,
				&log, &status, err);
	if (ret)
		goto out;
	if (status || !fs_exists(tj) || !fs_exists(tc)) {
		ret = err_set(err, -EINVAL,
			      "frama-c failed on %s (exit %d):\n%s", file,
			      status, log.buf ? tail_of(log.buf, 15) : "");
		goto out;
	}
	ret = fs_mkdirs(cached, err);
	if (!ret)
		ret = fs_copy_file(tj, jpath, err);
	if (!ret)
		ret = fs_copy_file(tc, cpath, err);
	if (!ret)
		ret = fs_write_atomic(lpath, log.buf ? log.buf : "", log.len,
				      err);
	unlink(tj);
	unlink(tc);
out:
	free(tj);
	free(tc);
	free(jpath);
	free(cpath);
	free(lpath);
	strbuf_release(&log);
	return ret;
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
	int ret;

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
	prove_framac_argv(pr, abs, &fns, tmp, &argv);
	ret = prove_cache_key(pr, file, &argv, key, err);
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
		if (ev && ev->status)
			ev->status(ev->ctx, "Proving", file);
		ret = run_into_cache(pr, file, &argv, tmp, cached, err);
		if (ret)
			goto out;
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
	prove_note_unproved_defined(csv.buf ? csv.buf : "", &all, &fns, &bodies,
				    r);
	prove_note_generated(log.buf ? log.buf : "", &bodies, r);
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

/* Fill pr for proving package p with options o: limits, provers, the
 * preprocessor flags, the tools' versions and the cache directory. */
static int run_setup(const struct workspace *ws, size_t p,
		     const struct prove_opts *o, struct prove_run *pr,
		     struct osdk_err *err)
{
	const struct manifest *m = ws->pkgs[p].m;
	struct build_cflags_opts co = { 0 };
	struct strvec cflags = STRVEC_INIT, prov = STRVEC_INIT;
	char *cc_include = NULL;
	int ret;

	pr->ws = ws;
	pr->pkg = p;
	pr->mp = &m->prove;
	pr->steps = m->prove.steps ? m->prove.steps : PROVE_DEFAULT_STEPS;
	pr->timeout = o->timeout	 ? o->timeout
		      : m->prove.timeout ? m->prove.timeout
					 : PROVE_DEFAULT_TIMEOUT;
	pr->jobs = o->jobs > 0 ? o->jobs : 2;
	pr->no_cache = o->no_cache;
	if (m->prove.nprovers) {
		for (size_t i = 0; i < m->prove.nprovers; i++)
			strvec_push(&prov, m->prove.provers[i]);
	} else {
		strvec_pushv(&prov,
			     (const char *const[]){ "z3", "cvc4", NULL });
	}
	pr->provers = prove_join(&prov, ",");
	pr->cache_dir = xasprintf("%s/target/osdk/prove", ws->root_dir);

	ret = build_cc_include("cc", &cc_include, err);
	if (ret)
		goto out;
	co.cc_include = cc_include;
	ret = build_pkg_cflags(ws, p, &co, &cflags, err);
	if (ret)
		goto out;
	prove_cpp_flags(&cflags, &pr->cpp);
	ret = prove_tool_versions(pr, err);
out:
	free(cc_include);
	strvec_clear(&cflags);
	strvec_clear(&prov);
	return ret;
}

int prove_package(const struct workspace *ws, size_t p,
		  const struct prove_opts *o, const struct prove_events *ev,
		  struct prove_report *r, struct osdk_err *err)
{
	const struct manifest *m = ws->pkgs[p].m;
	struct prove_run pr = { 0 };
	char *tmp = NULL;
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
	ret = run_setup(ws, p, o, &pr, err);
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
	if (!ret)
		prove_drop_proved_assumptions(r);
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
