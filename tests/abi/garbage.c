/* SPDX-License-Identifier: MIT */
/* garbage.c - bad input never brings the kernel down: a forked child calls
 * every x86-64 system call (0..334, 424..462) many times with garbage
 * arguments, then the parent checks that the kernel still works.
 *
 * Arguments come from a fixed pool (0, -1, small integers, random 64-bit
 * values, kernel and unmapped addresses, huge lengths, negative
 * descriptors, pointers to scratch pages and to path strings), drawn by a
 * PRNG seeded from (round, call number): every run repeats the same calls.
 * Calls that would legitimately end or wreck the test process, its parent
 * or the machine are skipped or have an argument tamed; each rule is in
 * tame() (garbage_tame.h) and listed in docs/abi-tests.md.
 *
 * The child logs each call (number, arguments, round) to a shared page
 * before making it, so the parent can name the call when the child dies
 * or stops making progress. A periodic SIGALRM interrupts calls that
 * block. Building with -DGARBAGE_TRACE also prints each call before it
 * is made, for a kernel that panics.
 */
#include "abi.h"

#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#include "garbage_tame.h"

#define ROUNDS	     100
#define STALL_MS     5000  /* no progress for this long: stuck */
#define BUDGET_MS    24000 /* the whole run, all restarts */
#define MAX_RESTARTS 4

struct glog {
	volatile uint64_t seq; /* calls started */
	volatile long phase;   /* 1 main rounds, 2 credentials, 3 done */
	volatile long round;
	volatile long nr;
	volatile unsigned long a[6];
	volatile long index;		/* round * 512 + nr */
	volatile uint64_t nok, nenosys; /* successes, ENOSYS answers */
};

static struct glog *glog;
static uint64_t calls; /* the child's own count, to check the log page */
/* Never mapped: mmap without MAP_FIXED fills holes near the libraries and
 * the stack, and MAP_FIXED acts only in the region. */
static const unsigned long unmapped = 0x2000000000UL;
static uint64_t variant; /* from the program's name: each build its own calls */
static char dir[64];

/* splitmix64: small, good enough, and reproducible. */
static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long pick(uint64_t *s, int pointers)
{
	static const unsigned long kaddr[] = { KADDR1, KADDR2,
					       0xffffffffff600000UL,
					       0xfffffffffffff000UL };
	static const unsigned long huge[] = {
		1UL << 62,    1UL << 63,    0x7fffffffffffffffUL,
		0xffffffffUL, 0x80000000UL, 0x7fffffffUL,
		1UL << 32
	};
	static const long negfd[] = { -2, -9, -100, -4096, INT32_MIN };
	uint64_t r = mix(s), v = r >> 8;

	switch (r % (pointers ? 13 : 10)) {
	case 0:
		return 0;
	case 1:
		return ~0UL;
	case 2:
	case 3:
		return v % 16;
	case 4:
		return mix(s);
	case 5:
		return kaddr[v % 4];
	case 6: {
		unsigned long u[] = { 0x1000, unmapped, 0x7ffffffff000UL,
				      0x800000000000UL };
		return u[v % 4];
	}
	case 7:
		return huge[v % 7];
	case 8:
		/* negative descriptors, as long and as 32-bit int */
		return v & 1 ? (unsigned long)negfd[(v >> 1) % 5]
			     : (unsigned int)negfd[(v >> 1) % 5];
	case 9:
		return 1UL << (v % 32);
	case 10:
	case 11: {
		static const unsigned long off[] = {
			0, 8, 64, 512, 4088, 8064
		};
		return (unsigned long)scratch + off[v % 6];
	}
	default:
		return (unsigned long)paths + 64 * (v % 6);
	}
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Our signal state: SIGALRM every 5 ms interrupts a blocked call; every
 * other catchable signal is ignored (a real fault still kills). */
static void signals(int first)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 5000 }, { 0, 5000 } };
	sigset_t none;
	int s;

	memset(&sa, 0, sizeof(sa));
	if (first) {
		sa.sa_handler = SIG_IGN;
		for (s = 1; s < 65; s++)
			if (s != SIGKILL && s != SIGSTOP && s != SIGALRM)
				sigaction(s, &sa, NULL);
	}
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void fill_scratch(uint64_t seed)
{
	uint64_t s = seed;
	unsigned long *w = (unsigned long *)scratch;
	/* only names in our directory: a path outside it, /dev/null say,
	 * would be renamed or unlinked for every program after this one */
	static const char *const names[] = { "/f", "/d", "/d/x",
					     "/p", "/s", "/d/.." };
	unsigned long i;

	for (i = 0; i < 2 * PAGE / sizeof(*w); i++)
		w[i] = pick(&s, 1);
	memset(paths, 0, PAGE);
	for (i = 0; i < 6; i++)
		snprintf(paths + 64 * i, 64, "%s%s", dir, names[i]);
}

#ifdef GARBAGE_TRACE
static int trace_fd = -1;
#endif

static void call(long round, long nr)
{
	uint64_t s = variant ^ 0x6a09e667f3bcc908ULL ^ ((uint64_t)round << 32) ^
		     (uint64_t)nr * 0x100000001b3ULL;
	unsigned long a[6];
	int i;

	for (i = 0; i < 6; i++)
		a[i] = pick(&s, 1);
	if (!tame(nr, a))
		return;
	glog->round = round;
	glog->nr = nr;
	for (i = 0; i < 6; i++)
		glog->a[i] = a[i];
	glog->index = round * 512 + nr;
	glog->seq = ++calls;
#ifdef GARBAGE_TRACE
	{
		char b[200];
		int n = snprintf(b, sizeof(b),
				 "TRACE %ld %ld %lx %lx %lx %lx %lx %lx\n",
				 round, nr, a[0], a[1], a[2], a[3], a[4], a[5]);

		write(trace_fd, b, (size_t)n);
	}
#endif
	errno = 0;
	if (syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]) != -1)
		glog->nok++;
	else if (errno == ENOSYS)
		glog->nenosys++;
	if (glog->seq != calls) /* something wrote over the log page */
		_exit(21);
	switch (nr) {
	case SYS_rt_sigprocmask:
	case SYS_rt_sigaction:
	case SYS_alarm:
	case SYS_setitimer:
		signals(0);
	}
}

static void close_extra(void)
{
	int fd;

	if (syscall(436 /* close_range */, 3, ~0U, 0) == 0)
		return;
	for (fd = 3; fd < 256; fd++)
#ifdef GARBAGE_TRACE
		if (fd != trace_fd)
#endif
			close(fd);
}

static int is_nr(long nr)
{
	return (nr >= 0 && nr <= 334) || (nr >= 424 && nr <= 462);
}

/* The credential calls, in a grandchild: they drop root for good. */
static int creds(void)
{
	pid_t pid;
	int st;
	long r;
	unsigned int i;

	signal(SIGCHLD, SIG_DFL); /* ignored, it would reap for us */
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		glog->phase = 2;
		for (r = 0; r < ROUNDS; r++)
			for (i = 0; i < sizeof(cred_nrs) / sizeof(cred_nrs[0]);
			     i++) {
				uint64_t s = variant ^ 0xbb67ae8584caa73bULL ^
					     ((uint64_t)r << 32) ^
					     (uint64_t)cred_nrs[i];
				unsigned long a[6];
				int k;

				for (k = 0; k < 6; k++)
					a[k] = pick(&s, 1);
				glog->round = r;
				glog->nr = cred_nrs[i];
				for (k = 0; k < 6; k++)
					glog->a[k] = a[k];
				glog->seq++;
				syscall(cred_nrs[i], a[0], a[1], a[2], a[3],
					a[4], a[5]);
			}
		_exit(0);
	}
	while (waitpid(pid, &st, 0) != pid)
		if (errno != EINTR)
			return 2;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 3;
}

static int child(long start)
{
	int fd = open("/dev/null", O_RDWR);
	struct rlimit rl;
	long round, nr;
	void *p;

	if (fd < 0)
		return 10;
#ifdef GARBAGE_TRACE
	trace_fd = fcntl(1, F_DUPFD, 200);
#endif
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close_extra();
	tame_confine(256UL << 20);
	if (chdir(dir) != 0)
		return 11;
	p = mmap(NULL, REGION_PAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 12;
	region = (unsigned long)p;
	self_pid = getpid();
	/* the log page with its guards, our image and our stack: out of
	 * the calls' reach */
	if (tame_protect((unsigned long)glog - PAGE,
			 (unsigned long)glog + 2 * PAGE) ||
	    tame_protect_self(&rl))
		return 12;
	signals(1);
	glog->phase = 1;
	for (round = start / 512; round < ROUNDS; round++) {
		fill_scratch(variant ^
			     (0x3c6ef372fe94f82bULL + (uint64_t)round));
		for (nr = round == start / 512 ? start % 512 : 0; nr < 463;
		     nr++)
			if (is_nr(nr))
				call(round, nr);
		close_extra();
		if (chdir(dir) != 0)
			chdir("/");
	}
	if (creds() != 0)
		return 13;
	glog->phase = 3;
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void describe(char *b, size_t n)
{
	snprintf(b, n,
		 "phase %ld round %ld syscall %ld (%#lx, %#lx, %#lx, %#lx, "
		 "%#lx, %#lx)",
		 glog->phase, glog->round, glog->nr, glog->a[0], glog->a[1],
		 glog->a[2], glog->a[3], glog->a[4], glog->a[5]);
}

static void test_garbage(void)
{
	long start = 0, t0 = now_ms();
	int restarts = 0, ok = 0;
	char first[320] = "", b[256], sb[48];

	for (;;) {
		uint64_t seq = 0;
		long last = now_ms();
		int st = 0, how = 0; /* 1 ended, 2 stalled, 3 over budget */
		pid_t pid;

		memset(glog, 0, sizeof(*glog));
		pid = fork();
		if (pid < 0) {
			snprintf(first, sizeof(first), "fork: %s",
				 strerror(errno));
			break;
		}
		if (pid == 0)
			_exit(child(start));
		while (!how) {
			struct timespec ts = { 0, 50 * 1000000 };

			nanosleep(&ts, NULL);
			if (waitpid(pid, &st, WNOHANG) == pid)
				how = 1;
			else if (glog->seq != seq) {
				seq = glog->seq;
				last = now_ms();
			} else if (now_ms() - last > STALL_MS)
				how = 2;
			if (!how && now_ms() - t0 > BUDGET_MS)
				how = 3;
		}
		describe(b, sizeof(b));
		if (how == 1 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			abi_note("%llu calls in %ld ms: %llu succeeded, %llu "
				 "ENOSYS",
				 (unsigned long long)glog->seq, now_ms() - t0,
				 (unsigned long long)glog->nok,
				 (unsigned long long)glog->nenosys);
			ok = first[0] == 0;
			break;
		}
		if (how != 1) {
			long w;

			kill(pid, SIGKILL);
			for (w = 0; w < 40 && waitpid(pid, &st, WNOHANG) != pid;
			     w++) {
				struct timespec ts = { 0, 50 * 1000000 };

				nanosleep(&ts, NULL);
			}
			if (w == 40)
				abi_note("the child did not die of SIGKILL");
		}
		abi_note("child %s at %s",
			 how == 2   ? "made no progress for 5 s"
			 : how == 3 ? "ran out of time"
				    : abi_status_str(st, sb, sizeof(sb)),
			 b);
		if (!first[0])
			snprintf(first, sizeof(first), "child %s at %s",
				 how == 2 ? "stalled"
				 : how == 3
					 ? "ran out of time"
					 : abi_status_str(st, sb, sizeof(sb)),
				 b);
		if (how == 3 || glog->phase != 1 || ++restarts > MAX_RESTARTS)
			break;
		start = glog->index + 1; /* go on after the culprit */
	}
	abi_report(ok, "completed", "%s", first);
}

static int exit_zero(void *arg)
{
	(void)arg;
	return 0;
}

static void test_still_works(void)
{
	int p[2], ok;
	char c = 0;
	char *m;

	CHECK_EQ("still_works.getpid", syscall(SYS_getpid), self_pid);
	ok = pipe(p) == 0;
	if (ok) {
		ok = write(p[1], "k", 1) == 1 && read(p[0], &c, 1) == 1 &&
		     c == 'k';
		close(p[0]);
		close(p[1]);
	}
	CHECK("still_works.pipe", ok);
	m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok = m != MAP_FAILED;
	if (ok) {
		m[0] = 1;
		m[2 * PAGE] = 2;
		ok = m[0] + m[2 * PAGE] == 3 && m[PAGE] == 0 &&
		     munmap(m, 3 * PAGE) == 0;
	}
	CHECK("still_works.mmap", ok);
	CHECK_CHILD_OK("still_works.fork", abi_in_child(exit_zero, NULL));
}

int main(int argc, char **argv)
{
	unsigned char *m;

	(void)argc;
	abi_start(argv[0]);
	for (m = (unsigned char *)strchr(abi_prog, '.'); m && *m; m++)
		variant = (variant ^ *m) * 0x100000001b3ULL;
	snprintf(dir, sizeof(dir), "/tmp/garbage.%d", (int)getpid());
	mkdir(dir, 0777);
	{
		char f[96];
		int fd;

		snprintf(f, sizeof(f), "%s/d", dir);
		mkdir(f, 0777);
		snprintf(f, sizeof(f), "%s/p", dir); /* opens block: EINTR */
		mkfifo(f, 0666);
		snprintf(f, sizeof(f), "%s/s", dir);
		symlink("f", f);
		snprintf(f, sizeof(f), "%s/f", dir);
		fd = open(f, O_CREAT | O_WRONLY, 0666);
		if (fd >= 0) {
			write(fd, "garbage\n", 8);
			close(fd);
		}
	}
	self_pid = getpid();
	/* the log page between two guards; scratch: 2 pages, a guard;
	 * paths: 1 page, a guard. A write run long from a pointer of ours
	 * meets a guard, never the log. */
	glog = mmap(NULL, 3 * PAGE, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1,
		    0);
	m = mmap(NULL, 5 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (glog == MAP_FAILED || m == MAP_FAILED) {
		abi_report(0, "completed", "mmap: %s", strerror(errno));
		return abi_end();
	}
	glog = (struct glog *)((char *)glog + PAGE);
	mprotect(glog, PAGE, PROT_READ | PROT_WRITE);
	mprotect(m, 2 * PAGE, PROT_READ | PROT_WRITE);
	mprotect(m + 3 * PAGE, PAGE, PROT_READ | PROT_WRITE);
	scratch = m;
	paths = (char *)m + 3 * PAGE;
	test_garbage();
	self_pid = getpid();
	test_still_works();
	return abi_end();
}
