/* SPDX-License-Identifier: MIT */
/* ktest_list.h - the KTEST cases of a test kernel, read from its ELF. */
#ifndef OSDK_CORE_KTEST_LIST_H
#define OSDK_CORE_KTEST_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct osdk_err;

struct ktest_entry {
	char *pkg, *name, *file;
	unsigned line;
};

struct ktest_list {
	struct ktest_entry *v;
	size_t n;
};

/*
 * ktest_list_read() - the tests of the kernel ELF at @path, from its
 * .ktest section (the frame's struct ktest_desc: pkg, name and file
 * pointers, the function, the line), in the order the frame runs them:
 * by package, file and line. -ENOEXEC when the file is not a 64-bit
 * little-endian ELF or a pointer leads outside its loaded sections.
 */
int ktest_list_read(const char *path, struct ktest_list *out,
		    struct osdk_err *err);

/* ktest_matches() - the frame's filter rule: @filter is a part of
 * "pkg::name", or with @exact the whole of it or the whole name. */
bool ktest_matches(const struct ktest_entry *t, const char *filter,
		   bool exact);

void ktest_list_release(struct ktest_list *l);

#endif
