/* SPDX-License-Identifier: MIT */
/* errors.c - the errors every call family gives for bad arguments:
 * EFAULT for bad pointers, EBADF for bad descriptors, EINVAL for bad
 * flags and values, ENAMETOOLONG, ENOSYS for an unknown system call.
 * Raw syscall(2) throughout, so that no libc wrapper checks first. */
#include "abi.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sched.h>
#include <sys/time.h>
#include <time.h>

#define BAD    ((void *)8)		      /* never mapped */
#define KERNEL ((void *)0xffffffff81000000UL) /* not user memory */

static void test_efault(void)
{
	char buf[16];
	int p[2], st;
	pid_t pid;

	pipe(p);
	write(p[1], "abc", 3);
	CHECK_ERR("read.efault", syscall(SYS_read, p[0], BAD, 3), EFAULT);
	CHECK_ERR("read.kernel_efault", syscall(SYS_read, p[0], KERNEL, 3),
		  EFAULT);
	CHECK_ERR("write.efault", syscall(SYS_write, p[1], BAD, 3), EFAULT);
	CHECK_ERR("readv.efault", syscall(SYS_readv, p[0], BAD, 1), EFAULT);
	CHECK_ERR("open.efault", syscall(SYS_open, BAD, O_RDONLY), EFAULT);
	CHECK_ERR("openat.efault",
		  syscall(SYS_openat, AT_FDCWD, KERNEL, O_RDONLY), EFAULT);
	CHECK_ERR("stat.efault_path", syscall(SYS_stat, BAD, buf), EFAULT);
	CHECK_ERR("stat.efault_buf", syscall(SYS_stat, "/", BAD), EFAULT);
	CHECK_ERR("fstat.efault", syscall(SYS_fstat, 0, BAD), EFAULT);
	CHECK_ERR("pipe.efault", syscall(SYS_pipe, BAD), EFAULT);
	CHECK_ERR("getcwd.efault", syscall(SYS_getcwd, BAD, 100), EFAULT);
	CHECK_ERR("chdir.efault", syscall(SYS_chdir, BAD), EFAULT);
	CHECK_ERR("mkdir.efault", syscall(SYS_mkdir, BAD, 0700), EFAULT);
	CHECK_ERR("unlink.efault", syscall(SYS_unlink, BAD), EFAULT);
	CHECK_ERR("clock_gettime.efault",
		  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD), EFAULT);
	CHECK_ERR("gettimeofday.efault", syscall(SYS_gettimeofday, BAD, NULL),
		  EFAULT);
	CHECK_ERR("nanosleep.efault", syscall(SYS_nanosleep, BAD, NULL),
		  EFAULT);
	CHECK_ERR("rt_sigaction.efault",
		  syscall(SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8), EFAULT);
	CHECK_ERR("rt_sigprocmask.efault",
		  syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8), EFAULT);
	CHECK_ERR("sigaltstack.efault", syscall(SYS_sigaltstack, BAD, NULL),
		  EFAULT);
	CHECK_ERR("poll.efault", syscall(SYS_poll, BAD, 1, 0), EFAULT);
	CHECK_ERR("select.efault",
		  syscall(SYS_select, 1, BAD, NULL, NULL,
			  &(struct timeval){ 0, 0 }),
		  EFAULT);
	CHECK_ERR("getrlimit.efault",
		  syscall(SYS_getrlimit, RLIMIT_NOFILE, BAD), EFAULT);
	CHECK_ERR("sysinfo.efault", syscall(SYS_sysinfo, BAD), EFAULT);
	CHECK_ERR("execve.efault", syscall(SYS_execve, BAD, NULL, NULL),
		  EFAULT);
	CHECK_ERR("getdents64.efault",
		  syscall(SYS_getdents64, open("/", O_RDONLY | O_DIRECTORY),
			  BAD, 4096),
		  EFAULT);
	CHECK_ERR("setgroups.efault", syscall(SYS_setgroups, 1, BAD), EFAULT);
	CHECK_ERR("getresuid.efault", syscall(SYS_getresuid, BAD, BAD, BAD),
		  EFAULT);
	CHECK_ERR("futex.efault", syscall(SYS_futex, BAD, 0, 0, NULL, NULL, 0),
		  EFAULT);
	/* set_tid_address stores the pointer unchecked and returns the tid */
	CHECK_EQ("set_tid_address.unchecked", syscall(SYS_set_tid_address, BAD),
		 syscall(SYS_gettid));
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK_ERR("wait4.efault", syscall(SYS_wait4, pid, BAD, 0, NULL),
		  EFAULT);
	waitpid(pid, &st, WNOHANG);
	close(p[0]);
	close(p[1]);
}

static void test_ebadf(void)
{
	char buf[8];
	struct stat st;

	CHECK_ERR("read.ebadf", syscall(SYS_read, 99, buf, 1), EBADF);
	CHECK_ERR("write.ebadf", syscall(SYS_write, -1, buf, 1), EBADF);
	CHECK_ERR("pread.ebadf", syscall(SYS_pread64, 99, buf, 1, 0), EBADF);
	CHECK_ERR("close.ebadf", syscall(SYS_close, 99), EBADF);
	CHECK_ERR("fstat.ebadf", syscall(SYS_fstat, 99, &st), EBADF);
	CHECK_ERR("lseek.ebadf", syscall(SYS_lseek, 99, 0, SEEK_SET), EBADF);
	CHECK_ERR("dup.ebadf", syscall(SYS_dup, 99), EBADF);
	CHECK_ERR("fcntl.ebadf", syscall(SYS_fcntl, 99, F_GETFL), EBADF);
	CHECK_ERR("fchdir.ebadf", syscall(SYS_fchdir, 99), EBADF);
	CHECK_ERR("ftruncate.ebadf", syscall(SYS_ftruncate, 99, 0), EBADF);
	CHECK_ERR("fsync.ebadf", syscall(SYS_fsync, 99), EBADF);
	CHECK_ERR("ioctl.ebadf", syscall(SYS_ioctl, 99, 0x541b, buf), EBADF);
	CHECK_ERR("getdents64.ebadf",
		  syscall(SYS_getdents64, 99, buf, sizeof(buf)), EBADF);
	CHECK_ERR("openat.ebadf_dirfd", syscall(SYS_openat, 99, "x", O_RDONLY),
		  EBADF);
	CHECK_ERR("fstatat.ebadf_dirfd",
		  syscall(SYS_newfstatat, 99, "x", &st, 0), EBADF);
	CHECK_ERR("mmap.ebadf",
		  syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0),
		  EBADF);
	CHECK_ERR("ftruncate.rdonly_einval",
		  syscall(SYS_ftruncate, open("/dev/null", O_RDONLY), 0),
		  EINVAL);
	CHECK_ERR("write.rdonly_ebadf",
		  syscall(SYS_write, open("/dev/null", O_RDONLY), buf, 1),
		  EBADF);
	CHECK_ERR("fchmod.ebadf", syscall(SYS_fchmod, 99, 0600), EBADF);
	CHECK_ERR("execveat.ebadf",
		  syscall(SYS_execveat, 99, "x", NULL, NULL, 0), EBADF);
	{
		struct pollfd pf = { 99, POLLIN, 0 };

		CHECK_EQ("poll.nval", syscall(SYS_poll, &pf, 1, 0), 1);
		CHECK_EQ("poll.nval_revents", pf.revents, POLLNVAL);
	}
}

static void test_einval(void)
{
	char buf[300];
	int fd = open("/dev/null", O_RDONLY), st = 0;
	void *m =
		mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK_ERR("pipe2.flags", syscall(SYS_pipe2, (int[2]){ 0, 0 }, O_APPEND),
		  EINVAL);
	CHECK_ERR("dup3.flags", syscall(SYS_dup3, fd, 50, 0x1), EINVAL);
	CHECK_ERR("lseek.whence",
		  syscall(SYS_lseek, open("/", O_RDONLY), 0, 99), EINVAL);
	CHECK_ERR("fcntl.cmd", syscall(SYS_fcntl, fd, 12345), EINVAL);
	CHECK_ERR(
		"mmap.flags_no_type",
		syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0),
		EINVAL);
	CHECK_ERR("mmap.len_zero",
		  syscall(SYS_mmap, NULL, 0, PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		  EINVAL);
	CHECK_ERR("mprotect.prot", syscall(SYS_mprotect, m, 4096, 0x100),
		  EINVAL);
	CHECK_ERR("madvise.advice", syscall(SYS_madvise, m, 4096, 9999),
		  EINVAL);
	CHECK_ERR("msync.flags", syscall(SYS_msync, m, 4096, 0x100), EINVAL);
	CHECK_ERR("mremap.flags", syscall(SYS_mremap, m, 4096, 4096, 0x100),
		  EINVAL);
	CHECK_ERR("wait4.options",
		  syscall(SYS_wait4, -1, &st, 0x00800000, NULL), EINVAL);
	CHECK_ERR("waitid.options", syscall(SYS_waitid, P_ALL, 0, buf, 0, NULL),
		  EINVAL);
	CHECK_ERR("clock_gettime.clock", syscall(SYS_clock_gettime, 99, buf),
		  EINVAL);
	CHECK_ERR("rt_sigprocmask.how",
		  syscall(SYS_rt_sigprocmask, 9, buf, NULL, 8), EINVAL);
	CHECK_ERR("rt_sigaction.sig",
		  syscall(SYS_rt_sigaction, 0, NULL, NULL, 8), EINVAL);
	CHECK_ERR("kill.sig", syscall(SYS_kill, getpid(), 65), EINVAL);
	CHECK_ERR("getrandom.flags", syscall(SYS_getrandom, buf, 8, 0xff),
		  EINVAL);
	CHECK_ERR("memfd_create.flags", syscall(SYS_memfd_create, "x", 0x100),
		  EINVAL);
	CHECK_ERR("setitimer.which", syscall(SYS_setitimer, 5, buf, NULL),
		  EINVAL);
	CHECK_ERR("unlinkat.flags", syscall(SYS_unlinkat, AT_FDCWD, "x", 0x1),
		  EINVAL);
	CHECK_ERR("fstatat.flags",
		  syscall(SYS_newfstatat, AT_FDCWD, "/", buf, 0x1), EINVAL);
	CHECK_ERR("faccessat.mode", syscall(SYS_faccessat, AT_FDCWD, "/", 0x10),
		  EINVAL);
	CHECK_ERR("renameat2.flags",
		  syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", 0x100),
		  EINVAL);
	CHECK_ERR("linkat.flags",
		  syscall(SYS_linkat, AT_FDCWD, "a", AT_FDCWD, "b", 0x1),
		  EINVAL);
	CHECK_ERR("readlink.bufsiz", syscall(SYS_readlink, "/abi", buf, 0),
		  EINVAL);
	CHECK_ERR("clone.flags", syscall(SYS_clone, CLONE_SIGHAND, 0, 0, 0, 0),
		  EINVAL);
	CHECK_ERR("prctl.option", syscall(SYS_prctl, 0x7fffffff, 0, 0, 0, 0),
		  EINVAL);
	CHECK_ERR("setrlimit.resource", syscall(SYS_setrlimit, 77, buf),
		  EINVAL);
	CHECK_ERR("sigaltstack.flags",
		  syscall(SYS_sigaltstack, &(stack_t){ buf, 7, 65536 }, NULL),
		  EINVAL);
	CHECK_ERR("setpgid.pgid", syscall(SYS_setpgid, 0, -5), EINVAL);
	CHECK_ERR("nanosleep.nsec",
		  syscall(SYS_nanosleep, &(struct timespec){ 0, -1 }, NULL),
		  EINVAL);
	CHECK_ERR("futex.op", syscall(SYS_futex, &st, 77, 0, NULL, NULL, 0),
		  ENOSYS);
	CHECK_EQ("open.unknown_flags_ignored",
		 syscall(SYS_open, "/dev/null", O_RDONLY | 0x10000000) >= 0, 1);
	CHECK_ERR("openat.creat_tmpfile_conflict",
		  syscall(SYS_openat, AT_FDCWD, "/tmp", O_TMPFILE | O_RDONLY,
			  0600),
		  EINVAL);
	munmap(m, 4096);
	close(fd);
}

static void test_names(void)
{
	char comp[300], *path = malloc(PATH_MAX + 10);

	memset(comp, 'n', 256);
	comp[256] = 0;
	CHECK_ERR("open.component_too_long", syscall(SYS_open, comp, O_RDONLY),
		  ENAMETOOLONG);
	CHECK_ERR("mkdir.component_too_long", syscall(SYS_mkdir, comp, 0700),
		  ENAMETOOLONG);
	memset(path, 'a', PATH_MAX + 5);
	for (int i = 100; i < PATH_MAX + 5; i += 100)
		path[i] = '/';
	path[PATH_MAX + 5] = 0;
	CHECK_ERR("open.path_too_long", syscall(SYS_open, path, O_RDONLY),
		  ENAMETOOLONG);
	CHECK_ERR("open.empty_path", syscall(SYS_open, "", O_RDONLY), ENOENT);
	free(path);
	CHECK_ERR("syscall.unknown", syscall(1000), ENOSYS);
	CHECK_ERR("syscall.huge", syscall(100000), ENOSYS);
	CHECK_ERR("syscall.negative", syscall(-1), ENOSYS);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_efault();
	test_ebadf();
	test_einval();
	test_names();
	return abi_end();
}
