/* SPDX-License-Identifier: MIT */
/* link.h - linking archives into a kernel ELF with its symbol table. */
#ifndef OSDK_CORE_LINK_H
#define OSDK_CORE_LINK_H

#include <stdbool.h>

struct build_events;
struct osdk_err;
struct strvec;
struct workspace;

struct link_input {
	const struct workspace *ws;
	const bool *in; /* which packages are linked (ws->npkgs) */
	const struct strvec *archives;
	const char *out_dir;
	const char *name; /* the kernel's file name, without .elf */
	const char *cc;
	const char *ld;
	bool verbose;
	const struct build_events *ev;
};

/*
 * Link li->archives into OUT_DIR/NAME.elf unless it is newer than every
 * archive and the linker script and was linked by the same command. The
 * linker script is the one `build.linker-script` among the linked packages;
 * none or several is an error. The first link carries an empty ksyms table,
 * the second the real one; a linker script that lets the table move other
 * symbols is reported. *elf gets the path; *linked says whether it relinked.
 */
int link_kernel(const struct link_input *li, char **elf, bool *linked,
		struct osdk_err *err);

#endif
