/* SPDX-License-Identifier: MIT */
/* trust.h - which packages of a workspace are trusted, and what they give. */
#ifndef OSDK_CORE_TRUST_H
#define OSDK_CORE_TRUST_H

#include <stdbool.h>
#include <stddef.h>

struct workspace;
struct strvec;
struct osdk_err;

/*
 * A package is trusted (exempt from the framekernel rules, compiled without
 * the service prelude) only when both hold: its own manifest says
 * `package.trusted: true`, and it comes from a source that may grant trust.
 * Trust follows where a package comes from and what it is, never its name
 * alone. The sources that may grant it:
 *
 * - the workspace's own tree: a path package whose directory lies under
 *   the root workspace's directory and whose name the root lists as a
 *   plain entry of `workspace.trusted`;
 * - a source the root workspace names in a mapping entry of
 *   `workspace.trusted` (`{ name: frame, git: URL }`, `path:` or
 *   `registry:`), for that package name only;
 * - without any list: a package named TRUST_DEFAULT_NAME from the default
 *   registry of $OSDK_HOME/config.yaml, unpacked from an archive that
 *   matched the checksum the index records, or in the directory of osdk's
 *   installed copy of the frame ($OSDK_DATADIR/frame).
 *
 * The claim alone counts for nothing, so a component fetched from anywhere
 * cannot make itself trusted, and a package merely named `frame` from a
 * git URL, another registry or another path is checked like any other.
 */
#define TRUST_DEFAULT_NAME "frame"
#define TRUST_DEFAULT_LIST TRUST_DEFAULT_NAME

/*
 * Decide every package's ws_pkg.trust; workspace_load does this once the
 * graph is complete. Errors: a registry named in `workspace.trusted` that
 * the configuration does not know, or a bad URL there (at its line).
 */
int trust_settle(struct workspace *ws, struct osdk_err *err);

/* Whether the workspace's trust list names `name` as one of its own. */
bool trust_listed(const struct workspace *ws, const char *name);

/* Whether package p (an index into ws->pkgs) is trusted, as above. */
bool trust_pkg_trusted(const struct workspace *ws, size_t p);

/*
 * Whether package p claims `trusted: true` from a source that may not
 * grant it. Then `why` (if not NULL) says so in one line, naming the
 * manifest, the claim's position and the source, and what osdk does
 * instead.
 */
bool trust_claim_refused(const struct workspace *ws, size_t p,
			 struct osdk_err *why);

/*
 * The headers the trusted packages force into every untrusted translation
 * unit (their `build.service-prelude`), as absolute paths in package order,
 * appended to out.
 */
void trust_preludes(const struct workspace *ws, struct strvec *out);

#endif
