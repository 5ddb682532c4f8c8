/* SPDX-License-Identifier: MIT */
/* compdb.c - the compilation database (compile_commands.json) of a build. */
#include "core/build/compdb.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"

void compdb_add(struct compdb *db, const char *dir, const char *src,
		const char *obj, const struct strvec *argv)
{
	cJSON *e, *args;

	if (!db->entries)
		db->entries = cJSON_CreateArray();
	e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "directory", dir);
	cJSON_AddStringToObject(e, "file", src);
	args = cJSON_AddArrayToObject(e, "arguments");
	for (size_t i = 0; i < argv->n; i++)
		cJSON_AddItemToArray(args, cJSON_CreateString(argv->v[i]));
	cJSON_AddStringToObject(e, "output", obj);
	cJSON_AddItemToArray(db->entries, e);
}

int compdb_write(const struct compdb *db, const char *path,
		 struct osdk_err *err)
{
	struct strbuf old = STRBUF_INIT;
	struct osdk_err ignored = OSDK_ERR_INIT;
	char *text;
	size_t len;
	int ret = 0;

	if (!db->entries)
		return 0;
	text = cJSON_Print(db->entries);
	if (!text)
		return err_set(err, -ENOMEM, "out of memory");
	len = strlen(text);
	if (fs_read(path, &old, &ignored) || old.len != len + 1 ||
	    memcmp(old.buf, text, len) != 0 || old.buf[len] != '\n') {
		text[len] = '\n'; /* cJSON's terminator becomes the newline */
		ret = fs_write_atomic(path, text, len + 1, err);
	}
	strbuf_release(&old);
	cJSON_free(text);
	return ret;
}

void compdb_release(struct compdb *db)
{
	cJSON_Delete(db->entries);
	db->entries = NULL;
}
