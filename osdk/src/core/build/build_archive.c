/* SPDX-License-Identifier: MIT */
/* build_archive.c - a package's user images and its archive. */
#include "core/build/build_int.h"

#include <errno.h>
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

/* Run `ar` on argv; its output is shown only when it fails. */
static int run_ar(struct builder *b, size_t p, struct strvec *argv)
{
	struct strbuf out = STRBUF_INIT;
	int status, ret;

	build_emit_command(b, argv);
	ret = proc_run(strvec_argv(argv), NULL, &out, &status);
	if (!ret && status != 0) {
		if (out.len)
			build_emit_output(b, out.buf);
		ret = -EIO;
	}
	strbuf_release(&out);
	if (ret)
		return err_set(b->err, ret, "could not archive '%s' with '%s'",
			       b->ws->pkgs[p].m->package.name, b->o->ar);
	return 0;
}

/* Rebuild an archive when an object changed or the member list did. */
int build_archive_pkg(struct builder *b, size_t p)
{
	struct pkg_state *st = &b->st[p];
	struct strvec argv = STRVEC_INIT;
	struct strbuf list = STRBUF_INIT, old = STRBUF_INIT;
	char *listfile = xasprintf("%s.objs", st->archive);
	char *dir = xstrdup(st->archive);
	int ret = 0;

	for (size_t i = 0; i < st->objs.n; i++)
		strbuf_addf(&list, "%s\n", st->objs.v[i]);
	if (!st->rebuilt && !objs_newer(st) &&
	    fs_read(listfile, &old, NULL) == 0 &&
	    strcmp(old.buf, list.buf) == 0)
		goto out;

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
	ret = run_ar(b, p, &argv);
	if (!ret)
		ret = fs_write_atomic(listfile, list.buf, list.len, b->err);
out:
	strvec_clear(&argv);
	strbuf_release(&list);
	strbuf_release(&old);
	free(listfile);
	free(dir);
	return ret;
}
