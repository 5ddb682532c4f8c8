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

#include "core/manifest/kcmdline.h"
#include "core/boot/ktest_proto.h"
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
	size_t dropped;	      /* output bytes past KTEST_OUTPUT_MAX */
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

/* Keep at most KTEST_OUTPUT_MAX bytes of one test's output: the first
 * ones, then a line saying how much was dropped. */
static void keep_output(struct boot_state *bs, const char *line)
{
	size_t n = strlen(line) + 1;

	if (bs->dropped || bs->output.len + n > KTEST_OUTPUT_MAX) {
		bs->dropped += n;
		return;
	}
	strbuf_adds(&bs->output, line);
	strbuf_addch(&bs->output, '\n');
}

static void finish_output(struct boot_state *bs)
{
	if (bs->dropped)
		strbuf_addf(&bs->output,
			    "[osdk: %zu more bytes of this test's output "
			    "dropped]\n",
			    bs->dropped);
	bs->dropped = 0;
}

/* The first line of the panic report in the test's output. */
static char *panic_message(const struct boot_state *bs)
{
	const char *msg =
		bs->output.buf ? strstr(bs->output.buf, "panic") : NULL;

	return msg ? xstrndup(msg, strcspn(msg, "\n"))
		   : xstrdup("the kernel panicked");
}

/*
 * Handle one console line. Returns 0, or -EPROTO for a ktest line that does
 * not follow the protocol (which means the frame and osdk disagree).
 */
static int ktest_line(struct ktest_report *rep, const struct ktest_events *ev,
		      struct boot_state *bs, const char *line,
		      struct osdk_err *err)
{
	struct ktest_msg m;
	char *first;

	if (ktest_parse_line(line, &m))
		return err_set(err, -EPROTO,
			       "the test kernel printed a malformed ktest "
			       "line: '%s'",
			       line);
	if (m.kind != KTEST_MSG_OUTPUT && m.kind != KTEST_MSG_BEGIN &&
	    m.kind != KTEST_MSG_RUN && m.kind != KTEST_MSG_END &&
	    m.index != bs->current)
		return err_set(err, -EPROTO,
			       "the test kernel reported test %d while test "
			       "%d ran: '%s'",
			       m.index, bs->current, line);
	if (m.kind == KTEST_MSG_OK || m.kind == KTEST_MSG_FAIL ||
	    m.kind == KTEST_MSG_PANIC)
		finish_output(bs);
	switch (m.kind) {
	case KTEST_MSG_OUTPUT:
		if (bs->current >= 0)
			keep_output(bs, line);
		else if (ev && ev->console)
			ev->console(ev->ctx, line);
		break;
	case KTEST_MSG_BEGIN:
		rep->registered = m.index;
		break;
	case KTEST_MSG_RUN:
		bs->current = m.index;
		free(bs->current_name);
		bs->current_name = xstrdup(m.text);
		strbuf_reset(&bs->output);
		bs->dropped = 0;
		break;
	case KTEST_MSG_OK:
		add_result(rep, ev, bs, KTEST_PASS, NULL);
		break;
	case KTEST_MSG_FAIL:
		add_result(rep, ev, bs, KTEST_FAIL,
			   m.text ? m.text : "assertion failed");
		break;
	case KTEST_MSG_PANIC:
		/* The panic report is the test's last output. */
		first = panic_message(bs);
		bs->panicked = true;
		add_result(rep, ev, bs, KTEST_PANIC, first);
		free(first);
		break;
	case KTEST_MSG_END:
		bs->ended = true;
		break;
	}
	return 0;
}

static void kill_qemu(struct proc *pr)
{
	int status;

	/* QEMU leads its own process group; take down anything it started. */
	kill(-pr->pid, SIGKILL);
	kill(pr->pid, SIGKILL);
	proc_wait(pr, &status);
}

/* What one boot holds while QEMU runs. */
struct boot_run {
	struct bundle b;
	struct strvec argv;
	char *cmdline;
	struct proc pr;
	struct strbuf pending; /* console bytes after the last newline */
};

/* Make the bundle with the ktest words for `from` and start QEMU. */
static int start_qemu(const struct ktest_opts *o, int from, struct boot_run *br,
		      struct osdk_err *err)
{
	struct bundle_opts bo = o->bundle;
	struct qemu_opts qo = { 0 };
	struct proc_opts po = PROC_OPTS_INIT;
	struct strbuf kwords = STRBUF_INIT;
	struct kcmdline_parts parts = { 0 };
	int ret;

	/* The kernel's words go before a `--` that hands the rest to init. */
	strbuf_addf(&kwords, "ktest ktest.from=%d", from);
	if (o->filter)
		strbuf_addf(&kwords, " ktest.filter=%s%s", o->filter,
			    o->exact ? " ktest.exact=1" : "");
	if (o->shard_n)
		strbuf_addf(&kwords, " ktest.shard=%u/%u", o->shard_k,
			    o->shard_n);
	parts.kernel = kwords.buf;
	ret = kcmdline_compose(o->bundle.cmdline, &parts, &br->cmdline, err);
	if (ret)
		goto out;
	bo.cmdline = br->cmdline;
	ret = bundle_make(&bo, &br->b, err);
	if (ret)
		goto out;
	qo.qemu = o->qemu;
	qo.args = o->qemu_args;
	qo.ovmf_code = o->ovmf_code;
	qo.ovmf_vars = o->ovmf_vars;
	qo.tdvf = o->tdvf;
	qo.accel = o->accel;
	qo.cov_file = o->cov_file;
	qo.bundle = &br->b;
	ret = qemu_argv(&qo, &br->argv, err);
	if (ret)
		goto out;
	po.capture = true;
	po.stdin_null = true;
	po.own_pgroup = true;
	ret = proc_spawn(strvec_argv(&br->argv), &po, &br->pr);
	if (ret)
		err_set(err, ret, "could not start '%s': %s", o->qemu,
			strerror(-ret));
out:
	strbuf_release(&kwords);
	return ret;
}

/*
 * Hand the complete lines in br->pending to ktest_line; with `all`, the
 * rest too. A line longer than KTEST_LINE_MAX is handed over in pieces.
 * 1 when ev->starting declined the test that just started.
 */
static int take_lines(struct boot_run *br, struct ktest_report *rep,
		      const struct ktest_events *ev, struct boot_state *bs,
		      bool all, bool *started_test, struct osdk_err *err)
{
	struct strbuf *pd = &br->pending;

	while (pd->len) {
		char *nl = memchr(pd->buf, '\n', pd->len);
		size_t len = nl ? (size_t)(nl - pd->buf) : pd->len;
		size_t eat = nl ? len + 1 : len;
		int prev = bs->current, ret;
		char *line;

		if (len > KTEST_LINE_MAX)
			len = eat = KTEST_LINE_MAX;
		else if (!nl && !all)
			break;
		line = xstrndup(pd->buf, len);
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		ret = ktest_line(rep, ev, bs, line, err);
		free(line);
		memmove(pd->buf, pd->buf + eat, pd->len - eat);
		pd->len -= eat;
		pd->buf[pd->len] = '\0';
		if (ret)
			return ret;
		if (bs->current >= 0 && bs->current != prev) {
			*started_test = true;
			/* The caller may stop the run before this test. */
			if (ev && ev->starting &&
			    !ev->starting(ev->ctx, bs->current,
					  bs->current_name))
				return 1;
		}
	}
	return 0;
}

/*
 * Read QEMU's console until it closes, giving each test the whole timeout.
 * 0 at the end of the output, or when a test hung (then it is recorded and
 * QEMU killed, and *killed set).
 */
static int read_console(const struct ktest_opts *o,
			const struct ktest_events *ev, struct ktest_report *rep,
			struct boot_state *bs, struct boot_run *br,
			bool *killed, struct osdk_err *err)
{
	int64_t started = now_ms();
	char buf[4096];

	for (;;) {
		struct pollfd pfd = { .fd = br->pr.out, .events = POLLIN };
		int64_t left = started + (int64_t)o->timeout * 1000 - now_ms();
		bool new_test = false;
		ssize_t n;
		int ret;

		if (left <= 0) {
			char *msg;

			kill_qemu(&br->pr);
			*killed = true;
			if (bs->current < 0)
				return err_set(err, -ETIMEDOUT,
					       "the test kernel did not start "
					       "a test within %d s",
					       o->timeout);
			msg = xasprintf("no result within %d s; killed",
					o->timeout);
			add_result(rep, ev, bs, KTEST_HUNG, msg);
			free(msg);
			return 0;
		}
		if (poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) < 0) {
			if (errno == EINTR)
				continue;
			return err_set(err, -errno, "poll: %s",
				       strerror(errno));
		}
		if (!(pfd.revents & (POLLIN | POLLHUP)))
			continue;
		n = read(br->pr.out, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		/* Hand over complete lines; QEMU's serial may split them. */
		if (n > 0)
			strbuf_add(&br->pending, buf, (size_t)n);
		ret = take_lines(br, rep, ev, bs, n <= 0, &new_test, err);
		if (ret > 0) {
			/* Stopped before a test: the run ends here. */
			kill_qemu(&br->pr);
			*killed = true;
			rep->stopped = true;
			bs->ended = true;
			return 0;
		}
		if (ret || n <= 0)
			return ret;
		if (new_test)
			started = now_ms();
	}
}

/* How QEMU ended, once its console closed, as a result or an error. */
static int boot_end(struct ktest_report *rep, const struct ktest_events *ev,
		    struct boot_state *bs, struct proc *pr,
		    struct osdk_err *err)
{
	const char *what;
	int status, code, ret;
	char *msg;

	ret = proc_wait(pr, &status);
	if (ret)
		return err_set(err, ret, "waiting for QEMU: %s",
			       strerror(-ret));
	if (bs->ended || bs->panicked)
		return 0;
	if (qemu_guest_code(status, &code, &what))
		what = "the kernel powered off";
	if (bs->current < 0)
		return err_set(err, -EIO,
			       "the test kernel stopped outside any test: %s "
			       "(QEMU exit status %d); run with -v to see its "
			       "console",
			       what, status);
	msg = xasprintf("%s (QEMU exit status %d)", what, status);
	add_result(rep, ev, bs, KTEST_CRASH, msg);
	free(msg);
	return 0;
}

/* One boot, from test index `from`. */
static int boot_once(const struct ktest_opts *o, const struct ktest_events *ev,
		     struct ktest_report *rep, int from, struct boot_state *bs,
		     struct osdk_err *err)
{
	struct boot_run br = { .pr = { .pid = -1, .out = -1 } };
	bool killed = false;
	int ret;

	strbuf_init(&br.pending);
	ret = start_qemu(o, from, &br, err);
	if (!ret)
		ret = read_console(o, ev, rep, bs, &br, &killed, err);
	if (ret && br.pr.pid > 0 && !killed)
		kill_qemu(&br.pr);
	else if (!ret && !killed)
		ret = boot_end(rep, ev, bs, &br.pr, err);
	bundle_release(&br.b);
	strvec_clear(&br.argv);
	free(br.cmdline);
	strbuf_release(&br.pending);
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
