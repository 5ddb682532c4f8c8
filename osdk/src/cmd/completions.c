/* SPDX-License-Identifier: MIT */
/* completions.c - osdk completions: shell completion scripts, generated from
 * the command table and each command's own options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "util/opt.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/suggest.h"

const struct cmd_help cmd_completions_help = {
	.name = "completions",
	.usage = "[OPTIONS] bash|zsh|fish",
	.words = "bash zsh fish",
	.summary = "Print a shell completion script",
	.details = "Prints a script that completes osdk's commands, their "
		   "options\n"
		   "and the values of some (--accel, --boot-method, file and\n"
		   "directory arguments) in bash, zsh or fish. It is made from "
		   "the\n"
		   "same tables as --help, so it always matches this osdk.\n"
		   "install.sh installs the bash one; to install by hand:\n"
		   "\n"
		   "  bash: osdk completions bash > "
		   "~/.local/share/bash-completion/completions/osdk\n"
		   "  zsh:  osdk completions zsh > ~/.zfunc/_osdk   (with "
		   "~/.zfunc "
		   "in\n"
		   "        $fpath before compinit)\n"
		   "  fish: osdk completions fish > "
		   "~/.config/fish/completions/osdk.fish",
	.examples = "  osdk completions bash > "
		    "/usr/local/share/bash-completion/completions/osdk\n"
		    "  source <(osdk completions bash)\n",
};

/* One option as the scripts need it. */
struct comp_opt {
	char lname[40];
	char sname;
	bool takes_value;
	char help[120];
	const char *values; /* words to offer, "@files", "@dirs" or NULL */
};

/* What each command's cli_parse() call reports, gathered here. */
struct comp_cmd {
	const struct cmd_help *help;
	struct comp_opt opts[64];
	size_t n;
};

/* The values to offer after an option that takes one. */
static const char *value_words(const struct opt *o)
{
	static const struct {
		const char *name, *words;
	} known[] = {
		{ "accel", "auto kvm tcg" },
		{ "boot-method", "qemu-direct grub-rescue-iso grub-qcow2" },
		{ "grub-boot-protocol", "multiboot2 linux" },
		{ "format", "text json" },
		{ "message-format", "human json" },
		{ "target-arch", "x86_64" },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(o->lname, known[i].name))
			return known[i].words;
	if (!o->argname)
		return NULL;
	if (!strcmp(o->argname, "FILE") || !strcmp(o->argname, "F") ||
	    !strcmp(o->argname, "PATH"))
		return "@files";
	if (!strcmp(o->argname, "DIR"))
		return "@dirs";
	return NULL;
}

static void gather(void *ctx, const struct cmd_help *h, const struct opt *opts)
{
	struct comp_cmd *c = ctx;

	c->help = h;
	for (const struct opt *o = opts; o && o->kind != OPT_END; o++) {
		struct comp_opt *co;

		if (c->n == sizeof(c->opts) / sizeof(c->opts[0]))
			break;
		co = &c->opts[c->n++];
		snprintf(co->lname, sizeof(co->lname), "%s", o->lname);
		co->sname = o->sname;
		co->takes_value = o->kind != OPT_FLAG;
		snprintf(co->help, sizeof(co->help), "%s", o->help);
		co->values = co->takes_value ? value_words(o) : NULL;
	}
}

/* @s with every byte of @bad preceded by a backslash, and each single
 * quote closed and reopened ('\''), for a single-quoted shell word. */
static void add_quoted(struct strbuf *sb, const char *s, const char *bad)
{
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_adds(sb, "'\\''");
		else if (strchr(bad, *s))
			strbuf_addch(sb, '\\'), strbuf_addch(sb, *s);
		else
			strbuf_addch(sb, *s);
	}
}

static void emit_bash(struct strbuf *sb, const struct comp_cmd *cmds, size_t n)
{
	strbuf_adds(sb, "# bash completion for osdk (osdk completions bash)\n"
			"_osdk() {\n"
			"\tlocal cur=${COMP_WORDS[COMP_CWORD]}\n"
			"\tlocal prev=${COMP_WORDS[COMP_CWORD-1]}\n"
			"\tlocal cmd=${COMP_WORDS[1]} words= args= values=\n"
			"\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
			"\t\tCOMPREPLY=($(compgen -W '");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s ", cmds[i].help->name);
	strbuf_adds(sb, "help --help --version' -- \"$cur\"))\n"
			"\t\treturn\n\tfi\n\tcase $cmd in\n"
			"\thelp) args='");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? " " : "", cmds[i].help->name);
	strbuf_adds(sb, "' ;;\n");
	for (size_t i = 0; i < n; i++) {
		const struct comp_cmd *c = &cmds[i];

		strbuf_addf(sb, "\t%s)\n\t\tcase $prev in\n", c->help->name);
		for (size_t k = 0; k < c->n; k++) {
			const struct comp_opt *o = &c->opts[k];

			if (!o->takes_value)
				continue;
			strbuf_addf(sb, "\t\t--%s", o->lname);
			if (o->sname)
				strbuf_addf(sb, "|-%c", o->sname);
			strbuf_addf(sb, ") values='%s' ;;\n",
				    o->values ? o->values : "@none");
		}
		if (c->help->words)
			strbuf_addf(sb, "\t\tesac\n\t\targs='%s'\n",
				    c->help->words);
		else
			strbuf_adds(sb, "\t\tesac\n");
		strbuf_adds(sb, "\t\twords='--help");
		for (size_t k = 0; k < c->n; k++) {
			strbuf_addf(sb, " --%s", c->opts[k].lname);
			if (c->opts[k].sname)
				strbuf_addf(sb, " -%c", c->opts[k].sname);
		}
		strbuf_adds(sb, "' ;;\n");
	}
	strbuf_adds(
		sb,
		"\tesac\n"
		"\tcase $values in\n"
		"\t@files) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
		"\t@dirs) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
		"\t@none) COMPREPLY=() ;;\n"
		"\t?*) COMPREPLY=($(compgen -W \"$values\" -- \"$cur\")) ;;\n"
		"\t*)\n"
		"\t\t# Options after a dash; else the command's words, if any\n"
		"\t\t# (files otherwise, by -o default).\n"
		"\t\tcase $cur in\n"
		"\t\t-*) COMPREPLY=($(compgen -W \"$words\" -- \"$cur\")) ;;\n"
		"\t\t*) COMPREPLY=($(compgen -W \"$args\" -- \"$cur\")) ;;\n"
		"\t\tesac ;;\n"
		"\tesac\n"
		"}\n"
		"complete -o default -F _osdk osdk\n");
}

static void emit_zsh(struct strbuf *sb, const struct comp_cmd *cmds, size_t n)
{
	strbuf_adds(sb, "#compdef osdk\n"
			"# zsh completion for osdk (osdk completions zsh)\n"
			"_osdk() {\n"
			"\tlocal -a commands\n"
			"\tcommands=(\n");
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(sb, "\t\t'%s:", cmds[i].help->name);
		add_quoted(sb, cmds[i].help->summary, ":");
		strbuf_adds(sb, "'\n");
	}
	strbuf_adds(sb, "\t\t'help:Show the help of a command'\n\t)\n"
			"\tif (( CURRENT == 2 )); then\n"
			"\t\t_describe 'osdk command' commands\n"
			"\t\treturn\n\tfi\n"
			"\tcase $words[2] in\n"
			"\thelp) _describe 'osdk command' commands ;;\n");
	for (size_t i = 0; i < n; i++) {
		const struct comp_cmd *c = &cmds[i];

		strbuf_addf(sb, "\t%s) _arguments \\\n", c->help->name);
		strbuf_adds(sb, "\t\t'(- *)--help[print this help]' \\\n");
		for (size_t k = 0; k < c->n; k++) {
			const struct comp_opt *o = &c->opts[k];
			const char *action =
				!o->values		       ? " "
				: !strcmp(o->values, "@files") ? "_files"
				: !strcmp(o->values, "@dirs")  ? "_files -/"
							       : NULL;

			for (int form = 0; form < (o->sname ? 2 : 1); form++) {
				if (form)
					strbuf_addf(sb, "\t\t'-%c", o->sname);
				else
					strbuf_addf(sb, "\t\t'--%s%s", o->lname,
						    o->takes_value ? "=" : "");
				strbuf_addch(sb, '[');
				add_quoted(sb, o->help, "[]:\\");
				strbuf_addch(sb, ']');
				if (o->takes_value && action)
					strbuf_addf(sb, ":%s:%s", o->lname,
						    action);
				else if (o->takes_value)
					strbuf_addf(sb, ":%s:(%s)", o->lname,
						    o->values);
				strbuf_adds(sb, "' \\\n");
			}
		}
		if (c->help->words)
			strbuf_addf(sb, "\t\t':argument:(%s)' ;;\n",
				    c->help->words);
		else
			strbuf_adds(sb, "\t\t'*:argument:_files' ;;\n");
	}
	strbuf_adds(sb, "\tesac\n"
			"}\n"
			"if [ \"$funcstack[1]\" = _osdk ]; then\n"
			"\t_osdk \"$@\"\n"
			"else\n"
			"\tcompdef _osdk osdk\n"
			"fi\n");
}

static void emit_fish(struct strbuf *sb, const struct comp_cmd *cmds, size_t n)
{
	strbuf_adds(sb, "# fish completion for osdk (osdk completions fish)\n"
			"complete -c osdk -f\n"
			"complete -c osdk -n __fish_use_subcommand -a help "
			"-d 'Show the help of a command'\n");
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(sb,
			    "complete -c osdk -n __fish_use_subcommand "
			    "-a %s -d '",
			    cmds[i].help->name);
		add_quoted(sb, cmds[i].help->summary, "");
		strbuf_adds(sb, "'\n");
		strbuf_addf(sb,
			    "complete -c osdk -n '__fish_seen_subcommand_"
			    "from help' -a %s\n",
			    cmds[i].help->name);
	}
	for (size_t i = 0; i < n; i++) {
		const struct comp_cmd *c = &cmds[i];

		for (size_t k = 0; k < c->n; k++) {
			const struct comp_opt *o = &c->opts[k];

			strbuf_addf(sb,
				    "complete -c osdk -n '__fish_seen_"
				    "subcommand_from %s' -l %s",
				    c->help->name, o->lname);
			if (o->sname)
				strbuf_addf(sb, " -s %c", o->sname);
			if (o->values && !strcmp(o->values, "@files"))
				strbuf_adds(sb, " -r -F");
			else if (o->values && !strcmp(o->values, "@dirs"))
				strbuf_adds(sb, " -r -a '(__fish_complete_"
						"directories)'");
			else if (o->values)
				strbuf_addf(sb, " -x -a '%s'", o->values);
			else if (o->takes_value)
				strbuf_adds(sb, " -x");
			strbuf_adds(sb, " -d '");
			add_quoted(sb, o->help, "");
			strbuf_adds(sb, "'\n");
		}
	}
	for (size_t i = 0; i < n; i++)
		if (cmds[i].help->words)
			strbuf_addf(sb,
				    "complete -c osdk -n '__fish_seen_"
				    "subcommand_from %s' -a '%s'\n",
				    cmds[i].help->name, cmds[i].help->words);
}

int cmd_completions(int argc, char **argv)
{
	static const char *const shells[] = { "bash", "zsh", "fish", NULL };
	struct opt opts[] = { OPT_END_() };
	struct strvec pos = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	const struct cmd *table;
	struct comp_cmd *cmds = NULL;
	size_t n = 0, kept = 0;
	int ret;

	if (cli_parse(&cmd_completions_help, opts, argc, argv, &pos, NULL,
		      &ret))
		goto out;
	if (pos.n != 1) {
		cli_error("'osdk completions' takes one shell: bash, zsh or "
			  "fish");
		ret = EXIT_USAGE;
		goto out;
	}
	if (strcmp(pos.v[0], "bash") && strcmp(pos.v[0], "zsh") &&
	    strcmp(pos.v[0], "fish")) {
		const char *best = suggest_closest(pos.v[0], shells);

		cli_error("no completions for shell '%s' (bash, zsh or "
			  "fish)%s%s%s",
			  pos.v[0], best ? "; did you mean '" : "",
			  best ? best : "", best ? "'?" : "");
		ret = EXIT_USAGE;
		goto out;
	}
	table = cmd_table(&n);
	cmds = calloc(n, sizeof(*cmds));
	if (!cmds) {
		cli_error("out of memory");
		ret = 1;
		goto out;
	}
	/* Each command's cli_parse() reports its options and returns. */
	for (size_t i = 0; i < n; i++) {
		char *cargv[] = { (char *)table[i].help->name, NULL };

		cli_opts_hook = gather;
		cli_opts_ctx = &cmds[kept];
		table[i].fn(1, cargv);
		cli_opts_hook = NULL;
		if (cmds[kept].help)
			kept++;
	}
	if (!strcmp(pos.v[0], "bash"))
		emit_bash(&sb, cmds, kept);
	else if (!strcmp(pos.v[0], "zsh"))
		emit_zsh(&sb, cmds, kept);
	else
		emit_fish(&sb, cmds, kept);
	fputs(sb.buf, stdout);
	ret = 0;
out:
	free(cmds);
	strbuf_release(&sb);
	strvec_clear(&pos);
	return ret;
}
