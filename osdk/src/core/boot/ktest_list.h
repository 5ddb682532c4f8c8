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

/* Which tests run: those @filter selects and, of those, a shard. */
struct ktest_select {
	const char *filter; /* or NULL: every test */
	bool exact;	    /* @filter is a whole name, not a part */
	unsigned shard_k;   /* with shard_n: run the K-th of every N */
	unsigned shard_n;   /* 0: no shard */
};

/*
 * ktest_shard_parse() - "K/N" (1 <= K <= N <= 1000000) into @sel's shard;
 * -EINVAL with a message saying what is wrong.
 */
int ktest_shard_parse(const char *s, struct ktest_select *sel,
		      struct osdk_err *err);

/*
 * ktest_list_select() - mark in @on (l->n entries) the tests of @l that
 * @sel runs, as the frame's runner picks them (`ktest.shard=K/N`: the
 * tests the filter selects, in run order, every N-th from the K-th).
 * Returns how many the filter alone selects.
 */
size_t ktest_list_select(const struct ktest_list *l,
			 const struct ktest_select *sel, bool *on);

void ktest_list_release(struct ktest_list *l);

#endif
