/* SPDX-License-Identifier: MIT */
/* init.c - PID 1 of the test initramfs images (tests/abi, tests/bench,
 * tests/shell): runs what its arguments name, passes on or collects the
 * output, reports how it ended, then powers off. The arguments come from
 * the kernel command line, after `--`:
 *
 *   (none), or dir DIR     every program in DIR (default /abi/t) in name
 *                          order, each in its own process group with a
 *                          time limit, its output passed through:
 *     ABI-BOOT <ns>              CLOCK_MONOTONIC when init started
 *     ABI-EXIT <prog> <how> <ms> how: "exit N", "signal N" or "timeout -";
 *                                ms: how long it ran
 *     ABI-DONE <count>           programs run
 *
 *   exec PROG [ARG...]     PROG with its output passed through as it
 *                          comes (what it printed before a kernel panic
 *                          is on the console) and no time limit of its
 *                          own, then ABI-EXIT and ABI-DONE 1 as above
 *
 *   capture PROG [ARG...]  PROG with stdin from /dev/null, its output
 *                          collected through a pipe and printed between
 *                          two marker lines once it has ended (so kernel
 *                          messages cannot mix with it):
 *     SHELL-BEGIN, SHELL-END
 *     SHELL-TRUNCATED            when the output did not fit in 1 MiB
 *     SHELL-STATUS <how>         how: "exit N", "signal N" or "none"
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define INIT_DIR	  "/abi/t"
#define INIT_MAX_PROGS	  256
#define INIT_OUT_MAX	  (1 << 20)
#define INIT_TIME_LIMIT_S 30

static void init_say(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void init_say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	if (write(1, buf, (size_t)n) < 0)
		return;
}

static long long init_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void init_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) != -1)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/* Linux gives an initramfs no device nodes but /dev/console: mount
 * devtmpfs. A kernel that makes its own /dev needs nothing. */
static void init_mounts(void)
{
	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	mkdir("/tmp", 01777);
	if (access("/dev/null", F_OK) != 0)
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
}

static int init_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int init_list(const char *dir, char **names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL && n < INIT_MAX_PROGS) {
		if (e->d_name[0] == '.')
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), init_cmp);
	return n;
}

/* Runs @path with @argv, for at most @limit_s seconds (0: no limit);
 * reaps any orphan that comes by meanwhile. */
static void init_run_argv(const char *path, char **argv, int limit_s)
{
	char *envp[] = { "PATH=/abi/bin:/bin", "HOME=/", "TERM=dumb", "ABI=1",
			 NULL };
	const char *name = argv[0];
	long long start = init_now_ns(), ms;
	long long deadline = start + limit_s * 1000000000LL;
	struct timespec nap = { 0, 2000000 };
	int status = 0, timed_out = 0;
	pid_t pid, w;

	pid = fork();
	if (pid < 0) {
		init_say("ABI-EXIT %s fork-failed\n", name);
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		chdir("/tmp");
		execve(path, argv, envp);
		_exit(127);
	}
	setpgid(pid, pid);
	for (;;) {
		w = waitpid(-1, &status, WNOHANG);
		if (w == pid)
			break;
		if (w > 0)
			continue;
		if (!timed_out && limit_s && init_now_ns() > deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			timed_out = 1;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 50000000)
			nap.tv_nsec *= 2;
	}
	/* What the program left behind in its group goes too. */
	kill(-pid, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	ms = (init_now_ns() - start) / 1000000;
	if (timed_out)
		init_say("ABI-EXIT %s timeout - %lldms\n", name, ms);
	else if (WIFEXITED(status))
		init_say("ABI-EXIT %s exit %d %lldms\n", name,
			 WEXITSTATUS(status), ms);
	else if (WIFSIGNALED(status))
		init_say("ABI-EXIT %s signal %d %lldms\n", name,
			 WTERMSIG(status), ms);
	else
		init_say("ABI-EXIT %s status %#x %lldms\n", name, status, ms);
}

/* Runs one program of @dir, in the time limit. */
static void init_run(const char *dir, const char *name)
{
	char path[300], *argv[] = { (char *)name, NULL };

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	init_run_argv(path, argv, INIT_TIME_LIMIT_S);
}

/* Runs @argv (a path first) with no limit: its caller's timeout is the
 * limit. ABI-EXIT names the program by its file name. */
static void init_exec(char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	char *path = argv[0];

	init_say("ABI-BOOT %lld\n", init_now_ns());
	argv[0] = slash ? (char *)slash + 1 : argv[0];
	init_run_argv(path, argv, 0);
	init_say("ABI-DONE 1\n");
}

static void init_run_dir(const char *dir)
{
	static char *names[INIT_MAX_PROGS];
	long long boot = init_now_ns();
	int n, i;

	init_say("ABI-BOOT %lld\n", boot);
	n = init_list(dir, names);
	for (i = 0; i < n; i++)
		init_run(dir, names[i]);
	init_say("ABI-DONE %d\n", n);
}

static char init_out[INIT_OUT_MAX];
static size_t init_out_len;
static int init_out_truncated;

/* Collects what comes through @fd until every writer has closed it. */
static void init_collect(int fd)
{
	char buf[4096];
	size_t room;
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		room = INIT_OUT_MAX - init_out_len;
		if ((size_t)n > room) {
			n = (ssize_t)room;
			init_out_truncated = 1;
		}
		memcpy(init_out + init_out_len, buf, (size_t)n);
		init_out_len += (size_t)n;
	}
}

static void init_write_all(const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(1, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* Runs @argv with stdout and stderr on a pipe that init reads into
 * memory. Reaps every orphan until the program itself ends; returns its
 * wait status, or -1 when it could not start. */
static int init_capture_run(char **argv)
{
	char *envp[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/",
			 "TERM=dumb", NULL };
	int status = 0, p[2], null;
	pid_t pid, w;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		if (null > 2)
			close(null);
		chdir("/");
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(p[1]);
	init_collect(p[0]);
	close(p[0]);
	for (;;) {
		w = waitpid(-1, &status, 0);
		if (w == pid)
			return status;
		if (w < 0)
			return -1;
	}
}

static void init_capture(char **argv)
{
	int status = init_capture_run(argv);

	init_say("SHELL-BEGIN\n");
	init_write_all(init_out, init_out_len);
	init_say("SHELL-END\n");
	if (init_out_truncated)
		init_say("SHELL-TRUNCATED\n");
	if (status == -1)
		init_say("SHELL-STATUS none\n");
	else if (WIFEXITED(status))
		init_say("SHELL-STATUS exit %d\n", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		init_say("SHELL-STATUS signal %d\n", WTERMSIG(status));
	else
		init_say("SHELL-STATUS %#x\n", status);
}

int main(int argc, char **argv)
{
	init_console();
	init_mounts();
	if (argc >= 3 && strcmp(argv[1], "capture") == 0)
		init_capture(argv + 2);
	else if (argc >= 3 && strcmp(argv[1], "exec") == 0)
		init_exec(argv + 2);
	else if (argc == 3 && strcmp(argv[1], "dir") == 0)
		init_run_dir(argv[2]);
	else if (argc == 1)
		init_run_dir(INIT_DIR);
	else
		init_say("init: usage: init [dir DIR | exec PROG ARG... | capture PROG ARG...]\n");
	/* The console's queue must reach the line before the power goes:
	 * a loaded host drains an emulated UART slowly. */
	tcdrain(1);
	sync();
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
