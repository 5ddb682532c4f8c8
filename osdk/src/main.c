/* SPDX-License-Identifier: MIT */
/* main.c - osdk's entry point and command table. */
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/cmds.h"
#include "util/suggest.h"

static const struct cmd commands[] = {
	{ &cmd_new_help, cmd_new },	{ &cmd_init_help, cmd_init },
	{ &cmd_build_help, cmd_build },
	{ &cmd_run_help, cmd_run },	{ &cmd_test_help, cmd_test },
	{ &cmd_debug_help, cmd_debug }, { &cmd_profile_help, cmd_profile },
	{ &cmd_clean_help, cmd_clean },
	{ &cmd_check_help, cmd_check },	{ &cmd_tcb_help, cmd_tcb },
	{ &cmd_prove_help, cmd_prove },
	{ &cmd_tree_help, cmd_tree },	{ &cmd_update_help, cmd_update },
	{ &cmd_publish_help, cmd_publish }, { &cmd_yank_help, cmd_yank },
	{ &cmd_search_help, cmd_search }, { &cmd_registry_help, cmd_registry },
	{ &cmd_add_help, cmd_add },	{ &cmd_remove_help, cmd_remove },
	{ &cmd_metadata_help, cmd_metadata },
	{ &cmd_fmt_help, cmd_fmt },	{ &cmd_doc_help, cmd_doc },
	{ &cmd_completions_help, cmd_completions },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct cmd *cmd_table(size_t *n)
{
	*n = NCOMMANDS;
	return commands;
}

static void usage(FILE *out)
{
	fprintf(out,
		"osdk %s - build, run, test and debug framekernels\n\n"
		"Usage: osdk [--version] [--help] COMMAND [ARGS]\n\n"
		"Commands:\n",
		OSDK_VERSION);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].help->name,
			commands[i].help->summary);
	fprintf(out, "  %-8s %s\n", "help", "Show the help of a command");
	fprintf(out, "\nSee 'osdk help COMMAND' for one command's options.\n");
}

static const struct cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].help->name, name) == 0)
			return &commands[i];
	return NULL;
}

static int unknown_cmd(const char *name)
{
	const char *names[NCOMMANDS + 2];
	const char *best;

	for (size_t i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].help->name;
	names[NCOMMANDS] = "help";
	names[NCOMMANDS + 1] = NULL;
	best = suggest_closest(name, names);
	if (best)
		cli_error("no such command '%s'; did you mean '%s'?", name,
			  best);
	else
		cli_error("no such command '%s'; see 'osdk --help'", name);
	return EXIT_USAGE;
}

static int cmd_help(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		printf("osdk help - show the help of a command\n\n"
		       "Usage: osdk help [COMMAND]\n\n"
		       "Without COMMAND, lists the commands; with one, prints "
		       "its options,\nas 'osdk COMMAND --help' does.\n");
		return 0;
	}
	if (argc > 2) {
		cli_error("'osdk help' takes one command, not '%s'; see 'osdk "
			  "help help'",
			  argv[2]);
		return EXIT_USAGE;
	}
	c = find_cmd(argv[1]);
	if (!c)
		return unknown_cmd(argv[1]);
	{
		char *hargv[] = { argv[1], "--help", NULL };

		return c->fn(2, hargv);
	}
}

int main(int argc, char **argv)
{
	const struct cmd *c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("osdk %s\n", OSDK_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0)
		return cmd_help(argc - 1, argv + 1);
	if (argv[1][0] == '-') {
		cli_error("unknown option '%s'; see 'osdk --help'", argv[1]);
		return EXIT_USAGE;
	}
	c = find_cmd(argv[1]);
	if (!c)
		return unknown_cmd(argv[1]);
	return c->fn(argc - 1, argv + 1);
}
