/* SPDX-License-Identifier: MIT */
/* process.c - fork, vfork, clone flags, orphans and zombies, process
 * groups and sessions, prctl (names, parent-death signal, subreaper). */
#include "abi.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>

static volatile int shared_var;
static char stack[65536] __attribute__((aligned(16)));

static void nap_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

static int clone_vm_fn(void *arg)
{
	(void)arg;
	shared_var = 42;
	return 5;
}

static int clone_files_fn(void *arg)
{
	return close(*(int *)arg) == 0 ? 0 : 1;
}

static void test_fork(void)
{
	pid_t me = getpid(), pid;
	int st, p[2];
	long pg;

	CHECK("getpid.positive", me > 0);
	CHECK_EQ("gettid.main", syscall(SYS_gettid), me);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		pid_t info[2] = { getpid(), getppid() };

		write(p[1], info, sizeof(info));
		_exit(9);
	}
	CHECK("fork.returns_pid", pid > 0 && pid != me);
	{
		pid_t info[2] = { 0, 0 };

		read(p[0], info, sizeof(info));
		CHECK_EQ("fork.child_pid", info[0], pid);
		CHECK_EQ("fork.child_ppid", info[1], me);
	}
	CHECK_EQ("wait.pid", waitpid(pid, &st, 0), pid);
	CHECK("wait.code", WIFEXITED(st) && WEXITSTATUS(st) == 9);
	close(p[0]);
	close(p[1]);

	/* Memory is copied, not shared. */
	shared_var = 1;
	pid = fork();
	if (pid == 0) {
		shared_var = 2;
		_exit(shared_var);
	}
	waitpid(pid, &st, 0);
	CHECK("fork.copy", WEXITSTATUS(st) == 2 && shared_var == 1);

	/* vfork: the parent waits until the child exits; memory is shared. */
	shared_var = 1;
	pid = vfork();
	if (pid == 0) {
		shared_var = 7;
		_exit(3);
	}
	CHECK_EQ("vfork.shared", shared_var, 7);
	waitpid(pid, &st, 0);
	CHECK("vfork.exit", WIFEXITED(st) && WEXITSTATUS(st) == 3);

	/* clone with CLONE_VM shares memory, without it copies; CLONE_FILES
	 * shares the descriptor table. */
	shared_var = 0;
	pid = clone(clone_vm_fn, stack + sizeof(stack), CLONE_VM | SIGCHLD,
		    NULL);
	CHECK("clone.vm_pid", pid > 0);
	waitpid(pid, &st, 0);
	CHECK("clone.vm_exit", WIFEXITED(st) && WEXITSTATUS(st) == 5);
	CHECK_EQ("clone.vm_shared", shared_var, 42);
	{
		int fd = open("/dev/null", O_RDONLY);

		pid = clone(clone_files_fn, stack + sizeof(stack),
			    CLONE_VM | CLONE_FILES | SIGCHLD, &fd);
		waitpid(pid, &st, 0);
		CHECK("clone.files_child",
		      WIFEXITED(st) && WEXITSTATUS(st) == 0);
		CHECK_ERR("clone.files_shared", fcntl(fd, F_GETFD), EBADF);
		fd = open("/dev/null", O_RDONLY);
		pid = clone(clone_files_fn, stack + sizeof(stack),
			    CLONE_VM | SIGCHLD, &fd);
		waitpid(pid, &st, 0);
		CHECK_OK("clone.files_copied", fcntl(fd, F_GETFD));
		close(fd);
	}
	CHECK_ERR("clone.sighand_without_vm",
		  syscall(SYS_clone, CLONE_SIGHAND, 0, 0, 0, 0), EINVAL);
	CHECK_ERR("clone.thread_without_sighand",
		  syscall(SYS_clone, CLONE_THREAD | CLONE_VM, 0, 0, 0, 0),
		  EINVAL);
	/* CLONE_PARENT_SETTID stores the tid in the parent,
	 * CLONE_CHILD_CLEARTID zeroes the child's word when it exits */
	{
		static pid_t ptid, ctid = -1;

		pid = clone(clone_vm_fn, stack + sizeof(stack),
			    CLONE_VM | CLONE_PARENT_SETTID |
				    CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID |
				    SIGCHLD,
			    NULL, &ptid, NULL, &ctid);
		waitpid(pid, &st, 0);
		CHECK_EQ("clone.parent_settid", ptid, pid);
		CHECK_EQ("clone.child_cleartid", ctid, 0);
	}
	/* clone3 with no flags is a fork */
	{
		unsigned long long args[11] = { 0 };

		args[4] = SIGCHLD; /* exit_signal */
		pid = (pid_t)syscall(SYS_clone3, args, 64);
		if (pid == 0)
			_exit(6);
		CHECK("clone3.fork", pid > 0 && waitpid(pid, &st, 0) == pid &&
					     WIFEXITED(st) &&
					     WEXITSTATUS(st) == 6);
		CHECK_ERR("clone3.small_size", syscall(SYS_clone3, args, 8),
			  EINVAL);
	}
	pg = getpgrp();
	CHECK_EQ("getpgid.self", getpgid(0), pg);
}

/*
 * The parent an orphan gets: a child forks a grandchild and exits at once;
 * the grandchild waits to be orphaned, writes its new parent's pid into
 * the pipe @p and exits with @code. 0 if nothing came.
 */
static pid_t orphan_new_parent(int p[2], int code)
{
	pid_t mid, got = 0;

	mid = fork();
	if (mid == 0) {
		pid_t mine = getpid();

		if (fork() == 0) {
			pid_t pp;
			int i;

			for (i = 0; i < 500 && getppid() == mine; i++)
				nap_ms(10);
			pp = getppid();
			write(p[1], &pp, sizeof(pp));
			_exit(code);
		}
		_exit(0);
	}
	waitpid(mid, NULL, 0);
	read(p[0], &got, sizeof(got));
	return got;
}

/* A zombie stays until it is waited for; an orphan goes to init (or to
 * the nearest subreaper). */
static void test_orphans(void)
{
	pid_t pid;
	int p[2], st;

	pid = fork();
	if (pid == 0)
		_exit(0);
	nap_ms(100);
	CHECK_OK("zombie.exists", kill(pid, 0));
	CHECK_EQ("zombie.reaped", waitpid(pid, &st, 0), pid);
	CHECK_ERR("zombie.gone", kill(pid, 0), ESRCH);

	pipe(p);
	CHECK_EQ("orphan.to_init", orphan_new_parent(p, 0), 1);

	CHECK_OK("prctl.subreaper", prctl(PR_SET_CHILD_SUBREAPER, 1));
	{
		int v = 0;

		CHECK_OK("prctl.get_subreaper",
			 prctl(PR_GET_CHILD_SUBREAPER, &v));
		CHECK_EQ("prctl.subreaper_value", v, 1);
	}
	CHECK_EQ("orphan.to_subreaper", orphan_new_parent(p, 4), getpid());
	pid = wait(&st);
	CHECK("orphan.subreaper_waits",
	      pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 4);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	close(p[0]);
	close(p[1]);
}

static void test_groups(void)
{
	pid_t pid;
	int p[2], st;
	long r[3];

	pipe(p);
	pid = fork();
	if (pid == 0) {
		long v[3];

		v[0] = setsid();
		v[1] = getsid(0);
		v[2] = getpgrp();
		write(p[1], v, sizeof(v));
		_exit(setsid() == -1 && errno == EPERM ? 0 : 1);
	}
	read(p[0], r, sizeof(r));
	waitpid(pid, &st, 0);
	CHECK_EQ("setsid.returns_pid", r[0], pid);
	CHECK_EQ("setsid.sid", r[1], pid);
	CHECK_EQ("setsid.pgrp", r[2], pid);
	CHECK("setsid.leader_eperm", WIFEXITED(st) && WEXITSTATUS(st) == 0);

	pid = fork();
	if (pid == 0) {
		nap_ms(300);
		_exit(0);
	}
	CHECK_OK("setpgid.child", setpgid(pid, pid));
	CHECK_EQ("getpgid.child", getpgid(pid), pid);
	CHECK_OK("setpgid.back", setpgid(pid, getpgrp()));
	CHECK_ERR("setpgid.negative", setpgid(pid, -1), EINVAL);
	CHECK_ERR("setpgid.nosuch", setpgid(999999, 0), ESRCH);
	CHECK_ERR("getpgid.nosuch", getpgid(999999), ESRCH);
	CHECK_ERR("getsid.nosuch", getsid(999999), ESRCH);
	CHECK_EQ("getsid.child", getsid(pid), getsid(0));
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

static void test_prctl(void)
{
	char name[32] = { 0 };
	int sig = -1, p[2], st;
	pid_t mid;

	CHECK_OK("prctl.set_name", prctl(PR_SET_NAME, "abi-name-that-is-long"));
	CHECK_OK("prctl.get_name", prctl(PR_GET_NAME, name));
	CHECK("prctl.name_truncated", strcmp(name, "abi-name-that-i") == 0);
	CHECK_OK("prctl.get_pdeathsig", prctl(PR_GET_PDEATHSIG, &sig));
	CHECK_EQ("prctl.pdeathsig_default", sig, 0);
	CHECK_ERR("prctl.pdeathsig_bad", prctl(PR_SET_PDEATHSIG, 99), EINVAL);
	CHECK_ERR("prctl.bad_option", prctl(-1), EINVAL);

	/* The parent-death signal reaches a child whose parent exits. */
	pipe(p);
	mid = fork();
	if (mid == 0) {
		pid_t c = fork();

		if (c == 0) {
			sigset_t s;
			int got;

			sigemptyset(&s);
			sigaddset(&s, SIGUSR1);
			sigprocmask(SIG_BLOCK, &s, NULL);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(p[1], "r", 1);
			got = sigwaitinfo(&s, NULL);
			write(p[1], got == SIGUSR1 ? "y" : "n", 1);
			_exit(0);
		}
		read(p[0], &st, 1);
		_exit(0);
	}
	waitpid(mid, &st, 0);
	{
		char c = 0;

		read(p[0], &c, 1);
		CHECK_EQ("prctl.pdeathsig_delivered", c, 'y');
	}
	close(p[0]);
	close(p[1]);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_fork();
	test_orphans();
	test_groups();
	test_prctl();
	return abi_end();
}
