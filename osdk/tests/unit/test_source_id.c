/* SPDX-License-Identifier: MIT */
/* test_source_id.c - source ids read into their parts, bad ones refused. */
#include "unit.h"

#include <errno.h>
#include <stddef.h>

#include "core/resolve/source_id.h"

UNIT(registry_and_path)
{
	struct source_id id = SOURCE_ID_INIT;

	CHECK_INT(source_id_parse("registry+file:///srv/reg", &id), 0);
	CHECK_INT(id.kind, SOURCE_REGISTRY);
	CHECK_STR(id.where, "file:///srv/reg");
	CHECK(id.ref == NULL && id.commit == NULL);
	source_id_release(&id);
	CHECK_INT(source_id_parse("path+/home/ada/a#b", &id), 0);
	CHECK_INT(id.kind, SOURCE_PATH);
	/* A '#' in a directory is part of it. */
	CHECK_STR(id.where, "/home/ada/a#b");
	source_id_release(&id);
}

UNIT(git_with_ref_and_commit)
{
	struct source_id id = SOURCE_ID_INIT;

	CHECK_INT(source_id_parse("git+file:///g?tag=v1.0#abc123", &id), 0);
	CHECK_INT(id.kind, SOURCE_GIT);
	CHECK_STR(id.where, "file:///g");
	CHECK_INT(id.ref_kind, SOURCE_REF_TAG);
	CHECK_STR(id.ref, "v1.0");
	CHECK_STR(id.commit, "abc123");
	CHECK_STR(source_ref_key(id.ref_kind), "tag");
	source_id_release(&id);
	CHECK_INT(source_id_parse("git+https://h/x.git?branch=main", &id), 0);
	CHECK_INT(id.ref_kind, SOURCE_REF_BRANCH);
	CHECK_STR(id.ref, "main");
	CHECK(id.commit == NULL);
	source_id_release(&id);
	CHECK_INT(source_id_parse("git+https://h/x.git?rev=0a1b", &id), 0);
	CHECK_INT(id.ref_kind, SOURCE_REF_REV);
	source_id_release(&id);
	CHECK_INT(source_id_parse("git+ssh://git@h/x.git#c0ffee", &id), 0);
	CHECK_STR(id.where, "ssh://git@h/x.git");
	CHECK_INT(id.ref_kind, SOURCE_REF_NONE);
	CHECK(source_ref_key(id.ref_kind) == NULL);
	CHECK_STR(id.commit, "c0ffee");
	source_id_release(&id);
}

UNIT(malformed_ids_are_refused)
{
	static const char *const bad[] = {
		NULL,
		"",
		"registry+",
		"path+",
		"git+",
		"git+?tag=v1",
		"svn+https://h/x",
		"registry:file:///srv",
		"git+file:///g?tag=",
		"git+file:///g?tag",
		"git+file:///g?color=red",
		"git+file:///g?tags=v1",
		"git+file:///g#",
		"git+file:///g#a#b",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct source_id id = SOURCE_ID_INIT;

		if (source_id_parse(bad[i], &id) != -EINVAL)
			UNIT_FAIL("'%s' was accepted",
				  bad[i] ? bad[i] : "NULL");
		CHECK(id.where == NULL && id.ref == NULL && id.commit == NULL);
	}
}

UNIT_MAIN()
