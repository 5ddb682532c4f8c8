/* SPDX-License-Identifier: MIT */
/* cmds.h - the command table's entries, one source file each. */
#ifndef OSDK_CMD_CMDS_H
#define OSDK_CMD_CMDS_H

struct cmd_help;

struct cmd {
	const struct cmd_help *help;
	int (*fn)(int argc, char **argv);
};

int cmd_new(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_debug(int argc, char **argv);
int cmd_clean(int argc, char **argv);

extern const struct cmd_help cmd_new_help;
extern const struct cmd_help cmd_build_help;
extern const struct cmd_help cmd_run_help;
extern const struct cmd_help cmd_test_help;
extern const struct cmd_help cmd_debug_help;
extern const struct cmd_help cmd_clean_help;

#endif
