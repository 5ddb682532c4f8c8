/* SPDX-License-Identifier: MIT */
/* wait.c - wait4 and waitid: status encodings of exits, signals, stops
 * and continues; WNOHANG, WUNTRACED, WCONTINUED, WNOWAIT; pid selectors;
 * rusage; errors. */
#include "abi.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>

static void nap_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	siginfo_t si;
	pid_t pid, pid2;
	int st;

	(void)argc;
	abi_start(argv[0]);
	CHECK_ERR("wait.echild", wait(&st), ECHILD);
	CHECK_ERR("waitpid.echild_nohang", waitpid(-1, &st, WNOHANG), ECHILD);

	pid = fork();
	if (pid == 0)
		_exit(256 + 3);
	CHECK_EQ("wait4.pid", wait4(pid, &st, 0, &ru), pid);
	CHECK_EQ("status.exit_raw", st, 3 << 8);
	CHECK("status.exited",
	      WIFEXITED(st) && !WIFSIGNALED(st) && WEXITSTATUS(st) == 3);

	pid = spawn_sleeper();
	CHECK_EQ("wnohang.running", waitpid(pid, &st, WNOHANG), 0);
	kill(pid, SIGSTOP);
	CHECK_EQ("wuntraced.pid", waitpid(pid, &st, WUNTRACED), pid);
	CHECK_EQ("status.stopped_raw", st, (SIGSTOP << 8) | 0x7f);
	CHECK("status.stopped", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK_EQ("wuntraced.once", waitpid(pid, &st, WUNTRACED | WNOHANG), 0);
	kill(pid, SIGCONT);
	CHECK_EQ("wcontinued.pid", waitpid(pid, &st, WCONTINUED), pid);
	CHECK_EQ("status.continued_raw", st, 0xffff);
	CHECK("status.continued", WIFCONTINUED(st));
	kill(pid, SIGTERM);
	CHECK_EQ("killed.pid", waitpid(pid, &st, 0), pid);
	CHECK_EQ("status.killed_raw", st, SIGTERM);
	CHECK("status.signaled",
	      WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM && !WIFEXITED(st));

	/* waitid reports through siginfo. */
	pid = fork();
	if (pid == 0)
		_exit(77);
	memset(&si, 0, sizeof(si));
	CHECK_OK("waitid.nowait",
		 waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT));
	CHECK_EQ("waitid.signo", si.si_signo, SIGCHLD);
	CHECK_EQ("waitid.code_exited", si.si_code, CLD_EXITED);
	CHECK_EQ("waitid.status", si.si_status, 77);
	CHECK_EQ("waitid.pid", si.si_pid, pid);
	CHECK_EQ("waitid.uid", si.si_uid, getuid());
	CHECK_EQ("wnowait.still_there", waitpid(pid, &st, 0), pid);
	CHECK_EQ("wnowait.status", WEXITSTATUS(st), 77);

	pid = spawn_sleeper();
	memset(&si, 0xff, sizeof(si));
	CHECK_OK("waitid.wnohang",
		 waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG));
	CHECK_EQ("waitid.wnohang_pid0", si.si_pid, 0);
	kill(pid, SIGSTOP);
	CHECK_OK("waitid.stopped", waitid(P_PID, (id_t)pid, &si, WSTOPPED));
	CHECK_EQ("waitid.code_stopped", si.si_code, CLD_STOPPED);
	CHECK_EQ("waitid.stop_sig", si.si_status, SIGSTOP);
	kill(pid, SIGCONT);
	CHECK_OK("waitid.continued", waitid(P_PID, (id_t)pid, &si, WCONTINUED));
	CHECK_EQ("waitid.code_continued", si.si_code, CLD_CONTINUED);
	CHECK_EQ("waitid.cont_sig", si.si_status, SIGCONT);
	kill(pid, SIGKILL);
	CHECK_OK("waitid.killed", waitid(P_ALL, 0, &si, WEXITED));
	CHECK_EQ("waitid.code_killed", si.si_code, CLD_KILLED);
	CHECK_EQ("waitid.kill_sig", si.si_status, SIGKILL);
	CHECK_ERR("waitid.no_options", waitid(P_ALL, 0, &si, 0), EINVAL);
	CHECK_ERR("waitid.bad_idtype", waitid((idtype_t)42, 0, &si, WEXITED),
		  EINVAL);
	CHECK_ERR("waitid.echild", waitid(P_PID, 999999, &si, WEXITED), ECHILD);
	CHECK_ERR("wait4.bad_options", wait4(-1, &st, 0x00400000, NULL),
		  EINVAL);

	/* Selectors: a pid, our group (0), another group (-pgid). */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		nap_ms(100);
		_exit(1);
	}
	setpgid(pid, pid);
	pid2 = fork();
	if (pid2 == 0) {
		nap_ms(50);
		_exit(2);
	}
	CHECK_EQ("waitpid.own_group", waitpid(0, &st, 0), pid2);
	CHECK_ERR("waitpid.own_group_empty", waitpid(0, &st, WNOHANG), ECHILD);
	CHECK_EQ("waitpid.other_group", waitpid(-pid, &st, 0), pid);
	CHECK_EQ("waitpid.other_group_status", WEXITSTATUS(st), 1);

	/* rusage of a child that spent CPU time. */
	pid = fork();
	if (pid == 0) {
		volatile unsigned long x = 0;
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		do {
			for (int i = 0; i < 100000; i++)
				x += (unsigned long)i;
			clock_gettime(CLOCK_MONOTONIC, &b);
		} while ((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec -
				 a.tv_nsec <
			 50000000L);
		_exit(0);
	}
	memset(&ru, 0, sizeof(ru));
	wait4(pid, &st, 0, &ru);
	CHECK("wait4.rusage_time", ru.ru_utime.tv_sec > 0 ||
					   ru.ru_utime.tv_usec > 0 ||
					   ru.ru_stime.tv_usec > 0);
	CHECK_OK("getrusage.children", getrusage(RUSAGE_CHILDREN, &ru));
	CHECK("getrusage.children_time",
	      ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0);
	return abi_end();
}
