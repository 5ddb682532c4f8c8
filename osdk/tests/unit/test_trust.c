/* SPDX-License-Identifier: MIT */
/* test_trust.c - who may be trusted, and what trust changes in a build. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/build/build.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strvec.h"
#include "util/xalloc.h"

static char root[] = "/tmp/osdk-unit-trust.XXXXXX";

static bool load(const char *rel, struct workspace *ws)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *dir = fs_join(root, rel);
	int ret = workspace_load(dir, ws, &err);

	if (ret)
		UNIT_FAIL("workspace_load: %s", err.msg);
	free(dir);
	return ret == 0;
}

static size_t idx(const struct workspace *ws, const char *name)
{
	long p = workspace_find(ws, name);

	CHECK(p >= 0);
	return p < 0 ? 0 : (size_t)p;
}

UNIT(the_workspace_list_decides)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err why = OSDK_ERR_INIT;
	size_t frame, svc, evil, modest;

	unit_fresh_dir(root);
	unit_put(root, "osdk.yaml", "workspace:\n"
			 "  members: [frame, svc, evil, modest]\n"
			 "  trusted: [frame, modest]\n");
	unit_put(root, "frame/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n");
	unit_put(root, "svc/osdk.yaml", "package: { name: svc, version: 0.1.0 }\n");
	unit_put(root, "evil/osdk.yaml", "package:\n"
			      "  name: evil\n"
			      "  version: 0.1.0\n"
			      "  trusted: true\n");
	unit_put(root, "modest/osdk.yaml", "package: { name: modest, version: 0.1.0 }\n");
	if (!load("", &ws))
		return;
	frame = idx(&ws, "frame");
	svc = idx(&ws, "svc");
	evil = idx(&ws, "evil");
	modest = idx(&ws, "modest");
	CHECK(trust_pkg_trusted(&ws, frame));
	CHECK(!trust_pkg_trusted(&ws, svc));
	CHECK(!trust_pkg_trusted(&ws, evil));
	/* Listed but not claiming: trust is never forced on a package. */
	CHECK(!trust_pkg_trusted(&ws, modest));
	CHECK(trust_listed(&ws, "modest"));
	CHECK(!trust_listed(&ws, "evil"));

	CHECK(!trust_claim_refused(&ws, frame, &why));
	CHECK(!trust_claim_refused(&ws, svc, &why));
	CHECK(!trust_claim_refused(&ws, modest, &why));
	CHECK(trust_claim_refused(&ws, evil, &why));
	CHECK_HAS(why.msg, "/evil/osdk.yaml:4:12: package 'evil' says "
			   "'trusted: true', but 'workspace.trusted' in '");
	CHECK_HAS(why.msg, "does not list it; it is built and checked as an "
			   "untrusted package");
	CHECK(trust_claim_refused(&ws, evil, NULL));
	workspace_release(&ws);
}

/* Point osdk's installed copy of the frame at `rel` under the test root. */
static void installed_frame_at(const char *rel)
{
	char *dd = fs_join(root, "datadir");
	char *link = fs_join(dd, "frame");
	char *target = fs_join(root, rel);

	CHECK_INT(fs_mkdirs(dd, NULL), 0);
	unlink(link);
	CHECK_INT(symlink(target, link), 0);
	setenv("OSDK_DATADIR", dd, 1);
	free(target);
	free(link);
	free(dd);
}

UNIT(without_a_workspace_only_the_installed_frame)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err why = OSDK_ERR_INIT;

	unit_fresh_dir(root);
	unit_put(root, "k/osdk.yaml",
	    "package: { name: k, version: 0.1.0, type: kernel }\n"
	    "dependencies:\n"
	    "  frame: { path: ../frame }\n"
	    "  drv: { path: ../drv }\n");
	unit_put(root, "frame/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n");
	unit_put(root, "drv/osdk.yaml",
	    "package: { name: drv, version: 0.1.0, trusted: true }\n");
	/* osdk's own copy, reached through a symbolic link as installed. */
	installed_frame_at("frame");
	if (!load("k", &ws))
		return;
	CHECK(ws.root == NULL);
	CHECK(trust_pkg_trusted(&ws, idx(&ws, "frame")));
	CHECK(!trust_pkg_trusted(&ws, idx(&ws, "drv")));
	CHECK(!trust_pkg_trusted(&ws, idx(&ws, "k")));
	CHECK(trust_claim_refused(&ws, idx(&ws, "drv"), &why));
	CHECK_HAS(why.msg, "package 'drv' says 'trusted: true', but it comes "
			   "from '");
	CHECK_HAS(why.msg, "without a workspace only 'frame' itself (the "
			   "package being built), from the default registry "
			   "or osdk's installed copy may be trusted");
	workspace_release(&ws);
	unsetenv("OSDK_DATADIR");
}

UNIT(without_a_workspace_the_frame_being_built_is_trusted)
{
	struct workspace ws = WORKSPACE_INIT;

	unit_fresh_dir(root);
	/* The frame's own checkout, built where it is: the user's tree. */
	unit_put(root, "myframe/osdk.yaml",
		 "package: { name: frame, version: 0.1.0, trusted: true }\n");
	/* Any other name claiming trust there is refused. */
	unit_put(root, "other/osdk.yaml",
		 "package: { name: drv, version: 0.1.0, trusted: true }\n");
	if (!load("myframe", &ws))
		return;
	CHECK(ws.root == NULL);
	CHECK(trust_pkg_trusted(&ws, idx(&ws, "frame")));
	workspace_release(&ws);
	ws = (struct workspace)WORKSPACE_INIT;
	if (!load("other", &ws))
		return;
	CHECK(!trust_pkg_trusted(&ws, idx(&ws, "drv")));
	CHECK(trust_claim_refused(&ws, idx(&ws, "drv"), NULL));
	workspace_release(&ws);
}

UNIT(a_frame_by_name_from_another_path_is_not_trusted)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err why = OSDK_ERR_INIT;

	unit_fresh_dir(root);
	unit_put(root, "k/osdk.yaml",
	    "package: { name: k, version: 0.1.0, type: kernel }\n"
	    "dependencies:\n"
	    "  frame: { path: ../fake }\n");
	unit_put(root, "fake/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n");
	unit_put(root, "real/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n");
	installed_frame_at("real");
	if (!load("k", &ws))
		return;
	CHECK(!trust_pkg_trusted(&ws, idx(&ws, "frame")));
	CHECK(trust_claim_refused(&ws, idx(&ws, "frame"), &why));
	CHECK_HAS(why.msg, "/fake'; without a workspace only 'frame'");
	workspace_release(&ws);
	unsetenv("OSDK_DATADIR");
}

UNIT(a_listed_name_outside_the_tree_is_not_trusted)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err why = OSDK_ERR_INIT;

	unit_fresh_dir(root);
	unit_put(root, "ws/osdk.yaml", "workspace:\n"
			    "  members: [k]\n"
			    "  trusted: [frame]\n");
	unit_put(root, "ws/k/osdk.yaml",
	    "package: { name: k, version: 0.1.0, type: kernel }\n"
	    "dependencies:\n"
	    "  frame: { path: ../../elsewhere }\n");
	unit_put(root, "elsewhere/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n");
	if (!load("ws", &ws))
		return;
	CHECK(!trust_pkg_trusted(&ws, idx(&ws, "frame")));
	CHECK(trust_claim_refused(&ws, idx(&ws, "frame"), &why));
	CHECK_HAS(why.msg, "but it comes from '");
	CHECK_HAS(why.msg, "/elsewhere', a source 'workspace.trusted' in '");
	workspace_release(&ws);
}

UNIT(a_source_the_workspace_names_is_trusted)
{
	struct workspace ws = WORKSPACE_INIT;

	unit_fresh_dir(root);
	unit_put(root, "ws/osdk.yaml", "workspace:\n"
			    "  members: [k]\n"
			    "  trusted:\n"
			    "    - { name: frame, path: ../elsewhere }\n"
			    "    - { name: drv, path: ../drv-other }\n");
	unit_put(root, "ws/k/osdk.yaml",
	    "package: { name: k, version: 0.1.0, type: kernel }\n"
	    "dependencies:\n"
	    "  frame: { path: ../../elsewhere }\n"
	    "  drv: { path: ../../drv }\n");
	unit_put(root, "elsewhere/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n");
	unit_put(root, "drv/osdk.yaml",
	    "package: { name: drv, version: 0.1.0, trusted: true }\n");
	if (!load("ws", &ws))
		return;
	CHECK(trust_pkg_trusted(&ws, idx(&ws, "frame")));
	/* The entry names another directory: this drv is not that one. */
	CHECK(!trust_pkg_trusted(&ws, idx(&ws, "drv")));
	workspace_release(&ws);
}

UNIT(a_workspace_without_a_list_trusts_nobody)
{
	struct workspace ws = WORKSPACE_INIT;

	unit_fresh_dir(root);
	unit_put(root, "osdk.yaml", "workspace: { members: [frame] }\n");
	unit_put(root, "frame/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n");
	if (!load("", &ws))
		return;
	CHECK(!trust_pkg_trusted(&ws, idx(&ws, "frame")));
	CHECK(trust_claim_refused(&ws, idx(&ws, "frame"), NULL));
	workspace_release(&ws);
}

static long find_arg(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return (long)i;
	return -1;
}

UNIT(preludes_come_from_trusted_packages_only)
{
	struct workspace ws = WORKSPACE_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	struct build_cflags_opts co = { "/cc/include", false, false };
	struct strvec pre = STRVEC_INIT, svc = STRVEC_INIT, fr = STRVEC_INIT;
	long inc, own;

	unit_fresh_dir(root);
	unit_put(root, "osdk.yaml", "workspace:\n"
			 "  members: [frame, evil, svc]\n"
			 "  trusted: [frame]\n");
	unit_put(root, "frame/osdk.yaml",
	    "package: { name: frame, version: 0.1.0, trusted: true }\n"
	    "build: { service-prelude: include/frame/prelude.h }\n");
	unit_put(root, "evil/osdk.yaml",
	    "package: { name: evil, version: 0.1.0, trusted: true }\n"
	    "build: { service-prelude: include/nothing.h }\n");
	unit_put(root, "svc/osdk.yaml", "package: { name: svc, version: 0.1.0 }\n"
			     "dependencies: { frame: { path: ../frame } }\n"
			     "build: { cflags: \"-include own.h -DSVC=1\" }\n");
	if (!load("", &ws))
		return;
	trust_preludes(&ws, &pre);
	CHECK_INT(pre.n, 1);
	if (pre.n == 1) {
		CHECK_HAS(pre.v[0], "/frame/include/frame/prelude.h");
		CHECK(pre.v[0][0] == '/');
	}

	CHECK_INT(build_pkg_cflags(&ws, idx(&ws, "svc"), &co, &svc, &err), 0);
	inc = find_arg(&svc, "-include");
	own = find_arg(&svc, "own.h");
	CHECK(inc >= 0 && own > inc + 1);
	if (inc >= 0 && (size_t)inc + 1 < svc.n)
		CHECK_STR(svc.v[inc + 1], pre.n ? pre.v[0] : "");
	CHECK(find_arg(&svc, "-DSVC=1") > inc);
	for (size_t i = 0; i < svc.n; i++)
		CHECK(!strstr(svc.v[i], "nothing.h"));
	CHECK_INT(build_pkg_cflags(&ws, idx(&ws, "frame"), &co, &fr, &err), 0);
	CHECK_INT(find_arg(&fr, "-include"), -1);
	strvec_clear(&pre);
	strvec_clear(&svc);
	strvec_clear(&fr);
	workspace_release(&ws);
}

UNIT_MAIN()
