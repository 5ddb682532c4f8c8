/* SPDX-License-Identifier: MIT */
/* config.c - one action's settings, resolved through the manifest layers. */
#include "core/manifest/config.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/manifest/kcmdline.h"
#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* pkg and ws each give at most scheme.<action>, scheme, <action>, top. */
#define CONFIG_MAX_LAYERS 8

/* Settings layers, most specific first; the first that sets a field wins. */
struct layers {
	const struct manifest_settings *l[CONFIG_MAX_LAYERS];
	size_t n;
};

static void push(struct layers *ls, const struct manifest_settings *s)
{
	ls->l[ls->n++] = s;
}

/*
 * The section of a manifest (or of its scheme) that an action reads, or
 * NULL. `boot` asks for the boot settings, which `osdk build` takes from
 * run: because the image it makes is the one `osdk run` boots.
 */
static const struct manifest_settings *
action_of(const struct manifest_settings *run,
	  const struct manifest_settings *test, enum config_action action,
	  bool boot)
{
	if (action == CONFIG_TEST)
		return test;
	if (action == CONFIG_RUN || boot)
		return run;
	return NULL;
}

/* Append one manifest's layers; `sc` is its copy of the scheme, or NULL. */
static void add_layers(struct layers *ls, const struct manifest *m,
		       const struct manifest_scheme *sc,
		       enum config_action action, bool boot)
{
	const struct manifest_settings *a;

	if (sc) {
		a = action_of(&sc->run, &sc->test, action, boot);
		if (a)
			push(ls, a);
		push(ls, &sc->base);
	}
	a = action_of(&m->run, &m->test, action, boot);
	if (a)
		push(ls, a);
	push(ls, &m->top);
}

/* The first layer's value of string field `off`, else `def`. */
static const char *pick(const struct layers *ls, size_t off, const char *def)
{
	for (size_t i = 0; i < ls->n; i++) {
		const char *v = *(char *const *)((const char *)ls->l[i] + off);

		if (v)
			return v;
	}
	return def;
}

#define PICK(ls, field, def)                                                   \
	pick((ls), offsetof(struct manifest_settings, field), (def))

/* The first layer's list that is set (even to nothing), or NULL. */
static const struct manifest_strlist *pick_list(const struct layers *ls,
						 size_t off)
{
	for (size_t i = 0; i < ls->n; i++) {
		const struct manifest_strlist *l =
		    (const struct manifest_strlist *)((const char *)ls->l[i] +
						      off);

		if (l->set)
			return l;
	}
	return NULL;
}

static const struct manifest_initramfs *pick_initramfs(const struct layers *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		if (ls->l[i]->boot_initramfs)
			return ls->l[i]->boot_initramfs;
	return NULL;
}

/* The command line with init's environment and arguments added. */
static int compose_cmdline(const struct layers *ls, const char *base,
			   char **out, struct osdk_err *err)
{
	const struct manifest_strlist *env = pick_list(
	    ls, offsetof(struct manifest_settings, boot_init_env));
	const struct manifest_strlist *args = pick_list(
	    ls, offsetof(struct manifest_settings, boot_init_args));
	struct kcmdline_parts p = { 0 };

	if (env) {
		p.env = (const char *const *)env->v;
		p.nenv = env->n;
	}
	if (args) {
		p.args = (const char *const *)args->v;
		p.nargs = args->n;
	}
	return kcmdline_compose(base, &p, out, err);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Every scheme name of pkg and ws, once each, NULL-terminated. */
static const char **scheme_names(const struct manifest *pkg,
				 const struct manifest *ws)
{
	size_t n = (pkg ? pkg->nschemes : 0) + (ws ? ws->nschemes : 0);
	const char **v = xcalloc(n + 1, sizeof(*v));
	size_t k = 0;

	for (int which = 0; which < 2; which++) {
		const struct manifest *m = which ? ws : pkg;

		for (size_t i = 0; m && i < m->nschemes; i++) {
			bool dup = false;

			for (size_t j = 0; j < k; j++)
				dup = dup || !strcmp(v[j], m->schemes[i].name);
			if (!dup)
				v[k++] = m->schemes[i].name;
		}
	}
	return v;
}

static int unknown_scheme(const struct manifest *pkg, const struct manifest *ws,
			  const char *name, struct osdk_err *err)
{
	const char **names = scheme_names(pkg, ws);
	struct strbuf msg = STRBUF_INIT;
	const char *close = suggest_closest(name, names);

	strbuf_addf(&msg, "no scheme '%s'", name);
	if (pkg || ws)
		strbuf_addf(&msg, " in '%s'", pkg ? pkg->path : ws->path);
	if (pkg && ws)
		strbuf_addf(&msg, " or '%s'", ws->path);
	if (close) {
		strbuf_addf(&msg, "; did you mean '%s'?", close);
	} else if (names[0]) {
		strbuf_adds(&msg, "; available:");
		for (size_t i = 0; names[i]; i++)
			strbuf_addf(&msg, "%s %s", i ? "," : "", names[i]);
	} else {
		strbuf_adds(&msg, "; no schemes are defined");
	}
	err_set(err, -EINVAL, "%s", msg.buf);
	strbuf_release(&msg);
	free(names);
	return -EINVAL;
}

static int check_cli_method(const char *method, struct osdk_err *err)
{
	struct strbuf list = STRBUF_INIT;
	const char *close;

	for (size_t i = 0; manifest_boot_methods[i]; i++)
		if (!strcmp(method, manifest_boot_methods[i]))
			return 0;
	for (size_t i = 0; manifest_boot_methods[i]; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "",
			    manifest_boot_methods[i]);
	close = suggest_closest(method, manifest_boot_methods);
	err_set(err, -EINVAL, "boot method must be one of %s; got '%s'%s%s%s",
		list.buf, method, close ? " (did you mean '" : "",
		close ? close : "", close ? "'?)" : "");
	strbuf_release(&list);
	return -EINVAL;
}

/* --initramfs is relative to where the user typed it, not to a manifest. */
static int cli_path(const char *path, char **out, struct osdk_err *err)
{
	char *cwd;

	if (path[0] == '/') {
		*out = manifest_join_path("/", path);
		return 0;
	}
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return err_set(err, -errno,
			       "could not determine the current directory: %s",
			       strerror(errno));
	*out = manifest_join_path(cwd, path);
	free(cwd);
	return 0;
}

int config_resolve(const struct manifest *pkg, const struct manifest *ws,
		   enum config_action action, const struct config_cli *cli,
		   struct config *out, struct osdk_err *err)
{
	static const struct config_cli none;
	const struct manifest_scheme *psc = NULL, *wsc = NULL;
	struct layers boot = {.n = 0}, other = {.n = 0};
	const char *args;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!cli)
		cli = &none;
	if (ws == pkg)
		ws = NULL;
	if (cli->scheme) {
		psc = pkg ? manifest_scheme(pkg, cli->scheme) : NULL;
		wsc = ws ? manifest_scheme(ws, cli->scheme) : NULL;
		if (!psc && !wsc) {
			ret = unknown_scheme(pkg, ws, cli->scheme, err);
			goto out;
		}
	}
	if (cli->boot_method) {
		ret = check_cli_method(cli->boot_method, err);
		if (ret)
			goto out;
	}
	/* A member inherits from its workspace layer by layer: its own
	 * layers all come before any of the workspace's. */
	for (int which = 0; which < 2; which++) {
		const struct manifest *m = which ? ws : pkg;
		const struct manifest_scheme *sc = which ? wsc : psc;

		if (!m)
			continue;
		add_layers(&boot, m, sc, action, true);
		add_layers(&other, m, sc, action, false);
	}

	out->scheme = dup_or_null(cli->scheme);
	out->boot_method =
	    xstrdup(cli->boot_method
			? cli->boot_method
			: PICK(&boot, boot_method, CONFIG_DEFAULT_BOOT_METHOD));
	out->boot_protocol =
	    xstrdup(PICK(&boot, boot_protocol, CONFIG_DEFAULT_BOOT_PROTOCOL));
	/* How GRUB loads the kernel is part of the image: resolved like the
	 * boot method, which osdk build shares with osdk run. */
	out->grub_protocol = xstrdup(
	    cli->grub_protocol
		? cli->grub_protocol
		: PICK(&boot, grub_boot_protocol, CONFIG_DEFAULT_GRUB_PROTOCOL));
	ret = compose_cmdline(&boot,
			      cli->cmdline ? cli->cmdline
					   : PICK(&boot, boot_cmdline, ""),
			      &out->cmdline, err);
	if (ret)
		goto out;
	if (cli->initramfs && *cli->initramfs) {
		ret = cli_path(cli->initramfs, &out->initramfs, err);
	} else if (!cli->initramfs) {
		out->initramfs_spec = pick_initramfs(&boot);
		if (out->initramfs_spec)
			out->initramfs = dup_or_null(out->initramfs_spec->path);
	}
	if (ret)
		goto out;
	out->initramfs_compress =
	    xstrdup(PICK(&boot, boot_initramfs_compress,
			 CONFIG_DEFAULT_INITRAMFS_COMPRESS));
	out->qemu_path = xstrdup(PICK(&other, qemu_path, CONFIG_DEFAULT_QEMU));
	args = PICK(&other, qemu_args, CONFIG_DEFAULT_QEMU_ARGS);
	/* --qemu-args goes last so that QEMU lets it override. */
	if (cli->qemu_args && *cli->qemu_args && *args)
		out->qemu_args = xasprintf("%s %s", args, cli->qemu_args);
	else if (cli->qemu_args && *cli->qemu_args)
		out->qemu_args = xstrdup(cli->qemu_args);
	else
		out->qemu_args = xstrdup(args);
	out->accel = xstrdup(cli->accel ? cli->accel :
			     PICK(&other, qemu_accel, "auto"));
	out->ovmf_code = PICK(&other, qemu_ovmf_code, NULL)
				 ? xstrdup(PICK(&other, qemu_ovmf_code, NULL))
				 : NULL;
	out->ovmf_vars = PICK(&other, qemu_ovmf_vars, NULL)
				 ? xstrdup(PICK(&other, qemu_ovmf_vars, NULL))
				 : NULL;
	out->confidential =
		xstrdup(PICK(&other, qemu_confidential, "none"));
	out->tdvf = PICK(&other, qemu_tdvf, NULL)
			    ? xstrdup(PICK(&other, qemu_tdvf, NULL))
			    : NULL;
	out->test_timeout = CONFIG_DEFAULT_TEST_TIMEOUT;
	for (size_t i = 0; i < other.n; i++) {
		if (other.l[i]->test_timeout) {
			out->test_timeout = other.l[i]->test_timeout;
			break;
		}
	}
out:
	if (ret)
		config_release(out);
	return ret;
}

void config_release(struct config *c)
{
	free(c->scheme);
	free(c->boot_method);
	free(c->boot_protocol);
	free(c->grub_protocol);
	free(c->cmdline);
	free(c->initramfs);
	free(c->initramfs_compress);
	free(c->qemu_path);
	free(c->ovmf_code);
	free(c->ovmf_vars);
	free(c->confidential);
	free(c->tdvf);
	free(c->qemu_args);
	free(c->accel);
	memset(c, 0, sizeof(*c));
}

const char *config_action_name(enum config_action action)
{
	switch (action) {
	case CONFIG_BUILD:
		return "build";
	case CONFIG_TEST:
		return "test";
	case CONFIG_RUN:
		break;
	}
	return "run";
}
