/* SPDX-License-Identifier: MIT */
/* flags.c - what every translation unit of a package is compiled with. */
#include "core/build/flags.h"

#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* Flags every kernel translation unit gets; see kernel-contract.md. */
static const char *const kernel_cflags[] = {
	"-std=c17",
	"-ffreestanding",
	"-nostdinc",
	"-m64",
	"-mcmodel=kernel",
	"-mno-red-zone",
	"-mgeneral-regs-only",
	"-fno-pic",
	"-fno-pie",
	"-fno-stack-protector",
	"-fno-common",
	"-fno-omit-frame-pointer",
	"-mno-omit-leaf-frame-pointer",
	"-Wall",
	"-Wextra",
	"-Werror",
	"-g",
	NULL,
};
static const char *const dev_cflags[] = { "-Og", NULL };
static const char *const release_cflags[] = { "-O2", "-DNDEBUG", NULL };
static const char *const source_exts[] = { ".c", ".S", NULL };

/* Include directories of every package p depends on, directly or not. */
static void push_dep_includes(const struct workspace *ws, size_t p, bool *seen,
			      struct strvec *argv)
{
	const struct ws_pkg *pkg = &ws->pkgs[p];

	for (size_t d = 0; d < pkg->ndeps; d++) {
		size_t q = pkg->deps[d];

		if (seen[q])
			continue;
		seen[q] = true;
		strvec_pushf(argv, "-I%s/include", ws->pkgs[q].dir);
		push_dep_includes(ws, q, seen, argv);
	}
}

char *build_source_name(const struct workspace *ws, size_t p)
{
	const struct ws_pkg *pkg = &ws->pkgs[p];
	size_t n = strlen(ws->root_dir);

	if (!strncmp(pkg->dir, ws->root_dir, n) &&
	    (pkg->dir[n] == '/' || !pkg->dir[n]))
		return NULL;
	return xasprintf("%s-%s", pkg->m->package.name,
			 pkg->m->package.version);
}

/* Reproducible output: the root is "." for the compiler's directory, and
 * the files below it are named from it; each package outside the root, of
 * @seen, gets its own name. The last matching map wins, so the packages'
 * come after the root's. */
static void push_prefix_maps(const struct workspace *ws, const bool *seen,
			     struct strvec *out)
{
	strvec_pushf(out, "-ffile-prefix-map=%s=.", ws->root_dir);
	strvec_pushf(out, "-ffile-prefix-map=%s/=", ws->root_dir);
	for (size_t q = 0; q < ws->npkgs; q++) {
		char *name = seen[q] ? build_source_name(ws, q) : NULL;

		if (name)
			strvec_pushf(out, "-ffile-prefix-map=%s=%s",
				     ws->pkgs[q].dir, name);
		free(name);
	}
}

int build_pkg_cflags(const struct workspace *ws, size_t p,
		     const struct build_cflags_opts *o, struct strvec *out,
		     struct osdk_err *err)
{
	const struct ws_pkg *pkg = &ws->pkgs[p];
	bool *seen;
	int ret = 0;

	strvec_pushv(out, kernel_cflags);
	strvec_push(out, "-isystem");
	strvec_push(out, o->cc_include);
	strvec_pushv(out, o->release ? release_cflags : dev_cflags);
	strvec_pushf(out, "-DOSDK_PKG_NAME=\"%s\"", pkg->m->package.name);
	strvec_pushf(out, "-DOSDK_PKG_VERSION=\"%s\"", pkg->m->package.version);
	if (o->ktest)
		strvec_push(out, "-DKTEST");
	strvec_pushf(out, "-I%s/include", pkg->dir);
	strvec_pushf(out, "-I%s/src", pkg->dir);
	seen = xcalloc(ws->npkgs, sizeof(bool));
	seen[p] = true;
	push_dep_includes(ws, p, seen, out);
	push_prefix_maps(ws, seen, out);
	free(seen);
	/* Before build.cflags, so that no -include of the package's own can
	 * come first and use what the prelude forbids. */
	if (!trust_pkg_trusted(ws, p)) {
		struct strvec preludes = STRVEC_INIT;

		trust_preludes(ws, &preludes);
		for (size_t i = 0; i < preludes.n; i++) {
			strvec_push(out, "-include");
			strvec_push(out, preludes.v[i]);
		}
		strvec_clear(&preludes);
	}
	if (pkg->m->build.cflags) {
		ret = strvec_split(out, pkg->m->build.cflags, err);
		if (ret)
			return err_prefix(err, ret, "%s: 'build.cflags'",
					  pkg->m->path);
	}
	return 0;
}

int build_pkg_sources(const struct workspace *ws, size_t p, struct strvec *out,
		      struct osdk_err *err)
{
	struct strvec rel = STRVEC_INIT;
	char *src_dir = fs_join(ws->pkgs[p].dir, "src");
	int ret;

	ret = fs_list_files(src_dir, source_exts, &rel, err);
	for (size_t i = 0; !ret && i < rel.n; i++)
		strvec_pushf(out, "%s/%s", src_dir, rel.v[i]);
	strvec_clear(&rel);
	free(src_dir);
	return ret;
}
