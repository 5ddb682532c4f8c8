/* SPDX-License-Identifier: MIT */
/* gen.c - the fuzzer's workers: threads that make random system calls
 * with random and adversarial arguments, tamed by the rules of
 * tests/abi/garbage_tame.h so that a call tests the kernel's checks
 * instead of ending the worker, its parent or the machine.
 *
 * Each thread draws from its own splitmix64 stream, seeded from the run's
 * seed, its worker's index and generation and its own index: with one
 * process and one thread (--single) a seed replays the same calls, as
 * long as the kernel gives the same results (descriptors and addresses
 * it returned are reused as later arguments).
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "../abi/garbage_tame.h"

#define POOL_FDS     16
#define POOL_ADDRS   8
#define REFILL_EVERY 64	       /* calls between two refills of the scratch */
#define TICK_NS	     10000000L /* the ticker's period: 10 ms */
#define STACK_SIZE   (64UL << 10) /* each fuzzing thread's, guards apart */

struct fuzz_thread {
	const struct fuzz_opts *o;
	struct fuzz_shared *sh;
	struct fuzz_slot *slot;
	uint64_t rng;
	long last_ret;
	int fds[POOL_FDS]; /* returned lately; closed since, maybe */
	unsigned int nfds;
	unsigned long addrs[POOL_ADDRS]; /* mappings returned lately */
	unsigned long alens[POOL_ADDRS]; /* and their lengths */
	unsigned int naddrs;
	pthread_t th;
	uint64_t nosys[512 / 64]; /* numbers that answered ENOSYS */
};

static struct fuzz_thread threads[FUZZ_MAX_THREADS];
static const char *path_prefix; /* the directory, or "" once chrooted */

/* Never mapped: mmap without MAP_FIXED fills holes near the libraries and
 * the stack, and MAP_FIXED acts only in the region. */
#define UNMAPPED 0x2000000000UL

/* The x86-64 numbers: 0..334 and 424..462. */
#define NR_LOW	335
#define NR_HIGH 39

static long pick_nr(uint64_t r)
{
	r %= NR_LOW + NR_HIGH;
	return r < NR_LOW ? (long)r : (long)(424 + r - NR_LOW);
}

/* A descriptor: one this thread saw returned (maybe closed since), one
 * another worker saw (foreign here), or a standard one. */
static unsigned long pick_fd(struct fuzz_thread *t, uint64_t v)
{
	switch (v % 4) {
	case 0:
	case 1:
		if (t->nfds)
			return (unsigned long)t->fds[(v >> 2) % t->nfds];
		return v % 8;
	case 2:
		return (unsigned long)
			t->sh->foreign[(v >> 2) % FUZZ_FOREIGN_FDS];
	default:
		return (v >> 2) % 64;
	}
}

/* An address in a mapping a call returned, at a small offset that stays
 * inside it (past its end may be the next mapping: ours). */
static unsigned long pick_addr(struct fuzz_thread *t, uint64_t v)
{
	static const unsigned long off[] = { 0, 1, 8, 4088, PAGE, 15 * PAGE };
	unsigned int i;

	if (!t->naddrs)
		return region + (v % REGION_PAGES) * PAGE;
	i = (unsigned int)((v >> 3) % t->naddrs);
	return t->addrs[i] + off[v % 6] % t->alens[i];
}

static unsigned long pick_any(struct fuzz_thread *t);

/* One argument, from every kind of value that tests a check, never an
 * address of our own state (garbage_tame.h's protected ranges). */
static unsigned long pick(struct fuzz_thread *t)
{
	unsigned long v = pick_any(t);

	return tame_protected(v) ? KADDR1 : v;
}

static unsigned long pick_any(struct fuzz_thread *t)
{
	static const unsigned long kaddr[] = { KADDR1, KADDR2,
					       0xffffffffff600000UL,
					       0xfffffffffffff000UL };
	static const unsigned long bad[] = { 0x1000, UNMAPPED, 0x7ffffffff000UL,
					     0x800000000000UL };
	static const unsigned long huge[] = {
		1UL << 62,    1UL << 63,    0x7fffffffffffffffUL,
		0xffffffffUL, 0x80000000UL, 0x7fffffffUL,
		1UL << 32,    ~0UL - 4095
	};
	static const long negfd[] = { -2, -9, -100, -4096, INT32_MIN };
	static const unsigned long soff[] = { 0, 8, 64, 512, 4088, 8064, 8190 };
	uint64_t r = fuzz_mix(&t->rng), v = r >> 8;

	switch (r % 20) {
	case 0:
		return 0;
	case 1:
		return ~0UL;
	case 2:
		return v % 16;
	case 3:
		return v % 4096;
	case 4:
		return fuzz_mix(&t->rng);
	case 5:
		return kaddr[v % 4];
	case 6:
		return bad[v % 4];
	case 7:
		return huge[v % 8];
	case 8:
		/* negative descriptors, as long and as 32-bit int */
		return v & 1 ? (unsigned long)negfd[(v >> 1) % 5]
			     : (unsigned int)negfd[(v >> 1) % 5];
	case 9:
		return 1UL << (v % 64);
	case 10: /* a few flag bits together, or all of a word but one */
		v = (1UL << (v % 32)) | (1UL << ((v >> 5) % 32)) |
		    (1UL << ((v >> 10) % 32));
		return r & 0x100 ? ~v & 0xffffffffUL : v;
	case 11:
	case 12:
		return pick_fd(t, v);
	case 13:
	case 14:
		return (unsigned long)scratch + soff[v % 7];
	case 15:
		return (unsigned long)paths + 64 * (v % 6);
	case 16:
		return pick_addr(t, v);
	case 17:
		return (v % 64) * PAGE;
	case 18:
		return (unsigned long)t->last_ret;
	default:
		return (unsigned long)(int)(0x7fffffff + (v % 3));
	}
}

/* Random words in the scratch pages, pointers and descriptors among them:
 * structures read from it (iovecs, msghdrs, sigevents) hold garbage that
 * points somewhere, sometimes somewhere valid. */
static void refill(struct fuzz_thread *t)
{
	unsigned long *w = (unsigned long *)scratch;

	for (unsigned long i = 0; i < 2 * PAGE / sizeof(*w); i++)
		w[i] = fuzz_mix(&t->rng) & 1 ? pick(t) : fuzz_mix(&t->rng);
}

/* The length of what lies from @v to the end of a mapping a call
 * returned to us, or 0 when @v is in none. */
static unsigned long in_pool(const struct fuzz_thread *t, unsigned long v)
{
	for (unsigned int i = 0; i < t->naddrs; i++)
		if (v >= t->addrs[i] && v < t->addrs[i] + t->alens[i])
			return t->addrs[i] + t->alens[i] - v;
	return 0;
}

/* Scrubs @n bytes at @v, in a mapping a call may have unmapped or made
 * unreadable since: through process_vm_readv/writev on ourselves, which
 * fail where a load or a store would fault. */
static void scrub_mapping(unsigned long v, unsigned long n)
{
	unsigned long buf[32], k = KADDR1;
	unsigned long lo = (v + 7) & ~7UL;
	struct iovec l = { buf, n - (lo - v) }, r = { (void *)lo, l.iov_len };
	long got;

	if (n <= lo - v)
		return;
	if (l.iov_len > sizeof(buf))
		l.iov_len = r.iov_len = sizeof(buf);
	got = syscall(SYS_process_vm_readv, self_pid, &l, 1, &r, 1, 0);
	for (long i = 0; i < got / 8; i++)
		if (tame_protected(buf[i])) {
			struct iovec lw = { &k, 8 }, rw = { (void *)(lo + 8 * i), 8 };

			syscall(SYS_process_vm_writev, self_pid, &lw, 1, &rw, 1,
				0);
		}
}

/* What a call may have written where its pointers point (the memory of
 * ours they name, a few words on): a few calls write addresses of our
 * own state (get_robust_list, arch_prctl's ARCH_GET_FS, sigaltstack...),
 * which a later call would take for an iovec or a buffer. */
static void scrub_after(const struct fuzz_thread *t, const unsigned long *a)
{
	for (int i = 0; i < 6; i++) {
		unsigned long v = a[i], room;

		if (v >= (unsigned long)scratch &&
		    v < (unsigned long)scratch + 2 * PAGE)
			tame_scrub(v, (unsigned long)scratch + 2 * PAGE - v);
		else if (v >= (unsigned long)paths &&
			 v < (unsigned long)paths + PAGE)
			tame_scrub(v, (unsigned long)paths + PAGE - v);
		else if (v >= region && v < region + REGION_PAGES * PAGE)
			scrub_mapping(v, region + REGION_PAGES * PAGE - v);
		else if ((room = in_pool(t, v)) != 0)
			scrub_mapping(v, room);
	}
}

static const short fd_nrs[] = {
	SYS_open,
	SYS_creat,
	SYS_openat,
	437,
	SYS_dup,
	SYS_dup2,
	SYS_dup3,
	SYS_socket,
	SYS_accept,
	SYS_accept4,
	SYS_epoll_create,
	SYS_epoll_create1,
	SYS_eventfd,
	SYS_eventfd2,
	SYS_signalfd,
	SYS_signalfd4,
	SYS_timerfd_create,
	SYS_inotify_init,
	SYS_inotify_init1,
	SYS_memfd_create,
	SYS_userfaultfd,
	434,
	438,
	SYS_fcntl,
	SYS_perf_event_open,
	SYS_fanotify_init,
	SYS_open_by_handle_at,
	425,
	SYS_mq_open,
	430,
	432,
	428,
};

static void keep_fd(struct fuzz_thread *t, int fd)
{
	unsigned int i;

	if (fd < 0 || fd >= 64 || fd == FUZZ_LOG_FD)
		return;
	t->fds[t->nfds < POOL_FDS ? t->nfds++ : fuzz_mix(&t->rng) % POOL_FDS] =
		fd;
	i = __atomic_fetch_add(&t->sh->foreign_next, 1, __ATOMIC_RELAXED);
	t->sh->foreign[i % FUZZ_FOREIGN_FDS] = fd;
}

/* What a successful call gave that later calls may use or the parent
 * must clean up: descriptors, mappings, SysV objects. */
static void keep(struct fuzz_thread *t, long nr, const unsigned long *a,
		 long ret)
{
	unsigned int i;

	t->last_ret = ret;
	if (ret < 0)
		return;
	if (IN(fd_nrs, nr))
		keep_fd(t, (int)ret);
	if ((nr == SYS_pipe || nr == SYS_pipe2 || nr == SYS_socketpair) &&
	    is_scratch(a[nr == SYS_socketpair ? 3 : 0]) &&
	    a[nr == SYS_socketpair ? 3 : 0] + 8 <=
		    (unsigned long)scratch + 2 * PAGE) {
		const int *p = (const int *)a[nr == SYS_socketpair ? 3 : 0];

		keep_fd(t, p[0]);
		keep_fd(t, p[1]);
	}
	if ((nr == SYS_mmap || nr == SYS_mremap || nr == SYS_shmat) &&
	    ret >= 0x10000 && (unsigned long)ret < 0x800000000000UL) {
		unsigned long len = nr == SYS_mmap     ? a[1]
				    : nr == SYS_mremap ? a[2]
						       : PAGE;

		i = t->naddrs < POOL_ADDRS ? t->naddrs++
					   : fuzz_mix(&t->rng) % POOL_ADDRS;
		t->addrs[i] = (unsigned long)ret;
		t->alens[i] = len < PAGE ? PAGE : (len + PAGE - 1) & ~(PAGE - 1);
	}
	if (nr == SYS_shmget || nr == SYS_semget || nr == SYS_msgget) {
		int kind = nr == SYS_shmget ? 1 : nr == SYS_semget ? 2 : 3;

		i = __atomic_fetch_add(&t->sh->ipc_next, 1, __ATOMIC_RELAXED);
		if (i < FUZZ_IPC_IDS) {
			t->sh->ipc_ids[i] = (int)ret;
			t->sh->ipc_kind[i] = (unsigned char)kind;
		}
	}
}

static void log_line(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void log_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fuzz_vwrite(FUZZ_LOG_FD, fmt, ap);
	va_end(ap);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* This thread's signal state after a call that may have changed it: no
 * signal blocked, SIGALRM (the ticker's) caught without SA_RESTART. */
static void thread_signals(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
}

static void call(struct fuzz_thread *t, uint64_t n)
{
	struct fuzz_slot *s = t->slot;
	unsigned long a[6];
	long nr, ret;
	int i, saved;

	if (n % REFILL_EVERY == 0)
		refill(t);
	for (long tries = 0;; tries++) {
		if (tries > 1000000) /* --syscalls left no call to make */
			_exit(14);
		nr = pick_nr(fuzz_mix(&t->rng));
		if (nr < t->o->nr_lo || nr > t->o->nr_hi)
			continue;
		/* a number the kernel does not know has little left to
		 * test: one draw in eight keeps it */
		if ((t->nosys[nr / 64] >> (nr % 64) & 1) &&
		    fuzz_mix(&t->rng) % 8)
			continue;
		for (i = 0; i < 6; i++)
			a[i] = pick(t);
		/* most calls take a descriptor first: one that is open half
		 * of the time gets them past their first check */
		if (fuzz_mix(&t->rng) & 1)
			a[0] = pick_fd(t, fuzz_mix(&t->rng) & ~2ULL);
		if (tame(nr, a))
			break;
	}
	/* the calls that must not read memory of ours: not our mappings
	 * nor the region either (a zeroed sigaction there resets our
	 * SIGALRM, zeroed clone3 arguments make a child) */
	if (IN(no_pointers, nr))
		for (i = 0; i < 6; i++)
			if (in_pool(t, a[i]) ||
			    (a[i] >= region &&
			     a[i] < region + REGION_PAGES * PAGE))
				a[i] = KADDR1;
	s->nr = nr;
	for (i = 0; i < 6; i++)
		s->a[i] = a[i];
	s->seq++;
	fuzz_slot_seal(s);
	if (t->o->log)
		log_line("fuzz: call %llu: %ld(%#lx, %#lx, %#lx, %#lx, %#lx, "
			 "%#lx)\n",
			 (unsigned long long)n, nr, a[0], a[1], a[2], a[3],
			 a[4], a[5]);
	ret = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	saved = ret == -1 ? errno : 0;
	/* a child all the same (a call that made one despite the rules):
	 * it must not outlive its worker, whose parent never sees it */
	if (ret == 0 && (nr == 435 || nr == SYS_clone) &&
	    syscall(SYS_getpid) != self_pid)
		_exit(0);
	if (t->o->log)
		log_line("fuzz:   = %ld%s%s\n", ret == -1 ? -(long)saved : ret,
			 saved ? " " : "", saved ? strerror(saved) : "");
	__atomic_add_fetch(&t->sh->nr_calls[nr], 1, __ATOMIC_RELAXED);
	if (ret != -1) {
		__atomic_add_fetch(&t->sh->nok, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&t->sh->nr_ok[nr], 1, __ATOMIC_RELAXED);
	} else if (saved == ENOSYS) {
		__atomic_add_fetch(&t->sh->nenosys, 1, __ATOMIC_RELAXED);
		t->nosys[nr / 64] |= 1ULL << (nr % 64);
	}
	scrub_after(t, a);
	keep(t, nr, a, ret == -1 ? -(long)saved : ret);
	switch (nr) {
	case SYS_rt_sigprocmask:
	case SYS_rt_sigaction:
	case SYS_sigaltstack:
		thread_signals();
	}
}

static void *thread_main(void *arg)
{
	struct fuzz_thread *t = arg;
	uint64_t n;

	t->slot->tid = (int)syscall(SYS_gettid);
	fuzz_slot_seal(t->slot);
	thread_signals();
	for (;;) {
		n = __atomic_fetch_add(&t->sh->claimed, 1, __ATOMIC_RELAXED);
		if (n >= t->o->calls)
			break;
		call(t, n);
	}
	t->slot->done = 1;
	fuzz_slot_seal(t->slot);
	for (;;)
		pause();
	return NULL;
}

/* A descriptor, limits, a session and namespaces of the worker's own. */
static int setup_process(const struct fuzz_opts *o)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return 10;
	if (o->log)
		dup2(1, FUZZ_LOG_FD);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (syscall(436 /* close_range */, 3, FUZZ_LOG_FD - 1, 0) != 0 ||
	    syscall(436, FUZZ_LOG_FD + 1, ~0U, 0) != 0)
		for (fd = 3; fd < 256; fd++)
			if (fd != FUZZ_LOG_FD)
				close(fd);
	/* several workers share the machine's memory */
	tame_confine(96UL << 20);
	if (chdir(o->dir) != 0)
		return 11;
	/* Random bytes make names too, absolute ones among them: shut in
	 * the directory, every file a call makes is in it, and goes with
	 * it (a file left in / would count as a leak). */
	if (chroot(".") == 0 && chdir("/") == 0)
		path_prefix = "";
	return 0;
}

/* The region memory calls act on, the scratch pages (2, then a guard)
 * and the path page (1, then a guard), named as garbage_tame.h wants. */
static int setup_memory(void)
{
	static const char *const names[] = { "/f", "/d", "/d/x",
					     "/p", "/s", "/d/.." };
	unsigned char *m;
	void *p;

	p = mmap(NULL, REGION_PAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m = mmap(NULL, 5 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || m == MAP_FAILED)
		return 12;
	if (mprotect(m, 2 * PAGE, PROT_READ | PROT_WRITE) ||
	    mprotect(m + 3 * PAGE, PAGE, PROT_READ | PROT_WRITE))
		return 12;
	region = (unsigned long)p;
	scratch = m;
	paths = (char *)m + 3 * PAGE;
	memset(paths, 0, PAGE);
	/* only names in our directory: a path outside it, /dev/null say,
	 * would be renamed or unlinked for every worker after this one */
	for (int i = 0; i < 6; i++)
		snprintf(paths + 64 * i, 64, "%s%s", path_prefix, names[i]);
	return 0;
}

int fuzz_worker(const struct fuzz_opts *o, struct fuzz_shared *sh, int w,
		uint64_t gen)
{
	struct sigaction sa;
	uint64_t last[FUZZ_MAX_THREADS] = { 0 };
	int err, s, t, done;
	char *stack;

	path_prefix = o->dir;
	err = setup_process(o);
	if (!err)
		err = setup_memory();
	if (err)
		return err;
	self_pid = getpid();
	/* Out of the calls' reach: the shared page and its guards, our
	 * image and stack, and each fuzzing thread's stack (with musl's
	 * thread data on it) between guards of its own. */
	if (tame_protect((unsigned long)sh - PAGE,
			 ((unsigned long)sh + sizeof(*sh) + 2 * PAGE - 1) &
				 ~(PAGE - 1)) ||
	    tame_protect_self(&sa))
		return 15;
	/* every catchable signal but the ticker's is ignored: a signal a
	 * call sends us must not end the worker (a real fault still does) */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	for (s = 1; s < 65; s++)
		if (s != SIGKILL && s != SIGSTOP && s != SIGALRM)
			sigaction(s, &sa, NULL);
	thread_signals(); /* before a thread exists the ticker may signal */
	for (t = 0; t < o->threads; t++) {
		struct fuzz_thread *th = &threads[t];
		pthread_attr_t attr;

		th->o = o;
		th->sh = sh;
		th->slot = &sh->slot[w][t];
		th->slot->gen = gen;
		th->slot->done = 0;
		th->slot->tid = 0;
		fuzz_slot_seal(th->slot);
		th->rng = o->seed ^
			  (0x6a09e667f3bcc908ULL * (uint64_t)(w + 1)) ^
			  (0xbb67ae8584caa73bULL * (gen + 1)) ^
			  (0x3c6ef372fe94f82bULL * (uint64_t)(t + 1));
		fuzz_mix(&th->rng);
		stack = mmap(NULL, STACK_SIZE + 2 * PAGE, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (stack == MAP_FAILED ||
		    mprotect(stack + PAGE, STACK_SIZE,
			     PROT_READ | PROT_WRITE) ||
		    tame_protect((unsigned long)stack,
				 (unsigned long)stack + STACK_SIZE + 2 * PAGE))
			return 13;
		pthread_attr_init(&attr);
		pthread_attr_setstack(&attr, stack + PAGE, STACK_SIZE);
		if (pthread_create(&th->th, &attr, thread_main, th) != 0)
			return 13;
		/* musl keeps the thread's own data on a stack given to it;
		 * should it not, that data is out of reach too */
		if (((unsigned long)th->th < (unsigned long)stack ||
		     (unsigned long)th->th >= (unsigned long)stack +
						      STACK_SIZE + 2 * PAGE) &&
		    tame_protect((unsigned long)th->th & ~(PAGE - 1),
				 ((unsigned long)th->th & ~(PAGE - 1)) +
					 2 * PAGE))
			return 13;
	}
	/* The ticker: a thread that made no call for a period is blocked in
	 * one; SIGALRM interrupts it (a call that never returns EINTR is
	 * what the parent's watchdog reports). */
	for (;;) {
		struct timespec ts = { 0, TICK_NS };

		nanosleep(&ts, NULL);
		for (t = 0, done = 0; t < o->threads; t++) {
			struct fuzz_slot *sl = &sh->slot[w][t];

			if (sl->done) {
				done++;
				continue;
			}
			if (sl->seq == last[t] && sl->tid)
				syscall(SYS_tgkill, self_pid, sl->tid, SIGALRM);
			last[t] = sl->seq;
		}
		if (done == o->threads)
			return 0;
	}
}
