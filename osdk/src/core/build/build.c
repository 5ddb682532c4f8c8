/* SPDX-License-Identifier: MIT */
/* build.c - incremental, parallel compilation of packages into archives. */
#include "core/build/build.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/check/check.h"
#include "core/build/compdb.h"
#include "core/build/link.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/build/user_image.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

static const char *const source_exts[] = { ".c", ".S", NULL };

struct job {
	size_t pkg;
	char *src;
	char *obj;
	char *cmdfile; /* obj + ".cmd": the record of what built obj */
	char *log;     /* obj + ".log": what the compiler said */
	/* The command line, and for a checked source a line naming the rule
	 * set: a new osdk with other rules re-checks (and so recompiles). */
	char *record;
	struct strvec argv;
	pid_t pid;
};

struct pkg_state {
	bool needed;	 /* compiled because a target or link root needs it */
	bool ktest;	 /* its KTEST cases are compiled in */
	bool trusted;	 /* exempt from the framekernel check */
	bool announced;	 /* "Compiling" printed */
	bool checking;	 /* "Checking" printed */
	bool rebuilt;	 /* some object was recompiled */
	struct strvec cflags; /* build_pkg_cflags() */
	struct strvec objs;
	char *archive;
};

struct builder {
	struct workspace *ws;
	const struct build_opts *o;
	const struct build_events *ev;
	struct osdk_err *err;
	char *out_dir;
	char *cc_include; /* the compiler's freestanding header directory */
	struct pkg_state *st;
	struct job *jobs;
	size_t njobs, capjobs;
	unsigned compiled;
	struct checker *checker; /* made when the first source needs it */
	struct compdb db;	 /* every compile command, run or not */
};

char *build_out_dir(const struct workspace *ws, bool release, bool ktest)
{
	return xasprintf("%s/target/osdk/%s%s", ws->root_dir,
			 release ? "release" : "dev", ktest ? "-ktest" : "");
}

static void emit_status(struct builder *b, const char *verb, const char *s)
{
	if (b->ev && b->ev->status)
		b->ev->status(b->ev->ctx, verb, s);
}

static void emit_command(struct builder *b, const struct strvec *argv)
{
	char *line;

	if (!b->o->verbose || !b->ev || !b->ev->command)
		return;
	line = strvec_join(argv);
	b->ev->command(b->ev->ctx, line);
	free(line);
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

/* The compiler's command for one source of package p: cc, the package's
 * flags, and the depfile, input and output. */
static void compile_argv(struct builder *b, size_t p, const char *src,
			 const char *obj, struct strvec *argv)
{
	strvec_push(argv, b->o->cc);
	for (size_t i = 0; i < b->st[p].cflags.n; i++)
		strvec_push(argv, b->st[p].cflags.v[i]);
	strvec_push(argv, "-MMD");
	strvec_push(argv, "-MP");
	strvec_push(argv, "-MF");
	strvec_pushf(argv, "%s.d", obj);
	strvec_push(argv, "-c");
	strvec_push(argv, src);
	strvec_push(argv, "-o");
	strvec_push(argv, obj);
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
	char *dfile = xasprintf("%s.d", obj);
	bool newer = true;
	char *p;

	if (fs_read(dfile, &sb, NULL) != 0)
		goto out;
	p = strchr(sb.buf, ':');
	if (!p)
		goto out;
	newer = false;
	/* Only the first rule lists the prerequisites; -MP adds phony ones
	 * after a blank line, which name the same headers again. */
	for (p++; !newer && *p;) {
		struct strbuf path = STRBUF_INIT;
		int64_t t;

		while (*p == ' ' || *p == '\t' || (*p == '\\' && p[1] == '\n'))
			p += *p == '\\' ? 2 : 1;
		if (*p == '\n' || !*p)
			break;
		for (; *p && *p != ' ' && *p != '\t' && *p != '\n'; p++) {
			if (*p == '\\' && p[1] == ' ')
				p++;
			else if (*p == '\\' && p[1] == '\n')
				break;
			strbuf_addch(&path, *p);
		}
		if (path.len && base && path.buf[0] != '/') {
			char *full = fs_join(base, path.buf);

			strbuf_reset(&path);
			strbuf_adds(&path, full);
			free(full);
		}
		if (path.len && (fs_mtime(path.buf, &t) != 0 || t > obj_mtime))
			newer = true;
		strbuf_release(&path);
	}
out:
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

static bool needs_compile(struct job *j)
{
	return build_obj_stale(j->obj, j->cmdfile, j->record, NULL);
}

/* Plan the jobs of one package and record its objects. */
static int plan_pkg(struct builder *b, size_t p)
{
	const struct ws_pkg *pkg = &b->ws->pkgs[p];
	struct strvec srcs = STRVEC_INIT;
	char *src_dir = fs_join(pkg->dir, "src");
	char *pkg_out = fs_join(b->out_dir, pkg->m->package.name);
	int ret;

	ret = fs_list_files(src_dir, source_exts, &srcs, b->err);
	if (ret)
		goto out;
	b->st[p].trusted = trust_pkg_trusted(b->ws, p);
	{
		struct build_cflags_opts co = { b->cc_include, b->o->release,
						b->st[p].ktest };

		ret = build_pkg_cflags(b->ws, p, &co, &b->st[p].cflags,
				       b->err);
		if (ret)
			goto out;
	}
	b->st[p].archive = xasprintf("%s/lib%s.a", pkg_out,
				     pkg->m->package.name);
	for (size_t i = 0; i < srcs.n; i++) {
		struct job j = { .pkg = p };
		char *cmdline;

		j.src = fs_join(src_dir, srcs.v[i]);
		j.obj = xasprintf("%s/obj/%s.o", pkg_out, srcs.v[i]);
		j.cmdfile = xasprintf("%s.cmd", j.obj);
		j.log = xasprintf("%s.log", j.obj);
		strvec_push(&b->st[p].objs, j.obj);
		compile_argv(b, p, j.src, j.obj, &j.argv);
		compdb_add(&b->db, j.src, j.obj, &j.argv);
		cmdline = strvec_join(&j.argv);
		j.record = b->st[p].trusted ?
				   xstrdup(cmdline) :
				   xasprintf("%s\n# framekernel rules %s",
					     cmdline, CHECK_RULES_VERSION);
		free(cmdline);
		if (needs_compile(&j)) {
			XGROW(b->jobs, b->capjobs, b->njobs + 1);
			b->jobs[b->njobs++] = j;
		} else {
			free(j.src);
			free(j.obj);
			free(j.cmdfile);
			free(j.log);
			free(j.record);
			strvec_clear(&j.argv);
		}
	}
out:
	strvec_clear(&srcs);
	free(src_dir);
	free(pkg_out);
	return ret;
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

		emit_status(b, "Compiling", subject);
		free(subject);
		b->st[j->pkg].announced = true;
	}
	emit_command(b, &j->argv);
	/* The old command record goes first: if this compile dies, the next
	 * build must not believe the object matches. */
	unlink(j->cmdfile);
	fd = open(j->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return err_set(b->err, -errno, "could not write '%s': %s",
			       j->log, strerror(errno));
	po.out_fd = fd;
	po.stdin_null = true;
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

/* A job ended: show what it said, record its command if it succeeded. */
static int finish_job(struct builder *b, struct job *j, int status)
{
	struct strbuf log = STRBUF_INIT;
	int ret = 0;

	if (fs_read(j->log, &log, NULL) == 0 && log.len && b->ev &&
	    b->ev->output)
		b->ev->output(b->ev->ctx, log.buf);
	strbuf_release(&log);
	if (status != 0) {
		unlink(j->obj);
		return err_set(b->err, -EIO, "could not compile '%s' (%s)",
			       b->ws->pkgs[j->pkg].m->package.name, j->src);
	}
	ret = fs_write_atomic(j->cmdfile, j->record, strlen(j->record), b->err);
	b->st[j->pkg].rebuilt = true;
	b->compiled++;
	return ret;
}

static void emit_warning(struct builder *b, const char *msg)
{
	if (b->ev && b->ev->warning)
		b->ev->warning(b->ev->ctx, msg);
}

/* Say which packages of this build claim a trust they are not given. */
static void warn_refused_trust(struct builder *b)
{
	struct osdk_err why = OSDK_ERR_INIT;

	for (size_t p = 0; p < b->ws->npkgs; p++)
		if (b->st[p].needed && trust_claim_refused(b->ws, p, &why))
			emit_warning(b, why.msg);
}

static int check_one(struct builder *b, struct job *j,
		     struct check_report *rep)
{
	struct pkg_state *st = &b->st[j->pkg];

	if (!b->checker) {
		char *cache = fs_join(b->out_dir, "check");
		struct check_opts co = { b->o->cc, b->cc_include, cache,
					 b->o->release };
		int ret = check_new(b->ws, &co, &b->checker, b->err);

		free(cache);
		if (ret)
			return ret;
	}
	if (!st->checking) {
		const struct manifest *m = b->ws->pkgs[j->pkg].m;
		char *subject = xasprintf("%s v%s", m->package.name,
					  m->package.version);

		emit_status(b, "Checking", subject);
		free(subject);
		st->checking = true;
	}
	if (b->o->verbose && b->ev && b->ev->command) {
		char *line = xasprintf("framekernel check of %s", j->src);

		b->ev->command(b->ev->ctx, line);
		free(line);
	}
	return check_file(b->checker, j->pkg, j->src, &st->cflags, rep,
			  b->err);
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
	if (b->ev && b->ev->output)
		b->ev->output(b->ev->ctx, text.buf);
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

/* Drop the compile records of @rep's files, so the next build checks
 * them again instead of trusting an object that was never checked. */
static void forget_checked(struct builder *b, const struct check_report *rep)
{
	for (size_t i = 0; i < b->njobs; i++)
		for (size_t d = 0; d < rep->n; d++)
			if (strcmp(rep->v[d].path, b->jobs[i].src) == 0)
				remove(b->jobs[i].record);
}

/*
 * The framekernel check of every source of an untrusted package that is
 * about to be compiled, before any compiler starts. Every such source is
 * checked, so that one build shows every violation; any violation fails the
 * build. Sources that need no compiling were checked when they were last
 * compiled (their record names the rule set), so a no-op build checks
 * nothing. Files libclang could not parse go to @parse for after the
 * compilers ran.
 */
static int check_jobs(struct builder *b, struct check_report *parse)
{
	struct check_report rep = CHECK_REPORT_INIT;
	int ret = 0;

	for (size_t i = 0; i < b->njobs && !ret; i++) {
		struct job *j = &b->jobs[i];

		if (b->st[j->pkg].trusted)
			continue;
		ret = check_one(b, j, &rep);
	}
	if (!ret) {
		split_parse_errors(&rep, parse);
		if (rep.n)
			ret = report_violations(b, &rep);
	}
	check_report_release(&rep);
	return ret;
}

/* Run the planned jobs, at most o->jobs at once; stop early on failure. */
static int run_jobs(struct builder *b)
{
	size_t next = 0, running = 0;
	int ret = 0;

	while (next < b->njobs || running) {
		while (!ret && next < b->njobs && running < (size_t)b->o->jobs) {
			ret = start_job(b, &b->jobs[next]);
			if (ret)
				break;
			next++;
			running++;
		}
		if (!running)
			break;

		int ws;
		pid_t pid = waitpid(-1, &ws, 0);

		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (!ret)
				ret = err_set(b->err, -errno, "waitpid: %s",
					      strerror(errno));
			break;
		}
		for (size_t i = 0; i < next; i++) {
			struct job *j = &b->jobs[i];
			int r;

			if (j->pid != pid)
				continue;
			j->pid = -1;
			running--;
			/* The first failure's message is the one kept. */
			r = finish_job(b, j, proc_status_code(ws));
			if (r && !ret)
				ret = r;
			break;
		}
	}
	return ret;
}

/* The user images of package p, whose objects join its archive. */
static int build_images(struct builder *b, size_t p)
{
	const struct ws_pkg *pkg = &b->ws->pkgs[p];
	char *pkg_out = fs_join(b->out_dir, pkg->m->package.name);
	struct user_image_ctx c = { b->ws,   b->o->cc,	    b->cc_include,
				    pkg_out, b->o->verbose, b->ev };
	int ret;

	ret = user_image_build(&c, p, &b->st[p].objs, &b->st[p].rebuilt,
			       b->err);
	free(pkg_out);
	return ret;
}

/* Rebuild an archive when an object changed or the member list did. */
/*
 * Whether an object is newer than the package's archive (or there is no
 * archive): a build that failed in another package compiled these objects
 * but never archived them, and the next build finds them up to date.
 */
static bool objs_newer(const struct pkg_state *st)
{
	int64_t archive, obj;

	if (fs_mtime(st->archive, &archive))
		return true;
	for (size_t i = 0; i < st->objs.n; i++)
		if (fs_mtime(st->objs.v[i], &obj) || obj > archive)
			return true;
	return false;
}

static int archive_pkg(struct builder *b, size_t p)
{
	struct pkg_state *st = &b->st[p];
	struct strvec argv = STRVEC_INIT;
	struct strbuf list = STRBUF_INIT, old = STRBUF_INIT;
	char *listfile = xasprintf("%s.objs", st->archive);
	int status, ret = 0;

	for (size_t i = 0; i < st->objs.n; i++)
		strbuf_addf(&list, "%s\n", st->objs.v[i]);
	if (!st->rebuilt && !objs_newer(st) &&
	    fs_read(listfile, &old, NULL) == 0 && strcmp(old.buf, list.buf) == 0)
		goto out;

	unlink(st->archive);
	unlink(listfile);
	{
		char *dir = xstrdup(st->archive);

		*strrchr(dir, '/') = '\0';
		ret = fs_mkdirs(dir, b->err);
		free(dir);
		if (ret)
			goto out;
	}
	strvec_push(&argv, b->o->ar);
	strvec_push(&argv, "rcsD");
	strvec_push(&argv, st->archive);
	for (size_t i = 0; i < st->objs.n; i++)
		strvec_push(&argv, st->objs.v[i]);
	emit_command(b, &argv);
	{
		struct strbuf out = STRBUF_INIT;

		ret = proc_run(strvec_argv(&argv), NULL, &out, &status);
		if (!ret && status != 0) {
			if (b->ev && b->ev->output && out.len)
				b->ev->output(b->ev->ctx, out.buf);
			ret = -EIO;
		}
		strbuf_release(&out);
	}
	if (ret) {
		ret = err_set(b->err, ret, "could not archive '%s' with '%s'",
			      b->ws->pkgs[p].m->package.name, b->o->ar);
		goto out;
	}
	ret = fs_write_atomic(listfile, list.buf, list.len, b->err);
out:
	strvec_clear(&argv);
	strbuf_release(&list);
	strbuf_release(&old);
	free(listfile);
	return ret;
}

int build_run(struct workspace *ws, const struct build_opts *o,
	      const struct build_events *ev, struct build_result *res,
	      struct osdk_err *err)
{
	struct builder b = { .ws = ws, .o = o, .ev = ev, .err = err };
	struct check_report unparsed = CHECK_REPORT_INIT;
	bool *link_in = NULL;
	int ret;

	memset(res, 0, sizeof(*res));
	b.out_dir = build_out_dir(ws, o->release, o->ktest);
	b.st = xcalloc(ws->npkgs, sizeof(*b.st));
	ret = build_cc_include(o->cc, &b.cc_include, err);
	if (ret)
		goto out;

	for (size_t t = 0; t < ws->ntargets; t++) {
		size_t p = ws->targets[t];
		bool *in = xcalloc(ws->npkgs, sizeof(bool));

		workspace_closure(ws, p, in);
		for (size_t q = 0; q < ws->npkgs; q++)
			b.st[q].needed |= in[q];
		b.st[p].ktest = o->ktest;
		free(in);
	}
	link_in = xcalloc(ws->npkgs, sizeof(bool));
	for (size_t i = 0; i < o->nlink; i++)
		workspace_closure(ws, o->link[i], link_in);
	for (size_t q = 0; q < ws->npkgs; q++)
		b.st[q].needed |= link_in[q];
	warn_refused_trust(&b);

	for (size_t p = 0; p < ws->npkgs && !ret; p++)
		if (b.st[p].needed)
			ret = plan_pkg(&b, p);
	if (!ret) {
		/* For editors and clangd, even when the compile then fails. */
		char *path = fs_join(ws->root_dir, "compile_commands.json");

		ret = compdb_write(&b.db, path, err);
		free(path);
	}
	if (!ret)
		ret = check_jobs(&b, &unparsed);
	if (!ret)
		ret = run_jobs(&b);
	/* The compiler took what libclang could not parse: the rules could
	 * not be checked there, so that is a violation of its own. */
	if (!ret && unparsed.n) {
		ret = report_violations(&b, &unparsed);
		forget_checked(&b, &unparsed);
	}
	for (size_t p = 0; p < ws->npkgs && !ret; p++)
		if (b.st[p].needed)
			ret = build_images(&b, p);
	for (size_t p = 0; p < ws->npkgs && !ret; p++)
		if (b.st[p].needed)
			ret = archive_pkg(&b, p);
	res->compiled = b.compiled;
	res->out_dir = xstrdup(b.out_dir);
	if (ret || !o->nlink)
		goto out;

	{
		struct link_input li = { 0 };
		struct strvec archives = STRVEC_INIT;

		for (size_t p = 0; p < ws->npkgs; p++)
			if (link_in[p])
				strvec_push(&archives, b.st[p].archive);
		li.ws = ws;
		li.in = link_in;
		li.archives = &archives;
		li.out_dir = b.out_dir;
		li.name = o->link_name;
		li.cc = o->cc;
		li.ld = o->ld;
		li.verbose = o->verbose;
		li.ev = ev;
		ret = link_kernel(&li, &res->kernel_elf, &res->linked, err);
		strvec_clear(&archives);
		res->kernel_name = xstrdup(o->link_name);
	}
out:
	for (size_t i = 0; i < b.njobs; i++) {
		free(b.jobs[i].src);
		free(b.jobs[i].obj);
		free(b.jobs[i].cmdfile);
		free(b.jobs[i].log);
		free(b.jobs[i].record);
		strvec_clear(&b.jobs[i].argv);
	}
	free(b.jobs);
	check_free(b.checker);
	for (size_t p = 0; p < ws->npkgs; p++) {
		strvec_clear(&b.st[p].cflags);
		strvec_clear(&b.st[p].objs);
		free(b.st[p].archive);
	}
	free(b.st);
	free(link_in);
	free(b.out_dir);
	free(b.cc_include);
	check_report_release(&unparsed);
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
