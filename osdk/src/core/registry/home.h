/* SPDX-License-Identifier: MIT */
/* home.h - $OSDK_HOME: the user's configuration and the download cache. */
#ifndef OSDK_CORE_HOME_H
#define OSDK_CORE_HOME_H

#include <stdbool.h>
#include <stddef.h>

struct osdk_err;

/* $OSDK_HOME if set and not empty, else $HOME/.osdk. Caller frees. */
char *home_dir(void);

struct home_registry {
	char *name;
	char *url; /* canonical (home_canon_url) */
};

/* $OSDK_HOME/config.yaml. A missing file is an empty configuration. */
struct home_config {
	char *home;
	char *path;
	char *default_registry; /* a name in regs, or NULL */
	struct home_registry *regs;
	size_t nregs;
};

#define HOME_CONFIG_INIT                  \
	{                                 \
		NULL, NULL, NULL, NULL, 0 \
	}

/*
 * Read `home`/config.yaml:
 *
 *   default-registry: local
 *   registries:
 *     local: "file:///home/ada/.osdk/registry"
 *
 * Errors name the file, line and column: YAML syntax, unknown keys (with a
 * suggestion), a non-string value, a bad registry name or URL, and a
 * default-registry that names no registry.
 */
int home_config_load(const char *home, struct home_config *cfg,
		     struct osdk_err *err);
void home_config_release(struct home_config *cfg);

/* Add or replace registry `name`, maybe make it the default, and rewrite
 * config.yaml (atomically; comments in it are not kept). */
int home_config_set_registry(struct home_config *cfg, const char *name,
			     const char *url, bool make_default,
			     struct osdk_err *err);

/*
 * Which registry `what` means: NULL is the default registry, a word is a
 * registry name from the configuration, anything with a '/' or ':' is a
 * URL or a path. *url is canonical; caller frees. Errors say which name is
 * unknown (with a suggestion) or that no default is configured, and how to
 * configure one.
 */
int home_registry_url(const struct home_config *cfg, const char *what,
		      char **url, struct osdk_err *err);

/* Whether `s` is a registry name: [a-z0-9][a-z0-9_-]*, at most 64. */
bool home_valid_registry_name(const char *s);

/*
 * The canonical form of a registry or git URL, so that two spellings of one
 * place compare equal: a path (absolute, or relative to the cwd) and
 * file:// become "file:///abs/path" with ".", ".." and trailing slashes
 * folded; other URLs lose trailing slashes. -EINVAL for an empty string or
 * a relative file:// URL. Caller frees *out.
 */
int home_canon_url(const char *s, char **out, struct osdk_err *err);

/* The directory of a file:// URL, or NULL for other URLs. Caller frees. */
char *home_local_path(const char *url);

/* $home/cache/KIND/IDENT, IDENT made from the URL's last component and a
 * hash of the whole URL. Caller frees. */
char *home_cache_path(const char *home, const char *kind, const char *url);

#endif
