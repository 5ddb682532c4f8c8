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
 * `package.trusted: true`, and the workspace root lists its name in
 * `workspace.trusted`. The claim alone counts for nothing, so a component
 * fetched from anywhere cannot make itself trusted. Without a workspace (a
 * lone kernel package such as `osdk new --kernel` makes) the list is
 * TRUST_DEFAULT_LIST.
 */
#define TRUST_DEFAULT_LIST "frame"

/* Whether the workspace's trust list names `name`. */
bool trust_listed(const struct workspace *ws, const char *name);

/* Whether package p (an index into ws->pkgs) is trusted, as above. */
bool trust_pkg_trusted(const struct workspace *ws, size_t p);

/*
 * Whether package p claims `trusted: true` without being listed. Then `why`
 * (if not NULL) says so in one line, naming the manifest and the claim's
 * position, and what osdk does instead.
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
