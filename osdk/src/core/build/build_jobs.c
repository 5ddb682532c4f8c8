/* SPDX-License-Identifier: MIT */
/* build_jobs.c - planning the compiles of a build and running them. */
#include "core/build/build_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *const source_exts[] = { ".c", ".S", NULL };

/* What a coverage build adds for an instrumented source: gcc's arc
 * counters and notes, counted atomically (the kernel is SMP), found by the
 * frame's runtime through the section gcov_info (docs/coverage.md). */
static const char *const coverage_cflags[] = {
	"-fprofile-arcs",
	"-ftest-coverage",
	"-fprofile-update=atomic",
	"-fprofile-info-section=gcov_info",
	NULL,
};

/* The compiler's command for one source of package p: cc, the package's
 * flags, in a coverage build its define and for an @instrumented source
 * the coverage flags, and the depfile, input and output. */
static void compile_argv(struct builder *b, size_t p, const char *src,
			 const char *obj, bool instrumented,
			 struct strvec *argv)
{
	strvec_push(argv, b->o->cc);
	for (size_t i = 0; i < b->st[p].cflags.n; i++)
		strvec_push(argv, b->st[p].cflags.v[i]);
	if (b->o->coverage)
		strvec_push(argv, "-DOSDK_COVERAGE");
	if (instrumented)
		strvec_pushv(argv, coverage_cflags);
	strvec_push(argv, "-MMD");
	strvec_push(argv, "-MP");
	strvec_push(argv, "-MF");
	strvec_pushf(argv, "%s.d", obj);
	strvec_push(argv, "-c");
	strvec_push(argv, src);
	strvec_push(argv, "-o");
	strvec_push(argv, obj);
}

static void job_release(struct job *j)
{
	free(j->src);
	free(j->obj);
	free(j->cmdfile);
	free(j->log);
	free(j->record);
	strvec_clear(&j->argv);
}

/* Plan the compile of @src (taken) into @obj (taken), a job when the
 * object is stale. */
static void plan_job(struct builder *b, size_t p, char *src, char *obj,
		     bool instrumented)
{
	struct job j = { .pkg = p, .checked = !b->st[p].trusted };
	char *cmdline;

	j.src = src;
	j.obj = obj;
	j.cmdfile = xasprintf("%s.cmd", j.obj);
	j.log = xasprintf("%s.log", j.obj);
	strvec_push(&b->st[p].objs, j.obj);
	compile_argv(b, p, j.src, j.obj, instrumented, &j.argv);
	compdb_add(&b->db, b->ws->root_dir, j.src, j.obj, &j.argv);
	cmdline = strvec_join(&j.argv);
	j.record = j.checked ? xasprintf("%s\n# framekernel rules %s",
					 cmdline, CHECK_RULES_VERSION)
			     : xstrdup(cmdline);
	free(cmdline);
	if (build_obj_stale(j.obj, j.cmdfile, j.record, NULL)) {
		b->st[p].pending++;
		XGROW(b->jobs, b->capjobs, b->njobs + 1);
		b->jobs[b->njobs++] = j;
	} else {
		job_release(&j);
	}
}

int build_plan_pkg(struct builder *b, size_t p)
{
	const struct ws_pkg *pkg = &b->ws->pkgs[p];
	struct strvec srcs = STRVEC_INIT;
	char *src_dir = fs_join(pkg->dir, "src");
	char *pkg_out = fs_join(b->out_dir, pkg->m->package.name);
	struct build_cflags_opts co = { b->cc_include, b->o->release,
					b->st[p].ktest };
	int ret;

	ret = fs_list_files(src_dir, source_exts, &srcs, b->err);
	if (ret)
		goto out;
	b->st[p].trusted = trust_pkg_trusted(b->ws, p);
	ret = build_pkg_cflags(b->ws, p, &co, &b->st[p].cflags, b->err);
	if (ret)
		goto out;
	b->st[p].archive =
		xasprintf("%s/lib%s.a", pkg_out, pkg->m->package.name);
	for (size_t i = 0; i < srcs.n; i++) {
		char *src = fs_join(src_dir, srcs.v[i]);
		char *obj = xasprintf("%s/obj/%s.o", pkg_out, srcs.v[i]);

		plan_job(b, p, src, obj,
			 b->o->coverage && b->o->coverage[p]);
	}
	/* A coverage build's runtime: in the trusted package that names
	 * it, never instrumented itself. */
	if (b->o->coverage && b->st[p].trusted &&
	    pkg->m->build.coverage_runtime) {
		const char *rt = pkg->m->build.coverage_runtime;
		const char *base = strrchr(rt, '/');

		plan_job(b, p, xstrdup(rt),
			 xasprintf("%s/obj/coverage-runtime/%s.o", pkg_out,
				   base ? base + 1 : rt),
			 false);
	}
out:
	strvec_clear(&srcs);
	free(src_dir);
	free(pkg_out);
	return ret;
}

void build_jobs_release(struct builder *b)
{
	for (size_t i = 0; i < b->njobs; i++)
		job_release(&b->jobs[i]);
	free(b->jobs);
	b->jobs = NULL;
	b->njobs = b->capjobs = 0;
}

static int start_job(struct builder *b, struct job *j)
{
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc pr;
	char *dir = xstrdup(j->obj);
	int fd, ret;

	*strrchr(dir, '/') = '\0';
	ret = fs_mkdirs(dir, b->err);
	free(dir);
	if (ret)
		return ret;
	if (!b->st[j->pkg].announced) {
		const struct manifest *m = b->ws->pkgs[j->pkg].m;
		char *subject = xasprintf("%s v%s", m->package.name,
					  m->package.version);

		build_emit_status(b, "Compiling", subject);
		free(subject);
		b->st[j->pkg].announced = true;
	}
	build_emit_command(b, &j->argv);
	/* The old command record goes first: if this compile dies, the next
	 * build must not believe the object matches. */
	unlink(j->cmdfile);
	fd = open(j->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return err_set(b->err, -errno, "could not write '%s': %s",
			       j->log, strerror(errno));
	po.out_fd = fd;
	po.stdin_null = true;
	/* The root is the compiler's "." (build_pkg_cflags' prefix maps). */
	po.cwd = b->ws->root_dir;
	ret = proc_spawn(strvec_argv(&j->argv), &po, &pr);
	close(fd);
	if (ret == -ENOENT)
		return err_set(b->err, ret, "compiler '%s' not found",
			       b->o->cc);
	if (ret)
		return err_set(b->err, ret, "could not start '%s': %s",
			       b->o->cc, strerror(-ret));
	j->pid = pr.pid;
	return 0;
}

/* Record what built j's object: from now on it is up to date. */
static int record_job(struct builder *b, struct job *j)
{
	j->compiled = false;
	return fs_write_atomic(j->cmdfile, j->record, strlen(j->record),
			       b->err);
}

/* A job ended: show what it said, record its command if it succeeded and
 * the check has passed it (or it needs none). */
static int finish_job(struct builder *b, struct job *j, int status)
{
	struct strbuf log = STRBUF_INIT;

	if (fs_read(j->log, &log, NULL) == 0 && log.len)
		build_emit_output(b, log.buf);
	strbuf_release(&log);
	if (status != 0) {
		unlink(j->obj);
		return err_set(b->err, -EIO, "could not compile '%s' (%s)",
			       b->ws->pkgs[j->pkg].m->package.name, j->src);
	}
	b->st[j->pkg].rebuilt = true;
	b->st[j->pkg].pending--;
	b->compiled++;
	j->compiled = true;
	if (j->checked && (!b->check.passed || j->unparsed))
		return 0;
	return record_job(b, j);
}

/* The check passed: record the checked objects compiled before it did. */
static int record_checked(struct builder *b)
{
	int ret = 0;

	for (size_t i = 0; i < b->njobs && !ret; i++)
		if (b->jobs[i].compiled && !b->jobs[i].unparsed)
			ret = record_job(b, &b->jobs[i]);
	return ret;
}

/* A child ended: which one, and what it means for the build. */
static int reap(struct builder *b, pid_t pid, int ws, size_t started)
{
	double now = build_now_ms();
	int ret;

	if (pid == b->check.pid) {
		ret = build_check_finish(b, ws);
		return ret ? ret : record_checked(b);
	}
	for (size_t p = 0; p < b->ws->npkgs; p++)
		if (b->st[p].ar_pid == pid)
			return build_archive_finish(b, p, ws);
	for (size_t i = 0; i < started; i++) {
		struct job *j = &b->jobs[i];

		if (j->pid != pid)
			continue;
		j->pid = -1;
		if (b->times)
			b->times->compile = now;
		return finish_job(b, j, proc_status_code(ws));
	}
	return 0;
}

/* Start what may start: archives first (they end quickly and let the link
 * come sooner), then compilers, while there are slots. */
static int start_some(struct builder *b, size_t *next, size_t *running,
		      double *first)
{
	size_t slots = (size_t)b->o->jobs;
	int ret = 0;

	for (size_t p = 0; p < b->ws->npkgs && !ret && *running < slots; p++) {
		if (!build_archive_ready(b, p))
			continue;
		ret = build_archive_start(b, p);
		if (!ret && b->st[p].ar_pid)
			(*running)++;
	}
	while (!ret && *next < b->njobs && *running < slots) {
		if (!*first)
			*first = build_now_ms();
		ret = start_job(b, &b->jobs[*next]);
		if (ret)
			break;
		(*next)++;
		(*running)++;
	}
	return ret;
}

/* Whether an archive could start now or once a slot frees. */
static bool archives_waiting(const struct builder *b)
{
	for (size_t p = 0; p < b->ws->npkgs; p++)
		if (build_archive_ready(b, p))
			return true;
	return false;
}

/* Run until nothing runs and nothing more may start (or a failure). */
static int pool(struct builder *b, size_t *next, size_t running, int ret)
{
	double first = 0;

	for (;;) {
		int ws;
		pid_t pid;

		if (!ret)
			ret = start_some(b, next, &running, &first);
		if (!running) {
			if (!ret && archives_waiting(b))
				continue;
			break;
		}
		pid = waitpid(-1, &ws, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (!ret)
				ret = err_set(b->err, -errno, "waitpid: %s",
					      strerror(errno));
			break;
		}
		running--;
		/* The first failure's message is the one kept. */
		{
			int r = reap(b, pid, ws, *next);

			if (r && !ret)
				ret = r;
		}
	}
	if (b->times && first)
		b->times->compile -= first;
	return ret;
}

int build_run_jobs(struct builder *b)
{
	size_t next = 0, running = 0;
	int ret = 0;

	build_check_init(b);
	if (b->check.needed) {
		ret = build_check_start(b);
		if (!ret)
			running++;
	}
	ret = pool(b, &next, running, ret);
	if (!ret)
		ret = build_check_unparsed(b);
	return ret;
}

int build_archive_rest(struct builder *b)
{
	size_t next = b->njobs;
	double t = build_now_ms();
	int ret;

	b->images_done = true;
	ret = pool(b, &next, 0, 0);
	if (b->times)
		b->times->archive = build_now_ms() - t;
	return ret;
}
