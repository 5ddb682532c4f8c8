/* SPDX-License-Identifier: MIT */
/* build_int.h - the state one build shares between its steps. */
#ifndef OSDK_CORE_BUILD_INT_H
#define OSDK_CORE_BUILD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/build/build.h"
#include "core/build/compdb.h"
#include "core/check/check.h"
#include "util/strvec.h"

/* One translation unit to compile. */
struct job {
	size_t pkg;
	char *src;
	char *obj;
	char *cmdfile; /* obj + ".cmd": the record of what built obj */
	char *log;     /* obj + ".log": what the compiler said */
	/* The command line, and for a checked source a line naming the rule
	 * set: a new osdk with other rules re-checks (and so recompiles). */
	char *record;
	struct strvec argv;
	pid_t pid;
	bool checked;  /* goes through the framekernel check */
	bool unparsed; /* libclang could not parse it (FK-PARSE) */
	bool compiled; /* the compiler succeeded; record not yet written */
};

struct pkg_state {
	bool needed;	/* compiled because a target or link root needs it */
	bool ktest;	/* its KTEST cases are compiled in */
	bool trusted;	/* exempt from the framekernel check */
	bool announced; /* "Compiling" printed */
	bool rebuilt;	/* some object was recompiled */
	bool archived;	/* its archive is up to date */
	pid_t ar_pid;	/* the running `ar`, or 0 */
	size_t pending; /* its compile jobs not yet ended well */
	struct strvec cflags; /* build_pkg_cflags() */
	struct strvec objs;
	char *archive;
};

/* The framekernel check of the sources being compiled, run by a child
 * process beside the compilers (build_check.c). */
struct build_check {
	pid_t pid;    /* the checking process, 0 before, -1 after */
	bool needed;  /* some job is a checked source */
	bool passed;  /* it ended and found no violation */
	char *report; /* the file the child writes its findings to */
	struct check_report unparsed; /* files libclang could not parse */
	double started;		      /* milliseconds, build_now_ms() */
};

struct builder {
	struct workspace *ws;
	const struct build_opts *o;
	const struct build_events *ev;
	struct osdk_err *err;
	char *out_dir;
	char *cc_include; /* the compiler's freestanding header directory */
	struct pkg_state *st;
	struct job *jobs;
	size_t njobs, capjobs;
	unsigned compiled;
	struct build_check check;
	struct compdb db; /* every compile command, run or not */
	struct build_times *times;
	bool images_done; /* user images built: their archives may be made */
};

/* A monotonic clock in milliseconds, for the phase timings. */
double build_now_ms(void);

void build_emit_status(struct builder *b, const char *verb, const char *s);
void build_emit_command(struct builder *b, const struct strvec *argv);
void build_emit_output(struct builder *b, const char *text);

/* build_jobs.c: plan package p's jobs (those whose object is stale). */
int build_plan_pkg(struct builder *b, size_t p);

/*
 * build_jobs.c: run the planned jobs, at most o->jobs processes at once,
 * the framekernel check among them, started first. A failure stops new
 * jobs from starting; the running ones are waited for. A checked source's
 * record is written only once the check has passed it, so that an object
 * the check rejected is compiled and checked again next time.
 */
int build_run_jobs(struct builder *b);

/* build_jobs.c: after the user images, the archives not yet made, at
 * most o->jobs at once. */
int build_archive_rest(struct builder *b);

void build_jobs_release(struct builder *b);

/* build_check.c: whether the check has anything to do, and its state. */
void build_check_init(struct builder *b);
void build_check_release(struct builder *b);

/* build_check.c: start the checking process (b->check.pid). */
int build_check_start(struct builder *b);

/*
 * build_check.c: the checking process ended with waitpid status `ws`:
 * read its findings, print any violation and fail, or mark the files
 * libclang could not parse (job->unparsed) and set check.passed.
 */
int build_check_finish(struct builder *b, int ws);

/* build_check.c: after the compilers, the files libclang could not parse
 * but the compiler took: their rules could not be checked, a violation. */
int build_check_unparsed(struct builder *b);

#ifdef OSDK_UNITTEST
struct strbuf;
/* build_check.c: one field of the check's findings, tab first, escaped;
 * and the next field of a line, unescaped in place (NULL at its end). */
void build_check_put_field(struct strbuf *sb, const char *s);
char *build_check_take_field(char **p);
#endif

/* build_check.c: warn about packages claiming a trust they are not given. */
void build_warn_refused_trust(struct builder *b);

/* build_archive.c: package p's user images, whose objects join its
 * archive. */
int build_images(struct builder *b, size_t p);

/*
 * build_archive.c: whether package p's archive may be made now: every
 * object compiled, checked where it must be, user images built.
 */
bool build_archive_ready(const struct builder *b, size_t p);

/*
 * build_archive.c: start `ar` for package p's archive (st->ar_pid), or
 * mark it archived when it is up to date (ar_pid stays 0).
 */
int build_archive_start(struct builder *b, size_t p);

/* build_archive.c: the `ar` of package p ended with waitpid status ws. */
int build_archive_finish(struct builder *b, size_t p, int ws);

#endif
