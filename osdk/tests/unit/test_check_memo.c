/* SPDX-License-Identifier: MIT */
/* test_check_memo.c - check passes remembered across builds, by content. */
#include "unit.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/check/check_memo.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strvec.h"
#include "util/xalloc.h"

static char root[] = "/tmp/osdk-unit-memo.XXXXXX";
static char *memo_dir, *src, *hdr;

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Write path, dated an hour ago unless @fresh (a file just edited). */
static void put(const char *path, const char *text, bool fresh)
{
	struct timespec t[2];

	CHECK_INT(fs_write_atomic(path, text, strlen(text), NULL), 0);
	if (fresh)
		return;
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= 3600;
	t[1] = t[0];
	CHECK_INT(utimensat(AT_FDCWD, path, t, 0), 0);
}

static void setup(void)
{
	if (!unit_tmpdir(root))
		return;
	memo_dir = fs_join(root, "memo");
	src = fs_join(root, "a.c");
	hdr = fs_join(root, "h.h");
}

/* Remember that a.c passed, having read a.c and h.h, under @ctx. */
static void remember(const char *ctx, const struct strvec *args)
{
	struct check_memo *m = check_memo_open(memo_dir, ctx);
	struct strvec read = STRVEC_INIT;

	strvec_push(&read, src);
	strvec_push(&read, hdr);
	check_memo_pass(m, src, args, &read, now_ns());
	check_memo_close(m);
	strvec_clear(&read);
}

/* Does a fresh memo (no digests kept in memory) say a.c passed? */
static bool passed(const char *ctx, const struct strvec *args)
{
	struct check_memo *m = check_memo_open(memo_dir, ctx);
	bool hit = check_memo_passed(m, src, args);

	check_memo_close(m);
	return hit;
}

UNIT(a_pass_is_remembered_while_every_file_read_is_unchanged)
{
	struct strvec args = STRVEC_INIT, other = STRVEC_INIT;

	setup();
	fs_remove_tree(memo_dir, NULL);
	strvec_push(&args, "-DX=1");
	strvec_push(&other, "-DX=2");
	put(src, "#include \"h.h\"\nint a(void) { return H; }\n", false);
	put(hdr, "#define H 1\n", false);
	CHECK(!passed("ctx", &args));
	remember("ctx", &args);
	CHECK(passed("ctx", &args));
	CHECK(!passed("another context", &args));
	CHECK(!passed("ctx", &other));

	/* The header's content changes: the pass is no longer known. */
	put(hdr, "#define H 2\n", false);
	CHECK(!passed("ctx", &args));
	/* Back to what was checked: known again. */
	put(hdr, "#define H 1\n", false);
	CHECK(passed("ctx", &args));
	/* A file gone is a change too. */
	unlink(hdr);
	CHECK(!passed("ctx", &args));
	strvec_clear(&args);
	strvec_clear(&other);
}

UNIT(a_file_changed_around_the_parse_is_not_remembered)
{
	struct strvec args = STRVEC_INIT;

	setup();
	fs_remove_tree(memo_dir, NULL);
	put(src, "int a(void) { return 0; }\n", false);
	/* Edited now: its content may not be the one the parse saw. */
	put(hdr, "#define H 3\n", true);
	remember("ctx", &args);
	CHECK(!passed("ctx", &args));
	strvec_clear(&args);
}

UNIT(a_damaged_entry_is_a_miss)
{
	static const char *const any[] = { "", NULL };
	struct strvec args = STRVEC_INIT, names = STRVEC_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	setup();
	fs_remove_tree(memo_dir, NULL);
	put(src, "int a(void) { return 0; }\n", false);
	put(hdr, "#define H 4\n", false);
	remember("ctx", &args);
	CHECK(passed("ctx", &args));
	CHECK_INT(fs_list_files(memo_dir, any, &names, &err), 0);
	CHECK_INT(names.n, 1);
	if (names.n == 1) {
		char *entry = fs_join(memo_dir, names.v[0]);

		put(entry, "osdk-check-memo 1\nnot a digest\n", false);
		CHECK(!passed("ctx", &args));
		put(entry, "something else entirely\n", false);
		CHECK(!passed("ctx", &args));
		free(entry);
	}
	strvec_clear(&names);
	strvec_clear(&args);
}

UNIT(the_memo_can_be_switched_off)
{
	char *dir;

	setenv("OSDK_HOME", "/srv/osdk-home", 1);
	unsetenv("OSDK_CHECK_CACHE");
	dir = check_memo_dir();
	CHECK_STR(dir, "/srv/osdk-home/cache/check");
	free(dir);
	setenv("OSDK_CHECK_CACHE", "off", 1);
	CHECK(check_memo_dir() == NULL);
	setenv("OSDK_CHECK_CACHE", "0", 1);
	CHECK(check_memo_dir() == NULL);
	unsetenv("OSDK_CHECK_CACHE");
}

UNIT_MAIN()
