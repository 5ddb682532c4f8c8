/* SPDX-License-Identifier: MIT */
/* proc.c - starting and waiting for child processes, without a shell. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "strbuf.h"
#include "xalloc.h"

/* Runs in the child: never returns. Reports exec's errno through `errfd`. */
static void child(const char *const *argv, const struct proc_opts *o,
		  int pipe_w, int errfd)
{
	int e;

	if (o->own_pgroup)
		setpgid(0, 0);
	if (o->in_fd >= 0) {
		dup2(o->in_fd, 0);
		close(o->in_fd);
	} else if (o->stdin_null) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd >= 0 && fd != 0) {
			dup2(fd, 0);
			close(fd);
		}
	}
	if (pipe_w >= 0) {
		dup2(pipe_w, 1);
		if (!o->keep_stderr)
			dup2(pipe_w, 2);
		close(pipe_w);
	} else if (o->out_fd >= 0) {
		dup2(o->out_fd, 1);
		dup2(o->out_fd, 2);
	}
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	if (o->cwd && chdir(o->cwd) < 0)
		goto fail;
	execvp(argv[0], (char *const *)argv);
fail:
	e = errno;
	if (write(errfd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

int proc_spawn(const char *const *argv, const struct proc_opts *o,
	       struct proc *p)
{
	static const struct proc_opts defaults = PROC_OPTS_INIT;
	int errp[2], outp[2] = { -1, -1 };
	int e = 0, ret;
	ssize_t n;
	pid_t pid;

	if (!o)
		o = &defaults;
	p->pid = -1;
	p->out = -1;
	if (pipe2(errp, O_CLOEXEC) < 0)
		return -errno;
	if (o->capture && pipe2(outp, O_CLOEXEC) < 0) {
		ret = -errno;
		goto out_close_err;
	}
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out_close_out;
	}
	if (pid == 0)
		child(argv, o, outp[1], errp[1]);

	close(errp[1]);
	errp[1] = -1;
	do
		n = read(errp[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	if (n == sizeof(e)) {
		/* exec failed: reap the child and report why. */
		waitpid(pid, NULL, 0);
		ret = -e;
		goto out_close_out;
	}
	if (outp[1] >= 0)
		close(outp[1]);
	close(errp[0]);
	p->pid = pid;
	p->out = outp[0];
	return 0;

out_close_out:
	if (outp[0] >= 0) {
		close(outp[0]);
		close(outp[1]);
	}
out_close_err:
	close(errp[0]);
	if (errp[1] >= 0)
		close(errp[1]);
	return ret;
}

int proc_status_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return -WTERMSIG(wstatus);
	return 255;
}

int proc_wait(struct proc *p, int *status)
{
	int ws;
	pid_t r;

	if (p->out >= 0) {
		close(p->out);
		p->out = -1;
	}
	do
		r = waitpid(p->pid, &ws, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	p->pid = -1;
	*status = proc_status_code(ws);
	return 0;
}

/* Read p's capture pipe into out (capped), then wait for it. */
static int collect(struct proc *p, struct strbuf *out, int *status)
{
	char buf[4096];
	size_t kept = 0, dropped = 0;
	ssize_t n;

	while (out) {
		n = read(p->out, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (kept + (size_t)n > PROC_OUTPUT_MAX) {
			dropped += (size_t)n;
			continue;
		}
		strbuf_add(out, buf, (size_t)n);
		kept += (size_t)n;
	}
	if (dropped)
		strbuf_addf(out, "\n[osdk: %zu more bytes of output dropped]\n",
			    dropped);
	return proc_wait(p, status);
}

int proc_run(const char *const *argv, const char *cwd, struct strbuf *out,
	     int *status)
{
	struct proc_opts o = PROC_OPTS_INIT;
	struct proc p;
	int ret;

	o.cwd = cwd;
	o.capture = out != NULL;
	o.stdin_null = true;
	ret = proc_spawn(argv, &o, &p);
	if (ret)
		return ret;
	return collect(&p, out, status);
}

int proc_filter(const char *const *argv, const char *in, size_t len,
		struct strbuf *out, int *status)
{
	struct proc_opts o = PROC_OPTS_INIT;
	struct proc p;
	int inp[2], ret;
	size_t done = 0;

	if (len > PROC_INPUT_MAX)
		return -E2BIG;
	if (pipe2(inp, O_CLOEXEC) < 0)
		return -errno;
	/* The whole input fits in an empty pipe: write it before the child
	 * runs, so a child that never reads cannot block us. */
	while (done < len) {
		ssize_t n = write(inp[1], in + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto out_close;
		}
		done += (size_t)n;
	}
	close(inp[1]);
	inp[1] = -1;
	o.in_fd = inp[0];
	o.capture = true;
	o.keep_stderr = true;
	ret = proc_spawn(argv, &o, &p);
	if (!ret)
		ret = collect(&p, out, status);
out_close:
	close(inp[0]);
	if (inp[1] >= 0)
		close(inp[1]);
	return ret;
}

bool proc_which(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	bool found = false;

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	if (!path)
		path = "/usr/bin:/bin";
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *full = xasprintf("%s/%s", *dir ? dir : ".", prog);
		struct stat st;

		found = stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
			access(full, X_OK) == 0;
		free(full);
	}
	free(copy);
	return found;
}
