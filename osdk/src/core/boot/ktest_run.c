/* SPDX-License-Identifier: MIT */
/* ktest_run.c - boots the test kernel, parses its ktest lines, resumes. */
#include "core/boot/ktest_run.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/boot/kcmdline.h"
#include "core/boot/qemu.h"
#include "core/build/tools.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* What one boot of the test kernel came to. */
struct boot_state {
	int current; /* index of the running test, or -1 */
	char *current_name;
	struct strbuf output; /* console output of the running test */
	bool ended;	      /* saw "ktest: end" */
	bool panicked;	      /* saw "ktest: panic" for current */
	int next_from;	      /* where the next boot resumes */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *ktest_status_name(enum ktest_status s)
{
	static const char *const names[] = {
		[KTEST_PASS] = "ok",	    [KTEST_FAIL] = "FAILED",
		[KTEST_PANIC] = "PANICKED", [KTEST_HUNG] = "HUNG",
		[KTEST_CRASH] = "CRASHED",
	};
	return names[s];
}

static void add_result(struct ktest_report *rep, const struct ktest_events *ev,
		       struct boot_state *bs, enum ktest_status status,
		       const char *message)
{
	struct ktest_result *r;

	XGROW(rep->v, rep->cap, rep->n + 1);
	r = &rep->v[rep->n++];
	r->index = bs->current;
	r->name = xstrdup(bs->current_name ? bs->current_name : "?");
	r->status = status;
	r->message = message ? xstrdup(message) : NULL;
	r->output = bs->output.len ? xstrdup(bs->output.buf) : NULL;
	if (ev && ev->result)
		ev->result(ev->ctx, r);
	bs->next_from = bs->current + 1;
	bs->current = -1;
	free(bs->current_name);
	bs->current_name = NULL;
	strbuf_reset(&bs->output);
}

/* Parse a decimal index; -1 when malformed. */
static int parse_index(const char *s, const char **end)
{
	long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > 1000000)
			return -1;
	}
	*end = s;
	return (int)v;
}

/*
 * Handle one console line. Returns 0, or -EPROTO for a ktest line that does
 * not follow the protocol (which means the frame and osdk disagree).
 */
static int ktest_line(struct ktest_report *rep, const struct ktest_events *ev,
		      struct boot_state *bs, const char *line,
		      struct osdk_err *err)
{
	const char *p, *end;
	int idx;

	if (strncmp(line, "ktest: ", 7) != 0) {
		if (bs->current >= 0) {
			strbuf_adds(&bs->output, line);
			strbuf_addch(&bs->output, '\n');
		} else if (ev && ev->console) {
			ev->console(ev->ctx, line);
		}
		return 0;
	}
	p = line + 7;
	if (strncmp(p, "begin ", 6) == 0) {
		idx = parse_index(p + 6, &end);
		if (idx < 0)
			goto bad;
		rep->registered = idx;
		return 0;
	}
	if (strncmp(p, "run ", 4) == 0) {
		idx = parse_index(p + 4, &end);
		if (idx < 0 || *end != ' ' || !end[1])
			goto bad;
		bs->current = idx;
		free(bs->current_name);
		bs->current_name = xstrdup(end + 1);
		strbuf_reset(&bs->output);
		return 0;
	}
	if (strncmp(p, "ok ", 3) == 0 || strncmp(p, "fail ", 5) == 0 ||
	    strncmp(p, "panic ", 6) == 0) {
		bool ok = p[0] == 'o', fail = p[0] == 'f';

		idx = parse_index(p + (ok ? 3 : fail ? 5 : 6), &end);
		if (idx < 0 || idx != bs->current)
			goto bad;
		if (ok) {
			add_result(rep, ev, bs, KTEST_PASS, NULL);
		} else if (fail) {
			add_result(rep, ev, bs, KTEST_FAIL,
				   *end == ' ' ? end + 1 : "assertion failed");
		} else {
			/* The panic report is the test's last output. */
			const char *msg = strstr(bs->output.buf, "panic");
			char *first = msg ? xstrndup(msg, strcspn(msg, "\n"))
					  : xstrdup("the kernel panicked");

			bs->panicked = true;
			add_result(rep, ev, bs, KTEST_PANIC, first);
			free(first);
		}
		return 0;
	}
	if (strncmp(p, "end ", 4) == 0) {
		bs->ended = true;
		return 0;
	}
bad:
	return err_set(err, -EPROTO,
		       "the test kernel printed a malformed ktest line: '%s'",
		       line);
}

static void kill_qemu(struct proc *pr)
{
	int status;

	/* QEMU leads its own process group; take down anything it started. */
	kill(-pr->pid, SIGKILL);
	kill(pr->pid, SIGKILL);
	proc_wait(pr, &status);
}

/* One boot, from test index `from`. */
static int boot_once(const struct ktest_opts *o, const struct ktest_events *ev,
		     struct ktest_report *rep, int from, struct boot_state *bs,
		     struct osdk_err *err)
{
	struct bundle_opts bo = o->bundle;
	struct qemu_opts qo = { 0 };
	struct proc_opts po = PROC_OPTS_INIT;
	struct strvec argv = STRVEC_INIT;
	struct strbuf kwords = STRBUF_INIT, pending = STRBUF_INIT;
	struct kcmdline_parts parts = { 0 };
	char *cmdline = NULL;
	struct bundle b = { 0 };
	struct proc pr = { .pid = -1, .out = -1 };
	int64_t started;
	int status, code, ret;
	const char *what;

	/* The kernel's words go before a `--` that hands the rest to init. */
	strbuf_addf(&kwords, "ktest ktest.from=%d", from);
	if (o->filter)
		strbuf_addf(&kwords, " ktest.filter=%s%s", o->filter,
			    o->exact ? " ktest.exact=1" : "");
	parts.kernel = kwords.buf;
	ret = kcmdline_compose(o->bundle.cmdline, &parts, &cmdline, err);
	if (ret)
		goto out;
	bo.cmdline = cmdline;
	ret = bundle_make(&bo, &b, err);
	if (ret)
		goto out;
	qo.qemu = o->qemu;
	qo.args = o->qemu_args;
	qo.accel = o->accel;
	qo.bundle = &b;
	ret = qemu_argv(&qo, &argv, err);
	if (ret)
		goto out;
	po.capture = true;
	po.stdin_null = true;
	po.own_pgroup = true;
	ret = proc_spawn(strvec_argv(&argv), &po, &pr);
	if (ret) {
		err_set(err, ret, "could not start '%s': %s", o->qemu,
			strerror(-ret));
		goto out;
	}

	started = now_ms();
	for (;;) {
		struct pollfd pfd = { .fd = pr.out, .events = POLLIN };
		int64_t deadline = started + (int64_t)o->timeout * 1000;
		int64_t left = deadline - now_ms();
		char buf[4096];
		ssize_t n;

		if (left <= 0) {
			kill_qemu(&pr);
			if (bs->current < 0) {
				ret = err_set(err, -ETIMEDOUT,
					      "the test kernel did not start a "
					      "test within %d s",
					      o->timeout);
				goto out;
			}
			{
				char *msg = xasprintf("no result within %d s; "
						      "killed",
						      o->timeout);

				add_result(rep, ev, bs, KTEST_HUNG, msg);
				free(msg);
			}
			goto out;
		}
		if (poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) < 0) {
			if (errno == EINTR)
				continue;
			ret = err_set(err, -errno, "poll: %s", strerror(errno));
			kill_qemu(&pr);
			goto out;
		}
		if (!(pfd.revents & (POLLIN | POLLHUP)))
			continue;
		n = read(pr.out, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(&pending, buf, (size_t)n);
		/* Hand over complete lines; QEMU's serial may split them. */
		for (char *nl; (nl = memchr(pending.buf, '\n', pending.len));) {
			size_t len = (size_t)(nl - pending.buf);
			char *line = xstrndup(pending.buf, len);
			int prev = bs->current;

			if (len && line[len - 1] == '\r')
				line[len - 1] = '\0';
			ret = ktest_line(rep, ev, bs, line, err);
			free(line);
			memmove(pending.buf, nl + 1, pending.len - len - 1);
			pending.len -= len + 1;
			pending.buf[pending.len] = '\0';
			if (ret) {
				kill_qemu(&pr);
				goto out;
			}
			/* Each test gets the whole timeout. */
			if (bs->current >= 0 && bs->current != prev)
				started = now_ms();
			if (bs->current >= 0 && bs->current != prev && ev &&
			    ev->starting &&
			    !ev->starting(ev->ctx, bs->current,
					  bs->current_name)) {
				kill_qemu(&pr);
				rep->stopped = true;
				bs->ended = true;
				goto out;
			}
		}
	}
	if (pending.len) {
		ret = ktest_line(rep, ev, bs, pending.buf, err);
		if (ret) {
			kill_qemu(&pr);
			goto out;
		}
	}
	ret = proc_wait(&pr, &status);
	if (ret) {
		err_set(err, ret, "waiting for QEMU: %s", strerror(-ret));
		goto out;
	}
	if (bs->ended || bs->panicked)
		goto out;
	if (qemu_guest_code(status, &code, &what))
		what = "the kernel powered off";
	if (bs->current >= 0) {
		char *msg = xasprintf("%s (QEMU exit status %d)", what, status);

		add_result(rep, ev, bs, KTEST_CRASH, msg);
		free(msg);
		goto out;
	}
	ret = err_set(err, -EIO,
		      "the test kernel stopped outside any test: %s (QEMU exit "
		      "status %d); run with -v to see its console",
		      what, status);
out:
	bundle_release(&b);
	strvec_clear(&argv);
	strbuf_release(&kwords);
	free(cmdline);
	strbuf_release(&pending);
	return ret;
}

int ktest_run(const struct ktest_opts *o, const struct ktest_events *ev,
	      struct ktest_report *rep, struct osdk_err *err)
{
	int from = 0, ret;

	memset(rep, 0, sizeof(*rep));
	if (o->filter && strpbrk(o->filter, " \t\n"))
		return err_set(err, -EINVAL,
			       "test filter '%s' must not contain blanks",
			       o->filter);
	ret = tools_require(o->qemu, "boot the test kernel", err);
	if (ret)
		return ret;
	for (;;) {
		struct boot_state bs = { .current = -1, .next_from = -1 };

		strbuf_init(&bs.output);
		rep->boots++;
		if (rep->boots > 1 && ev && ev->boot)
			ev->boot(ev->ctx, rep->boots, from);
		ret = boot_once(o, ev, rep, from, &bs, err);
		free(bs.current_name);
		strbuf_release(&bs.output);
		if (ret || bs.ended)
			return ret;
		if (bs.next_from <= from)
			return err_set(err, -EIO,
				       "the test kernel made no progress from "
				       "test %d",
				       from);
		from = bs.next_from;
	}
}

void ktest_report_release(struct ktest_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		free(rep->v[i].name);
		free(rep->v[i].message);
		free(rep->v[i].output);
	}
	free(rep->v);
	memset(rep, 0, sizeof(*rep));
}

void ktest_report_counts(const struct ktest_report *rep, size_t *passed,
			 size_t *failed)
{
	*passed = *failed = 0;
	for (size_t i = 0; i < rep->n; i++) {
		if (rep->v[i].status == KTEST_PASS)
			(*passed)++;
		else
			(*failed)++;
	}
}
