/* SPDX-License-Identifier: MIT */
/* init.c - PID 1 of the shell test's initramfs: runs /script.sh under
 * busybox sh, prints its output (collected through a pipe) between two
 * marker lines once it has ended, prints how it ended, then powers off.
 *
 * Lines it prints around the script's own:
 *   SHELL-BEGIN
 *   SHELL-END
 *   SHELL-TRUNCATED       when the output did not fit in 1 MiB
 *   SHELL-STATUS <how>    how: "exit N", "signal N" or "none"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void init_say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		return;
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

/* Linux gives an initramfs no device node but /dev/console: mount
 * devtmpfs there. A kernel that makes its own /dev needs nothing. */
static void init_mounts(void)
{
	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	mkdir("/tmp", 01777);
	if (access("/dev/null", F_OK) != 0)
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
}

#define INIT_OUT_MAX (1 << 20)

static char init_out[INIT_OUT_MAX];
static size_t init_out_len;
static int init_out_truncated;

/* Collects what comes through FD until every writer has closed it. */
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

/* Runs the script with stdin from /dev/null and stdout and stderr on a
 * pipe that init reads into memory: the console gets the script's bytes
 * only once it has ended, so kernel messages cannot mix with them. Reaps every
 * orphan until the script itself ends; returns its wait status, or -1 when it
 * could not start. */
static int init_run(void)
{
	char *argv[] = { "sh", "/script.sh", NULL };
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
		execve("/bin/sh", argv, envp);
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

int main(void)
{
	char line[64];
	int status;

	init_console();
	init_mounts();
	status = init_run();
	init_say("SHELL-BEGIN\n");
	init_write_all(init_out, init_out_len);
	init_say("SHELL-END\n");
	if (init_out_truncated)
		init_say("SHELL-TRUNCATED\n");
	if (status == -1)
		snprintf(line, sizeof(line), "SHELL-STATUS none\n");
	else if (WIFEXITED(status))
		snprintf(line, sizeof(line), "SHELL-STATUS exit %d\n",
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(line, sizeof(line), "SHELL-STATUS signal %d\n",
			 WTERMSIG(status));
	else
		snprintf(line, sizeof(line), "SHELL-STATUS %#x\n", status);
	init_say(line);
	sync();
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
