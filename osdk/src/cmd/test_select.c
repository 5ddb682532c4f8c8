/* SPDX-License-Identifier: MIT */
/* test_select.c - osdk test's selection: --list, a filter that matches
 * nothing (with the nearest names), the count a filter and shard select. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/boot/ktest_list.h"
#include "core/build/elf.h"
#include "msg.h"
#include "test_select.h"
#include "util/err.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* Whether the letters of @abbrev appear in @word in order ("fmt" in
 * "format"). */
static bool abbreviates(const char *abbrev, const char *word)
{
	for (; *word && *abbrev; word++)
		if (*word == *abbrev)
			abbrev++;
	return !*abbrev;
}

/* How far @filter is from test @name: 0 when it abbreviates one of the
 * name's '_'-separated words, else the edit distance to the nearest word. */
static size_t filter_distance(const char *filter, const char *name)
{
	size_t best = suggest_distance(filter, name);
	char *copy = xstrdup(name), *save = NULL;

	for (char *w = strtok_r(copy, "_", &save); w;
	     w = strtok_r(NULL, "_", &save)) {
		size_t d = abbreviates(filter, w) ? 0
						  : suggest_distance(filter, w);

		if (d < best)
			best = d;
	}
	free(copy);
	return best;
}

/*
 * A filter that matched nothing is an error, with the test names nearest to
 * it (read from the kernel's symbols, where each KTEST is a function named
 * ktest_fn_<name>).
 */
void test_no_match(const char *elf, const char *filter)
{
	static const char prefix[] = "ktest_fn_";
	struct osdk_err err = OSDK_ERR_INIT;
	struct elf_syms syms = { 0 };
	const char *near[3] = { NULL, NULL, NULL };
	size_t dist[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };

	cli_error("no test matches '%s'", filter);
	if (elf_read_functions(elf, &syms, &err))
		return;
	for (size_t i = 0; i < syms.n; i++) {
		const char *name = syms.v[i].name;
		size_t d, k;

		if (strncmp(name, prefix, sizeof(prefix) - 1))
			continue;
		name += sizeof(prefix) - 1;
		d = filter_distance(filter, name);
		for (k = 0; k < 3 && dist[k] <= d; k++)
			;
		if (k == 3)
			continue;
		for (size_t j = 2; j > k; j--) {
			near[j] = near[j - 1];
			dist[j] = dist[j - 1];
		}
		near[k] = name;
		dist[k] = d;
	}
	if (near[0]) {
		fprintf(stderr, "the closest test names:\n");
		for (size_t k = 0; k < 3 && near[k]; k++)
			fprintf(stderr, "    %s\n", near[k]);
	}
	elf_syms_release(&syms);
}

/* --list: the names, on stdout for scripts; no boot. */
int test_list(const char *elf, const struct ktest_select *sel)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct ktest_list l;
	size_t matched;
	bool *on;

	if (ktest_list_read(elf, &l, &err))
		return cli_fail(&err);
	on = xcalloc(l.n ? l.n : 1, sizeof(*on));
	matched = ktest_list_select(&l, sel, on);
	for (size_t i = 0; i < l.n; i++) {
		cJSON *rec;
		char *full;

		if (!on[i])
			continue;
		printf("%s::%s\n", l.v[i].pkg, l.v[i].name);
		if (!msg_json)
			continue;
		full = xasprintf("%s::%s", l.v[i].pkg, l.v[i].name);
		rec = msg_new("test-listed");
		cJSON_AddStringToObject(rec, "name", full);
		cJSON_AddStringToObject(rec, "package", l.v[i].pkg);
		cJSON_AddStringToObject(rec, "file", l.v[i].file);
		cJSON_AddNumberToObject(rec, "line", l.v[i].line);
		msg_emit(rec);
		free(full);
	}
	free(on);
	ktest_list_release(&l);
	if (sel->filter && !matched) {
		test_no_match(elf, sel->filter);
		return 1;
	}
	return 0;
}

/* How many tests @sel's filter selects, shard aside, and in *@chosen
 * how many it runs, shard included; 0 when the kernel's list cannot be
 * read (the run itself has said why by then). */
size_t test_filter_matches(const char *elf, const struct ktest_select *sel,
			   size_t *chosen)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct ktest_list l;
	size_t matched;
	bool *on;

	*chosen = 0;
	if (ktest_list_read(elf, &l, &err))
		return 0;
	on = xcalloc(l.n ? l.n : 1, sizeof(*on));
	matched = ktest_list_select(&l, sel, on);
	for (size_t i = 0; i < l.n; i++)
		*chosen += on[i];
	free(on);
	ktest_list_release(&l);
	return matched;
}
