/* SPDX-License-Identifier: MIT */
/* scaffold.h - instantiating a package template (osdk new). */
#ifndef OSDK_CORE_SCAFFOLD_H
#define OSDK_CORE_SCAFFOLD_H

#include <stdbool.h>

struct osdk_err;
struct strvec;

struct scaffold_opts {
	const char *template_dir; /* e.g. DATADIR/templates/kernel */
	const char *dest;	  /* the new package's directory */
	const char *name;	  /* package name */
	const char *frame_dep;	  /* YAML value of the frame dependency */
	/* osdk init: @dest may hold files; those it holds are kept, not
	 * overwritten, and listed in @kept (relative to dest). */
	bool in_place;
	struct strvec *kept;
};

/*
 * scaffold_check_name() - whether @name can name a new package: a valid
 * package name, and not the name of a package every template depends on
 * ("frame"), which would make the package depend on itself. -EINVAL with
 * the reason otherwise.
 */
int scaffold_check_name(const char *name, struct osdk_err *err);

/*
 * Copy the template tree into dest, replacing {{name}}, {{ident}} and
 * {{IDENT}} (the name as a C identifier, lower and upper case) and
 * {{frame_dep}} in file contents and file names; a file named "gitignore"
 * becomes ".gitignore". @dest must not exist yet or be an empty
 * directory (-EEXIST otherwise); with @in_place it may hold anything but
 * an osdk.yaml. The created paths (relative to dest) are appended to
 * `created`. On failure nothing created is left behind, and nothing that
 * was there before is touched.
 */
int scaffold_new(const struct scaffold_opts *o, struct strvec *created,
		 struct osdk_err *err);

/* Replace the {{...}} placeholders of `in`; caller frees. */
char *scaffold_expand(const struct scaffold_opts *o, const char *in);

#endif
