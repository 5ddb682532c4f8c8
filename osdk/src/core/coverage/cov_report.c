/* SPDX-License-Identifier: MIT */
/* cov_report.c - lcov's tracefile, genhtml's report, a summary per package. */
#include "core/coverage/coverage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

#define TRACE_MAX (512u * 1024 * 1024)

double cov_percent(unsigned long hit, unsigned long all)
{
	return all ? 100.0 * (double)hit / (double)all : 0.0;
}

/* Run one tool (argv[0]); its output becomes the error when it fails. */
static int run_tool(const struct cov_report_opts *o, struct strvec *argv,
		    struct osdk_err *err)
{
	struct strbuf out = STRBUF_INIT;
	int status, ret;

	if (o->command) {
		char *line = strvec_join(argv);

		o->command(o->ctx, line);
		free(line);
	}
	ret = proc_run(strvec_argv(argv), o->root_dir, &out, &status);
	if (ret)
		ret = err_set(err, ret, "could not start '%s': %s", argv->v[0],
			      strerror(-ret));
	else if (status) {
		strbuf_trim_trailing(&out);
		ret = err_set(err, -EIO, "'%s' failed (exit status %d):\n%s",
			      argv->v[0], status, out.buf);
	}
	strbuf_release(&out);
	return ret;
}

static bool has_files(const char *dir, const char *ext)
{
	const char *const exts[] = { ext, NULL };
	struct strvec v = STRVEC_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	bool any = !fs_list_files(dir, exts, &v, &err) && v.n;

	strvec_clear(&v);
	return any;
}

/* lcov's common arguments, and the object directory of every package
 * with notes (one with no C source has none, and lcov would fail on it). */
static void lcov_argv(const struct cov_report_opts *o, struct strvec *argv)
{
	strvec_push(argv, "lcov");
	strvec_push(argv, "--quiet");
	strvec_push(argv, "--rc");
	strvec_push(argv, "lcov_branch_coverage=1");
	strvec_push(argv, "--base-directory");
	strvec_push(argv, o->root_dir);
	for (size_t i = 0; i < o->npkgs; i++) {
		if (!has_files(o->pkgs[i].obj_dir, ".gcno"))
			continue;
		strvec_push(argv, "--directory");
		strvec_push(argv, o->pkgs[i].obj_dir);
	}
}

static bool any_of(const struct cov_report_opts *o, const char *ext)
{
	for (size_t i = 0; i < o->npkgs; i++)
		if (has_files(o->pkgs[i].obj_dir, ext))
			return true;
	return false;
}

/*
 * lcov's tracefile in @path: every instrumented file with zero counts
 * (--initial, so that a file no test reached still shows), added to the
 * counts of the run when there are any.
 */
static int capture(const struct cov_report_opts *o, const char *path,
		   struct osdk_err *err)
{
	struct strvec argv = STRVEC_INIT;
	char *base = xasprintf("%s.base", path), *run = NULL;
	int ret;

	if (!any_of(o, ".gcno")) {
		ret = err_set(err, -ENOENT,
			      "no instrumented source: the packages have no C "
			      "file");
		goto out;
	}
	lcov_argv(o, &argv);
	strvec_push(&argv, "--capture");
	strvec_push(&argv, "--initial");
	strvec_push(&argv, "--output-file");
	strvec_push(&argv, any_of(o, ".gcda") ? base : path);
	ret = run_tool(o, &argv, err);
	strvec_clear(&argv);
	if (ret || !any_of(o, ".gcda"))
		goto out;
	run = xasprintf("%s.run", path);
	lcov_argv(o, &argv);
	strvec_push(&argv, "--capture");
	strvec_push(&argv, "--output-file");
	strvec_push(&argv, run);
	ret = run_tool(o, &argv, err);
	strvec_clear(&argv);
	if (ret)
		goto out;
	strvec_push(&argv, "lcov");
	strvec_push(&argv, "--quiet");
	strvec_push(&argv, "--rc");
	strvec_push(&argv, "lcov_branch_coverage=1");
	strvec_push(&argv, "--add-tracefile");
	strvec_push(&argv, base);
	strvec_push(&argv, "--add-tracefile");
	strvec_push(&argv, run);
	strvec_push(&argv, "--output-file");
	strvec_push(&argv, path);
	ret = run_tool(o, &argv, err);
	strvec_clear(&argv);
out:
	remove(base);
	if (run)
		remove(run);
	free(base);
	free(run);
	return ret;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && path[n] == '/';
}

/*
 * The checkout's path of a source lcov names: relative names are the
 * compiler's, from the workspace root; a package outside the root was
 * built as "NAME-VERSION/...". Caller frees.
 */
static char *map_path(const struct cov_report_opts *o, const char *sf)
{
	if (sf[0] != '/') {
		for (size_t i = 0; i < o->npkgs; i++) {
			const char *sn = o->pkgs[i].src_name;
			size_t n = sn ? strlen(sn) : 0;

			if (sn && !strncmp(sf, sn, n) && sf[n] == '/')
				return fs_join(o->pkgs[i].dir, sf + n + 1);
		}
		return fs_join(o->root_dir, sf);
	}
	for (size_t i = 0; i < o->npkgs; i++) {
		const char *sn = o->pkgs[i].src_name;
		char *as_built = sn ? fs_join(o->root_dir, sn) : NULL;
		char *mapped = NULL;

		if (as_built && under(sf, as_built))
			mapped = fs_join(o->pkgs[i].dir,
					 sf + strlen(as_built) + 1);
		free(as_built);
		if (mapped)
			return mapped;
	}
	return xstrdup(sf);
}

/* The package @path belongs to (the longest directory holding it), or
 * -1 for a file of none of them. */
static long pkg_of(const struct cov_report_opts *o, const char *path)
{
	long best = -1;

	for (size_t i = 0; i < o->npkgs; i++)
		if (under(path, o->pkgs[i].dir) &&
		    (best < 0 ||
		     strlen(o->pkgs[i].dir) > strlen(o->pkgs[best].dir)))
			best = (long)i;
	return best;
}

/* Count one DA: or BRDA: line of a kept record into @s. */
static void count_line(const char *line, struct cov_pkg_summary *s)
{
	const char *c;

	if (!strncmp(line, "DA:", 3)) {
		c = strchr(line, ',');
		s->lines++;
		if (c && strtoul(c + 1, NULL, 10) > 0)
			s->lines_hit++;
	} else if (!strncmp(line, "BRDA:", 5)) {
		c = strrchr(line, ',');
		s->branches++;
		if (c && c[1] != '-' && strtoul(c + 1, NULL, 10) > 0)
			s->branches_hit++;
	}
}

/* lcov's @raw into @r->tracefile: the packages' records only, their
 * paths the checkout's, counted per package. */
static int filter(const struct cov_report_opts *o, const char *raw,
		  struct cov_report *r, struct osdk_err *err)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	long cur = -1;
	char *line, *next;
	int ret = fs_read_max(raw, &in, TRACE_MAX, err);
	size_t kept = 0;

	if (ret)
		goto out;
	for (line = in.buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "SF:", 3)) {
			char *path = map_path(o, line + 3);

			cur = pkg_of(o, path);
			if (cur >= 0) {
				strbuf_addf(&out, "SF:%s\n", path);
				kept++;
			}
			free(path);
			continue;
		}
		if (cur < 0)
			continue;
		count_line(line, &r->v[cur]);
		strbuf_addf(&out, "%s\n", line);
		if (!strcmp(line, "end_of_record"))
			cur = -1;
	}
	if (!kept) {
		ret = err_set(err, -ENOENT,
			      "lcov found no source file of the instrumented "
			      "packages");
		goto out;
	}
	ret = fs_write_atomic(r->tracefile, out.buf, out.len, err);
out:
	strbuf_release(&in);
	strbuf_release(&out);
	return ret;
}

int cov_report(const struct cov_report_opts *o, struct cov_report *r,
	       struct osdk_err *err)
{
	struct strvec argv = STRVEC_INIT;
	char *raw = fs_join(o->out_dir, "lcov.raw.info");
	char *html = fs_join(o->out_dir, "html");
	int ret;

	memset(r, 0, sizeof(*r));
	r->tracefile = fs_join(o->out_dir, "lcov.info");
	r->html_index = fs_join(html, "index.html");
	r->n = o->npkgs;
	r->v = xcalloc(o->npkgs ? o->npkgs : 1, sizeof(*r->v));
	for (size_t i = 0; i < o->npkgs; i++)
		r->v[i].name = xstrdup(o->pkgs[i].name);
	if (!proc_which("lcov") || !proc_which("genhtml")) {
		ret = err_set(err, -ENOENT,
			      "a coverage report needs lcov and genhtml: "
			      "install the Debian package 'lcov'");
		goto out;
	}
	ret = fs_remove_tree(html, err);
	if (!ret)
		ret = fs_mkdirs(html, err);
	if (!ret)
		ret = capture(o, raw, err);
	if (!ret)
		ret = filter(o, raw, r, err);
	if (ret)
		goto out;
	strvec_push(&argv, "genhtml");
	strvec_push(&argv, "--quiet");
	strvec_push(&argv, "--branch-coverage");
	strvec_push(&argv, "--prefix");
	strvec_push(&argv, o->root_dir);
	strvec_push(&argv, "--output-directory");
	strvec_push(&argv, html);
	strvec_push(&argv, r->tracefile);
	ret = run_tool(o, &argv, err);
out:
	remove(raw);
	strvec_clear(&argv);
	free(raw);
	free(html);
	return ret;
}

void cov_report_release(struct cov_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].name);
	free(r->v);
	free(r->tracefile);
	free(r->html_index);
	memset(r, 0, sizeof(*r));
}
