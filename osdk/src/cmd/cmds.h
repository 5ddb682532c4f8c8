/* SPDX-License-Identifier: MIT */
/* cmds.h - the command table's entries, one source file each. */
#ifndef OSDK_CMD_CMDS_H
#define OSDK_CMD_CMDS_H

#include <stddef.h>

struct cmd_help;

struct cmd {
	const struct cmd_help *help;
	int (*fn)(int argc, char **argv);
};

int cmd_new(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_debug(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_tcb(int argc, char **argv);
int cmd_registry(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_yank(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_tree(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_metadata(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_completions(int argc, char **argv);
int cmd_profile(int argc, char **argv);

/* The command table (main.c): its @n entries, in the order of --help. */
const struct cmd *cmd_table(size_t *n);

/* The osdk.yaml to edit or act on: @manifest_path, or the nearest one above
 * the cwd, as a new absolute path. 0, or 1 after printing why not. */
int cmd_manifest_here(const char *manifest_path, char **path);

struct workspace;
/* Load the cwd's workspace; *idx (n entries, caller frees) are the package
 * @name, or the targets when @name is NULL. 0, or 1 after printing why. */
int cmd_load_packages(const char *name, struct workspace *ws, size_t **idx,
		      size_t *n);
int cmd_prove(int argc, char **argv);

extern const struct cmd_help cmd_new_help;
extern const struct cmd_help cmd_completions_help;
extern const struct cmd_help cmd_profile_help;
extern const struct cmd_help cmd_init_help;
extern const struct cmd_help cmd_build_help;
extern const struct cmd_help cmd_run_help;
extern const struct cmd_help cmd_test_help;
extern const struct cmd_help cmd_debug_help;
extern const struct cmd_help cmd_clean_help;
extern const struct cmd_help cmd_check_help;
extern const struct cmd_help cmd_tcb_help;
extern const struct cmd_help cmd_registry_help;
extern const struct cmd_help cmd_publish_help;
extern const struct cmd_help cmd_yank_help;
extern const struct cmd_help cmd_update_help;
extern const struct cmd_help cmd_tree_help;
extern const struct cmd_help cmd_search_help;
extern const struct cmd_help cmd_add_help;
extern const struct cmd_help cmd_remove_help;
extern const struct cmd_help cmd_metadata_help;
extern const struct cmd_help cmd_fmt_help;
extern const struct cmd_help cmd_doc_help;
extern const struct cmd_help cmd_prove_help;

#endif
