/* SPDX-License-Identifier: MIT */
/* test_coverage.c - the kernel's counter stream into .gcda files. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/coverage/coverage.h"
#include "unit.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void w32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4];

	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	strbuf_add(sb, b, 4);
}

static uint32_t r32(const struct strbuf *sb, size_t word)
{
	const unsigned char *p = (const unsigned char *)sb->buf + 4 * word;

	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A dump of one object @name with a function of two arc counters and an
 * absent one; @kinds is the counter mask, @end whether it is complete. */
static void dump(struct strbuf *sb, const char *name, uint32_t a, uint32_t b,
		 uint32_t kinds, bool end)
{
	w32(sb, 0x564f434b);
	w32(sb, 1);
	w32(sb, 0x4a424f43);
	w32(sb, 0x4232322a); /* gcc 12's version */
	w32(sb, 0x1234);     /* stamp */
	w32(sb, 0x5678);     /* checksum */
	w32(sb, (uint32_t)strlen(name));
	strbuf_adds(sb, name);
	w32(sb, 2); /* functions */
	w32(sb, kinds);
	w32(sb, 1); /* present */
	w32(sb, 0xaa);
	w32(sb, 0xbb);
	w32(sb, 0xcc);
	w32(sb, 2);
	w32(sb, a);
	w32(sb, 0);
	w32(sb, b);
	w32(sb, 1); /* high word: b + 2^32 */
	w32(sb, 0); /* absent */
	if (!end)
		return;
	w32(sb, 0x444e4543);
	w32(sb, 1);
}

struct fixture {
	char dir[32];
	char *stream, *gcda;
};

static void setup(struct fixture *f)
{
	strcpy(f->dir, "/tmp/osdk-cov-XXXXXX");
	CHECK(mkdtemp(f->dir) != NULL);
	f->stream = fs_join(f->dir, "coverage.stream");
	f->gcda = fs_join(f->dir, "pkg/obj/lib.c.gcda");
	/* Where the compiler left the object and its notes. */
	{
		struct osdk_err err = OSDK_ERR_INIT;
		char *obj = fs_join(f->dir, "pkg/obj");

		CHECK_INT(fs_mkdirs(obj, &err), 0);
		free(obj);
	}
}

static void teardown(struct fixture *f)
{
	struct osdk_err err = OSDK_ERR_INIT;

	fs_remove_tree(f->dir, &err);
	free(f->stream);
	free(f->gcda);
}

static int collect(struct fixture *f, const struct strbuf *sb,
		   struct cov_collected *got, struct osdk_err *err)
{
	CHECK_INT(fs_write_atomic(f->stream, sb->buf, sb->len, err), 0);
	return cov_collect(f->stream, f->dir, got, err);
}

UNIT(dumps_add_up_into_gcda)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strbuf sb = STRBUF_INIT, g = STRBUF_INIT;
	struct cov_collected got;
	struct fixture f;

	setup(&f);
	dump(&sb, f.gcda, 3, 4, 1, true);
	strbuf_adds(&sb, "noise between boots");
	dump(&sb, f.gcda, 5, 6, 1, false); /* cut short: left out */
	dump(&sb, f.gcda, 1, 0, 1, true);
	CHECK_INT(collect(&f, &sb, &got, &err), 0);
	CHECK_INT(got.dumps, 2);
	CHECK_INT(got.partial, 1);
	CHECK_INT(got.files, 1);
	CHECK_INT(fs_read(f.gcda, &g, &err), 0);
	/* magic, version, stamp, checksum; summary (4); function (5);
	 * arcs (2 + 4); absent function (2) */
	CHECK_INT(g.len, 4 * (4 + 4 + 5 + 6 + 2));
	if (g.len == 4 * 21) {
		CHECK_INT(r32(&g, 0), 0x67636461);
		CHECK_INT(r32(&g, 1), 0x4232322a);
		CHECK_INT(r32(&g, 2), 0x1234);
		CHECK_INT(r32(&g, 3), 0x5678);
		CHECK_INT(r32(&g, 4), 0xa1000000);
		CHECK_INT(r32(&g, 6), 2); /* runs */
		CHECK_INT(r32(&g, 8), 0x01000000);
		CHECK_INT(r32(&g, 9), 12);
		CHECK_INT(r32(&g, 10), 0xaa);
		CHECK_INT(r32(&g, 13), 0x01a10000);
		CHECK_INT(r32(&g, 14), 16);
		CHECK_INT(r32(&g, 15), 4); /* 3 + 1 */
		CHECK_INT(r32(&g, 17), 4); /* 4 + 0 */
		CHECK_INT(r32(&g, 18), 2); /* both high words */
		CHECK_INT(r32(&g, 19), 0x01000000);
		CHECK_INT(r32(&g, 20), 0);
	}
	strbuf_release(&g);
	strbuf_release(&sb);
	teardown(&f);
}

UNIT(old_gcda_removed_and_no_stream_is_no_dump)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct cov_collected got;
	struct fixture f;

	setup(&f);
	CHECK_INT(fs_write_atomic(f.gcda, "old", 3, &err), 0);
	CHECK_INT(cov_collect(f.stream, f.dir, &got, &err), 0);
	CHECK_INT(got.dumps, 0);
	CHECK(!fs_exists(f.gcda));
	teardown(&f);
}

UNIT(kernel_paths_stay_inside_the_build)
{
	/* Each after the build directory's path, but the first. */
	static const char *const bad[] = {
		NULL,
		"/../escape.gcda",
		"/pkg/obj/lib.c.o",
		"-other/x.gcda",
	};
	struct fixture f;

	setup(&f);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct osdk_err err = OSDK_ERR_INIT;
		struct strbuf sb = STRBUF_INIT;
		struct cov_collected got;
		char *name = bad[i] ? xasprintf("%s%s", f.dir, bad[i])
				    : xstrdup("/etc/passwd.gcda");

		dump(&sb, name, 1, 1, 1, true);
		CHECK_INT(collect(&f, &sb, &got, &err), -EPROTO);
		CHECK_HAS(err.msg, "not a .gcda file below");
		free(name);
		strbuf_release(&sb);
	}
	teardown(&f);
}

UNIT(only_arc_counters)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct cov_collected got;
	struct fixture f;

	setup(&f);
	dump(&sb, f.gcda, 1, 1, 3, true);
	CHECK_INT(collect(&f, &sb, &got, &err), -EPROTO);
	CHECK_HAS(err.msg, "only gcc's arc counters");
	strbuf_release(&sb);
	teardown(&f);
}

UNIT(percent)
{
	CHECK(cov_percent(0, 0) == 0.0);
	CHECK(cov_percent(1, 4) == 25.0);
}

UNIT_MAIN()
