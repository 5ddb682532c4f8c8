/* SPDX-License-Identifier: MIT */
/* opt.c - parsing command lines against option tables. */
#include "opt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "strvec.h"
#include "suggest.h"
#include "xalloc.h"

static const struct opt *find_long(const struct opt *opts, const char *name,
				   size_t len)
{
	for (const struct opt *o = opts; o->kind != OPT_END; o++)
		if (strlen(o->lname) == len &&
		    strncmp(o->lname, name, len) == 0)
			return o;
	return NULL;
}

static const struct opt *find_short(const struct opt *opts, char c)
{
	for (const struct opt *o = opts; o->kind != OPT_END; o++)
		if (o->sname && o->sname == c)
			return o;
	return NULL;
}

static int unknown(const char *cmd, const struct opt *opts, const char *arg,
		   struct osdk_err *err)
{
	struct strvec names = STRVEC_INIT;
	char *word = xstrndup(arg, strcspn(arg, "="));
	const char *best;
	int ret;

	for (const struct opt *o = opts; o->kind != OPT_END; o++)
		strvec_pushf(&names, "--%s", o->lname);
	strvec_push(&names, "--help");
	best = suggest_closest(word, strvec_argv(&names));
	if (best)
		ret = err_set(err, -EINVAL,
			      "unknown option '%s' for 'osdk %s'; did you mean "
			      "'%s'?",
			      word, cmd, best);
	else
		ret = err_set(err, -EINVAL,
			      "unknown option '%s' for 'osdk %s'; see 'osdk "
			      "help %s'",
			      word, cmd, cmd);
	strvec_clear(&names);
	free(word);
	return ret;
}

static int set_value(const char *cmd, const struct opt *o, const char *val,
		     struct osdk_err *err)
{
	char *end;
	long v;

	if (o->kind == OPT_LIST) {
		strvec_push(o->value, val);
		return 0;
	}
	if (o->kind == OPT_STRING || o->kind == OPT_OPTSTRING) {
		*(const char **)o->value = val;
		return 0;
	}
	errno = 0;
	v = strtol(val, &end, 10);
	if (errno || end == val || *end || v <= 0 || v > 4096)
		return err_set(err, -EINVAL,
			       "'--%s' for 'osdk %s' takes a number from 1 to "
			       "4096, not '%s'",
			       o->lname, cmd, val);
	*(int *)o->value = (int)v;
	return 0;
}

/* Flags that contradict each other wherever a command offers both. */
static const char *const conflicting[][2] = {
	{ "verbose", "quiet" },
};

static bool flag_set(const struct opt *opts, const char *name)
{
	const struct opt *o = find_long(opts, name, strlen(name));

	return o && o->kind == OPT_FLAG && *(bool *)o->value;
}

static int check_conflicts(const struct opt *opts, struct osdk_err *err)
{
	for (size_t i = 0; i < sizeof(conflicting) / sizeof(conflicting[0]);
	     i++)
		if (flag_set(opts, conflicting[i][0]) &&
		    flag_set(opts, conflicting[i][1]))
			return err_set(err, -EINVAL,
				       "'--%s' and '--%s' cannot be used "
				       "together",
				       conflicting[i][0], conflicting[i][1]);
	return 0;
}

int opt_parse(const char *cmd, const struct opt *opts, int argc, char **argv,
	      struct strvec *pos, struct strvec *rest, struct osdk_err *err)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct opt *o;
		const char *val = NULL;

		if (strcmp(a, "--") == 0) {
			if (!rest && i + 1 < argc)
				return err_set(err, -EINVAL,
					       "unexpected argument '%s' for "
					       "'osdk %s'",
					       argv[i + 1], cmd);
			for (i++; i < argc; i++)
				strvec_push(rest, argv[i]);
			break;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return OPT_HELP;
		if (a[0] != '-' || !a[1]) {
			strvec_push(pos, a);
			continue;
		}
		if (a[1] == '-') {
			size_t len = strcspn(a + 2, "=");

			o = find_long(opts, a + 2, len);
			if (!o)
				return unknown(cmd, opts, a, err);
			if (a[2 + len] == '=')
				val = a + 3 + len;
		} else {
			o = find_short(opts, a[1]);
			if (!o || (a[2] && o->kind == OPT_FLAG))
				return unknown(cmd, opts, a, err);
			if (a[2])
				val = a + 2;
		}
		if (o->kind == OPT_FLAG) {
			if (val)
				return err_set(err, -EINVAL,
					       "'--%s' takes no value",
					       o->lname);
			*(bool *)o->value = true;
			continue;
		}
		if (!val && o->kind == OPT_OPTSTRING)
			val = i + 1 < argc && argv[i + 1][0] != '-' ? argv[++i]
								    : "";
		if (!val) {
			if (i + 1 >= argc)
				return err_set(err, -EINVAL,
					       "'--%s' needs a value (%s)",
					       o->lname, o->argname);
			val = argv[++i];
		}
		if (set_value(cmd, o, val, err))
			return -EINVAL;
	}
	return check_conflicts(opts, err);
}
