/* SPDX-License-Identifier: MIT */
/* vscode.c - a VS Code launch configuration that attaches to the kernel's
 * gdb stub, merged into .vscode/launch.json. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/boot/gdb.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* A launch file bigger than this is not one osdk should rewrite. */
#define LAUNCH_MAX (1u << 20)

static cJSON *gdb_command(const char *text, const char *what)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddStringToObject(c, "description", what);
	cJSON_AddStringToObject(c, "text", text);
	cJSON_AddBoolToObject(c, "ignoreFailures", false);
	return c;
}

/* The configuration: cppdbg, launched against a remote gdb server. */
static cJSON *make_config(const char *name, const char *elf, const char *addr,
			  const char *root, const struct strvec *maps)
{
	cJSON *c = cJSON_CreateObject(), *setup, *post;
	char *text;

	cJSON_AddStringToObject(c, "name", name);
	cJSON_AddStringToObject(c, "type", "cppdbg");
	cJSON_AddStringToObject(c, "request", "launch");
	cJSON_AddStringToObject(c, "program", elf);
	cJSON_AddStringToObject(c, "cwd", root);
	cJSON_AddStringToObject(c, "MIMode", "gdb");
	cJSON_AddStringToObject(c, "miDebuggerPath", "gdb");
	setup = cJSON_AddArrayToObject(c, "setupCommands");
	cJSON_AddItemToArray(
		setup, gdb_command("set architecture i386:x86-64",
				   "the kernel is x86-64 from the start"));
	text = xasprintf("directory %s", root);
	cJSON_AddItemToArray(setup,
			     gdb_command(text, "sources are named from the "
					       "workspace root"));
	free(text);
	for (size_t i = 0; i < maps->n; i++) {
		const char *eq = strchr(maps->v[i], '=');
		char *from = xstrndup(maps->v[i], (size_t)(eq - maps->v[i]));

		text = xasprintf("set substitute-path %s %s", from, eq + 1);
		cJSON_AddItemToArray(setup,
				     gdb_command(text, "a package's sources"));
		free(text);
		free(from);
	}
	/* Attach with a plain "target remote", which also takes a socket
	 * path, instead of miDebuggerServerAddress, which takes HOST:PORT. */
	post = cJSON_AddArrayToObject(c, "customLaunchSetupCommands");
	text = xasprintf("file %s", elf);
	cJSON_AddItemToArray(post, gdb_command(text, "the kernel's symbols"));
	free(text);
	text = xasprintf("target remote %s", addr);
	cJSON_AddItemToArray(post, gdb_command(text, "QEMU's gdb stub"));
	free(text);
	cJSON_AddStringToObject(c, "launchCompleteCommand", "None");
	return c;
}

int gdb_vscode_launch(const char *path, const char *name, const char *elf,
		      const char *addr, const char *root,
		      const struct strvec *maps, struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	cJSON *doc = NULL, *configs;
	char *text = NULL, *dir = xstrdup(path), *slash;
	int ret = 0;

	if (fs_exists(path)) {
		ret = fs_read_max(path, &sb, LAUNCH_MAX, err);
		if (ret)
			goto out;
		doc = cJSON_ParseWithLength(sb.buf, sb.len);
		configs = doc ? cJSON_GetObjectItemCaseSensitive(
					doc, "configurations")
			      : NULL;
		if (!cJSON_IsObject(doc) ||
		    (configs && !cJSON_IsArray(configs))) {
			ret = err_set(err, -EINVAL,
				      "%s is not a JSON object with a "
				      "'configurations' array (comments and "
				      "trailing commas, which VS Code allows, "
				      "are not read here): left as it is; add "
				      "the configuration by hand or remove "
				      "them",
				      path);
			goto out;
		}
	} else {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "version", "0.2.0");
	}
	configs = cJSON_GetObjectItemCaseSensitive(doc, "configurations");
	if (!configs)
		configs = cJSON_AddArrayToObject(doc, "configurations");
	/* Ours replaces an older one of the same name, in its place. */
	{
		cJSON *c, *mine = make_config(name, elf, addr, root, maps);
		int i = 0, at = -1;

		cJSON_ArrayForEach(c, configs)
		{
			const cJSON *n =
				cJSON_GetObjectItemCaseSensitive(c, "name");

			if (at < 0 && cJSON_IsString(n) &&
			    !strcmp(n->valuestring, name))
				at = i;
			i++;
		}
		if (at >= 0)
			cJSON_ReplaceItemInArray(configs, at, mine);
		else
			cJSON_AddItemToArray(configs, mine);
	}
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		ret = fs_mkdirs(dir, err);
	}
	text = cJSON_Print(doc);
	if (!ret) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, text);
		strbuf_addch(&sb, '\n');
		ret = fs_write_atomic(path, sb.buf, sb.len, err);
	}
out:
	cJSON_Delete(doc);
	cJSON_free(text);
	strbuf_release(&sb);
	free(dir);
	return ret;
}
