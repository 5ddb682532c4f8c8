/* SPDX-License-Identifier: MIT */
/* user_image.h - user-mode shared objects a trusted package embeds. */
#ifndef OSDK_CORE_USER_IMAGE_H
#define OSDK_CORE_USER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

struct build_events;
struct osdk_err;
struct strvec;
struct workspace;

/*
 * A trusted package can carry code that runs in user mode, such as the
 * vDSO: build.user-images in its manifest names the sources of each image
 * and its own flags. Each image is compiled position-independent, linked
 * as a shared object without a libc or a build-id, checked to need no
 * loader (elf_check_loader_free), and assembled into one object whose
 * read-only section holds its bytes between the symbols
 * osdk_image_NAME_start and osdk_image_NAME_end (page-aligned). That
 * object joins the package's archive like any other. Every step is
 * skipped when its inputs and command are unchanged, and everything runs
 * from the package directory with relative names, so that the image is
 * the same bytes wherever the package lies.
 */

struct user_image_ctx {
	const struct workspace *ws;
	const char *cc;
	const char *cc_include; /* from build_cc_include() */
	const char *pkg_out;	/* the package's output directory */
	bool verbose;
	const struct build_events *ev;
};

/*
 * user_image_build() - bring package p's images up to date
 *
 * Appends each image's object to objs and sets *rebuilt when one of them
 * was made again. A package that is not trusted and declares images is an
 * error (-EPERM): its code would run outside the framekernel check.
 */
int user_image_build(const struct user_image_ctx *c, size_t p,
		     struct strvec *objs, bool *rebuilt, struct osdk_err *err);

/* The symbols an image's bytes lie between, for its package's C code. */
#define USER_IMAGE_START_FMT "osdk_image_%s_start"
#define USER_IMAGE_END_FMT   "osdk_image_%s_end"

#endif
