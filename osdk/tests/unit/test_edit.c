/* SPDX-License-Identifier: MIT */
/* test_edit.c - the dependency editor's splices of osdk.yaml's text. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>

#include "core/manifest/edit.h"
#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/strbuf.h"

static const char head[] = "# my package\n"
			   "package:\n"
			   "    name: demo   # the name\n"
			   "    version: \"0.1.0\"\n"
			   "    type: kernel\n";

/* add(text, dep) into a fresh string, or NULL on error (err kept). */
static struct osdk_err last_err;

static char *add(const char *text, const struct edit_dep *d)
{
	struct strbuf out = STRBUF_INIT;

	last_err.msg[0] = 0;
	if (edit_add_dep("osdk.yaml", text, strlen(text), d, &out, &last_err)) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out);
}

static char *rm(const char *text, const char *name, int *ret)
{
	struct strbuf out = STRBUF_INIT;

	last_err.msg[0] = 0;
	*ret = edit_remove_dep("osdk.yaml", text, strlen(text), name, &out,
			       &last_err);
	if (*ret) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out);
}

/* The result must load as a manifest (with a package header). */
static bool loads(const char *text)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	int ret = manifest_parse("/x/osdk.yaml", text, strlen(text), &m, &err);

	if (ret)
		fprintf(stderr, "  does not load: %s\n", err.msg);
	manifest_free(m);
	return ret == 0;
}

UNIT(value_forms)
{
	struct strbuf sb = STRBUF_INIT;
	struct edit_dep reg = { .name = "blk", .version = "^0.2" };
	struct edit_dep path = { .name = "v", .path = "../v" };
	struct edit_dep git = { .name = "g",
				.git = "file:///r.git",
				.tag = "v1" };
	struct edit_dep named = { .name = "b",
				  .version = "^1",
				  .registry = "local" };
	struct edit_dep odd = { .name = "o", .path = "a\"b\\c" };

	edit_dep_value(&reg, &sb);
	CHECK_STR(sb.buf, "\"^0.2\"");
	strbuf_reset(&sb);
	edit_dep_value(&path, &sb);
	CHECK_STR(sb.buf, "{ path: \"../v\" }");
	strbuf_reset(&sb);
	edit_dep_value(&git, &sb);
	CHECK_STR(sb.buf, "{ git: \"file:///r.git\", tag: \"v1\" }");
	strbuf_reset(&sb);
	edit_dep_value(&named, &sb);
	CHECK_STR(sb.buf, "{ version: \"^1\", registry: \"local\" }");
	strbuf_reset(&sb);
	edit_dep_value(&odd, &sb);
	CHECK_STR(sb.buf, "{ path: \"a\\\"b\\\\c\" }");
	strbuf_release(&sb);
}

UNIT(adds_a_block_when_there_is_none)
{
	struct edit_dep d = { .name = "blk", .path = "../blk" };
	char *out = add(head, &d);

	CHECK(out != NULL);
	CHECK_STR(out, "# my package\n"
		       "package:\n"
		       "    name: demo   # the name\n"
		       "    version: \"0.1.0\"\n"
		       "    type: kernel\n"
		       "\n"
		       "dependencies:\n"
		       "    blk: { path: \"../blk\" }\n");
	CHECK(out && loads(out));
	free(out);
	/* No final newline: one is added before the block. */
	out = add("package: { name: a, version: 0.1.0 }", &d);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n\n"
		       "dependencies:\n  blk: { path: \"../blk\" }\n");
	free(out);
}

static const char block[] = "package:\n"
			    "  name: demo\n"
			    "  version: \"0.1.0\"\n"
			    "\n"
			    "# what we need\n"
			    "dependencies:\n"
			    "  frame: \"^0.1\"   # the frame\n"
			    "  # a comment between entries\n"
			    "  virtio:\n"
			    "    path: '../virtio'\n"
			    "    version: ^1\n"
			    "\n"
			    "  net: { git: \"file:///n.git\" }\n"
			    "# trailing comment\n"
			    "\n"
			    "run:\n"
			    "  boot: { cmdline: \"quiet\" }\n";

UNIT(appends_after_the_last_entry_keeping_comments)
{
	struct edit_dep d = { .name = "blk", .version = "^0.2" };
	char *out = add(block, &d);
	const char *tail = "  net: { git: \"file:///n.git\" }\n"
			   "  blk: \"^0.2\"\n"
			   "# trailing comment\n";

	CHECK(out && strstr(out, tail));
	CHECK(out &&
	      strlen(out) == strlen(block) + strlen("  blk: \"^0.2\"\n"));
	CHECK(out && loads(out));
	free(out);
}

UNIT(replaces_an_entry_in_place)
{
	struct edit_dep d = { .name = "virtio", .path = "../v2" };
	char *out = add(block, &d);

	CHECK_STR(out, "package:\n"
		       "  name: demo\n"
		       "  version: \"0.1.0\"\n"
		       "\n"
		       "# what we need\n"
		       "dependencies:\n"
		       "  frame: \"^0.1\"   # the frame\n"
		       "  # a comment between entries\n"
		       "  virtio: { path: \"../v2\" }\n"
		       "\n"
		       "  net: { git: \"file:///n.git\" }\n"
		       "# trailing comment\n"
		       "\n"
		       "run:\n"
		       "  boot: { cmdline: \"quiet\" }\n");
	free(out);
	/* The last entry, at the end of a file without a final newline. */
	d.name = "frame";
	d.path = NULL;
	d.version = "^0.2";
	out = add("package: { name: a, version: 0.1.0 }\n"
		  "dependencies:\n  frame: \"^0.1\"",
		  &d);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies:\n  frame: \"^0.2\"\n");
	free(out);
}

UNIT(removes_an_entry_and_its_nested_lines)
{
	int ret;
	char *out = rm(block, "virtio", &ret);

	CHECK_INT(ret, 0);
	CHECK_STR(out, "package:\n"
		       "  name: demo\n"
		       "  version: \"0.1.0\"\n"
		       "\n"
		       "# what we need\n"
		       "dependencies:\n"
		       "  frame: \"^0.1\"   # the frame\n"
		       "  # a comment between entries\n"
		       "\n"
		       "  net: { git: \"file:///n.git\" }\n"
		       "# trailing comment\n"
		       "\n"
		       "run:\n"
		       "  boot: { cmdline: \"quiet\" }\n");
	free(out);
	out = rm(block, "nosuch", &ret);
	CHECK_INT(ret, -ENOENT);
	CHECK(strstr(last_err.msg, "no dependency 'nosuch'") != NULL);
	free(out);
}

UNIT(removing_the_last_entry_leaves_an_empty_key)
{
	int ret;
	char *out = rm("package: { name: a, version: 0.1.0 }\n"
		       "dependencies:\n  frame: \"^0.1\"\n",
		       "frame", &ret);

	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies:\n");
	CHECK(out && loads(out));
	free(out);
}

UNIT(fills_an_empty_dependencies_key)
{
	struct edit_dep d = { .name = "blk", .path = "../blk" };
	char *out = add("package: { name: a, version: 0.1.0 }\n"
			"dependencies:   # none yet\n"
			"run: {}\n",
			&d);

	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies:   # none yet\n"
		       "  blk: { path: \"../blk\" }\n"
		       "run: {}\n");
	free(out);
	out = add("package: { name: a, version: 0.1.0 }\n"
		  "dependencies: ~\n",
		  &d);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies: \n"
		       "  blk: { path: \"../blk\" }\n");
	CHECK(out && loads(out));
	free(out);
}

UNIT(edits_flow_maps)
{
	static const char flow[] = "package: { name: a, version: 0.1.0 }\n"
				   "dependencies: { frame: \"^0.1\", "
				   "v: { path: ../v } } # deps\n";
	struct edit_dep d = { .name = "blk", .version = "^2" };
	char *out = add(flow, &d);
	int ret;

	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies: { frame: \"^0.1\", v: { path: ../v }, "
		       "blk: \"^2\" } # deps\n");
	CHECK(out && loads(out));
	free(out);
	d.name = "frame";
	out = add(flow, &d);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies: { frame: \"^2\", v: { path: ../v } } "
		       "# deps\n");
	free(out);
	out = rm(flow, "frame", &ret);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies: { v: { path: ../v } } # deps\n");
	free(out);
	out = rm(flow, "v", &ret);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies: { frame: \"^0.1\" } # deps\n");
	CHECK(out && loads(out));
	free(out);
	out = add("package: { name: a, version: 0.1.0 }\n"
		  "dependencies: {}\n",
		  &d);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies: { frame: \"^2\" }\n");
	free(out);
	out = rm("package: { name: a, version: 0.1.0 }\n"
		 "dependencies: {frame: \"^1\"}\n",
		 "frame", &ret);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies: {}\n");
	free(out);
}

UNIT(refuses_what_it_cannot_edit_safely)
{
	struct edit_dep d = { .name = "blk", .version = "^2" };
	char *out = add("{ package: { name: a, version: 0.1.0 } }\n", &d);

	CHECK(out == NULL);
	CHECK(strstr(last_err.msg, "block mapping") != NULL);
	out = add("package: { name: a, version: 0.1.0 }\n"
		  "dependencies: [a, b]\n",
		  &d);
	CHECK(out == NULL);
	CHECK(strstr(last_err.msg, "osdk.yaml:2:15:") != NULL);
	out = add("package: [\n", &d);
	CHECK(out == NULL);
	CHECK(strncmp(last_err.msg, "osdk.yaml:", 10) == 0);
}

UNIT(multibyte_text_before_the_edit)
{
	struct edit_dep d = { .name = "blk", .version = "^2" };
	static const char utf[] =
		"package:\n"
		"  name: a\n"
		"  version: 0.1.0\n"
		"  description: \"d\xc3\xa9j\xc3\xa0 vu\"\n"
		"dependencies: { \xc3\xa9t\xc3\xa9: \"^1\" }\n";
	char *out = add(utf, &d);

	CHECK_STR(out, "package:\n"
		       "  name: a\n"
		       "  version: 0.1.0\n"
		       "  description: \"d\xc3\xa9j\xc3\xa0 vu\"\n"
		       "dependencies: { \xc3\xa9t\xc3\xa9: \"^1\", blk: \"^2\" "
		       "}\n");
	free(out);
}

UNIT(keeps_crlf_line_endings)
{
	struct edit_dep d = { .name = "blk", .version = "^2" };
	char *out = add("package: { name: a, version: 0.1.0 }\r\n"
			"dependencies:\r\n  frame: \"^0.1\"\r\n",
			&d);
	int ret;

	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\r\n"
		       "dependencies:\r\n  frame: \"^0.1\"\r\n"
		       "  blk: \"^2\"\r\n");
	CHECK(out && loads(out));
	free(out);
	out = add("package: { name: a, version: 0.1.0 }\r\n", &d);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\r\n\r\n"
		       "dependencies:\r\n  blk: \"^2\"\r\n");
	free(out);
	out = rm("package: { name: a, version: 0.1.0 }\r\n"
		 "dependencies:\r\n  frame: \"^0.1\"\r\n  x: \"1\"\r\n",
		 "frame", &ret);
	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\r\n"
		       "dependencies:\r\n  x: \"1\"\r\n");
	free(out);
}

UNIT(block_scalars_and_nested_values)
{
	struct edit_dep d = { .name = "a", .version = "^2" };
	static const char text[] = "package: { name: a, version: 0.1.0 }\n"
				   "dependencies:\n"
				   "  a:\n"
				   "    version: >-\n"
				   "      ^1\n"
				   "\n"
				   "  # about b\n"
				   "  b: { path: ../b }\n";
	char *out = add(text, &d);

	CHECK_STR(out, "package: { name: a, version: 0.1.0 }\n"
		       "dependencies:\n"
		       "  a: \"^2\"\n"
		       "\n"
		       "  # about b\n"
		       "  b: { path: ../b }\n");
	free(out);
}

UNIT_MAIN()
