/* SPDX-License-Identifier: MIT */
/* test_lockfile.c - osdk.lock round trips, errors and differences. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/resolve/lockfile.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

#define C40 "0123456789abcdef0123456789abcdef01234567"
#define S64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char dir[] = "/tmp/osdk-unit-lock.XXXXXX";

static char *write_tmp(const char *text)
{
	char *path;

	unit_tmpdir(dir);
	path = fs_join(dir, "osdk.lock");
	CHECK_INT(fs_write_atomic(path, text, strlen(text), NULL), 0);
	return path;
}

static void sample(struct lockfile *lf)
{
	char *deps[] = { "log", "frame" };
	struct lock_pkg blk = { "blk", "0.1.0", "registry+file:///r", C40, S64,
				deps,  2 };
	struct lock_pkg frame = { "frame", "0.1.0", "registry+file:///r",
				  C40,	   S64,	    NULL,
				  0 };
	struct lock_pkg log = { "log", "1.0.0", "git+file:///l?tag=v1",
				C40,   NULL,	NULL,
				0 };

	memset(lf, 0, sizeof(*lf));
	lock_add(lf, &log);
	lock_add(lf, &frame);
	lock_add(lf, &blk);
}

UNIT(format_is_sorted_and_stable)
{
	struct lockfile a, b;
	struct osdk_err err = OSDK_ERR_INIT;
	char *text, *again, *path;

	sample(&a);
	text = lock_format(&a);
	CHECK_HAS(text, "version: 1\npackages:\n  - name: blk\n"
			"    version: \"0.1.0\"\n"
			"    source: \"registry+file:///r\"\n"
			"    commit: " C40 "\n    sha256: " S64 "\n"
			"    dependencies: [frame, log]\n  - name: frame\n");
	CHECK_HAS(text, "  - name: log\n    version: \"1.0.0\"\n"
			"    source: \"git+file:///l?tag=v1\"\n"
			"    commit: " C40 "\n    dependencies: []\n");
	path = write_tmp(text);
	CHECK_INT(lock_load(path, &b, &err), 0);
	CHECK(lock_equal(&a, &b));
	again = lock_format(&b);
	CHECK_STR(again, text);
	free(again);
	free(text);
	free(path);
	lock_release(&a);
	lock_release(&b);
}

/* A source with a double quote and a backslash is written escaped and
 * reads back the same. */
UNIT(quoted_source_round_trips)
{
	struct lock_pkg odd = { .name = "odd",
				.version = "0.1.0",
				.source = "path+file:///a\"b\\c" };
	struct lockfile a = LOCKFILE_INIT, b;
	struct osdk_err err = OSDK_ERR_INIT;
	char *text, *path;

	a.v = &odd;
	a.n = 1;
	text = lock_format(&a);
	CHECK_HAS(text, "    source: \"path+file:///a\\\"b\\\\c\"\n");
	path = write_tmp(text);
	CHECK_INT(lock_load(path, &b, &err), 0);
	CHECK(lock_equal(&a, &b));
	free(text);
	free(path);
	lock_release(&b);
}

UNIT(missing_file_is_enoent)
{
	struct lockfile lf;

	CHECK_INT(lock_load("/nonexistent/osdk.lock", &lf, NULL), -ENOENT);
}

struct bad {
	const char *text, *msg;
};

UNIT(errors_name_line_and_column)
{
	static const struct bad cases[] = {
		{ "version: 2\npackages: []\n",
		  "osdk.lock:1:10: this osdk "
		  "reads lock files of version 1" },
		{ "version: 1\npackages:\n  - name: a\n    versoin: "
		  "\"1.0.0\"\n",
		  "osdk.lock:4:5: unknown key 'versoin'; did you mean "
		  "'version'?" },
		{ "version: 1\npackages:\n  - name: a\n    version: \"1.0\"\n"
		  "    source: path+/p\n",
		  "osdk.lock:4:14: bad version '1.0'" },
		{ "version: 1\npackages:\n  - { name: a, version: \"1.0.0\", "
		  "source: path+/p, commit: abc }\n",
		  "osdk.lock:3:59: 'commit' must be 40 hex digits" },
		{ "version: 1\npackages:\n  - { name: a, version: \"1.0.0\" "
		  "}\n",
		  "osdk.lock:3:5: a locked package needs 'name', 'version' and "
		  "'source'" },
		{ "version: 1\npackages:\n  - { name: a, version: \"1.0.0\", "
		  "source: path+/p }\n  - { name: a, version: \"1.0.0\", "
		  "source: path+/p "
		  "}\n",
		  "osdk.lock:4:5: package 'a' is locked twice" },
		{ "version: 1x\npackages: []\n",
		  "osdk.lock:1:10: this osdk reads lock files of version 1" },
		{ "version: 1\npackages:\n  - { name: a, version: \"1.0.0\", "
		  "source: svn+x }\n",
		  "osdk.lock:3:42: bad source 'svn+x'; expected registry+URL" },
		{ "version: 1\npackages:\n  - { name: a, version: \"1.0.0\", "
		  "source: \"git+file:///g?tag=\" }\n",
		  "osdk.lock:3:42: bad source 'git+file:///g?tag='" },
		{ "version: 1\npackages:\n  - { name: a, version: \"1.0.0\", "
		  "source: \"registry+\" }\n",
		  "osdk.lock:3:42: bad source 'registry+'" },
		{ "version: 1\npackages:\n  - { name: a, version: \"1.0.0\", "
		  "source: path+/p, sha256: abc }\n",
		  "osdk.lock:3:59: 'sha256' must be 64 hex digits" },
		{ "version: 1\npackages: [\n",
		  "osdk.lock:3:1: did not find expected" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lockfile lf;
		struct osdk_err err = OSDK_ERR_INIT;
		char *path = write_tmp(cases[i].text);

		CHECK_INT(lock_load(path, &lf, &err), -EINVAL);
		CHECK_HAS(err.msg, cases[i].msg);
		free(path);
	}
}

struct seen {
	char text[512];
};

static void note(void *ctx, enum lock_change what, const struct lock_pkg *a,
		 const struct lock_pkg *b)
{
	struct seen *s = ctx;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%s %s %s %s;",
		 what == LOCK_ADDED	? "add"
		 : what == LOCK_REMOVED ? "rm"
					: "up",
		 a ? a->name : b->name, a ? a->version : "-",
		 b ? b->version : "-");
}

UNIT(differences_in_name_order)
{
	struct lockfile a, b = LOCKFILE_INIT;
	struct seen s = { "" };
	struct lock_pkg newlog = { "log", "1.1.0", "git+file:///l?tag=v1",
				   C40,	  NULL,	   NULL,
				   0 };
	struct lock_pkg zed = { "zed", "2.0.0", "registry+file:///r", C40, S64,
				NULL,  0 };

	sample(&a);
	lock_add(&b, lock_find(&a, "blk"));
	lock_add(&b, &newlog);
	lock_add(&b, &zed);
	CHECK(!lock_equal(&a, &b));
	lock_diff(&a, &b, note, &s);
	CHECK_STR(s.text,
		  "rm frame 0.1.0 -;up log 1.0.0 1.1.0;add zed - 2.0.0;");
	lock_release(&a);
	lock_release(&b);
}

static void count_change(void *ctx, enum lock_change what,
			 const struct lock_pkg *from, const struct lock_pkg *to)
{
	(void)what;
	(void)from;
	(void)to;
	(*(int *)ctx)++;
}

/* Empty arrays are NULL: sorting them must not hand NULL to qsort (UBSan
 * stops the sanitizer build there, before osdk's own message). */
UNIT(empty_lockfiles_and_packages_without_dependencies)
{
	struct lockfile none = LOCKFILE_INIT, one = LOCKFILE_INIT;
	struct lock_pkg leaf = { .name = "leaf",
				 .version = "0.1.0",
				 .source = "path+file:///l" };
	int changes = 0;
	char *text;

	lock_sort(&none);
	text = lock_format(&none);
	CHECK_HAS(text, "packages:");
	free(text);
	one.v = &leaf;
	one.n = 1;
	lock_sort(&one);
	text = lock_format(&one);
	CHECK_HAS(text, "dependencies: []");
	free(text);
	lock_diff(&none, &none, count_change, &changes);
	CHECK_INT(changes, 0);
	lock_diff(&none, &one, count_change, &changes);
	CHECK_INT(changes, 1);
}

UNIT_MAIN()
