/* SPDX-License-Identifier: MIT */
/* compdb.h - the compilation database (compile_commands.json) of a build. */
#ifndef OSDK_CORE_COMPDB_H
#define OSDK_CORE_COMPDB_H

#include <stddef.h>

struct osdk_err;
struct strvec;

/*
 * Every compile command of a build, whether it ran or was up to date, in
 * the JSON format clangd, clang-tidy and editors read: one object per
 * source with "directory", "file", "arguments" and "output".
 */
struct compdb {
	struct cJSON *entries;
};

#define COMPDB_INIT { NULL }

/* compdb_add() - the command @argv that compiles @src into @obj, run in
 * directory @dir. */
void compdb_add(struct compdb *db, const char *dir, const char *src,
		const char *obj,
		const struct strvec *argv);

/*
 * compdb_write() - write the database to @path, atomically, and only when
 * its contents changed (an editor watching it is not woken for nothing).
 */
int compdb_write(const struct compdb *db, const char *path,
		 struct osdk_err *err);

void compdb_release(struct compdb *db);

#endif
