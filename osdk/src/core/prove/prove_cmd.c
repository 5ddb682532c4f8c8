/* SPDX-License-Identifier: MIT */
/* prove_cmd.c - Frama-C's command line, the tools' versions and the cache key.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prove/prove_int.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Run argv in cwd and collect its output; -ENOENT names the tool. */
int prove_run_capture(const char *const *argv, const char *cwd,
		      struct strbuf *out, int *status, struct osdk_err *err)
{
	int ret = proc_run(argv, cwd, out, status);

	if (ret == -ENOENT)
		return err_set(err, ret,
			       "'%s' not found; install Frama-C, Why3 and the "
			       "provers (./install.sh, or apt-get install "
			       "frama-c-base why3 z3 cvc4 cvc5)",
			       argv[0]);
	if (ret)
		return err_set(err, ret, "could not run '%s': %s", argv[0],
			       strerror(-ret));
	return 0;
}

/* The tools' versions, part of every cache key. */
int prove_tool_versions(struct prove_run *pr, struct osdk_err *err)
{
	const char *fc[] = { "frama-c", "-version", NULL };
	const char *w3[] = { "why3", "config", "list-provers", NULL };
	struct strbuf sb = { 0 };
	int status, ret;

	strbuf_init(&sb);
	ret = prove_run_capture(fc, NULL, &sb, &status, err);
	if (!ret)
		ret = prove_run_capture(w3, NULL, &sb, &status, err);
	if (!ret && status)
		ret = err_set(err, -EINVAL,
			      "'why3 config list-provers' failed; run 'why3 "
			      "config detect'");
	if (ret) {
		strbuf_release(&sb);
		return ret;
	}
	pr->tools = strbuf_detach(&sb);
	return 0;
}

/* The build's flags that matter to the preprocessor. */
void prove_cpp_flags(const struct strvec *cflags, struct strvec *out)
{
	for (size_t i = 0; i < cflags->n; i++) {
		const char *f = cflags->v[i];

		if (!strncmp(f, "-D", 2) || !strncmp(f, "-U", 2) ||
		    !strncmp(f, "-I", 2) || !strcmp(f, "-nostdinc") ||
		    !strcmp(f, "-ffreestanding")) {
			strvec_push(out, f);
		} else if ((!strcmp(f, "-isystem") || !strcmp(f, "-include")) &&
			   i + 1 < cflags->n) {
			strvec_push(out, f);
			strvec_push(out, cflags->v[++i]);
		}
	}
}

/* One shell word: Frama-C hands -cpp-extra-args to a shell. */
static void shell_word(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_adds(sb, "'\\''");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

char *prove_join(const struct strvec *v, const char *sep)
{
	struct strbuf sb = { 0 };

	strbuf_init(&sb);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			strbuf_adds(&sb, sep);
		strbuf_adds(&sb, v->v[i]);
	}
	return strbuf_detach(&sb);
}

/* Frama-C's arguments for `file` into argv. */
void prove_framac_argv(const struct prove_run *pr, const char *file,
		       const struct strvec *fns, const char *tmp,
		       struct strvec *argv)
{
	struct strbuf cpp = { 0 };
	char *names = prove_join(fns, ",");

	strbuf_init(&cpp);
	for (size_t i = 0; i < pr->cpp.n; i++) {
		if (i)
			strbuf_addch(&cpp, ' ');
		shell_word(&cpp, pr->cpp.v[i]);
	}
	strvec_push(argv, "frama-c");
	strvec_push(argv, "-c11");
	strvec_pushv(argv, (const char *const[]){ "-machdep", "x86_64", NULL });
	strvec_pushf(argv, "-cpp-extra-args=%s", cpp.buf ? cpp.buf : "");
	strvec_push(argv, file);
	strvec_pushv(argv, (const char *const[]){ "-wp", "-wp-rte", NULL });
	strvec_pushf(argv, "-wp-fct=%s", names);
	strvec_pushf(argv, "-wp-prover=%s", pr->provers);
	strvec_pushf(argv, "-wp-steps=%d", pr->steps);
	strvec_pushf(argv, "-wp-timeout=%d", pr->timeout);
	strvec_pushf(argv, "-wp-par=%d", pr->jobs);
	strvec_pushf(argv, "-wp-out=%s/wp", tmp);
	strvec_pushf(argv, "-wp-report-json=%s/report.json", tmp);
	/* Then the lemmas, which -wp-fct leaves out: a lemma is a fact the
	 * proofs use, so it is a goal of its own. */
	strvec_pushv(argv, (const char *const[]){ "-then", "-wp-fct=",
						  "-wp-prop=@lemma", NULL });
	/* -report-untried: a contract of a function the file defines but
	 * does not prove, with no precondition for WP to check at a call,
	 * appears as "Ignored"; without it the report leaves out a contract
	 * the proofs take on trust. */
	strvec_pushv(argv, (const char *const[]){ "-then", "-report-untried",
						  "-report-csv", NULL });
	strvec_pushf(argv, "%s/report.csv", tmp);
	strbuf_release(&cpp);
	free(names);
}

/*
 * The cache key: the file preprocessed with its comments (the contracts)
 * and macro definitions, Frama-C's arguments but for the scratch paths,
 * and the tools' versions.
 */
int prove_cache_key(const struct prove_run *pr, const char *file,
		    const struct strvec *argv, char key[65],
		    struct osdk_err *err)
{
	struct strvec cc = STRVEC_INIT;
	struct strbuf sb = { 0 };
	int status, ret;

	strbuf_init(&sb);
	strvec_pushv(&cc,
		     (const char *const[]){ "cc", "-E", "-C", "-dD", NULL });
	for (size_t i = 0; i < pr->cpp.n; i++)
		strvec_push(&cc, pr->cpp.v[i]);
	strvec_push(&cc, file);
	ret = prove_run_capture(strvec_argv(&cc), pr->ws->pkgs[pr->pkg].dir,
				&sb, &status, err);
	if (!ret && status)
		ret = err_set(err, -EINVAL, "%s: the preprocessor failed:\n%s",
			      file, sb.buf ? sb.buf : "");
	if (!ret) {
		for (size_t i = 0; i < argv->n; i++)
			if (strncmp(argv->v[i], "-wp-out=", 8) &&
			    strncmp(argv->v[i], "-wp-report-json=", 16) &&
			    !strstr(argv->v[i], "report.csv"))
				strbuf_addf(&sb, "\n%s", argv->v[i]);
		strbuf_addf(&sb, "\n%s", pr->tools);
		sha256_hex(sb.buf, sb.len, key);
	}
	strvec_clear(&cc);
	strbuf_release(&sb);
	return ret;
}
