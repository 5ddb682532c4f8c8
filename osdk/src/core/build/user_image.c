/* SPDX-License-Identifier: MIT */
/* user_image.c - compile, link, check and embed a package's user images. */
#include "core/build/user_image.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/build/build.h"
#include "core/build/elf.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/*
 * What every image source is compiled with: position-independent (the
 * image runs wherever a process maps it), freestanding (no libc exists
 * there), no stack protector (its canary would be the process's, reached
 * through %fs, which a vDSO cannot assume), and the package's own headers
 * by relative name, so that a layout shared with the kernel is one file.
 */
static const char *const image_cflags[] = {
	"-m64",
	"-fPIC",
	"-ffreestanding",
	"-fno-stack-protector",
	"-fno-common",
	"-Wall",
	"-Wextra",
	"-Werror",
	"-Iinclude",
	"-Isrc",
	NULL,
};

/*
 * What every image is linked with: a shared object without a libc, a
 * build-id (a hash of the link, which the image does not need and which
 * would only differ between toolchains), both symbol hash tables (glibc
 * looks up DT_GNU_HASH, older tools DT_HASH), symbols bound inside the
 * image so that calls between its own functions need no PLT, and no
 * undefined symbol left for a loader to find.
 */
static const char *const image_ldflags[] = {
	"-m64",
	"-shared",
	"-nostdlib",
	"-Wl,--build-id=none",
	"-Wl,--hash-style=both",
	"-Wl,-Bsymbolic",
	"-Wl,--no-undefined",
	"-Wl,-z,max-page-size=4096",
	"-Wl,-z,noexecstack",
	NULL,
};

struct image_build {
	const struct user_image_ctx *c;
	const struct ws_pkg *pkg;
	const struct manifest_user_image *u;
	char *out; /* pkg_out/user/NAME */
	struct strvec objs;
	bool changed; /* some step ran: the later ones must too */
	struct osdk_err *err;
};

static void emit_command(const struct user_image_ctx *c,
			 const struct strvec *argv)
{
	char *line;

	if (!c->verbose || !c->ev || !c->ev->command)
		return;
	line = strvec_join(argv);
	c->ev->command(c->ev->ctx, line);
	free(line);
}

/* Run argv in cwd; pass on what it said; report `what` when it fails. */
static int run_step(struct image_build *ib, struct strvec *argv,
		    const char *cwd, const char *what)
{
	const struct user_image_ctx *c = ib->c;
	struct strbuf out = STRBUF_INIT;
	int status, ret;

	emit_command(c, argv);
	ret = proc_run(strvec_argv(argv), cwd, &out, &status);
	if (out.len && c->ev && c->ev->output)
		c->ev->output(c->ev->ctx, out.buf);
	strbuf_release(&out);
	if (ret == -ENOENT)
		return err_set(ib->err, ret, "compiler '%s' not found", c->cc);
	if (ret)
		return err_set(ib->err, ret, "could not run '%s': %s",
			       argv->v[0], strerror(-ret));
	if (status != 0)
		return err_set(ib->err, -EIO,
			       "could not %s user image '%s' (package '%s')",
			       what, ib->u->name, ib->pkg->m->package.name);
	return 0;
}

static int mkdir_of(const char *file, struct osdk_err *err)
{
	char *dir = xstrdup(file);
	int ret;

	*strrchr(dir, '/') = '\0';
	ret = fs_mkdirs(dir, err);
	free(dir);
	return ret;
}

/* Run argv when `record` differs from what built `target`, or when
 * `stale` says so; then remember the record. */
static int run_recorded(struct image_build *ib, struct strvec *argv,
			const char *cwd, const char *target, bool stale,
			const char *what)
{
	char *cmdfile = xasprintf("%s.cmd", target);
	char *record = strvec_join(argv);
	struct strbuf old = STRBUF_INIT;
	int ret = 0;

	if (!stale && fs_exists(target) && fs_read(cmdfile, &old, NULL) == 0 &&
	    !strcmp(old.buf, record))
		goto out;
	ret = mkdir_of(target, ib->err);
	if (ret)
		goto out;
	unlink(cmdfile);
	ret = run_step(ib, argv, cwd, what);
	if (ret) {
		unlink(target);
		goto out;
	}
	ret = fs_write_atomic(cmdfile, record, strlen(record), ib->err);
	ib->changed = true;
out:
	strbuf_release(&old);
	free(record);
	free(cmdfile);
	return ret;
}

static int compile_sources(struct image_build *ib)
{
	const struct user_image_ctx *c = ib->c;
	const char *dir = ib->pkg->dir;
	int ret = 0;

	for (size_t i = 0; i < ib->u->nsources && !ret; i++) {
		const char *src = ib->u->sources[i];
		char *obj = xasprintf("%s/obj/%s.o", ib->out, src);
		char *cmdfile = xasprintf("%s.cmd", obj);
		struct strvec argv = STRVEC_INIT;
		char *record;

		strvec_push(&argv, c->cc);
		strvec_pushv(&argv, image_cflags);
		strvec_push(&argv, "-nostdinc");
		strvec_push(&argv, "-isystem");
		strvec_push(&argv, c->cc_include);
		/* Names in any debug information the flags ask for stay
		 * relative to the package. */
		strvec_pushf(&argv, "-ffile-prefix-map=%s=.", dir);
		if (ib->u->cflags)
			ret = strvec_split(&argv, ib->u->cflags, ib->err);
		if (ret) {
			ret = err_prefix(ib->err, ret,
					 "%s: 'build.user-images.%s.cflags'",
					 ib->pkg->m->path, ib->u->name);
			goto next;
		}
		strvec_push(&argv, "-MMD");
		strvec_push(&argv, "-MP");
		strvec_push(&argv, "-MF");
		strvec_pushf(&argv, "%s.d", obj);
		strvec_push(&argv, "-c");
		strvec_push(&argv, src);
		strvec_push(&argv, "-o");
		strvec_push(&argv, obj);
		record = strvec_join(&argv);
		ret = run_recorded(ib, &argv, dir, obj,
				   build_obj_stale(obj, cmdfile, record, dir),
				   "compile a source of");
		free(record);
		if (!ret)
			strvec_push(&ib->objs, obj);
	next:
		strvec_clear(&argv);
		free(cmdfile);
		free(obj);
	}
	return ret;
}

/* Whether `path` (relative to dir, may be NULL) is newer than t. */
static bool newer_than(const char *dir, const char *path, int64_t t)
{
	char *full;
	int64_t m;
	bool newer;

	if (!path)
		return false;
	full = fs_join(dir, path);
	newer = fs_mtime(full, &m) != 0 || m > t;
	free(full);
	return newer;
}

static int link_image(struct image_build *ib, const char *so)
{
	const struct user_image_ctx *c = ib->c;
	const struct manifest_user_image *u = ib->u;
	struct strvec argv = STRVEC_INIT;
	bool stale = ib->changed;
	int64_t t;
	int ret = 0;

	strvec_push(&argv, c->cc);
	strvec_pushv(&argv, image_ldflags);
	if (u->linker_script)
		strvec_pushf(&argv, "-Wl,-T,%s", u->linker_script);
	if (u->version_script)
		strvec_pushf(&argv, "-Wl,--version-script=%s",
			     u->version_script);
	if (u->ldflags)
		ret = strvec_split(&argv, u->ldflags, ib->err);
	if (ret) {
		ret = err_prefix(ib->err, ret,
				 "%s: 'build.user-images.%s.ldflags'",
				 ib->pkg->m->path, u->name);
		goto out;
	}
	for (size_t i = 0; i < ib->objs.n; i++)
		strvec_push(&argv, ib->objs.v[i]);
	strvec_push(&argv, "-o");
	strvec_push(&argv, so);
	if (fs_mtime(so, &t) != 0 ||
	    newer_than(ib->pkg->dir, u->linker_script, t) ||
	    newer_than(ib->pkg->dir, u->version_script, t))
		stale = true;
	ret = run_recorded(ib, &argv, ib->pkg->dir, so, stale, "link");
out:
	strvec_clear(&argv);
	return ret;
}

/* The image must run where it is mapped: no loader will relocate it. */
static int check_image(struct image_build *ib, const char *so)
{
	struct strbuf sb = STRBUF_INIT;
	char *what = xasprintf("user image '%s' of package '%s'", ib->u->name,
			       ib->pkg->m->package.name);
	int ret;

	ret = fs_read(so, &sb, ib->err);
	if (!ret)
		ret = elf_check_loader_free(sb.buf, sb.len, what, ib->err);
	if (ret)
		unlink(so); /* so that the next build checks it again */
	strbuf_release(&sb);
	free(what);
	return ret;
}

/* The assembly that embeds NAME.so, which lies beside it. */
static void blob_source(const char *name, struct strbuf *s)
{
	strbuf_addf(s,
		    "/* Made by osdk: user image '%s', as read-only data. */\n"
		    "\t.section .rodata.osdk_image.%s, \"a\", @progbits\n"
		    "\t.balign 4096\n"
		    "\t.globl " USER_IMAGE_START_FMT "\n"
		    "\t.type " USER_IMAGE_START_FMT
		    ", @object\n" USER_IMAGE_START_FMT ":\n"
		    "\t.incbin \"%s.so\"\n"
		    "\t.globl " USER_IMAGE_END_FMT "\n" USER_IMAGE_END_FMT ":\n"
		    "\t.size " USER_IMAGE_START_FMT ", " USER_IMAGE_END_FMT
		    " - " USER_IMAGE_START_FMT "\n"
		    "\t.section .note.GNU-stack, \"\", @progbits\n",
		    name, name, name, name, name, name, name, name, name, name,
		    name);
}

static int embed_image(struct image_build *ib, const char *so,
		       const char *blob_o)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf src = STRBUF_INIT, old = STRBUF_INIT;
	char *blob_s = xasprintf("%s/%s.blob.S", ib->out, ib->u->name);
	char *s_name = xasprintf("%s.blob.S", ib->u->name);
	char *o_name = xasprintf("%s.blob.o", ib->u->name);
	int64_t t_so, t_o;
	bool stale = ib->changed;
	int ret = 0;

	blob_source(ib->u->name, &src);
	if (fs_read(blob_s, &old, NULL) != 0 || strcmp(old.buf, src.buf)) {
		ret = fs_write_atomic(blob_s, src.buf, src.len, ib->err);
		if (ret)
			goto out;
		stale = true;
	}
	if (fs_mtime(so, &t_so) != 0 || fs_mtime(blob_o, &t_o) != 0 ||
	    t_so > t_o)
		stale = true;
	strvec_push(&argv, ib->c->cc);
	strvec_push(&argv, "-m64");
	strvec_push(&argv, "-c");
	strvec_push(&argv, s_name);
	strvec_push(&argv, "-o");
	strvec_push(&argv, o_name);
	/* In the image's directory: .incbin and the object's names stay
	 * relative. */
	ret = run_recorded(ib, &argv, ib->out, blob_o, stale, "embed");
out:
	strvec_clear(&argv);
	strbuf_release(&src);
	strbuf_release(&old);
	free(blob_s);
	free(s_name);
	free(o_name);
	return ret;
}

static int build_one(const struct user_image_ctx *c, size_t p,
		     const struct manifest_user_image *u, struct strvec *objs,
		     bool *rebuilt, struct osdk_err *err)
{
	struct image_build ib = { .c = c,
				  .pkg = &c->ws->pkgs[p],
				  .u = u,
				  .objs = STRVEC_INIT,
				  .err = err };
	char *so, *blob_o;
	int ret;

	ib.out = xasprintf("%s/user/%s", c->pkg_out, u->name);
	so = xasprintf("%s/%s.so", ib.out, u->name);
	blob_o = xasprintf("%s/%s.blob.o", ib.out, u->name);
	ret = compile_sources(&ib);
	if (!ret)
		ret = link_image(&ib, so);
	if (!ret && ib.changed) {
		if (c->ev && c->ev->status) {
			char *subject =
				xasprintf("user image %s (%s v%s)", u->name,
					  ib.pkg->m->package.name,
					  ib.pkg->m->package.version);

			c->ev->status(c->ev->ctx, "Linking", subject);
			free(subject);
		}
		ret = check_image(&ib, so);
	}
	if (!ret)
		ret = embed_image(&ib, so, blob_o);
	if (!ret) {
		strvec_push(objs, blob_o);
		*rebuilt |= ib.changed;
	}
	strvec_clear(&ib.objs);
	free(ib.out);
	free(so);
	free(blob_o);
	return ret;
}

int user_image_build(const struct user_image_ctx *c, size_t p,
		     struct strvec *objs, bool *rebuilt, struct osdk_err *err)
{
	const struct manifest *m = c->ws->pkgs[p].m;
	int ret = 0;

	if (!m->build.nuser_images)
		return 0;
	if (!trust_pkg_trusted(c->ws, p))
		return err_set(err, -EPERM,
			       "%s:%d:%d: package '%s' is not trusted; only a "
			       "trusted package may build user images "
			       "('build.user-images'), whose code the "
			       "framekernel check never sees",
			       m->path, m->build.user_images[0].pos.line,
			       m->build.user_images[0].pos.col,
			       m->package.name);
	for (size_t i = 0; i < m->build.nuser_images && !ret; i++)
		ret = build_one(c, p, &m->build.user_images[i], objs, rebuilt,
				err);
	return ret;
}
