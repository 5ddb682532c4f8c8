/* SPDX-License-Identifier: MIT */
/* publish.h - publishing a package to a registry, as one operation. */
#ifndef OSDK_CORE_PUBLISH_H
#define OSDK_CORE_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>

struct home_config;
struct osdk_err;
struct workspace;

/* How publishing reports progress; the core never prints itself. */
struct publish_events {
	void *ctx;
	/* A cargo-style status line: "Packaging", "log v1.0.0 (DIR)". */
	void (*status)(void *ctx, const char *verb, const char *subject);
	/* Something the user must know that does not stop publishing. */
	void (*warning)(void *ctx, const char *msg);
};

struct publish_opts {
	const char *home;	       /* $OSDK_HOME */
	const struct home_config *cfg; /* its config.yaml */
	const char *url;	       /* the registry, canonical */
	bool dry_run;		       /* pack into target/osdk/package only */
	bool allow_dirty;	       /* uncommitted changes are fine */
	bool skip_published;	       /* a version already there is skipped */
	const struct publish_events *ev; /* may be NULL */
};

/*
 * Publish package idx of ws to registry o->url, every step in order: its
 * index line (pack_entry.h), a version the registry has refused (or, with
 * skip_published, skipped with a warning when its sources differ), its
 * same-registry dependencies present, no uncommitted changes, the
 * manifest's fields and, unless it is trusted, the framekernel rules
 * (release profile); then the deterministic archive, and the commit that
 * adds it (registry_write.h) or, with dry_run, the archive written to
 * target/osdk/package/NAME-VERSION.tar. 0 or a negative errno with err.
 */
int publish_package(struct workspace *ws, size_t idx,
		    const struct publish_opts *o, struct osdk_err *err);

#endif
