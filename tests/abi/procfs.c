/* SPDX-License-Identifier: MIT */
/* procfs.c - /proc as programs read it: the self link, /proc/PID's files
 * (stat, status, statm, cmdline, environ, maps, fd/, cwd, exe), the system
 * files (meminfo, stat, uptime, loadavg, mounts) and their errors. */
#include "procfs.h"

#include <dirent.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/vfs.h>

static void test_self(void)
{
	char link[64], want[32];
	ssize_t n = readlink("/proc/self", link, sizeof(link) - 1);

	snprintf(want, sizeof(want), "%d", (int)getpid());
	CHECK("self.link", n > 0 && (link[n] = '\0', !strcmp(link, want)));
	CHECK_OK("self.is_dir", access("/proc/self/stat", R_OK));
}

static void test_stat(const char *argv0)
{
	static char buf[4096];
	char comm[32], state = 0, *close_paren;
	int pid = 0, ppid = 0, fields = 0;
	const char *base =
		strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;

	if (!CHECK("stat.read", slurp("/proc/self/stat", buf, sizeof(buf)) > 0))
		return;
	/* "pid (comm) state ppid ...": comm may hold spaces, so cut at
	 * the last ')' */
	close_paren = strrchr(buf, ')');
	CHECK("stat.parse",
	      sscanf(buf, "%d (", &pid) == 1 && close_paren &&
		      sscanf(close_paren + 1, " %c %d", &state, &ppid) == 2);
	CHECK_EQ("stat.pid", pid, getpid());
	CHECK_EQ("stat.ppid", ppid, getppid());
	CHECK_EQ("stat.state_running", state, 'R');
	snprintf(comm, sizeof(comm), "(%.15s)", base);
	CHECK("stat.comm", !strncmp(strchr(buf, '('), comm, strlen(comm)));
	for (char *p = close_paren + 1; *p && *p != '\n'; p++)
		if (*p == ' ')
			fields++;
	/* 52 fields since Linux 3.5: 50 after "pid (comm)" */
	CHECK_EQ("stat.field_count", fields + 2, 52);
	CHECK("stat.newline", buf[strlen(buf) - 1] == '\n');
}

static void test_status(void)
{
	static char buf[4096];
	const char *v;

	if (!CHECK("status.read",
		   slurp("/proc/self/status", buf, sizeof(buf)) > 0))
		return;
	v = field(buf, "Pid");
	CHECK("status.pid", v && atoi(v) == getpid());
	v = field(buf, "PPid");
	CHECK("status.ppid", v && atoi(v) == getppid());
	v = field(buf, "State");
	CHECK("status.state", v && !strncmp(v, "\tR (running)", 12));
	v = field(buf, "Uid");
	CHECK("status.uid", v && (unsigned)atoi(v) == getuid());
	v = field(buf, "Threads");
	CHECK("status.threads", v && atoi(v) == 1);
	v = field(buf, "Umask");
	CHECK("status.umask", v && strtol(v, NULL, 8) == 022);
	v = field(buf, "FDSize");
	CHECK("status.fdsize", v && atoi(v) == 64);
	v = field(buf, "VmRSS");
	CHECK("status.vmrss_kb", v && atol(v) > 0 && strstr(v, " kB\n"));
	CHECK("status.name_first", !strncmp(buf, "Name:\t", 6));
	{
		static const char *const names[] = {
			"Name",
			"Umask",
			"State",
			"Tgid",
			"Ngid",
			"Pid",
			"PPid",
			"TracerPid",
			"Uid",
			"Gid",
			"FDSize",
			"Groups",
			"NStgid",
			"NSpid",
			"NSpgid",
			"NSsid",
			"VmPeak",
			"VmSize",
			"VmLck",
			"VmPin",
			"VmHWM",
			"VmRSS",
			"RssAnon",
			"RssFile",
			"RssShmem",
			"VmData",
			"VmStk",
			"VmExe",
			"VmLib",
			"VmPTE",
			"VmSwap",
			"HugetlbPages",
			"CoreDumping",
			"THP_enabled",
			"Threads",
			"SigQ",
			"SigPnd",
			"ShdPnd",
			"SigBlk",
			"SigIgn",
			"SigCgt",
			"CapInh",
			"CapPrm",
			"CapEff",
			"CapBnd",
			"CapAmb",
			"NoNewPrivs",
			"Seccomp",
			"Seccomp_filters",
			"Speculation_Store_Bypass",
			"SpeculationIndirectBranch",
			"Cpus_allowed",
			"Cpus_allowed_list",
			"Mems_allowed",
			"Mems_allowed_list",
			"voluntary_ctxt_switches",
			"nonvoluntary_ctxt_switches",
		};
		size_t n = sizeof(names) / sizeof(names[0]);

		CHECK_EQ("status.linux_lines", lines_in_order(buf, names, n),
			 n);
	}
	v = field(buf, "CapEff");
	CHECK("status.cap_eff_root",
	      v && (getuid() != 0 || strtoull(v, NULL, 16) != 0));
	v = field(buf, "Cpus_allowed_list");
	{
		char want[32];
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		if (n > 1)
			snprintf(want, sizeof(want), "\t0-%ld\n", n - 1);
		else
			snprintf(want, sizeof(want), "\t0\n");
		CHECK("status.cpus_allowed_list",
		      v && !strncmp(v, want, strlen(want)));
	}
}

static void test_statm(void)
{
	char buf[256];
	unsigned long v[7];

	CHECK("statm.read", slurp("/proc/self/statm", buf, sizeof(buf)) > 0);
	CHECK_EQ("statm.seven",
		 sscanf(buf, "%lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2],
			&v[3], &v[4], &v[5], &v[6]),
		 7);
	CHECK("statm.size_ge_resident", v[0] >= v[1] && v[1] > 0);
}

/* cmdline and environ: the NUL-terminated strings, one after another. */
static void test_strings(int argc, char **argv, char **envp)
{
	static char buf[65536], want[65536];
	size_t len = 0;
	long n;

	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]) + 1;

		memcpy(want + len, argv[i], l);
		len += l;
	}
	n = slurp("/proc/self/cmdline", buf, sizeof(buf));
	CHECK_EQ("cmdline.length", n, (long)len);
	CHECK("cmdline.argv", n == (long)len && !memcmp(buf, want, len));

	len = 0;
	for (char **e = envp; *e && len < sizeof(want) - 4096; e++) {
		size_t l = strlen(*e) + 1;

		memcpy(want + len, *e, l);
		len += l;
	}
	n = slurp("/proc/self/environ", buf, sizeof(buf));
	CHECK_EQ("environ.length", n, (long)len);
	CHECK("environ.envp", n == (long)len && !memcmp(buf, want, len));
}

static void test_maps(const char *exe)
{
	static char buf[65536];
	int stack = 0, exe_lines = 0, bad = 0;

	CHECK("maps.read", slurp("/proc/self/maps", buf, sizeof(buf)) > 0);
	for (char *l = buf; *l;) {
		char *nl = strchr(l, '\n'), perms[8];
		unsigned long lo, hi, off, ino;
		unsigned int maj, min;
		int name = 0;

		if (nl)
			*nl = '\0';
		if (sscanf(l, "%lx-%lx %7s %lx %x:%x %lu %n", &lo, &hi, perms,
			   &off, &maj, &min, &ino, &name) < 7 ||
		    lo >= hi || strlen(perms) != 4)
			bad++;
		if (strstr(l, "[stack]"))
			stack++;
		if (name && !strcmp(l + name, exe))
			exe_lines++;
		if (!nl)
			break;
		l = nl + 1;
	}
	CHECK_EQ("maps.lines_parse", bad, 0);
	CHECK_EQ("maps.stack", stack, 1);
	CHECK("maps.executable", exe_lines > 0);
}

/* The maps line of the area starting at @addr, into @line; 0 if none. */
static int maps_line_at(void *addr, char *line, size_t cap)
{
	static char buf[65536];
	char want[32];
	int n = snprintf(want, sizeof(want), "%08lx-", (unsigned long)addr);

	if (slurp("/proc/self/maps", buf, sizeof(buf)) <= 0)
		return 0;
	for (char *l = buf; *l;) {
		char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		if (!strncmp(l, want, (size_t)n) && len < cap) {
			memcpy(line, l, len);
			line[len] = '\0';
			return 1;
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	return 0;
}

/* Anonymous areas: private ones have no name, shared ones are /dev/zero's. */
static void test_maps_anon(void)
{
	char line[512], perms[8], dev[8];
	unsigned long ino = 99, off = 99;
	void *priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *shared =
		mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int name = 0;

	CHECK("maps.anon_private_listed",
	      priv != MAP_FAILED && maps_line_at(priv, line, sizeof(line)));
	CHECK("maps.anon_private_fields",
	      sscanf(line, "%*x-%*x %7s %lx %7s %lu %n", perms, &off, dev, &ino,
		     &name) == 4 &&
		      !strcmp(perms, "rw-p") && off == 0 &&
		      !strcmp(dev, "00:00") && ino == 0 && line[name] == '\0');
	CHECK("maps.anon_shared_listed",
	      shared != MAP_FAILED && maps_line_at(shared, line, sizeof(line)));
	name = 0;
	CHECK("maps.anon_shared_fields",
	      sscanf(line, "%*x-%*x %7s %lx %7s %lu %n", perms, &off, dev, &ino,
		     &name) == 4 &&
		      !strcmp(perms, "r--s") && !strcmp(dev, "00:01") &&
		      !strcmp(line + name, "/dev/zero (deleted)"));
	munmap(priv, 8192);
	munmap(shared, 4096);
}

static void test_links(void)
{
	char path[PATH_MAX], link[PATH_MAX], name[32];
	ssize_t n;
	int fd, found = 0;
	DIR *d;
	struct dirent *e;

	abi_tmpdir();
	n = readlink("/proc/self/cwd", link, sizeof(link) - 1);
	CHECK("cwd.link", n > 0 && (link[n] = '\0', !strcmp(link, abi_dir)));
	n = readlink("/proc/self/root", link, sizeof(link) - 1);
	CHECK("root.link", n == 1 && link[0] == '/');

	fd = open("file", O_CREAT | O_RDWR, 0644);
	CHECK("fd.open", fd >= 0);
	snprintf(path, sizeof(path), "%s/file", abi_dir);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	n = readlink(name, link, sizeof(link) - 1);
	CHECK("fd.readlink", n > 0 && (link[n] = '\0', !strcmp(link, path)));
	/* the link is followed to the file itself */
	CHECK_EQ("fd.follow", write(fd, "x", 1), 1);
	{
		struct stat a, b;

		CHECK("fd.same_file", stat(name, &a) == 0 &&
					      fstat(fd, &b) == 0 &&
					      a.st_ino == b.st_ino);
	}
	d = opendir("/proc/self/fd");
	snprintf(name, sizeof(name), "%d", fd);
	while (d && (e = readdir(d)) != NULL)
		found += !strcmp(e->d_name, name);
	if (d)
		closedir(d);
	CHECK_EQ("fd.listed", found, 1);
	{
		/* the link's owner bits say how the file is open */
		static const struct {
			int flags;
			unsigned int mode;
		} modes[] = { { O_RDONLY, 0500 },
			      { O_WRONLY, 0300 },
			      { O_RDWR, 0700 } };
		int bad = 0;

		for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
			int f = open("file", modes[i].flags);
			char p[64];
			struct stat st;

			snprintf(p, sizeof(p), "/proc/self/fd/%d", f);
			if (f < 0 || lstat(p, &st) != 0 ||
			    !S_ISLNK(st.st_mode) ||
			    (st.st_mode & 07777) != modes[i].mode)
				bad++;
			close(f);
		}
		CHECK_EQ("fd.link_modes", bad, 0);
	}
	close(fd);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	CHECK_ERR("fd.closed_enoent", readlink(name, link, sizeof(link)),
		  ENOENT);
	unlink("file");
	{
		/* files without a name: "pipe:[N]" and "socket:[N]" */
		int p[2], sv[2];

		if (pipe(p) == 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
			snprintf(name, sizeof(name), "/proc/self/fd/%d", p[0]);
			n = readlink(name, link, sizeof(link) - 1);
			CHECK("fd.pipe_link", n > 0 && (link[n] = '\0',
							!strncmp(link, "pipe:[", 6)));
			snprintf(name, sizeof(name), "/proc/self/fd/%d", sv[0]);
			n = readlink(name, link, sizeof(link) - 1);
			CHECK("fd.socket_link",
			      n > 0 && (link[n] = '\0',
					!strncmp(link, "socket:[", 8)));
			close(p[0]);
			close(p[1]);
			close(sv[0]);
			close(sv[1]);
		}
	}
}

static void test_exe(const char *argv0)
{
	char link[PATH_MAX];
	const char *base;
	ssize_t n = readlink("/proc/self/exe", link, sizeof(link) - 1);

	CHECK("exe.readlink", n > 0);
	link[n > 0 ? n : 0] = '\0';
	/* the program's absolute path: the runner starts /abi/t/PROG */
	base = strrchr(link, '/');
	CHECK("exe.path",
	      link[0] == '/' && base && !strcmp(base + 1, abi_prog));
	test_maps(n > 0 ? link : argv0);
}

static void test_meminfo(void)
{
	static char buf[8192];
	const char *t, *f, *a;

	CHECK("meminfo.read", slurp("/proc/meminfo", buf, sizeof(buf)) > 0);
	t = field(buf, "MemTotal");
	f = field(buf, "MemFree");
	a = field(buf, "MemAvailable");
	CHECK("meminfo.fields",
	      t && f && a && field(buf, "SwapTotal") && field(buf, "Cached"));
	CHECK("meminfo.total_ge_free",
	      t && f && atol(t) >= atol(f) && atol(f) > 0);
	/* Linux 6.1's x86-64 lines (Debian's build), in its order */
	{
		static const char *const names[] = {
			"MemTotal",	  "MemFree",
			"MemAvailable",	  "Buffers",
			"Cached",	  "SwapCached",
			"Active",	  "Inactive",
			"Active(anon)",	  "Inactive(anon)",
			"Active(file)",	  "Inactive(file)",
			"Unevictable",	  "Mlocked",
			"SwapTotal",	  "SwapFree",
			"Zswap",	  "Zswapped",
			"Dirty",	  "Writeback",
			"AnonPages",	  "Mapped",
			"Shmem",	  "KReclaimable",
			"Slab",		  "SReclaimable",
			"SUnreclaim",	  "KernelStack",
			"PageTables",	  "SecPageTables",
			"NFS_Unstable",	  "Bounce",
			"WritebackTmp",	  "CommitLimit",
			"Committed_AS",	  "VmallocTotal",
			"VmallocUsed",	  "VmallocChunk",
			"Percpu",	  "HardwareCorrupted",
			"AnonHugePages",  "ShmemHugePages",
			"ShmemPmdMapped", "FileHugePages",
			"FilePmdMapped",  "HugePages_Total",
			"HugePages_Free", "HugePages_Rsvd",
			"HugePages_Surp", "Hugepagesize",
			"Hugetlb",	  "DirectMap4k",
			"DirectMap2M",	  "DirectMap1G",
		};
		size_t n = sizeof(names) / sizeof(names[0]);

		CHECK_EQ("meminfo.linux_lines", lines_in_order(buf, names, n),
			 n);
	}
	CHECK("meminfo.first_line",
	      !strncmp(buf, "MemTotal:", 9) && strstr(buf, " kB\n"));
}

static void test_system_files(void)
{
	static char buf[8192];
	double up = -1, idle = -1, l1 = -1;
	unsigned long long user, nice;
	int run, all, last;

	CHECK("uptime.parse", slurp("/proc/uptime", buf, sizeof(buf)) > 0 &&
				      sscanf(buf, "%lf %lf", &up, &idle) == 2 &&
				      up > 0);
	CHECK("loadavg.parse", slurp("/proc/loadavg", buf, sizeof(buf)) > 0 &&
				       sscanf(buf, "%lf %*f %*f %d/%d %d", &l1,
					      &run, &all, &last) == 4 &&
				       run >= 1 && all >= run);
	CHECK("stat.cpu_line",
	      slurp("/proc/stat", buf, sizeof(buf)) > 0 &&
		      sscanf(buf, "cpu  %llu %llu", &user, &nice) == 2);
	CHECK("stat.cpu0", strstr(buf, "\ncpu0 ") != NULL);
	CHECK("stat.btime", strstr(buf, "\nbtime ") != NULL);
	CHECK("cpuinfo.processor",
	      slurp("/proc/cpuinfo", buf, sizeof(buf)) > 0 &&
		      !strncmp(buf, "processor\t: 0\n", 14));
	CHECK("cpuinfo.lines",
	      strstr(buf, "\ncpu family\t: ") && strstr(buf, "\nmodel\t\t: ") &&
		      strstr(buf, "\ncpu MHz\t\t: ") &&
		      strstr(buf, "\nflags\t\t: ") && strstr(buf, " sse2 ") &&
		      strstr(buf, "\nbogomips\t: ") &&
		      strstr(buf, "\npower management:\n\n"));
	CHECK("version.linux", slurp("/proc/version", buf, sizeof(buf)) > 0 &&
				       !strncmp(buf, "Linux version ", 14));
	CHECK("mounts.proc", slurp("/proc/mounts", buf, sizeof(buf)) > 0 &&
				     strstr(buf, "proc /proc proc rw") != NULL);
	CHECK("mounts.self_link",
	      slurp("/proc/self/mounts", buf + 4096, 4096) > 0 &&
		      !strcmp(buf, buf + 4096));
	CHECK("filesystems.proc",
	      slurp("/proc/filesystems", buf, sizeof(buf)) > 0 &&
		      strstr(buf, "nodev\tproc\n") != NULL);
}

/* statfs: proc's magic, and no blocks for df to show */
static void test_statfs(void)
{
	struct statfs sf;
	int fd;

	CHECK("statfs.proc_magic", statfs("/proc", &sf) == 0 &&
					   sf.f_type == 0x9fa0 &&
					   sf.f_blocks == 0);
	CHECK("statfs.pid_dir",
	      statfs("/proc/self/fd", &sf) == 0 && sf.f_type == 0x9fa0);
	{
		struct stat st;

		/* proc's directories and files have no size */
		CHECK("stat.dir_size_zero", stat("/proc/self/fd", &st) == 0 &&
						    S_ISDIR(st.st_mode) &&
						    st.st_size == 0);
		CHECK("stat.file_size_zero",
		      stat("/proc/meminfo", &st) == 0 && st.st_size == 0);
	}
	fd = open("/proc/self/stat", O_RDONLY);
	CHECK("fstatfs.pid_file",
	      fd >= 0 && fstatfs(fd, &sf) == 0 && sf.f_type == 0x9fa0);
	close(fd);
}

/* The init process is listed, with its own files. */
static void test_other_pid(void)
{
	char buf[512];
	int found = 0;
	DIR *d = opendir("/proc");
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL)
		found += !strcmp(e->d_name, "1");
	if (d)
		closedir(d);
	CHECK_EQ("pid1.listed", found, 1);
	CHECK("pid1.stat", slurp("/proc/1/stat", buf, sizeof(buf)) > 0 &&
				   !strncmp(buf, "1 (", 3));
}

static void test_errors(void)
{
	char buf[64];
	int fd;

	CHECK_ERR("nopid.open", open("/proc/999999/stat", O_RDONLY), ENOENT);
	CHECK_ERR("nopid.dir", access("/proc/999999", F_OK), ENOENT);
	CHECK_ERR("nofile.open", open("/proc/self/nosuchfile", O_RDONLY),
		  ENOENT);
	/* /proc says a name it does not have does not exist */
	CHECK_ERR("create.enoent",
		  open("/proc/newfile", O_CREAT | O_WRONLY, 0644), ENOENT);
	/* root may open them for writing; the write fails */
	fd = open("/proc/self/stat", O_WRONLY);
	CHECK("pidfile.open_wr", fd >= 0);
	CHECK_ERR("pidfile.write", write(fd, "1", 1), EINVAL);
	close(fd);
	fd = open("/proc/meminfo", O_WRONLY);
	CHECK("sysfile.open_wr", fd >= 0);
	CHECK_ERR("sysfile.write", write(fd, "1", 1), EIO);
	close(fd);
	(void)buf;
}

int main(int argc, char **argv, char **envp)
{
	abi_start(argv[0]);
	test_self();
	test_stat(argv[0]);
	test_status();
	test_statm();
	test_strings(argc, argv, envp);
	test_exe(argv[0]);
	test_links();
	test_maps_anon();
	test_meminfo();
	test_system_files();
	test_other_pid();
	test_statfs();
	test_errors();
	return abi_end();
}
