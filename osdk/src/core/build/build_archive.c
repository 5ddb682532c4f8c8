/* SPDX-License-Identifier: MIT */
/* build_archive.c - a package's user images and its archive. */
#include "core/build/build_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/build/user_image.h"
#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int build_images(struct builder *b, size_t p)
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

bool build_archive_ready(const struct builder *b, size_t p)
{
	const struct pkg_state *st = &b->st[p];

	if (!st->needed || st->archived || st->ar_pid || st->pending)
		return false;
	if (b->ws->pkgs[p].m->build.nuser_images && !b->images_done)
		return false;
	/* What libclang could not parse fails the build once compiled. */
	for (size_t i = 0; i < b->njobs; i++)
		if (b->jobs[i].pkg == p && b->jobs[i].unparsed)
			return false;
	if (st->trusted || b->check.passed || !b->check.needed)
		return true;
	/* Nothing of p went through this build's check: its objects were
	 * checked when they were compiled. */
	for (size_t i = 0; i < b->njobs; i++)
		if (b->jobs[i].pkg == p && b->jobs[i].checked)
			return false;
	return true;
}

static char *ar_list(const struct pkg_state *st)
{
	struct strbuf list = STRBUF_INIT;

	for (size_t i = 0; i < st->objs.n; i++)
		strbuf_addf(&list, "%s\n", st->objs.v[i]);
	return strbuf_detach(&list);
}

/* Rebuild an archive when an object changed or the member list did. */
int build_archive_start(struct builder *b, size_t p)
{
	struct pkg_state *st = &b->st[p];
	struct proc_opts po = PROC_OPTS_INIT;
	struct strvec argv = STRVEC_INIT;
	struct strbuf old = STRBUF_INIT;
	char *list = ar_list(st);
	char *listfile = xasprintf("%s.objs", st->archive);
	char *log = xasprintf("%s.log", st->archive);
	char *dir = xstrdup(st->archive);
	struct proc pr;
	int fd, ret = 0;

	if (!st->rebuilt && !objs_newer(st) &&
	    fs_read(listfile, &old, NULL) == 0 && strcmp(old.buf, list) == 0) {
		st->archived = true;
		goto out;
	}
	unlink(st->archive);
	unlink(listfile);
	*strrchr(dir, '/') = '\0';
	ret = fs_mkdirs(dir, b->err);
	if (ret)
		goto out;
	strvec_push(&argv, b->o->ar);
	strvec_push(&argv, "rcsD");
	strvec_push(&argv, st->archive);
	for (size_t i = 0; i < st->objs.n; i++)
		strvec_push(&argv, st->objs.v[i]);
	build_emit_command(b, &argv);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		ret = err_set(b->err, -errno, "could not write '%s': %s", log,
			      strerror(errno));
		goto out;
	}
	po.out_fd = fd;
	po.stdin_null = true;
	ret = proc_spawn(strvec_argv(&argv), &po, &pr);
	close(fd);
	if (ret) {
		ret = err_set(b->err, ret,
			      "could not archive '%s' with '%s': %s",
			      b->ws->pkgs[p].m->package.name, b->o->ar,
			      strerror(-ret));
		goto out;
	}
	st->ar_pid = pr.pid;
out:
	strvec_clear(&argv);
	strbuf_release(&old);
	free(list);
	free(listfile);
	free(log);
	free(dir);
	return ret;
}

int build_archive_finish(struct builder *b, size_t p, int ws)
{
	struct pkg_state *st = &b->st[p];
	char *listfile = xasprintf("%s.objs", st->archive);
	char *log = xasprintf("%s.log", st->archive);
	char *list = ar_list(st);
	int ret = 0;

	st->ar_pid = 0;
	if (proc_status_code(ws) != 0) {
		struct strbuf out = STRBUF_INIT;

		if (fs_read(log, &out, NULL) == 0)
			build_emit_output(b, out.buf);
		strbuf_release(&out);
		unlink(st->archive);
		ret = err_set(b->err, -EIO, "could not archive '%s' with '%s'",
			      b->ws->pkgs[p].m->package.name, b->o->ar);
		goto out;
	}
	unlink(log);
	ret = fs_write_atomic(listfile, list, strlen(list), b->err);
	st->archived = !ret;
out:
	free(listfile);
	free(log);
	free(list);
	return ret;
}
