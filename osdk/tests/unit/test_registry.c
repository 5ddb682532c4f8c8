/* SPDX-License-Identifier: MIT */
/* test_registry.c - init, publish, yank and read throwaway registries. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/registry/home.h"
#include "core/registry/index.h"
#include "core/registry/pack.h"
#include "core/registry/registry.h"
#include "core/registry/registry_write.h"
#include "util/sha256.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static char root[] = "/tmp/osdk-unit-reg.XXXXXX";

/* A fresh registry in root/NAME and its URL; caller frees. */
static char *new_registry(const char *name)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *path, *url;

	unit_tmpdir(root);
	path = fs_join(root, name);
	fs_remove_tree(path, NULL);
	CHECK_INT(registry_init(path, &err), 0);
	url = xasprintf("file://%s", path);
	free(path);
	return url;
}

static void entry(struct index_entry *e, const char *name, const char *ver,
		  const char *archive)
{
	memset(e, 0, sizeof(*e));
	e->name = (char *)name;
	e->version = (char *)ver;
	e->type = "library";
	e->description = "test package";
	e->license = "MIT";
	sha256_hex(archive, strlen(archive), e->sha256);
}

UNIT(init_makes_a_readable_empty_registry)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct registry r;
	struct index_file f;
	char *url = new_registry("empty");
	char *path = home_local_path(url);

	CHECK_INT(registry_open_dir(path, url, "HEAD", &r, &err), 0);
	CHECK_STR(r.archives, "archives");
	CHECK_INT(strlen(r.commit), 40);
	CHECK_INT(registry_read_index(&r, "blk", &f, &err), -ENOENT);
	CHECK_HAS(err.msg, "no package named 'blk'");
	registry_close(&r);
	CHECK_INT(registry_init(path, &err), -EEXIST);
	CHECK_HAS(err.msg, "already exists");
	free(path);
	free(url);
}

UNIT(publish_then_read_through_the_cache)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct registry_write_result res;
	struct index_entry e;
	struct registry r;
	struct index_file f;
	struct strbuf ar = STRBUF_INIT;
	char *url = new_registry("pub");
	char *home = fs_join(root, "home");
	bool fetched;

	entry(&e, "blk", "0.1.0", "archive-bytes");
	CHECK_INT(registry_publish(home, url, &e, "archive-bytes", 13, &res,
				   &err),
		  0);
	CHECK(res.changed);
	CHECK_INT(res.attempts, 1);
	entry(&e, "blk", "0.2.0", "second");
	CHECK_INT(registry_publish(home, url, &e, "second", 6, &res, &err), 0);
	/* The same version again is refused, and changes nothing. */
	CHECK_INT(registry_publish(home, url, &e, "second", 6, &res, &err),
		  -EEXIST);
	CHECK_HAS(err.msg, "blk v0.2.0 is already in registry");

	CHECK_INT(registry_open_cached(home, url, REGISTRY_FETCH_NEVER,
				       &fetched, &r, &err),
		  -ENOENT);
	CHECK_HAS(err.msg, "not in the cache");
	CHECK_INT(registry_open_cached(home, url, REGISTRY_FETCH_IF_MISSING,
				       &fetched, &r, &err),
		  0);
	CHECK(fetched);
	CHECK_INT(registry_read_index(&r, "blk", &f, &err), 0);
	CHECK_INT(f.n, 2);
	CHECK_STR(f.v[1].version, "0.2.0");
	CHECK_INT(registry_read_archive(&r, "blk", "0.1.0", NULL, &ar, &err),
		  0);
	CHECK_STR(ar.buf, "archive-bytes");
	index_file_release(&f);
	registry_close(&r);

	/* Yanking flips the flag in a new commit; doing it twice is a no-op. */
	CHECK_INT(registry_yank(home, url, "blk", "0.1.0", true, &res, &err),
		  0);
	CHECK(res.changed);
	CHECK_INT(registry_yank(home, url, "blk", "0.1.0", true, &res, &err),
		  0);
	CHECK(!res.changed);
	CHECK_INT(registry_yank(home, url, "blk", "9.0.0", true, &res, &err),
		  -ENOENT);
	CHECK_HAS(err.msg, "no version 9.0.0 of 'blk'");
	CHECK_INT(registry_open_cached(home, url, REGISTRY_FETCH_ALWAYS,
				       &fetched, &r, &err),
		  0);
	CHECK_INT(registry_read_index(&r, "blk", &f, &err), 0);
	CHECK(f.v[0].yanked);
	CHECK(!f.v[1].yanked);
	index_file_release(&f);
	registry_close(&r);
	strbuf_release(&ar);
	free(home);
	free(url);
}

static int count_pkg(void *ctx, const struct index_file *f)
{
	(*(int *)ctx) += (int)f->n;
	return 0;
}

UNIT(racing_publishers_all_succeed)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct registry r;
	char *url = new_registry("race");
	char *path = home_local_path(url);
	char *home = fs_join(root, "home-race");
	pid_t pids[4];
	int total = 0;

	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct registry_write_result res;
			struct index_entry e;
			char name[8], ver[16];
			int bad = 0;

			for (int v = 0; v < 5; v++) {
				snprintf(name, sizeof(name), "p%d", i);
				snprintf(ver, sizeof(ver), "0.%d.0", v);
				entry(&e, name, ver, ver);
				bad |= registry_publish(home, url, &e, ver,
							strlen(ver), &res,
							&err);
			}
			_exit(bad ? 1 : 0);
		}
	}
	for (int i = 0; i < 4; i++) {
		int st;

		CHECK(waitpid(pids[i], &st, 0) == pids[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	CHECK_INT(registry_open_dir(path, url, "HEAD", &r, &err), 0);
	CHECK_INT(registry_each(&r, count_pkg, &total, &err), 0);
	CHECK_INT(total, 20);
	registry_close(&r);
	free(home);
	free(path);
	free(url);
}

UNIT_MAIN()
