/* SPDX-License-Identifier: MIT */
/* flags.h - the compiler flags and sources of a package, for build and check.
 */
#ifndef OSDK_CORE_BUILD_FLAGS_H
#define OSDK_CORE_BUILD_FLAGS_H

/*
 * The build compiles with these flags and the framekernel check parses with
 * exactly the same, so both take them from here; this header is the one
 * part of build/ that check/ may include.
 */

#include <stdbool.h>
#include <stddef.h>

struct workspace;
struct osdk_err;
struct strvec;

/* What, besides the package, decides the flags of its translation units. */
struct build_cflags_opts {
	const char *cc_include; /* from build_cc_include() */
	bool release;
	bool ktest; /* -DKTEST: the package's KTEST cases are registered */
};

/*
 * The flags every source of package p is compiled with, appended to out:
 * everything on the compiler's command line except the compiler itself, the
 * depfile options, -c, the source and -o. These are the kernel flags of
 * kernel-contract.md, the profile's, -DOSDK_PKG_NAME/VERSION, -I for the
 * package's include/ and src/ and for the include/ of every dependency,
 * the -ffile-prefix-map options that make the output independent of where
 * the checkout and osdk's cache are (build_source_name(); the compiler runs
 * in the workspace root, which becomes "."),
 * for an untrusted package `-include` of each prelude the trusted packages
 * declare (trust.h), and last the package's build.cflags. The framekernel
 * check parses with exactly these.
 */
int build_pkg_cflags(const struct workspace *ws, size_t p,
		     const struct build_cflags_opts *o, struct strvec *out,
		     struct osdk_err *err);

/*
 * build_source_name() - the name package @p's directory has in the build's
 * output (debug info, __FILE__): NULL for a package below the workspace
 * root, whose files are named relative to the root; else "NAME-VERSION"
 * (a registry or git checkout, a path outside the root), so that neither
 * the checkout's path nor osdk's cache path reaches the kernel. Caller
 * frees.
 */
char *build_source_name(const struct workspace *ws, size_t p);

/* The sources of package p the build compiles (src/ **.c and **.S), as
 * absolute paths in build order, appended to out. */
int build_pkg_sources(const struct workspace *ws, size_t p, struct strvec *out,
		      struct osdk_err *err);

#endif
