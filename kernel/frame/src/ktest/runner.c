/* SPDX-License-Identifier: MIT */
/* The ktest runner: pick tests from the command line, run, report. */
#include "ktest/runner.h"

#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/log.h>
#include <frame/panic.h>
#include <frame/power.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/setjmp.h"
#include "console/console.h"

/* Where a failed assertion jumps to: inside ktest_run_one(). */
static struct arch_jmp_buf ktest_jmp;

/* Index of the running test, or -1; read by the panic path. */
static int ktest_running = -1;

bool ktest_current(int *index)
{
	int i = __atomic_load_n(&ktest_running, __ATOMIC_RELAXED);

	if (i < 0)
		return false;
	*index = i;
	return true;
}

void ktest_abandon(void)
{
	int index;

	if (!ktest_current(&index))
		frame_panic("ktest: no test is running to abandon");
	arch_longjmp(&ktest_jmp, 1);
}

/*
 * Run one test; false when an assertion abandoned it. Never inlined: the
 * jump buffer then belongs to a frame that holds nothing but the test call,
 * and backtraces show the runner under every test.
 */
__attribute__((noinline)) static bool ktest_run_one(int index,
						    const struct ktest_desc *t)
{
	__atomic_store_n(&ktest_running, index, __ATOMIC_RELAXED);
	if (arch_setjmp(&ktest_jmp)) {
		__atomic_store_n(&ktest_running, -1, __ATOMIC_RELAXED);
		return false;
	}
	t->fn();
	__atomic_store_n(&ktest_running, -1, __ATOMIC_RELAXED);
	return true;
}

/*
 * Whether "pkg::name" contains @filter or, with @exact (`ktest.exact=1`,
 * osdk test --exact), whether @filter is the whole "pkg::name" or the name.
 */
static bool ktest_matches(const struct ktest_desc *t, const char *filter,
			  bool exact)
{
	char full[256];
	size_t flen = strlen(filter);
	int n;

	n = frame_snprintf(full, sizeof(full), "%s::%s", t->pkg, t->name);
	if (n < 0 || (size_t)n >= sizeof(full))
		n = (int)sizeof(full) - 1;
	if (exact)
		return !strcmp(full, filter) || !strcmp(t->name, filter);
	for (size_t i = 0; i + flen <= (size_t)n; i++) {
		if (!memcmp(full + i, filter, flen))
			return true;
	}
	return false;
}

/* The tests in .ktest, checking that the section holds whole descriptors. */
static size_t ktest_count(void)
{
	uintptr_t bytes =
	    (uintptr_t)frame_ktest_end - (uintptr_t)frame_ktest_start;

	if (bytes % sizeof(struct ktest_desc))
		frame_panic("ktest: the .ktest section holds %zu bytes, not a "
			    "multiple of the %zu-byte descriptor",
			    (size_t)bytes, sizeof(struct ktest_desc));
	return bytes / sizeof(struct ktest_desc);
}

/*
 * Read `ktest.filter=` into @filter; returns whether a filter applies. One
 * too long for @filter is cut, with a warning.
 */
static bool ktest_read_filter(char *filter, size_t size)
{
	int ret = frame_cmdline_get("ktest.filter", filter, size);

	if (ret == -E2BIG)
		log_warn("'ktest.filter' is longer than %zu characters; "
			 "matching on its start",
			 size - 1);
	return (!ret || ret == -E2BIG) && filter[0];
}

static uint64_t ktest_read_from(void)
{
	uint64_t from = 0;
	int ret = frame_cmdline_get_u64("ktest.from", &from);

	if (ret && ret != -ENOENT)
		log_warn("ignoring 'ktest.from': not a 64-bit number (%s)",
			 frame_errno_name(ret));
	return from;
}

/*
 * Read `ktest.shard=K/N` (osdk test --shard): of the tests the filter
 * selects, in run order, the K-th of every N runs (1 <= K <= N). Absent or
 * malformed, every selected test runs (a malformed one with a warning);
 * *@k and *@n are then 1.
 */
static void ktest_read_shard(uint64_t *k, uint64_t *n)
{
	char word[48], *p = word;
	uint64_t v[2] = { 0, 0 };
	int ret = frame_cmdline_get("ktest.shard", word, sizeof(word));

	*k = *n = 1;
	if (ret == -ENOENT)
		return;
	for (int i = 0; !ret && i < 2; i++) {
		if (*p < '0' || *p > '9')
			ret = -EINVAL;
		for (; !ret && *p >= '0' && *p <= '9'; p++) {
			if (v[i] > 1000000)
				ret = -ERANGE;
			v[i] = v[i] * 10 + (uint64_t)(*p - '0');
		}
		if (!ret && *p++ != (i ? '\0' : '/'))
			ret = -EINVAL;
	}
	if (!ret && (v[0] < 1 || v[0] > v[1]))
		ret = -ERANGE;
	if (ret) {
		log_warn("ignoring 'ktest.shard': not K/N with 1 <= K <= N "
			 "(%s)",
			 frame_errno_name(ret));
		return;
	}
	*k = v[0];
	*n = v[1];
}

/*
 * The order tests run in, and so their indices: by package, file and line,
 * whatever order the compiler put them in the section (gcc emits a file's
 * tests last to first, clang first to last). Ties cannot happen between
 * two KTEST()s, but the address breaks them so the order stays total.
 */
static bool ktest_before(const struct ktest_desc *a, const struct ktest_desc *b)
{
	int c = strcmp(a->pkg, b->pkg);

	if (!c)
		c = strcmp(a->file, b->file);
	if (!c)
		c = a->line < b->line ? -1 : a->line > b->line ? 1 : 0;
	if (!c)
		c = a < b ? -1 : a > b ? 1 : 0;
	return c < 0;
}

/*
 * The first test after @prev in that order (the first of all for NULL), or
 * NULL after the last. A walk over the section: quadratic in the number of
 * tests, which is cheap beside running them, and needs no memory at all,
 * so the allocator's statistics are the tests' alone.
 */
static const struct ktest_desc *ktest_next(const struct ktest_desc *prev,
					   size_t total)
{
	const struct ktest_desc *best = NULL;

	for (size_t i = 0; i < total; i++) {
		const struct ktest_desc *t = &frame_ktest_start[i];

		if (prev && !ktest_before(prev, t))
			continue;
		if (!best || ktest_before(t, best))
			best = t;
	}
	return best;
}

int ktest_run_all(void)
{
	size_t total = ktest_count(), passed = 0, failed = 0, i = 0;
	char filter[128] = "";
	bool filtered = ktest_read_filter(filter, sizeof(filter));
	bool exact = frame_cmdline_has("ktest.exact");
	uint64_t from = ktest_read_from(), shard_k, shard_n, selected = 0;
	const struct ktest_desc *t = NULL;

	ktest_read_shard(&shard_k, &shard_n);
	frame_console_printf("ktest: begin %zu\n", total);
	for (; (t = ktest_next(t, total)); i++) {
		if (filtered && !ktest_matches(t, filter, exact))
			continue;
		/* Counted before `from` so a reboot keeps the same slice. */
		if (selected++ % shard_n != shard_k - 1 || i < from)
			continue;
		frame_console_printf("ktest: run %zu %s::%s\n", i, t->pkg,
				     t->name);
		if (ktest_run_one((int)i, t)) {
			frame_console_printf("ktest: ok %zu\n", i);
			passed++;
		} else {
			failed++;
		}
	}
	frame_console_printf("ktest: end %zu %zu\n", passed, failed);
	return failed ? FRAME_EXIT_FAILURE : FRAME_EXIT_SUCCESS;
}
