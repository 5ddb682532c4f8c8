/* SPDX-License-Identifier: MIT */
/* link.h - linking archives into a kernel ELF with its symbol table. */
#ifndef OSDK_CORE_LINK_H
#define OSDK_CORE_LINK_H

#include <stdbool.h>

struct build_events;
struct build_times;
struct osdk_err;
struct strvec;
struct workspace;

struct link_input {
	const struct workspace *ws;
	const bool *in; /* which packages are linked (ws->npkgs) */
	const struct strvec *archives;
	const struct strvec *objs; /* every member of those archives */
	const char *out_dir;
	const char *name; /* the kernel's file name, without .elf */
	const char *cc;
	const char *ld;
	bool verbose;
	const struct build_events *ev;
	struct build_times *times; /* link1, ksyms, link2; may be NULL */
};

/*
 * Link li->archives into OUT_DIR/NAME.elf unless it is newer than every
 * archive and the linker script and was linked by the same command. The
 * linker script is the one `build.linker-script` among the linked packages;
 * none or several is an error.
 *
 * The kernel is linked once. Its symbol table (ksyms.h) gets room for as
 * many functions as li->objs define, which bounds what the kernel holds;
 * the functions of the linked ELF are then read and the table is written
 * into that room, in the file, before it takes its final name. The room
 * lies in `.ksyms`, which the linker script places after every other
 * section, and its size is fixed before the link: writing it moves
 * nothing. Should the kernel hold more than the room (a linker that makes
 * functions of its own), it is linked a second time with a table of the
 * right size, and a linker script that lets the table move other symbols
 * is reported. *elf gets the path; *linked says whether it relinked.
 */
int link_kernel(const struct link_input *li, char **elf, bool *linked,
		struct osdk_err *err);

#endif
