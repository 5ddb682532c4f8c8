/* SPDX-License-Identifier: MIT */
/* probe.c - what exec.c runs, built as musl static, glibc static,
 * glibc static-pie and glibc dynamic:
 *   probe fd N     exits 0 when descriptor N is open, 3 when it is not
 *   probe sigs     exits with a bit mask: 1 SIGUSR1 is SIG_DFL, 2 SIGUSR2
 *                   is SIG_IGN, 4 SIGHUP is blocked, 8 SIGHUP is pending
 *   probe pid TID  prints "pid=N tid_is_pid=B other_gone=B": whether the
 *                   thread is its process's only one by tid, and whether
 *                   thread TID of the old image is gone (tgkill: ESRCH)
 *   probe execfn   prints "execfn=NAME", NAME the kernel's AT_EXECFN
 *   probe ...      prints "argc=N", one "[i]=arg" line per argument and
 *                   "env=VALUE" for $ABI_X, then exits 7
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *x = getenv("ABI_X");
	int i;

	if (argc == 3 && strcmp(argv[1], "fd") == 0)
		return fcntl(atoi(argv[2]), F_GETFD) == -1 ? 3 : 0;
	if (argc == 2 && strcmp(argv[1], "sigs") == 0) {
		struct sigaction a1, a2;
		sigset_t m, p;
		int r = 0;

		sigaction(SIGUSR1, NULL, &a1);
		sigaction(SIGUSR2, NULL, &a2);
		sigprocmask(SIG_BLOCK, NULL, &m);
		sigpending(&p);
		r |= a1.sa_handler == SIG_DFL ? 1 : 0;
		r |= a2.sa_handler == SIG_IGN ? 2 : 0;
		r |= sigismember(&m, SIGHUP) ? 4 : 0;
		r |= sigismember(&p, SIGHUP) ? 8 : 0;
		return r;
	}
	if (argc == 3 && strcmp(argv[1], "pid") == 0) {
		pid_t pid = getpid();
		long tid = syscall(SYS_gettid);
		long r = syscall(SYS_tgkill, pid, atoi(argv[2]), 0);

		printf("pid=%d tid_is_pid=%d other_gone=%d\n", (int)pid,
		       tid == pid, r == -1 && errno == ESRCH);
		fflush(stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "execfn") == 0) {
		printf("execfn=%s\n", (const char *)getauxval(AT_EXECFN));
		fflush(stdout);
		return 7;
	}
	printf("argc=%d\n", argc);
	for (i = 0; i < argc; i++)
		printf("[%d]=%s\n", i, argv[i]);
	printf("env=%s\n", x ? x : "(none)");
	fflush(stdout);
	return 7;
}
