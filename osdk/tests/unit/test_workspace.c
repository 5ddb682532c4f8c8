/* SPDX-License-Identifier: MIT */
/* test_workspace.c - finding manifests and ordering the package graph. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/registry/home.h"
#include "core/registry/index.h"
#include "core/manifest/manifest.h"
#include "core/registry/pack.h"
#include "core/registry/pack_files.h"
#include "core/registry/registry.h"
#include "core/registry/registry_write.h"
#include "core/resolve/workspace.h"
#include "util/sha256.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

static char root[] = "/tmp/osdk-unit-ws.XXXXXX";

static int load(const char *rel, struct workspace *ws, struct osdk_err *err)
{
	char *dir = fs_join(root, rel);
	int ret = workspace_load(dir, ws, err);

	free(dir);
	return ret;
}

UNIT(lone_package_orders_dependencies_first)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	unit_fresh_dir(root);
	unit_put(root, "k/osdk.yaml",
	    "package: { name: k, version: 0.1.0, type: kernel }\n"
	    "dependencies:\n"
	    "  a: { path: ../a }\n"
	    "  b: { path: ../b }\n");
	unit_put(root, "a/osdk.yaml", "package: { name: a, version: 1.0.0 }\n"
			   "dependencies: { b: { path: ../b } }\n");
	unit_put(root, "b/osdk.yaml", "package: { name: b, version: 2.0.0 }\n");
	unit_put(root, "k/src/deep/x", "");
	CHECK_INT(load("k/src/deep", &ws, &err), 0);
	CHECK_INT(ws.npkgs, 3);
	CHECK_STR(ws.pkgs[0].m->package.name, "b");
	CHECK_STR(ws.pkgs[1].m->package.name, "a");
	CHECK_STR(ws.pkgs[2].m->package.name, "k");
	CHECK_INT(ws.ntargets, 1);
	CHECK_INT(ws.targets[0], 2);
	CHECK(ws.root == NULL);
	{
		size_t k;

		CHECK_INT(workspace_kernel(&ws, "run", &k, &err), 0);
		CHECK_INT(k, 2);
	}
	CHECK_INT(workspace_find(&ws, "a"), 1);
	CHECK_INT(workspace_find(&ws, "zz"), -1);
	workspace_release(&ws);
}

UNIT(cycle_is_reported_with_chain)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	unit_fresh_dir(root);
	unit_put(root, "a/osdk.yaml", "package: { name: a, version: 0.1.0 }\n"
			   "dependencies: { b: { path: ../b } }\n");
	unit_put(root, "b/osdk.yaml", "package: { name: b, version: 0.1.0 }\n"
			   "dependencies: { c: { path: ../c } }\n");
	unit_put(root, "c/osdk.yaml", "package: { name: c, version: 0.1.0 }\n"
			   "dependencies: { a: { path: ../a } }\n");
	CHECK_INT(load("a", &ws, &err), -ELOOP);
	CHECK_HAS(err.msg, "dependency cycle: a -> b -> c -> a");
}

UNIT(duplicate_names_refused)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	unit_fresh_dir(root);
	unit_put(root, "a/osdk.yaml", "package: { name: a, version: 0.1.0 }\n"
			   "dependencies:\n  x: { path: ../x1 }\n"
			   "  y: { path: ../x2 }\n");
	unit_put(root, "x1/osdk.yaml", "package: { name: x, version: 0.1.0 }\n");
	unit_put(root, "x2/osdk.yaml", "package: { name: x, version: 0.2.0 }\n");
	CHECK_INT(load("a", &ws, &err), -EINVAL);
	CHECK_HAS(err.msg, "two packages are named 'x'");
}

UNIT(dependency_name_must_match_package)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	unit_fresh_dir(root);
	unit_put(root, "a/osdk.yaml", "package: { name: a, version: 0.1.0 }\n"
			   "dependencies:\n  blk: { path: ../x }\n");
	unit_put(root, "x/osdk.yaml", "package: { name: x, version: 0.1.0 }\n");
	CHECK_INT(load("a", &ws, &err), -EINVAL);
	CHECK_HAS(err.msg, "osdk.yaml:3:");
	CHECK_HAS(err.msg, "which is package 'x'");
}

UNIT(missing_dependency_dir)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	unit_fresh_dir(root);
	unit_put(root, "a/osdk.yaml", "package: { name: a, version: 0.1.0 }\n"
			   "dependencies:\n  gone: { path: ../gone }\n");
	CHECK_INT(load("a", &ws, &err), -ENOENT);
	CHECK_HAS(err.msg, "osdk.yaml:3:");
	CHECK_HAS(err.msg, "dependency 'gone'");
}

UNIT(workspace_members_and_targets)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	size_t k;

	unit_fresh_dir(root);
	unit_put(root, "osdk.yaml", "workspace: { members: [kern, kern/frame] }\n"
			 "qemu: { args: \"-m 1G\" }\n");
	unit_put(root, "kern/osdk.yaml", "package: { name: kern, version: 0.1.0, "
			      "type: kernel }\n"
			      "dependencies: { frame: { path: frame } }\n");
	unit_put(root, "kern/frame/osdk.yaml",
	    "package: { name: frame, version: 0.1.0 }\n");
	/* At the root: every member is a target. */
	CHECK_INT(load("", &ws, &err), 0);
	CHECK(ws.root != NULL);
	CHECK_INT(ws.ntargets, 2);
	CHECK_INT(workspace_kernel(&ws, "run", &k, &err), 0);
	CHECK_STR(ws.pkgs[k].m->package.name, "kern");
	CHECK_STR(ws.root_dir, root);
	workspace_release(&ws);
	/* In a member: that member only, but the workspace is still found. */
	CHECK_INT(load("kern/frame", &ws, &err), 0);
	CHECK(ws.root != NULL);
	CHECK_INT(ws.ntargets, 1);
	CHECK_STR(ws.pkgs[ws.targets[0]].m->package.name, "frame");
	CHECK_INT(workspace_kernel(&ws, "debug", &k, &err), -ENOENT);
	CHECK_HAS(err.msg, "'osdk debug' needs");
	CHECK_STR(ws.root_dir, root);
	workspace_release(&ws);
}

UNIT(not_a_member_is_standalone)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	char *want;

	unit_fresh_dir(root);
	unit_put(root, "osdk.yaml", "workspace: { members: [a] }\n");
	unit_put(root, "a/osdk.yaml", "package: { name: a, version: 0.1.0 }\n");
	unit_put(root, "other/osdk.yaml", "package: { name: other, version: 0.1.0 }\n");
	CHECK_INT(load("other", &ws, &err), 0);
	CHECK(ws.root == NULL);
	want = fs_join(root, "other");
	CHECK_STR(ws.root_dir, want);
	free(want);
	workspace_release(&ws);
}

UNIT(no_manifest_anywhere)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(workspace_load("/proc/self", &ws, &err), -ENOENT);
	CHECK_HAS(err.msg, "could not find 'osdk.yaml'");
}

/* A throwaway OSDK_HOME, so that no test reads the user's registries. */
static char *fresh_home(void)
{
	char *home = fs_join(root, "osdk-home");

	setenv("OSDK_HOME", home, 1);
	return home;
}

UNIT(registry_dependency_needs_a_default_registry)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	char *home;

	unit_fresh_dir(root);
	home = fresh_home();
	unit_put(root, "a/osdk.yaml", "package: { name: a, version: 0.1.0 }\n"
			   "dependencies:\n  frame: \"^0.1\"\n");
	CHECK(load("a", &ws, &err) < 0);
	CHECK_HAS(err.msg, "osdk.yaml:3:");
	CHECK_HAS(err.msg, "dependency 'frame'");
	CHECK_HAS(err.msg, "no default registry is configured");
	free(home);
}

/* Publish the package in root/rel to the registry at url. */
static void publish(const char *home, const char *url, const char *rel,
		    const char *name, const char *version)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec files = STRVEC_INIT;
	struct strbuf ar = STRBUF_INIT;
	struct registry_write_result res;
	struct index_entry e = { 0 };
	char *dir = fs_join(root, rel);
	char *prefix = xasprintf("%s-%s", name, version);

	CHECK_INT(pack_files_list(dir, &files, &err), 0);
	CHECK_INT(pack_create(dir, prefix, &files, &ar, &err), 0);
	e.name = (char *)name;
	e.version = (char *)version;
	sha256_hex(ar.buf, ar.len, e.sha256);
	CHECK_INT(registry_publish(home, url, &e, ar.buf, ar.len, &res, &err),
		  0);
	strbuf_release(&ar);
	strvec_clear(&files);
	free(prefix);
	free(dir);
}

UNIT(registry_dependency_resolved_and_locked)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	struct home_config cfg = HOME_CONFIG_INIT;
	struct strbuf lock1 = STRBUF_INIT, lock2 = STRBUF_INIT;
	char *home, *reg, *url, *lockpath;
	long f;

	unit_fresh_dir(root);
	home = fresh_home();
	reg = fs_join(root, "reg");
	url = xasprintf("file://%s", reg);
	CHECK_INT(registry_init(reg, &err), 0);
	CHECK_INT(home_config_load(home, &cfg, &err), 0);
	CHECK_INT(home_config_set_registry(&cfg, "local", url, true, &err), 0);
	unit_put(root, "pub/frame/osdk.yaml",
	    "package: { name: frame, version: 0.1.0 }\n");
	unit_put(root, "pub/frame/src/f.c", "int f;\n");
	publish(home, url, "pub/frame", "frame", "0.1.0");
	unit_put(root, "pub/frame/osdk.yaml",
	    "package: { name: frame, version: 0.2.0 }\n");
	publish(home, url, "pub/frame", "frame", "0.2.0");
	unit_put(root, "a/osdk.yaml", "package: { name: a, version: 0.1.0 }\n"
			   "dependencies:\n  frame: \"^0.1\"\n");
	CHECK_INT(load("a", &ws, &err), 0);
	CHECK_INT(ws.npkgs, 2);
	f = workspace_find(&ws, "frame");
	CHECK(f >= 0);
	if (f >= 0) {
		CHECK_STR(ws.pkgs[f].m->package.version, "0.1.0");
		CHECK_HAS(ws.pkgs[f].source, "registry+file://");
		CHECK_HAS(ws.pkgs[f].dir, "/cache/src/");
		CHECK(fs_exists(ws.pkgs[f].dir));
	}
	CHECK(ws.pkgs[workspace_find(&ws, "a")].source == NULL);
	workspace_release(&ws);
	lockpath = fs_join(root, "a/osdk.lock");
	CHECK_INT(fs_read(lockpath, &lock1, NULL), 0);
	CHECK_HAS(lock1.buf, "name: frame\n    version: \"0.1.0\"");
	/* A second load keeps the lock file byte for byte. */
	CHECK_INT(load("a", &ws, &err), 0);
	workspace_release(&ws);
	CHECK_INT(fs_read(lockpath, &lock2, NULL), 0);
	CHECK_STR(lock2.buf, lock1.buf);
	strbuf_release(&lock1);
	strbuf_release(&lock2);
	home_config_release(&cfg);
	free(lockpath);
	free(url);
	free(reg);
	free(home);
}

UNIT_MAIN()
