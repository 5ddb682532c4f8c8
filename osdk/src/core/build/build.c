/* SPDX-License-Identifier: MIT */
/* build.c - a build in order: plan, compile and check, archive, link. */
#include "core/build/build.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/build/build_int.h"
#include "core/build/depfile.h"
#include "core/build/link.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

char *build_out_dir(const struct workspace *ws, bool release, bool ktest)
{
	return xasprintf("%s/target/osdk/%s%s", ws->root_dir,
			 release ? "release" : "dev", ktest ? "-ktest" : "");
}

double build_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void build_emit_status(struct builder *b, const char *verb, const char *s)
{
	if (b->ev && b->ev->status)
		b->ev->status(b->ev->ctx, verb, s);
}

void build_emit_command(struct builder *b, const struct strvec *argv)
{
	char *line;

	if (!b->o->verbose || !b->ev || !b->ev->command)
		return;
	line = strvec_join(argv);
	b->ev->command(b->ev->ctx, line);
	free(line);
}

void build_emit_output(struct builder *b, const char *text)
{
	if (b->ev && b->ev->output && text && *text)
		b->ev->output(b->ev->ctx, text);
}

int build_cc_include(const char *cc, char **out, struct osdk_err *err)
{
	const char *argv[] = { cc, "-print-file-name=include", NULL };
	struct strbuf sb = STRBUF_INIT;
	int status, ret;

	*out = NULL;
	ret = proc_run(argv, NULL, &sb, &status);
	if (ret == -ENOENT) {
		ret = err_set(err, ret,
			      "compiler '%s' not found; install it (Debian "
			      "package 'build-essential' or 'clang') or set CC",
			      cc);
		goto out;
	}
	if (ret || status != 0) {
		ret = err_set(err, ret ? ret : -EIO,
			      "could not ask '%s' for its include directory",
			      cc);
		goto out;
	}
	strbuf_trim_trailing(&sb);
	*out = strbuf_detach(&sb);
out:
	strbuf_release(&sb);
	return ret;
}

/*
 * Whether obj is older than anything in its depfile. A missing or
 * unreadable depfile means we cannot know, so the answer is yes. Relative
 * prerequisites are relative to `base` (the compiler's directory), or to
 * ours when it is NULL.
 */
static bool deps_newer(const char *obj, int64_t obj_mtime, const char *base)
{
	struct strbuf sb = STRBUF_INIT;
	struct strvec deps = STRVEC_INIT;
	char *dfile = xasprintf("%s.d", obj);
	bool newer = true;

	if (fs_read(dfile, &sb, NULL) != 0 ||
	    depfile_parse(sb.buf, sb.len, &deps) != 0)
		goto out;
	newer = false;
	for (size_t i = 0; i < deps.n && !newer; i++) {
		char *full = base && deps.v[i][0] != '/'
				     ? fs_join(base, deps.v[i])
				     : xstrdup(deps.v[i]);
		int64_t t;

		if (fs_mtime(full, &t) != 0 || t > obj_mtime)
			newer = true;
		free(full);
	}
out:
	strvec_clear(&deps);
	free(dfile);
	strbuf_release(&sb);
	return newer;
}

bool build_obj_stale(const char *obj, const char *cmdfile, const char *record,
		     const char *dep_base)
{
	struct strbuf old = STRBUF_INIT;
	int64_t t;
	bool stale = true;

	if (fs_mtime(obj, &t) != 0)
		return true;
	if (fs_read(cmdfile, &old, NULL) == 0 && strcmp(old.buf, record) == 0)
		stale = deps_newer(obj, t, dep_base);
	strbuf_release(&old);
	return stale;
}

/* Which packages this build compiles, and which have their ktests in. */
static bool *mark_needed(struct builder *b)
{
	const struct workspace *ws = b->ws;
	bool *link_in = xcalloc(ws->npkgs ? ws->npkgs : 1, sizeof(bool));

	for (size_t t = 0; t < ws->ntargets; t++) {
		size_t p = ws->targets[t];
		bool *in = xcalloc(ws->npkgs, sizeof(bool));

		workspace_closure(ws, p, in);
		for (size_t q = 0; q < ws->npkgs; q++)
			b->st[q].needed |= in[q];
		b->st[p].ktest = b->o->ktest;
		free(in);
	}
	for (size_t i = 0; i < b->o->nlink; i++)
		workspace_closure(ws, b->o->link[i], link_in);
	for (size_t q = 0; q < ws->npkgs; q++)
		b->st[q].needed |= link_in[q];
	return link_in;
}

/* Compile, check, and archive every needed package. */
static int build_pkgs(struct builder *b)
{
	const struct workspace *ws = b->ws;
	double t;
	char *path;
	int ret = 0;

	for (size_t p = 0; p < ws->npkgs && !ret; p++)
		if (b->st[p].needed)
			ret = build_plan_pkg(b, p);
	if (ret)
		return ret;
	/* For editors and clangd, even when the compile then fails; a
	 * coverage build's flags are not the ones to edit with. */
	if (!b->o->coverage) {
		path = fs_join(ws->root_dir, "compile_commands.json");
		ret = compdb_write(&b->db, path, b->err);
		free(path);
	}
	if (!ret)
		ret = build_run_jobs(b);
	t = build_now_ms();
	for (size_t p = 0; p < ws->npkgs && !ret; p++)
		if (b->st[p].needed)
			ret = build_images(b, p);
	b->times->images = build_now_ms() - t;
	if (!ret)
		ret = build_archive_rest(b);
	return ret;
}

static int link_step(struct builder *b, const bool *link_in,
		     struct build_result *res)
{
	struct link_input li = { 0 };
	struct strvec archives = STRVEC_INIT, objs = STRVEC_INIT;
	int ret;

	for (size_t p = 0; p < b->ws->npkgs; p++) {
		if (!link_in[p])
			continue;
		strvec_push(&archives, b->st[p].archive);
		for (size_t i = 0; i < b->st[p].objs.n; i++)
			strvec_push(&objs, b->st[p].objs.v[i]);
	}
	li.ws = b->ws;
	li.in = link_in;
	li.archives = &archives;
	li.objs = &objs;
	li.out_dir = b->out_dir;
	li.name = b->o->link_name;
	li.cc = b->o->cc;
	li.ld = b->o->ld;
	li.verbose = b->o->verbose;
	li.ev = b->ev;
	li.times = b->times;
	ret = link_kernel(&li, &res->kernel_elf, &res->linked, b->err);
	strvec_clear(&archives);
	strvec_clear(&objs);
	res->kernel_name = xstrdup(b->o->link_name);
	return ret;
}

int build_run(struct workspace *ws, const struct build_opts *o,
	      const struct build_events *ev, struct build_result *res,
	      struct osdk_err *err)
{
	struct builder b = { .ws = ws, .o = o, .ev = ev, .err = err };
	bool *link_in = NULL;
	int ret;

	memset(res, 0, sizeof(*res));
	b.times = &res->times;
	b.out_dir = build_out_dir(ws, o->release, o->ktest);
	/* Instrumented objects never mix with a normal build's cache. */
	if (o->coverage) {
		char *cov = xasprintf("%s-cov", b.out_dir);

		free(b.out_dir);
		b.out_dir = cov;
	}
	b.st = xcalloc(ws->npkgs ? ws->npkgs : 1, sizeof(*b.st));
	b.check.unparsed = (struct check_report)CHECK_REPORT_INIT;
	ret = build_cc_include(o->cc, &b.cc_include, err);
	if (ret)
		goto out;
	link_in = mark_needed(&b);
	build_warn_refused_trust(&b);
	ret = build_pkgs(&b);
	res->compiled = b.compiled;
	res->out_dir = xstrdup(b.out_dir);
	if (!ret && o->nlink)
		ret = link_step(&b, link_in, res);
out:
	build_check_release(&b);
	build_jobs_release(&b);
	for (size_t p = 0; p < ws->npkgs; p++) {
		strvec_clear(&b.st[p].cflags);
		strvec_clear(&b.st[p].objs);
		free(b.st[p].archive);
	}
	free(b.st);
	free(link_in);
	free(b.out_dir);
	free(b.cc_include);
	compdb_release(&b.db);
	return ret;
}

void build_result_release(struct build_result *res)
{
	free(res->out_dir);
	free(res->kernel_elf);
	free(res->kernel_name);
	memset(res, 0, sizeof(*res));
}
