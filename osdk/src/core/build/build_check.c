/* SPDX-License-Identifier: MIT */
/* build_check.c - the framekernel check of a build, beside its compilers. */
#include "core/build/build_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/check/check_memo.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/unittest.h"
#include "util/xalloc.h"

/*
 * The check parses with libclang in a child process, so that it runs while
 * the compilers do and takes one of the -j slots like a compiler would. The
 * child writes what it found to a file, one finding a line:
 *
 *   D <rule> <line> <col> <path> <msg> <hint>   (tab-separated, escaped)
 *   E <errno> <message>                          the check could not run
 *   M <files> <remembered>                       files checked, and of
 *                                                them passes remembered
 *
 * and the parent reads it back when the child has exited.
 */

/* A report of a few thousand findings is a few hundred KiB. */
#define CHECK_REPORT_MAX (64u << 20)

void build_check_init(struct builder *b)
{
	memset(&b->check, 0, sizeof(b->check));
	b->check.unparsed = (struct check_report)CHECK_REPORT_INIT;
	for (size_t i = 0; i < b->njobs; i++)
		b->check.needed |= b->jobs[i].checked;
	b->check.report = fs_join(b->out_dir, "check/findings");
}

void build_check_release(struct builder *b)
{
	/* Only when the build is left early with the child still running. */
	if (b->check.pid > 0) {
		kill(b->check.pid, SIGTERM);
		waitpid(b->check.pid, NULL, 0);
	}
	free(b->check.report);
	check_report_release(&b->check.unparsed);
}

static void emit_warning(struct builder *b, const char *msg)
{
	if (b->ev && b->ev->warning)
		b->ev->warning(b->ev->ctx, msg);
}

void build_warn_refused_trust(struct builder *b)
{
	struct osdk_err why = OSDK_ERR_INIT;

	for (size_t p = 0; p < b->ws->npkgs; p++)
		if (b->st[p].needed && trust_claim_refused(b->ws, p, &why))
			emit_warning(b, why.msg);
}

/* Append s with tab, newline and backslash escaped. */
UNITTEST void build_check_put_field(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\t');
	for (; s && *s; s++) {
		if (*s == '\t')
			strbuf_adds(sb, "\\t");
		else if (*s == '\n')
			strbuf_adds(sb, "\\n");
		else if (*s == '\\')
			strbuf_adds(sb, "\\\\");
		else
			strbuf_addch(sb, *s);
	}
}

/* The next tab-separated field of *p, unescaped in place; NULL at the end
 * of the line. */
UNITTEST char *build_check_take_field(char **p)
{
	char *start = *p, *in = *p, *out = *p;

	if (!start || !*start)
		return NULL;
	for (; *in && *in != '\t'; in++) {
		if (*in == '\\' && in[1]) {
			in++;
			*out++ = *in == 't' ? '\t' : *in == 'n' ? '\n' : *in;
		} else {
			*out++ = *in;
		}
	}
	*p = *in ? in + 1 : NULL;
	*out = '\0';
	return start;
}

/* What the child does: check every checked job's source, write the
 * findings, and end without running the parent's exit handlers. */
static void check_child(struct builder *b)
{
	struct check_report rep = CHECK_REPORT_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct checker *c = NULL;
	char *cache = fs_join(b->out_dir, "check");
	char *memo = check_memo_dir();
	struct check_opts co = { b->o->cc, b->cc_include, cache,
				 b->o->release, memo };
	int ret;

	ret = check_new(b->ws, &co, &c, &err);
	for (size_t i = 0; !ret && i < b->njobs; i++) {
		struct job *j = &b->jobs[i];

		if (j->checked)
			ret = check_file(c, j->pkg, j->src,
					 &b->st[j->pkg].cflags, &rep, &err);
	}
	if (ret) {
		strbuf_addf(&out, "E\t%d", -ret);
		build_check_put_field(&out, err.msg);
		strbuf_addch(&out, '\n');
	}
	strbuf_addf(&out, "M\t%u\t%u\n", rep.files, rep.remembered);
	for (size_t i = 0; i < rep.n; i++) {
		const struct check_diag *d = &rep.v[i];

		strbuf_addf(&out, "D\t%d\t%u\t%u", (int)d->rule, d->line,
			    d->col);
		build_check_put_field(&out, d->path);
		build_check_put_field(&out, d->msg);
		build_check_put_field(&out, d->hint);
		strbuf_addch(&out, '\n');
	}
	ret = fs_write_atomic(b->check.report, out.buf, out.len, NULL);
	/* Closing the memo trims it. */
	check_free(c);
	_exit(ret ? 3 : 0);
}

int build_check_start(struct builder *b)
{
	char *dir = fs_join(b->out_dir, "check");
	pid_t pid;
	int ret;

	ret = fs_mkdirs(dir, b->err);
	free(dir);
	if (ret)
		return ret;
	unlink(b->check.report);
	for (size_t p = 0; p < b->ws->npkgs; p++) {
		bool any = false;

		for (size_t i = 0; i < b->njobs && !any; i++)
			any = b->jobs[i].checked && b->jobs[i].pkg == p;
		if (any) {
			const struct manifest *m = b->ws->pkgs[p].m;
			char *subject = xasprintf("%s v%s", m->package.name,
						  m->package.version);

			build_emit_status(b, "Checking", subject);
			free(subject);
		}
	}
	for (size_t i = 0;
	     b->o->verbose && b->ev && b->ev->command && i < b->njobs; i++) {
		char *line;

		if (!b->jobs[i].checked)
			continue;
		line = xasprintf("framekernel check of %s", b->jobs[i].src);
		b->ev->command(b->ev->ctx, line);
		free(line);
	}
	/* What the parent has buffered must not be written twice. */
	fflush(stdout);
	fflush(stderr);
	b->check.started = build_now_ms();
	pid = fork();
	if (pid < 0)
		return err_set(b->err, -errno,
			       "could not start the framekernel check: %s",
			       strerror(errno));
	if (pid == 0)
		check_child(b);
	b->check.pid = pid;
	return 0;
}

/* Parse the child's findings into rep; an "E" line becomes the error. */
static int read_findings(struct builder *b, struct check_report *rep)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *next;
	int ret;

	ret = fs_read_max(b->check.report, &sb, CHECK_REPORT_MAX, b->err);
	if (ret) {
		ret = err_prefix(b->err, ret,
				 "could not read the framekernel check's "
				 "findings");
		goto out;
	}
	for (line = sb.buf; line && *line; line = next) {
		char *kind, *f[6];
		int n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		kind = build_check_take_field(&line);
		while (n < 6 && (f[n] = build_check_take_field(&line)) != NULL)
			n++;
		for (int k = n; k < 6; k++)
			f[k] = NULL;
		if (kind && !strcmp(kind, "M") && n == 2) {
			if (b->times) {
				b->times->checked = (unsigned)atoi(f[0]);
				b->times->remembered = (unsigned)atoi(f[1]);
			}
			continue;
		}
		if (kind && !strcmp(kind, "E") && n >= 1) {
			ret = err_set(b->err, -atoi(f[0]), "%s",
				      f[1] ? f[1] : "the check failed");
			goto out;
		}
		if (!kind || strcmp(kind, "D") || n < 5 || atoi(f[0]) < 0 ||
		    atoi(f[0]) >= CHECK_NRULES) {
			ret = err_set(b->err, -EINVAL,
				      "'%s': malformed framekernel check "
				      "findings",
				      b->check.report);
			goto out;
		}
		check_report_add(rep, (enum check_rule)atoi(f[0]), f[3],
				 (unsigned)strtoul(f[1], NULL, 10),
				 (unsigned)strtoul(f[2], NULL, 10),
				 f[5] && *f[5] ? f[5] : NULL, "%s", f[4]);
	}
out:
	strbuf_release(&sb);
	return ret;
}

/*
 * Move every diagnostic about a file that did not parse from @rep to
 * @parse: rules are checked only on code that compiles, and a file the
 * compiler rejects is the compiler's to report, in its own words.
 */
static void split_parse_errors(struct check_report *rep,
			       struct check_report *parse)
{
	size_t keep = 0;

	for (size_t i = 0; i < rep->n; i++) {
		bool unparsed = false;

		for (size_t k = 0; k < rep->n && !unparsed; k++)
			unparsed = rep->v[k].rule == CHECK_PARSE &&
				   strcmp(rep->v[k].path, rep->v[i].path) == 0;
		if (!unparsed) {
			rep->v[keep++] = rep->v[i];
			continue;
		}
		if (rep->v[i].rule == CHECK_PARSE)
			check_report_add(parse, CHECK_PARSE, rep->v[i].path,
					 rep->v[i].line, rep->v[i].col,
					 rep->v[i].hint, "%s", rep->v[i].msg);
		free(rep->v[i].path);
		free(rep->v[i].msg);
		free(rep->v[i].hint);
	}
	rep->n = keep;
}

/* Print @rep and fail naming the packages it blames. */
static int report_violations(struct builder *b, struct check_report *rep)
{
	struct strbuf text = STRBUF_INIT, names = STRBUF_INIT;
	bool *bad = xcalloc(b->ws->npkgs, sizeof(bool));
	const char *base;
	char cwd[4096];
	int ret;

	check_report_sort(rep);
	base = getcwd(cwd, sizeof(cwd));
	for (size_t i = 0; i < rep->n; i++)
		check_diag_format(&rep->v[i], base, &text);
	build_emit_output(b, text.buf);
	for (size_t i = 0; i < b->njobs; i++)
		for (size_t d = 0; d < rep->n; d++)
			if (strcmp(rep->v[d].path, b->jobs[i].src) == 0)
				bad[b->jobs[i].pkg] = true;
	for (size_t p = 0; p < b->ws->npkgs; p++)
		if (bad[p])
			strbuf_addf(&names, "%s'%s'", names.len ? ", " : "",
				    b->ws->pkgs[p].m->package.name);
	ret = err_set(b->err, -EPERM,
		      "could not compile %s: %zu framekernel rule violation%s",
		      names.len ? names.buf : "the kernel", rep->n,
		      rep->n == 1 ? "" : "s");
	strbuf_release(&text);
	strbuf_release(&names);
	free(bad);
	return ret;
}

int build_check_finish(struct builder *b, int ws)
{
	struct check_report rep = CHECK_REPORT_INIT;
	int code = proc_status_code(ws);
	int ret;

	b->check.pid = -1;
	if (b->times)
		b->times->check = build_now_ms() - b->check.started;
	if (code < 0 || code == 3) {
		ret = err_set(b->err, -EIO,
			      code < 0 ? "the framekernel check was killed by "
					 "signal %d"
				       : "the framekernel check could not "
					 "write its findings (exit %d)",
			      code < 0 ? -code : code);
		goto out;
	}
	ret = read_findings(b, &rep);
	if (ret)
		goto out;
	split_parse_errors(&rep, &b->check.unparsed);
	if (rep.n) {
		ret = report_violations(b, &rep);
		goto out;
	}
	for (size_t i = 0; i < b->njobs; i++)
		for (size_t d = 0; d < b->check.unparsed.n; d++)
			if (!strcmp(b->check.unparsed.v[d].path,
				    b->jobs[i].src))
				b->jobs[i].unparsed = true;
	b->check.passed = true;
out:
	check_report_release(&rep);
	return ret;
}

int build_check_unparsed(struct builder *b)
{
	if (!b->check.unparsed.n)
		return 0;
	return report_violations(b, &b->check.unparsed);
}
