/* SPDX-License-Identifier: MIT */
/* opt.h - command-line option tables and their parser. */
#ifndef OSDK_UTIL_OPT_H
#define OSDK_UTIL_OPT_H

#include <stdbool.h>

struct osdk_err;
struct strvec;

enum opt_kind {
	OPT_FLAG,   /* bool */
	OPT_STRING, /* const char * */
	/* const char *, value optional: "--x=V", "--x V" when V does not start
	 * with '-', or "" for a bare "--x" */
	OPT_OPTSTRING,
	OPT_INT,    /* int, 1..4096 */
	OPT_LIST,   /* struct strvec: each use of the option adds a value */
	OPT_END,
};

struct opt {
	const char *lname; /* long name without "--" */
	char sname;	   /* short name, or 0 */
	enum opt_kind kind;
	void *value;
	const char *argname; /* for help: "N", "NAME" */
	const char *help;
};

/* clang-format off */
#define OPT_FLAG_(l, s, v, h) { l, s, OPT_FLAG, v, NULL, h }
#define OPT_STR_(l, s, v, a, h) { l, s, OPT_STRING, v, a, h }
#define OPT_OPTSTR_(l, s, v, a, h) { l, s, OPT_OPTSTRING, v, a, h }
#define OPT_INT_(l, s, v, a, h) { l, s, OPT_INT, v, a, h }
#define OPT_LIST_(l, s, v, a, h) { l, s, OPT_LIST, v, a, h }
#define OPT_END_() { NULL, 0, OPT_END, NULL, NULL, NULL }
/* clang-format on */

/* opt_parse() returns this when -h or --help was given. */
#define OPT_HELP 1

/*
 * Parse argv[1..] against `opts`: --long, --long=value, --long value, -s,
 * -sVALUE, -s VALUE, and "--" (everything after it goes to `rest`, which
 * may be NULL to refuse it). Other words go to `pos`. Returns 0, OPT_HELP,
 * or -EINVAL with a message naming the option (and, for an unknown one, the
 * closest known one). `cmd` names the command in messages.
 */
int opt_parse(const char *cmd, const struct opt *opts, int argc, char **argv,
	      struct strvec *pos, struct strvec *rest, struct osdk_err *err);

#endif
