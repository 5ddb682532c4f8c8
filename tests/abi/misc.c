/* SPDX-License-Identifier: MIT */
/* misc.c - uname, getrandom, sysinfo, resource limits (getrlimit,
 * setrlimit, prlimit64), prctl odds and ends, umask, scheduler queries. */
#include "abi.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

static void test_uname(void)
{
	struct utsname u;

	CHECK_OK("uname.ok", uname(&u));
	CHECK("uname.sysname", strcmp(u.sysname, "Linux") == 0);
	CHECK("uname.machine", strcmp(u.machine, "x86_64") == 0);
	CHECK("uname.release", u.release[0] >= '2' && u.release[0] <= '9' &&
				       strchr(u.release, '.'));
	CHECK("uname.nodename", u.nodename[0] != 0);
	CHECK_ERR("uname.efault", syscall(SYS_uname, (void *)8), EFAULT);
}

static void test_random(void)
{
	unsigned char a[32], b[32];
	int i, same = 0;

	CHECK_EQ("getrandom.count", syscall(SYS_getrandom, a, sizeof(a), 0),
		 32);
	CHECK_EQ("getrandom.nonblock",
		 syscall(SYS_getrandom, b, sizeof(b), 1 /* GRND_NONBLOCK */),
		 32);
	for (i = 0; i < 32; i++)
		same += a[i] == b[i];
	CHECK("getrandom.differs", same < 8);
	CHECK_EQ("getrandom.zero_len", syscall(SYS_getrandom, a, 0, 0), 0);
	CHECK_ERR("getrandom.bad_flags", syscall(SYS_getrandom, a, 8, 0x40),
		  EINVAL);
	CHECK_ERR("getrandom.efault", syscall(SYS_getrandom, (void *)8, 8, 0),
		  EFAULT);
}

static void test_sysinfo(void)
{
	struct sysinfo si;

	CHECK_OK("sysinfo.ok", sysinfo(&si));
	CHECK("sysinfo.totalram", si.totalram > 0 && si.mem_unit >= 1);
	CHECK("sysinfo.freeram", si.freeram > 0 && si.freeram <= si.totalram);
	CHECK("sysinfo.procs", si.procs >= 2);
	CHECK("sysinfo.uptime_plausible",
	      (unsigned long)si.uptime < 10UL * 365 * 86400);
	CHECK("sysinfo.total_64m",
	      (unsigned long long)si.totalram * si.mem_unit >= 64ULL << 20);
}

static void test_rlimits(void)
{
	struct rlimit r, saved, lo;
	struct {
		unsigned long long cur, max;
	} p, q;

	CHECK_OK("getrlimit.stack", getrlimit(RLIMIT_STACK, &r));
	CHECK_EQ("rlimit.stack_default", r.rlim_cur, 8 << 20);
	CHECK_OK("getrlimit.nofile", getrlimit(RLIMIT_NOFILE, &saved));
	CHECK("rlimit.nofile_default",
	      saved.rlim_cur >= 1024 && saved.rlim_max >= saved.rlim_cur);
	CHECK_OK("getrlimit.core", getrlimit(RLIMIT_CORE, &r));
	CHECK_EQ("rlimit.core_default", r.rlim_cur, 0);
	lo = saved;
	lo.rlim_cur = 100;
	CHECK_OK("setrlimit.lower_soft", setrlimit(RLIMIT_NOFILE, &lo));
	getrlimit(RLIMIT_NOFILE, &r);
	CHECK_EQ("setrlimit.applied", r.rlim_cur, 100);
	lo.rlim_cur = lo.rlim_max + 1;
	CHECK_ERR("setrlimit.soft_above_hard", setrlimit(RLIMIT_NOFILE, &lo),
		  EINVAL);
	CHECK_ERR("setrlimit.bad_resource", syscall(SYS_setrlimit, 99, &saved),
		  EINVAL);
	CHECK_ERR("getrlimit.bad_resource", syscall(SYS_getrlimit, 99, &r),
		  EINVAL);
	CHECK_OK("prlimit64.get",
		 syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &p));
	CHECK_EQ("prlimit64.value", p.cur, 100);
	q.cur = saved.rlim_cur;
	q.max = saved.rlim_max;
	CHECK_OK("prlimit64.set_old",
		 syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, &q, &p));
	CHECK_EQ("prlimit64.old_value", p.cur, 100);
	CHECK_ERR("prlimit64.no_pid",
		  syscall(SYS_prlimit64, 999999, RLIMIT_NOFILE, NULL, &p),
		  ESRCH);
	/* RLIMIT_FSIZE: a write past it fails with EFBIG (SIGXFSZ ignored) */
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &saved);
	lo.rlim_cur = 10;
	lo.rlim_max = saved.rlim_max;
	setrlimit(RLIMIT_FSIZE, &lo);
	{
		int fd = open("big", O_CREAT | O_WRONLY | O_TRUNC, 0600);

		CHECK_EQ("fsize.partial", write(fd, "0123456789abcdef", 16),
			 10);
		CHECK_ERR("fsize.efbig", write(fd, "x", 1), EFBIG);
		close(fd);
	}
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, SIG_DFL);
}

static void test_prctl_umask(void)
{
	struct stat st;
	int fd;

	CHECK_EQ("prctl.dumpable", prctl(PR_GET_DUMPABLE), 1);
	CHECK_EQ("prctl.no_new_privs_default",
		 prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
	CHECK_OK("prctl.set_no_new_privs",
		 prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	CHECK_EQ("prctl.no_new_privs_set",
		 prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 1);
	CHECK_ERR("prctl.no_new_privs_bad",
		  prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0), EINVAL);
	CHECK_EQ("umask.set_old", umask(027), 022);
	CHECK_EQ("umask.get_old", umask(027), 027);
	fd = open("masked", O_CREAT | O_WRONLY, 0777);
	fstat(fd, &st);
	CHECK_EQ("umask.applies_open", st.st_mode & 0777, 0750);
	close(fd);
	mkdir("mdir", 0777);
	stat("mdir", &st);
	CHECK_EQ("umask.applies_mkdir", st.st_mode & 0777, 0750);
	CHECK_EQ("umask.high_bits_ignored", (umask(0177777), umask(022)), 0777);
}

static void test_sched(void)
{
	cpu_set_t set;
	unsigned cpu = 99, node = 99;

	CHECK_OK("sched_getaffinity.ok",
		 sched_getaffinity(0, sizeof(set), &set));
	CHECK("sched_getaffinity.cpus",
	      CPU_COUNT(&set) >= 1 &&
		      CPU_COUNT(&set) == sysconf(_SC_NPROCESSORS_ONLN));
	CHECK_OK("getcpu.ok", syscall(SYS_getcpu, &cpu, &node, NULL));
	CHECK("getcpu.in_set",
	      cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set) && node == 0);
	CHECK_OK("sched_yield.ok", sched_yield());
	CHECK_EQ("sched_getscheduler.other", syscall(SYS_sched_getscheduler, 0),
		 SCHED_OTHER);
	CHECK_EQ("getpriority.default",
		 (errno = 0, getpriority(PRIO_PROCESS, 0)), 0);
	CHECK_EQ("getppid.init", getppid(), 1);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	umask(022);
	test_uname();
	test_random();
	test_sysinfo();
	test_rlimits();
	test_prctl_umask();
	test_sched();
	return abi_end();
}
