/* SPDX-License-Identifier: MIT */
/* doc.h - HTML API documentation of a package's headers, with Doxygen. */
#ifndef OSDK_CORE_BUILD_DOC_H
#define OSDK_CORE_BUILD_DOC_H

struct osdk_err;
struct manifest;

struct doc_opts {
	const char *pkg_dir;	  /* the package (absolute) */
	const struct manifest *m; /* its manifest: name, version, ... */
	const char *target_dir;	  /* the workspace's target/ */
};

/*
 * doc_package() - document the headers below the package's include/ (or,
 * for a package without one such as a kernel, below src/), and its
 * README.md as the main page when there is one, as browsable HTML in
 * TARGET/doc/NAME/, written afresh: a Doxyfile generated there, Doxygen
 * run on it, its warnings kept in TARGET/doc/NAME/warnings.log. Every
 * header gets a page, documented or not. *@index is the new path of
 * index.html. -ENOENT naming the Debian package when doxygen is missing;
 * Doxygen's own failure with its output.
 */
int doc_package(const struct doc_opts *o, char **index, struct osdk_err *err);

#endif
