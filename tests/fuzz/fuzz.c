/* SPDX-License-Identifier: MIT */
/* fuzz.c - the system-call fuzzer's parent: options, the workers it forks
 * and replaces when they die, the watchdog that proves progress, the
 * clean-up and the leak check, and the report (docs/fuzz.md).
 *
 *   fuzz [--seed S] [--calls N] [--procs P] [--threads T] [--single]
 *        [--log] [--stall SECONDS] [--no-leak-check] [--dir DIR]
 *        [--syscalls NR[-NR]] [--stats]
 *
 * Prints `fuzz: seed S` first, then `fuzz: N calls, M workers respawned,
 * ...`, then `PASS fuzz/NAME` or `FAIL fuzz/NAME: why` for the run and
 * the leak check; exits 0 when both passed, 1 otherwise, 2 on a usage
 * error.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/random.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE_SIZE	  4096UL
#define LEAK_SETTLE_TRIES 40 /* 10 s */

struct worker {
	pid_t pid; /* 0: ended for good */
	uint64_t gen;
};

static struct fuzz_opts opts = {
	.calls = 200000, .procs = 4, .threads = 2, .stall_s = 60, .nr_hi = 1000
};
static struct fuzz_shared *sh;
static struct worker workers[FUZZ_MAX_PROCS];
static char dirbuf[64];

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(void)
{
	fuzz_say("usage: fuzz [--seed S] [--calls N] [--procs P] [--threads T] "
		 "[--single] [--log] [--stall SECONDS] [--no-leak-check] "
		 "[--dir DIR] [--syscalls NR[-NR]] [--stats]\n");
	exit(2);
}

static uint64_t number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || !*s || *end)
		usage();
	return v;
}

static void parse(int argc, char **argv)
{
	int seeded = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--single")) {
			opts.single = 1;
			continue;
		}
		if (!strcmp(a, "--log")) {
			opts.log = 1;
			continue;
		}
		if (!strcmp(a, "--stats")) {
			opts.stats = 1;
			continue;
		}
		if (!strcmp(a, "--no-leak-check")) {
			opts.no_leak = 1;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--seed")) {
			opts.seed = number(v);
			seeded = 1;
		} else if (!strcmp(a, "--calls"))
			opts.calls = number(v);
		else if (!strcmp(a, "--procs"))
			opts.procs = (int)number(v);
		else if (!strcmp(a, "--threads"))
			opts.threads = (int)number(v);
		else if (!strcmp(a, "--stall"))
			opts.stall_s = (int)number(v);
		else if (!strcmp(a, "--dir"))
			opts.dir = v;
		else if (!strcmp(a, "--syscalls")) {
			char *end;

			opts.nr_lo = strtol(v, &end, 0);
			opts.nr_hi = *end == '-' ? strtol(end + 1, &end, 0)
						 : opts.nr_lo;
			if (*end || opts.nr_lo < 0 || opts.nr_hi < opts.nr_lo)
				usage();
		} else
			usage();
	}
	if (opts.single)
		opts.procs = opts.threads = 1;
	if (opts.procs < 1 || opts.procs > FUZZ_MAX_PROCS || opts.threads < 1 ||
	    opts.threads > FUZZ_MAX_THREADS || opts.stall_s < 1)
		usage();
	if (!seeded &&
	    getrandom(&opts.seed, sizeof(opts.seed), 0) != sizeof(opts.seed))
		opts.seed = (uint64_t)now_ms() * 0x9e3779b97f4a7c15ULL;
}

/* The directory the workers' paths name, with one of each kind of file:
 * a directory, a FIFO (opens block until the ticker interrupts them), a
 * symbolic link and a regular file. */
static int make_dir(void)
{
	char f[96];
	int fd;

	if (!opts.dir) {
		snprintf(dirbuf, sizeof(dirbuf), "/tmp/fuzz.%d", (int)getpid());
		opts.dir = dirbuf;
	}
	if (mkdir(opts.dir, 0777) && errno != EEXIST)
		return -1;
	snprintf(f, sizeof(f), "%s/d", opts.dir);
	mkdir(f, 0777);
	snprintf(f, sizeof(f), "%s/p", opts.dir);
	mkfifo(f, 0666);
	snprintf(f, sizeof(f), "%s/s", opts.dir);
	symlink("f", f);
	snprintf(f, sizeof(f), "%s/f", opts.dir);
	fd = open(f, O_CREAT | O_WRONLY, 0666);
	if (fd < 0)
		return -1;
	if (write(fd, "fuzz\n", 5) != 5) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * rm -r of what is under @top, to any depth: workers chdir into the
 * directories they make and make more there, so that after millions of
 * calls the tree can be far deeper than a recursion on our stack should
 * go. The walk goes down into a directory it cannot remove, empties it,
 * and comes back up through "..", with one descriptor and one getdents64
 * buffer at a time (opendir would allocate, and the leak check counts
 * the parent's pages too). Modes first: a worker may have left a
 * directory 0. A directory that an emptying did not make removable is
 * not entered again (@stuck, the last 64); @budget bounds the steps.
 */
static void remove_under(int top, long *names, int *deepest)
{
	char buf[2048];
	unsigned long stuck[64] = { 0 };
	unsigned int nstuck = 0;
	long budget = 1000000;
	int cur = dup(top), depth = 0, removed = 0;

	while (cur >= 0 && budget-- > 0) {
		long n = syscall(SYS_getdents64, cur, buf, sizeof(buf)), pos = 0;
		int sub = -1;
		struct stat st;

		while (pos < n && sub < 0) {
			struct dirent *d = (struct dirent *)(buf + pos);
			int skip = 0;

			pos += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			if (!unlinkat(cur, d->d_name, 0) ||
			    !unlinkat(cur, d->d_name, AT_REMOVEDIR)) {
				removed++;
				(*names)++;
				continue;
			}
			for (unsigned int k = 0; k < 64; k++)
				skip |= stuck[k] == d->d_ino;
			if (skip ||
			    (d->d_type != DT_DIR && d->d_type != DT_UNKNOWN))
				continue;
			fchmodat(cur, d->d_name, 0700, 0);
			sub = openat(cur, d->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		}
		if (sub >= 0) { /* down, to empty it first */
			close(cur);
			cur = sub;
			if (++depth > *deepest)
				*deepest = depth;
			removed = 0;
			continue;
		}
		if (n > 0)
			continue; /* the rest of this directory */
		if (removed) {
			/* again: what a sweep removes can hide names from it */
			lseek(cur, 0, SEEK_SET);
			removed = 0;
			continue;
		}
		/* a sweep that removed nothing: as empty as it gets */
		if (depth == 0)
			break;
		if (!fstat(cur, &st))
			stuck[nstuck++ % 64] = st.st_ino;
		sub = openat(cur, "..", O_RDONLY | O_DIRECTORY);
		close(cur);
		cur = sub;
		depth--;
	}
	if (cur >= 0)
		close(cur);
}

static void remove_dir(void)
{
	long names = 0;
	int dfd, deepest = 0;

	chmod(opts.dir, 0700);
	dfd = open(opts.dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		remove_under(dfd, &names, &deepest);
		close(dfd);
	}
	fuzz_say("fuzz: removed %ld names the workers left, %d levels deep\n",
		 names, deepest + 1);
	/* what is left in it would count as a leak: say so */
	if (rmdir(opts.dir))
		fuzz_say("fuzz: cannot remove %s: %s\n", opts.dir,
			 strerror(errno));
}

/* The SysV objects the workers made (where there is no IPC namespace to
 * take them away with the workers). */
static void remove_ipc(void)
{
	unsigned int n =
		sh->ipc_next < FUZZ_IPC_IDS ? sh->ipc_next : FUZZ_IPC_IDS;

	for (unsigned int i = 0; i < n; i++) {
		int kind = sh->ipc_kind[i], id = sh->ipc_ids[i];

		if (kind == 1)
			shmctl(id, IPC_RMID, NULL);
		else if (kind == 2)
			semctl(id, 0, IPC_RMID);
		else if (kind == 3)
			msgctl(id, IPC_RMID, NULL);
	}
}

static pid_t spawn(int w)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fuzz_worker(&opts, sh, w, workers[w].gen));
	if (pid > 0)
		workers[w].pid = pid;
	return pid;
}

static int find_worker(pid_t pid)
{
	for (int w = 0; w < opts.procs; w++)
		if (workers[w].pid == pid)
			return w;
	return -1;
}

/* Why workers ended early, by cause, for the report. */
static unsigned int deaths_by_signal[65], deaths_by_status[256];

static void describe_deaths(char *b, size_t n)
{
	size_t len = 0;

	b[0] = '\0';
	for (int s = 1; s < 65; s++)
		if (deaths_by_signal[s] && len < n)
			len += (size_t)snprintf(b + len, n - len, "%s%s %u",
						len ? ", " : "", strsignal(s),
						deaths_by_signal[s]);
	for (int s = 0; s < 256; s++)
		if (deaths_by_status[s] && len < n)
			len += (size_t)snprintf(
				b + len, n - len, "%sexit %d: %u",
				len ? ", " : "", s, deaths_by_status[s]);
}

static void kill_all(void)
{
	int st;

	for (int w = 0; w < opts.procs; w++)
		if (workers[w].pid > 0)
			kill(workers[w].pid, SIGKILL);
	for (int w = 0; w < opts.procs; w++) {
		long t0 = now_ms();

		while (workers[w].pid > 0 && now_ms() - t0 < 10000) {
			struct timespec ts = { 0, 50000000 };

			if (waitpid(workers[w].pid, &st, WNOHANG) ==
			    workers[w].pid)
				workers[w].pid = 0;
			else
				nanosleep(&ts, NULL);
		}
		if (workers[w].pid > 0)
			fuzz_say("fuzz: worker %d (pid %d) did not die of "
				 "SIGKILL\n",
				 w, (int)workers[w].pid);
	}
}

/*
 * Runs the workers until the budget is spent and all have ended. Returns
 * 0, or 1 with @why filled: a stall, a worker that could not be forked.
 */
static int run(unsigned int *respawns, unsigned int *stops, char *why, size_t n)
{
	static uint64_t seen[FUZZ_MAX_PROCS * FUZZ_MAX_THREADS],
		bad[FUZZ_MAX_PROCS * FUZZ_MAX_THREADS];
	uint64_t last = 0;
	const char *wreck;
	long last_ms = now_ms(), seen_ms = now_ms();
	int live = 0;

	for (int w = 0; w < opts.procs; w++) {
		if (spawn(w) < 0) {
			snprintf(why, n, "fork: %s", strerror(errno));
			kill_all();
			return 1;
		}
		live++;
	}
	while (live) {
		struct timespec ts = { 0, 100000000 };
		pid_t pid;
		int st, w;

		nanosleep(&ts, NULL);
		while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED)) > 0) {
			w = find_worker(pid);
			if (w < 0)
				continue;
			if (WIFSTOPPED(st)) { /* a call stopped it: go on */
				(*stops)++;
				kill(pid, SIGCONT);
				continue;
			}
			workers[w].pid = 0;
			if (WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
			    sh->claimed >= opts.calls) {
				live--;
				continue;
			}
			/* A worker ends by itself only once the budget is
			 * spent (its threads all marked done): exit 0 before
			 * that means the marks were written over, which the
			 * check below names. It is replaced all the same. */
			if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
				fuzz_say("fuzz: worker %d ended with exit 0 "
					 "after %llu of %llu calls\n",
					 w, (unsigned long long)sh->claimed,
					 (unsigned long long)opts.calls);
			if (WIFSIGNALED(st))
				deaths_by_signal[WTERMSIG(st) & 63]++;
			else
				deaths_by_status[WEXITSTATUS(st) & 255]++;
			if (sh->claimed >= opts.calls) {
				live--;
				continue;
			}
			(*respawns)++;
			workers[w].gen++;
			if (spawn(w) < 0) {
				snprintf(why, n, "fork: %s", strerror(errno));
				kill_all();
				return 1;
			}
		}
		/* a stray write of a worker's call into the page: the
		 * figures it holds are no longer to be trusted */
		wreck = fuzz_shared_check(&opts, sh, bad, why, n);
		if (!wreck && sh->claimed < last)
		{
			snprintf(why, n, "the shared page was written over: "
					 "the count of calls went back");
			wreck = why;
		}
		if (wreck) {
			fuzz_say("fuzz: %s: the last call of each worker\n",
				 wreck);
			fuzz_report_slots(&opts, sh, seen);
			kill_all();
			return 1;
		}
		if (sh->claimed != last) {
			last = sh->claimed;
			last_ms = now_ms();
		} else if (now_ms() - last_ms > opts.stall_s * 1000L) {
			fuzz_say("fuzz: no call for %d s (%llu of %llu made): "
				 "the "
				 "last call of each worker\n",
				 opts.stall_s, (unsigned long long)last,
				 (unsigned long long)opts.calls);
			fuzz_report_slots(&opts, sh, seen);
			snprintf(why, n,
				 "no progress for %d s after %llu calls (see "
				 "the workers above)",
				 opts.stall_s, (unsigned long long)last);
			kill_all();
			return 1;
		}
		/* what each thread had done a stall period ago */
		if (now_ms() - seen_ms > opts.stall_s * 1000L / 2) {
			for (w = 0; w < opts.procs; w++)
				for (int t = 0; t < opts.threads; t++)
					seen[w * FUZZ_MAX_THREADS + t] =
						sh->slot[w][t].seq;
			seen_ms = now_ms();
		}
	}
	return 0;
}

static void on_warm_signal(int sig)
{
	(void)sig;
}

/* What a kernel makes once, at its first use, and keeps: in the baseline,
 * not in the leak. Keel keeps the FPU image a signal handler starts
 * with from the first handler it runs. */
static void warm_up(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_warm_signal;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
}

/* Stack the run and the reports may use, faulted in before the baseline
 * so that the parent's own pages do not change the leak check. */
static void prefault_stack(void)
{
	volatile char pad[96 << 10];

	for (size_t i = 0; i < sizeof(pad); i += PAGE_SIZE)
		pad[i] = 0;
}

int main(int argc, char **argv)
{
	struct fuzz_mem before = { 0 }, after = { 0 };
	unsigned int respawns = 0, stops = 0;
	char why[512] = "", deaths[256];
	int ok_run, ok_leak = 1;
	long names_before = 0;
	long t0;
	char *m;

	parse(argc, argv);
	fuzz_say("fuzz: seed %#llx\n", (unsigned long long)opts.seed);
	fuzz_say("fuzz: %llu calls, %d processes x %d threads%s\n",
		 (unsigned long long)opts.calls, opts.procs, opts.threads,
		 opts.single ? " (single: replayable)" : "");
	signal(SIGPIPE, SIG_IGN);
	/* the shared state between two guard pages, all of it touched now */
	m = mmap(NULL, sizeof(*sh) + 2 * PAGE_SIZE, PROT_NONE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED ||
	    mprotect(m + PAGE_SIZE,
		     (sizeof(*sh) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1),
		     PROT_READ | PROT_WRITE)) {
		fuzz_say("FAIL fuzz/run: mmap: %s\n", strerror(errno));
		return 1;
	}
	sh = (struct fuzz_shared *)(m + PAGE_SIZE);
	memset(sh, 0, sizeof(*sh));
	sh->magic_head = sh->magic_tail = FUZZ_MAGIC;
	for (int w = 0; w < FUZZ_MAX_PROCS; w++)
		for (int t = 0; t < FUZZ_MAX_THREADS; t++)
			fuzz_slot_seal(&sh->slot[w][t]);
	prefault_stack();
	warm_up();
	if (!opts.no_leak) {
		/* twice: the first read may fault in the parent's pages */
		fuzz_mem_snapshot(&before);
		names_before = fuzz_count_names(0);
		if (fuzz_mem_snapshot(&before)) {
			fuzz_say("fuzz: no leak check: cannot read "
				 "/proc/meminfo or "
				 "write /proc/sys/vm/drop_caches\n");
			opts.no_leak = 1;
		}
	}
	if (make_dir()) {
		fuzz_say("FAIL fuzz/run: cannot make '%s': %s\n", opts.dir,
			 strerror(errno));
		return 1;
	}
	t0 = now_ms();
	ok_run = !run(&respawns, &stops, why, sizeof(why));
	describe_deaths(deaths, sizeof(deaths));
	fuzz_say(
		"fuzz: %llu calls, %u workers respawned%s%s%s, %llu succeeded, "
		"%llu ENOSYS, %u stops, in %ld ms\n",
		(unsigned long long)(sh->claimed < opts.calls ? sh->claimed
							      : opts.calls),
		respawns, deaths[0] ? " (" : "", deaths, deaths[0] ? ")" : "",
		(unsigned long long)sh->nok, (unsigned long long)sh->nenosys,
		stops, now_ms() - t0);
	if (opts.stats)
		fuzz_report_stats(sh);
	remove_dir();
	remove_ipc();
	if (ok_run)
		fuzz_say("PASS fuzz/run\n");
	else
		fuzz_say("FAIL fuzz/run: %s\n", why);
	if (!opts.no_leak && ok_run) {
		char lw[1024] = "";

		/* what the kernel frees after the fact (the stacks of tasks
		 * that ended, reaped by another task) gets a few seconds */
		for (int i = 0; i < LEAK_SETTLE_TRIES; i++) {
			struct timespec ts = { 0, 250000000 };

			fuzz_mem_snapshot(&after);
			ok_leak = !fuzz_mem_compare(&before, &after, lw,
						    sizeof(lw));
			if (ok_leak) {
				if (i)
					fuzz_say("fuzz: the figures came back "
						 "after "
						 "%d ms\n",
						 i * 250);
				break;
			}
			nanosleep(&ts, NULL);
		}
		fuzz_mem_print("before", &before);
		fuzz_mem_print("after", &after);
		if (ok_leak) {
			fuzz_say("PASS fuzz/leak\n");
		} else {
			fuzz_report_processes();
			fuzz_say("fuzz: names reachable from / (not /proc, "
				 "/sys, /dev): %ld before, %ld after\n",
				 names_before, fuzz_count_names(1));
			fuzz_say("FAIL fuzz/leak: %s\n", lw);
		}
	}
	return ok_run && ok_leak ? 0 : 1;
}
