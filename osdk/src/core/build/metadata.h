/* SPDX-License-Identifier: MIT */
/* metadata.h - the resolved package graph as JSON, for tools. */
#ifndef OSDK_CORE_BUILD_METADATA_H
#define OSDK_CORE_BUILD_METADATA_H

#include <stdbool.h>

struct osdk_err;
struct workspace;

/* The version of the document's layout; a change of meaning bumps it. */
#define METADATA_FORMAT_VERSION 1

struct metadata_opts {
	bool no_deps; /* only the workspace's own members */
	bool release; /* artefact paths of the release profile */
};

/*
 * metadata_json() - @ws (loaded and resolved) as the JSON document that
 * docs/commands.md describes under `osdk metadata`, into *@out (a new
 * string, ending in a newline). Keys come in a fixed order, so that two
 * runs over one workspace print the same bytes.
 */
int metadata_json(const struct workspace *ws, const struct metadata_opts *o,
		  char **out, struct osdk_err *err);

#endif
