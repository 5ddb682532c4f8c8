/* SPDX-License-Identifier: MIT */
/* exec.c - execve of each binary kind (musl static, glibc static,
 * static-pie, dynamic, #! script), execveat (from a descriptor, from a
 * directory descriptor, AT_SYMLINK_NOFOLLOW), the errors ENOENT, EACCES,
 * ENOEXEC, E2BIG, ELOOP, ENOTDIR, EFAULT, close-on-exec, and this
 * program's own start: auxiliary vector values and the argv/envp layout. */
#include "abi.h"

#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/auxv.h>
#include <sys/syscall.h>

extern char **environ;

/* Runs execveat(@dirfd, @path, @argv, ABI_X=envval, @flags) in a child,
 * or execve(@path, ...) when @dirfd is RUN_EXECVE; returns its wait
 * status and its stdout in @out. */
#define RUN_EXECVE (-1000)
static int run_at(int dirfd, const char *path, char *const argv[], int flags,
		  char *out, size_t n)
{
	char env[64], *envp[] = { env, NULL };
	int p[2], st = -1;
	size_t got = 0;
	ssize_t r;
	pid_t pid;

	snprintf(env, sizeof(env), "ABI_X=%s", "envval");
	pipe(p);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		if (dirfd == RUN_EXECVE)
			execve(path, argv, envp);
		else
			syscall(SYS_execveat, dirfd, path, argv, envp, flags);
		_exit(100 + errno);
	}
	close(p[1]);
	while (got + 1 < n && (r = read(p[0], out + got, n - got - 1)) > 0)
		got += (size_t)r;
	out[got] = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	return st;
}

static int run(const char *path, char *const argv[], char *out, size_t n)
{
	return run_at(RUN_EXECVE, path, argv, 0, out, n);
}

/* @name in the working directory, as an absolute path. */
static const char *abi_path(const char *name)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%s/%s", abi_dir, name);
	return buf;
}

static void test_kinds(void)
{
	static const char *const kinds[] = { "probe", "probe-glibc",
					     "probe-pie", "probe-dyn" };
	char out[512], path[64], name[48];
	unsigned i;
	int st;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char *argv[] = { "prog", "a b", "", NULL };

		snprintf(path, sizeof(path), "/abi/bin/%s", kinds[i]);
		st = run(path, argv, out, sizeof(out));
		snprintf(name, sizeof(name), "execve.%s_status", kinds[i]);
		CHECK(name, WIFEXITED(st) && WEXITSTATUS(st) == 7);
		snprintf(name, sizeof(name), "execve.%s_args", kinds[i]);
		abi_report(strcmp(out, "argc=3\n[0]=prog\n[1]=a "
				       "b\n[2]=\nenv=envval\n") == 0,
			   name, "output was '%s'", out);
	}
	{
		char *argv[] = { "/abi/bin/script", "x", NULL };

		st = run("/abi/bin/script", argv, out, sizeof(out));
		CHECK("shebang.status", WIFEXITED(st) && WEXITSTATUS(st) == 7);
		abi_report(strcmp(out,
				  "argc=4\n[0]=/abi/bin/"
				  "probe\n[1]=script-arg\n[2]=/abi/bin/script\n"
				  "[3]=x\nenv=envval\n") == 0,
			   "shebang.args", "output was '%s'", out);
	}
	{
		char *argv[] = { "fd-exec", NULL };
		int fd = open("/abi/bin/probe", O_RDONLY | O_CLOEXEC);

		st = run_at(fd, "", argv, AT_EMPTY_PATH, out, sizeof(out));
		abi_report(WIFEXITED(st) && WEXITSTATUS(st) == 7 &&
				   strncmp(out, "argc=1\n[0]=fd-exec\n", 19) ==
					   0,
			   "execveat.empty_path", "status %#x output '%s'", st,
			   out);
		close(fd);
	}
}

/* execveat: from a directory descriptor, and AT_SYMLINK_NOFOLLOW */
static void test_execveat(void)
{
	char *argv[] = { "at-exec", NULL }, *fnv[] = { "p", "execfn", NULL };
	char out[512], want[64];
	int dir = open("/abi/bin", O_RDONLY | O_DIRECTORY);
	int file = open("/abi/bin/probe", O_RDONLY);
	int st;

	st = run_at(dir, "probe", argv, 0, out, sizeof(out));
	abi_report(WIFEXITED(st) && WEXITSTATUS(st) == 7 &&
			   strncmp(out, "argc=1\n[0]=at-exec\n", 19) == 0,
		   "execveat.dirfd_relative", "status %#x output '%s'", st,
		   out);
	st = run_at(dir, "probe", fnv, 0, out, sizeof(out));
	snprintf(want, sizeof(want), "execfn=/dev/fd/%d/probe\n", dir);
	abi_report(WIFEXITED(st) && strcmp(out, want) == 0,
		   "execveat.dirfd_execfn", "status %#x output '%s'", st, out);
	st = run_at(99, "/abi/bin/probe", argv, 0, out, sizeof(out));
	CHECK("execveat.absolute_ignores_dirfd",
	      WIFEXITED(st) && WEXITSTATUS(st) == 7);
	st = run_at(AT_FDCWD, "/abi/bin/probe", fnv, 0, out, sizeof(out));
	abi_report(WIFEXITED(st) && strcmp(out, "execfn=/abi/bin/probe\n") == 0,
		   "execveat.fdcwd_execfn", "status %#x output '%s'", st, out);
	symlink("/abi/bin/probe", "link");
	st = run_at(AT_FDCWD, "link", argv, 0, out, sizeof(out));
	CHECK("execveat.follows_symlink",
	      WIFEXITED(st) && WEXITSTATUS(st) == 7);

	CHECK_ERR("execveat.nofollow_eloop",
		  syscall(SYS_execveat, AT_FDCWD, "link", argv, environ,
			  AT_SYMLINK_NOFOLLOW),
		  ELOOP);
	CHECK_ERR("execveat.nofollow_absolute_eloop",
		  syscall(SYS_execveat, dir, abi_path("link"), argv, environ,
			  AT_SYMLINK_NOFOLLOW),
		  ELOOP);
	st = run_at(dir, "probe", argv, AT_SYMLINK_NOFOLLOW, out, sizeof(out));
	CHECK("execveat.nofollow_regular_runs",
	      WIFEXITED(st) && WEXITSTATUS(st) == 7);
	CHECK_ERR("execveat.dirfd_ebadf",
		  syscall(SYS_execveat, 99, "probe", argv, environ, 0), EBADF);
	CHECK_ERR("execveat.dirfd_enotdir",
		  syscall(SYS_execveat, file, "probe", argv, environ, 0),
		  ENOTDIR);
	CHECK_ERR("execveat.dirfd_enoent",
		  syscall(SYS_execveat, dir, "none", argv, environ, 0), ENOENT);
	CHECK_ERR("execveat.dirfd_eacces",
		  syscall(SYS_execveat, dir, "noexec", argv, environ, 0),
		  EACCES);
	CHECK_ERR("execveat.dirfd_eloop_chain",
		  syscall(SYS_execveat, dir, "loop1", argv, environ, 0), ELOOP);
	CHECK_ERR("execveat.empty_without_flag",
		  syscall(SYS_execveat, file, "", argv, environ, 0), ENOENT);
	CHECK_ERR("execveat.bad_flags",
		  syscall(SYS_execveat, dir, "probe", argv, environ, 0x1),
		  EINVAL);
	CHECK_ERR("execveat.dirfd_efault_argv",
		  syscall(SYS_execveat, dir, "probe", (char **)8, environ, 0),
		  EFAULT);
	unlink("link");
	close(file);
	close(dir);
}

static void test_errors(void)
{
	char *argv[] = { "x", NULL }, *big, *bigv[] = { "x", NULL, NULL };
	int fd;

	CHECK_ERR("execve.enoent", execve("/abi/bin/none", argv, environ),
		  ENOENT);
	CHECK_ERR("execve.eacces_mode",
		  execve("/abi/bin/noexec", argv, environ), EACCES);
	CHECK_ERR("execve.eacces_dir", execve("/abi/bin", argv, environ),
		  EACCES);
	CHECK_ERR("execve.enoexec", execve("/abi/bin/garbage", argv, environ),
		  ENOEXEC);
	CHECK_ERR("execve.eloop", execve("/abi/bin/loop1", argv, environ),
		  ELOOP);
	CHECK_ERR("execve.enotdir", execve("/abi/bin/probe/x", argv, environ),
		  ENOTDIR);
	CHECK_ERR("execve.efault_path",
		  syscall(SYS_execve, (char *)8, argv, environ), EFAULT);
	CHECK_ERR("execve.efault_argv",
		  syscall(SYS_execve, "/abi/bin/probe", (char **)8, environ),
		  EFAULT);
	big = malloc(200 * 1024);
	memset(big, 'a', 200 * 1024 - 1);
	big[200 * 1024 - 1] = 0;
	bigv[1] = big;
	CHECK_ERR("execve.e2big", execve("/abi/bin/probe", bigv, environ),
		  E2BIG);
	free(big);
	fd = open("badinterp", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, "#!/abi/bin/none\n", 16);
	close(fd);
	CHECK_ERR("execve.shebang_missing_interp",
		  execve("badinterp", argv, environ), ENOENT);
	fd = open("empty", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	close(fd);
	CHECK_ERR("execve.empty_file", execve("empty", argv, environ), ENOEXEC);
}

static void test_cloexec(void)
{
	char out[256], n1[8], n2[8];
	int a = open("/dev/null", O_RDONLY | O_CLOEXEC),
	    b = open("/dev/null", O_RDONLY), st;
	char *argv1[] = { "probe", "fd", n1, NULL },
	     *argv2[] = { "probe", "fd", n2, NULL };

	snprintf(n1, sizeof(n1), "%d", a);
	snprintf(n2, sizeof(n2), "%d", b);
	st = run("/abi/bin/probe", argv1, out, sizeof(out));
	CHECK("cloexec.closed", WIFEXITED(st) && WEXITSTATUS(st) == 3);
	st = run("/abi/bin/probe", argv2, out, sizeof(out));
	CHECK("cloexec.kept_open", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(a);
	close(b);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* Handlers fall back to SIG_DFL, SIG_IGN stays, the mask and pending
 * signals stay. */
static int exec_sigs(void *arg)
{
	char *argv[] = { "probe", "sigs", NULL };
	sigset_t m;

	(void)arg;
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	sigemptyset(&m);
	sigaddset(&m, SIGHUP);
	sigprocmask(SIG_BLOCK, &m, NULL);
	kill(getpid(), SIGHUP);
	execve("/abi/bin/probe", argv, environ);
	return 100;
}

static volatile int idle_tid;

static void *exec_from_thread(void *arg)
{
	char tid[16], *argv[] = { "probe", "pid", tid, NULL };

	(void)arg;
	while (!idle_tid)
		sched_yield();
	snprintf(tid, sizeof(tid), "%d", idle_tid);
	execve("/abi/bin/probe", argv, environ);
	return NULL;
}

static void *idle_thread(void *arg)
{
	(void)arg;
	idle_tid = (int)syscall(SYS_gettid);
	for (;;)
		pause();
	return NULL;
}

/* exec in a non-main thread of a three-thread process: the other threads
 * go, the new image has the process's pid and one thread. */
static int exec_threaded(void *arg)
{
	pthread_t a, b;

	(void)arg;
	pthread_create(&a, NULL, idle_thread, NULL);
	pthread_create(&b, NULL, exec_from_thread, NULL);
	for (;;)
		pause();
	return 100;
}

static void test_exec_state(void)
{
	char out[128];
	int st, p[2];
	pid_t pid;

	st = abi_in_child(exec_sigs, NULL);
	CHECK("exec.signal_state",
	      WIFEXITED(st) && WEXITSTATUS(st) == (1 | 2 | 4 | 8));
	pipe(p);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		_exit(exec_threaded(NULL));
	}
	close(p[1]);
	memset(out, 0, sizeof(out));
	for (size_t got = 0; got + 1 < sizeof(out);) {
		ssize_t r = read(p[0], out + got, sizeof(out) - 1 - got);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(p[0]);
	waitpid(pid, &st, 0);
	{
		int gpid = -1, tid_is_pid = -1, other_gone = -1;

		sscanf(out, "pid=%d tid_is_pid=%d other_gone=%d", &gpid,
		       &tid_is_pid, &other_gone);
		CHECK("exec.from_thread_status",
		      WIFEXITED(st) && WEXITSTATUS(st) == 0);
		CHECK_EQ("exec.from_thread_pid", gpid, pid);
		CHECK_EQ("exec.from_thread_takes_leader_tid", tid_is_pid, 1);
		CHECK_EQ("exec.from_thread_others_gone", other_gone, 1);
	}
}

static void test_start(int argc, char **argv, char **envp0)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	const char *plat = (const char *)getauxval(AT_PLATFORM);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	size_t len = strlen(argv[0]);
	int dyn = strstr(abi_prog, ".dyn") != NULL, i, contiguous = 1;
	unsigned long *aux;
	char **e;

	CHECK_EQ("auxv.pagesz", getauxval(AT_PAGESZ), 4096);
	CHECK_EQ("auxv.uid", getauxval(AT_UID), getuid());
	CHECK_EQ("auxv.euid", getauxval(AT_EUID), geteuid());
	CHECK_EQ("auxv.gid", getauxval(AT_GID), getgid());
	CHECK_EQ("auxv.egid", getauxval(AT_EGID), getegid());
	CHECK_EQ("auxv.secure", getauxval(AT_SECURE), 0);
	CHECK_EQ("auxv.clktck", getauxval(AT_CLKTCK), 100);
	CHECK_EQ("auxv.phent", getauxval(AT_PHENT), sizeof(Elf64_Phdr));
	CHECK("auxv.phnum", getauxval(AT_PHNUM) > 0);
	CHECK("auxv.phdr", getauxval(AT_PHDR) != 0);
	CHECK("auxv.entry", getauxval(AT_ENTRY) != 0);
	CHECK("auxv.sysinfo_ehdr", getauxval(AT_SYSINFO_EHDR) != 0);
	CHECK("auxv.hwcap", getauxval(AT_HWCAP) != 0);
	CHECK("auxv.random", rnd != NULL && (rnd[0] | rnd[1] | rnd[2] | rnd[3] |
					     rnd[15]) != 0);
	CHECK("auxv.platform", plat != NULL && strcmp(plat, "x86_64") == 0);
	CHECK("auxv.execfn",
	      execfn != NULL && strlen(execfn) >= len &&
		      strcmp(execfn + strlen(execfn) - len, argv[0]) == 0);
	CHECK_EQ("auxv.base_iff_dynamic", getauxval(AT_BASE) != 0, dyn);
	CHECK("auxv.entry_is_ehdr_phdr",
	      ((Elf64_Ehdr *)(getauxval(AT_PHDR) - sizeof(Elf64_Ehdr)))
			      ->e_ident[1] == 'E');

	/* argv, NULL, envp, NULL, auxv: one after the other; the strings
	 * too, argv's then envp's */
	CHECK("stack.argv_null", argv[argc] == NULL);
	CHECK("stack.envp_follows_argv", envp0 == argv + argc + 1);
	for (e = envp0; *e; e++)
		;
	aux = (unsigned long *)(e + 1);
	for (i = 0; aux[i] != AT_NULL && aux[i] != AT_PAGESZ; i += 2)
		;
	CHECK("stack.auxv_follows_envp",
	      aux[i] == AT_PAGESZ && aux[i + 1] == 4096);
	for (i = 0; i + 1 < argc; i++)
		contiguous &= argv[i + 1] == argv[i] + strlen(argv[i]) + 1;
	if (envp0[0])
		contiguous &=
			envp0[0] == argv[argc - 1] + strlen(argv[argc - 1]) + 1;
	CHECK("stack.strings_contiguous", contiguous);
	CHECK("stack.strings_above_vectors", (char *)argv[0] > (char *)aux);
}

int main(int argc, char **argv)
{
	char **envp0 = environ;

	abi_start(argv[0]);
	test_start(argc, argv, envp0);
	abi_tmpdir();
	test_kinds();
	test_execveat();
	test_errors();
	test_cloexec();
	test_exec_state();
	return abi_end();
}
