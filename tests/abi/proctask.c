/* SPDX-License-Identifier: MIT */
/* proctask.c - /proc's views of threads and of rights: task/TID and
 * thread-self, the signal sets in status and stat, who owns /proc/PID and
 * who may read another process's memory and links. */
#include "procfs.h"

#include <dirent.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

static void on_term(int sig)
{
	(void)sig;
}

/* The signal sets in status and stat, in a child that sets them up. */
static int signal_sets(void *arg)
{
	static char buf[4096];
	unsigned long long pnd = 0, blk = 0, ign = 0, cgt = 0;
	const char *v, *p;
	sigset_t set;
	int i;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGTERM, on_term);
	raise(SIGUSR1);
	if (slurp("/proc/self/status", buf, sizeof(buf)) <= 0)
		return 1;
	v = field(buf, "SigPnd");
	if (!v || strtoull(v, NULL, 16) != 1ull << (SIGUSR1 - 1))
		return 2;
	v = field(buf, "SigBlk");
	if (!v || strtoull(v, NULL, 16) != 1ull << (SIGUSR1 - 1))
		return 3;
	v = field(buf, "SigIgn");
	if (!v || !(strtoull(v, NULL, 16) & 1ull << (SIGUSR2 - 1)))
		return 4;
	v = field(buf, "SigCgt");
	if (!v || !(strtoull(v, NULL, 16) & 1ull << (SIGTERM - 1)))
		return 5;
	if (slurp("/proc/self/stat", buf, sizeof(buf)) <= 0 ||
	    !(p = strrchr(buf, ')')))
		return 6;
	/* fields 31 to 34: signal blocked sigignore sigcatch */
	for (i = 3; i <= 31 && p; i++)
		p = strchr(p + 1, ' ');
	if (!p ||
	    sscanf(p, " %llu %llu %llu %llu", &pnd, &blk, &ign, &cgt) != 4)
		return 7;
	if (pnd != 1ull << (SIGUSR1 - 1) || blk != pnd ||
	    !(ign & 1ull << (SIGUSR2 - 1)) || !(cgt & 1ull << (SIGTERM - 1)))
		return 8;
	return 0;
}

/* The first field of @path (a stat file): the thread's id, or -1. */
static int stat_id(const char *path)
{
	char buf[1024];
	int id = -1;

	if (slurp(path, buf, sizeof(buf)) > 0 && sscanf(buf, "%d", &id) == 1)
		return id;
	return -1;
}

static pthread_mutex_t thr_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t thr_cond = PTHREAD_COND_INITIALIZER;
static int thr_tid, thr_self_ok, thr_done;

static void *thr_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&thr_lock);
	thr_tid = (int)syscall(SYS_gettid);
	/* /proc/thread-self names the calling thread */
	thr_self_ok = stat_id("/proc/thread-self/stat") == thr_tid;
	pthread_cond_broadcast(&thr_cond);
	while (!thr_done)
		pthread_cond_wait(&thr_cond, &thr_lock);
	pthread_mutex_unlock(&thr_lock);
	return NULL;
}

/* task/: one directory per thread, each with the thread's id first. */
static void test_tasks(void)
{
	char path[64], buf[4096];
	const char *v;
	pthread_t th;
	int found = 0;
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)getpid());
	CHECK_EQ("task.leader_stat", stat_id(path), getpid());
	if (!CHECK("task.thread_start",
		   pthread_create(&th, NULL, thr_main, NULL) == 0))
		return;
	pthread_mutex_lock(&thr_lock);
	while (!thr_tid)
		pthread_cond_wait(&thr_cond, &thr_lock);
	pthread_mutex_unlock(&thr_lock);
	d = opendir("/proc/self/task");
	while (d && (e = readdir(d)) != NULL)
		found += atoi(e->d_name) == getpid() ||
			 atoi(e->d_name) == thr_tid;
	if (d)
		closedir(d);
	CHECK_EQ("task.both_listed", found, 2);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", thr_tid);
	CHECK_EQ("task.thread_stat", stat_id(path), thr_tid);
	CHECK("task.thread_self", thr_self_ok);
	slurp("/proc/self/status", buf, sizeof(buf));
	v = field(buf, "Threads");
	CHECK("task.status_threads", v && atoi(v) == 2);
	snprintf(path, sizeof(path), "/proc/self/task/%d/status", thr_tid);
	slurp(path, buf, sizeof(buf));
	v = field(buf, "Pid");
	CHECK("task.status_pid", v && atoi(v) == thr_tid);
	v = field(buf, "Tgid");
	CHECK("task.status_tgid", v && atoi(v) == getpid());
	pthread_mutex_lock(&thr_lock);
	thr_done = 1;
	pthread_cond_broadcast(&thr_cond);
	pthread_mutex_unlock(&thr_lock);
	pthread_join(th, NULL);
}

/*
 * As another user: read-only files refuse a write open and init's
 * environ is its owner's only. Having changed its identity, the process
 * is not dumpable and its own files are root's, until it says otherwise.
 */
static int unprivileged(void *arg)
{
	char buf[256];

	(void)arg;
	if (setgid(65534) || setuid(65534))
		return 1;
	if (open("/proc/meminfo", O_WRONLY) != -1 || errno != EACCES)
		return 2;
	if (open("/proc/self/stat", O_WRONLY) != -1 || errno != EACCES)
		return 3;
	if (open("/proc/1/environ", O_RDONLY) != -1 || errno != EACCES)
		return 4;
	if (open("/proc/self/environ", O_RDONLY) != -1 || errno != EACCES)
		return 5;
	if (slurp("/proc/1/stat", buf, sizeof(buf)) <= 0)
		return 6;
	/* another user's process: its memory and links are closed */
	if (open("/proc/1/maps", O_RDONLY) != -1 || errno != EACCES)
		return 9;
	if (readlink("/proc/1/cwd", buf, sizeof(buf)) != -1 || errno != EACCES)
		return 10;
	if (readlink("/proc/1/exe", buf, sizeof(buf)) != -1 || errno != EACCES)
		return 11;
	/* but its name and state are public */
	if (slurp("/proc/1/cmdline", buf, sizeof(buf)) < 0)
		return 12;
	/* one's own links, even non-dumpable */
	if (readlink("/proc/self/cwd", buf, sizeof(buf)) <= 0)
		return 13;
	if (prctl(PR_SET_DUMPABLE, 1) != 0)
		return 7;
	if (slurp("/proc/self/environ", buf, sizeof(buf)) < 0)
		return 8;
	return 0;
}

int main(int argc, char **argv)
{
	abi_start(argv[0]);
	(void)argc;
	test_tasks();
	CHECK_CHILD_OK("signals.sets", abi_in_child(signal_sets, NULL));
	CHECK_CHILD_OK("unprivileged.perms", abi_in_child(unprivileged, NULL));
	return abi_end();
}
