/* SPDX-License-Identifier: MIT */
/* pack_files.h - which files of a package directory get published. */
#ifndef OSDK_CORE_PACK_FILES_H
#define OSDK_CORE_PACK_FILES_H

#include <stdbool.h>

struct osdk_err;
struct strvec;

/*
 * The files of the package in `dir` that its archive holds, relative to dir
 * and sorted bytewise: every regular file below it except
 *   - `target/` and `osdk.lock` at the package's top,
 *   - any `.git`,
 *   - directories holding their own osdk.yaml (other packages),
 *   - what git ignores, when dir is inside a git work tree.
 * A symbolic link or any other special file is an error naming it.
 */
int pack_files_list(const char *dir, struct strvec *files,
		    struct osdk_err *err);

/*
 * The package's files (as pack_files_list chooses them, and tracked files
 * that were deleted) that differ from git's HEAD: modified, staged, new or
 * deleted, relative to dir. *in_repo is false, and nothing is reported,
 * when dir is not in a git work tree.
 */
int pack_files_uncommitted(const char *dir, struct strvec *dirty, bool *in_repo,
			   struct osdk_err *err);

#endif
