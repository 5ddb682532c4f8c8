/* SPDX-License-Identifier: MIT */
/* signals.c - sigaction, masks, pending sets, sigsuspend, sigtimedwait,
 * real-time queueing order, sigaltstack, SA_RESTART against EINTR on a
 * pipe read, default actions seen through wait statuses, SIGCHLD flags,
 * the FPU state kept across a handler, and the temporary masks of ppoll
 * and pselect6. */
#include "abi.h"

#include <poll.h>
#include <stdint.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>

static volatile sig_atomic_t hits, last_sig, last_code, last_pid, last_val,
	on_alt;
static volatile int handler_mask_has_self, handler_mask_has_extra;
static char *alt_lo, *alt_hi;

static void nap_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	sigset_t cur;
	char here;
	stack_t ss;

	(void)uc;
	hits++;
	last_sig = sig;
	last_code = si->si_code;
	last_pid = si->si_pid;
	last_val = si->si_value.sival_int;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	handler_mask_has_self = sigismember(&cur, sig);
	handler_mask_has_extra = sigismember(&cur, SIGWINCH);
	on_alt = &here >= alt_lo && &here < alt_hi &&
		 sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK);
}

static void install(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaddset(&sa.sa_mask, SIGWINCH);
	sigaction(sig, &sa, NULL);
}

static void test_basics(void)
{
	struct sigaction sa, old;
	sigset_t set, pend;
	union sigval v;

	install(SIGUSR1, 0);
	CHECK_OK("sigaction.query", sigaction(SIGUSR1, NULL, &old));
	CHECK("sigaction.query_handler",
	      old.sa_sigaction == on_sig && (old.sa_flags & SA_SIGINFO));
	CHECK("sigaction.query_mask", sigismember(&old.sa_mask, SIGWINCH));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	CHECK_ERR("sigaction.sigkill", sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR("sigaction.sigstop", sigaction(SIGSTOP, &sa, NULL), EINVAL);
	CHECK_ERR("sigaction.zero", syscall(SYS_rt_sigaction, 0, NULL, NULL, 8),
		  EINVAL);
	CHECK_ERR("sigaction.too_big",
		  syscall(SYS_rt_sigaction, 65, NULL, NULL, 8), EINVAL);
	CHECK_ERR("sigaction.bad_size",
		  syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4), EINVAL);

	hits = 0;
	kill(getpid(), SIGUSR1);
	CHECK_EQ("kill.delivered", hits, 1);
	CHECK_EQ("kill.si_code_user", last_code, SI_USER);
	CHECK_EQ("kill.si_pid", last_pid, getpid());
	CHECK_EQ("handler.self_blocked", handler_mask_has_self, 1);
	CHECK_EQ("handler.sa_mask_blocked", handler_mask_has_extra, 1);
	sigprocmask(SIG_BLOCK, NULL, &set);
	CHECK("handler.mask_restored",
	      !sigismember(&set, SIGUSR1) && !sigismember(&set, SIGWINCH));
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	CHECK_EQ("tgkill.si_code", last_code, SI_TKILL);
	v.sival_int = 1234;
	sigqueue(getpid(), SIGUSR1, v);
	CHECK_EQ("sigqueue.si_code", last_code, SI_QUEUE);
	CHECK_EQ("sigqueue.value", last_val, 1234);

	/* blocking, pending, unblocking delivers */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, NULL, &set);
	CHECK("sigprocmask.kill_stop_unblockable",
	      !sigismember(&set, SIGKILL) && !sigismember(&set, SIGSTOP));
	hits = 0;
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("blocked.not_delivered", hits, 0);
	sigpending(&pend);
	CHECK("sigpending.has", sigismember(&pend, SIGUSR1));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	CHECK_EQ("unblock.delivered_once", hits, 1);
	sigpending(&pend);
	CHECK("sigpending.cleared", !sigismember(&pend, SIGUSR1));
	CHECK_ERR("sigprocmask.bad_how", sigprocmask(99, &set, NULL), EINVAL);
	CHECK_ERR("sigprocmask.bad_size",
		  syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4),
		  EINVAL);

	/* pending signal with SIG_IGN is discarded */
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	sigpending(&pend);
	CHECK("ignore.discards_pending", !sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	/* SA_RESETHAND: one delivery, then the default */
	install(SIGUSR2, SA_RESETHAND);
	kill(getpid(), SIGUSR2);
	sigaction(SIGUSR2, NULL, &old);
	CHECK("resethand.default", old.sa_handler == SIG_DFL);

	CHECK_ERR("kill.bad_sig", kill(getpid(), 99), EINVAL);
	CHECK_ERR("kill.no_process", kill(999999, SIGUSR1), ESRCH);
	CHECK_OK("kill.probe", kill(getpid(), 0));
}

static void test_waiting(void)
{
	sigset_t set, none;
	siginfo_t si;
	struct timespec ts = { 0, 50000000 };
	union sigval v;
	pid_t pid;
	int i, order_ok = 1;

	install(SIGUSR1, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid = fork();
	if (pid == 0) {
		nap_ms(50);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigemptyset(&none);
	hits = 0;
	CHECK_ERR("sigsuspend.eintr", sigsuspend(&none), EINTR);
	CHECK_EQ("sigsuspend.handled", hits, 1);
	sigprocmask(SIG_BLOCK, NULL, &none);
	CHECK("sigsuspend.mask_restored", sigismember(&none, SIGUSR1));
	waitpid(pid, NULL, 0);

	CHECK_ERR("sigtimedwait.timeout", sigtimedwait(&set, &si, &ts), EAGAIN);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("sigtimedwait.pending", sigtimedwait(&set, &si, &ts), SIGUSR1);
	CHECK_EQ("sigtimedwait.info_pid", si.si_pid, getpid());

	/* real-time signals queue, in order; lower numbers come first */
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	v.sival_int = 100;
	sigqueue(getpid(), SIGRTMIN + 1, v);
	for (i = 1; i <= 3; i++) {
		v.sival_int = i;
		sigqueue(getpid(), SIGRTMIN, v);
	}
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR2);
	CHECK_EQ("rt.standard_first", sigwaitinfo(&set, &si), SIGUSR2);
	for (i = 1; i <= 3; i++)
		if (sigwaitinfo(&set, &si) != SIGRTMIN ||
		    si.si_value.sival_int != i)
			order_ok = 0;
	CHECK("rt.queued_in_order", order_ok);
	CHECK_EQ("rt.higher_last", sigwaitinfo(&set, &si), SIGRTMIN + 1);
	CHECK_EQ("rt.higher_value", si.si_value.sival_int, 100);
	ts.tv_nsec = 1000000;
	CHECK_ERR("standard.coalesced", sigtimedwait(&set, &si, &ts), EAGAIN);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void test_altstack(void)
{
	stack_t ss, old;

	alt_lo = malloc(65536);
	alt_hi = alt_lo + 65536;
	ss.ss_sp = alt_lo;
	ss.ss_size = 1024;
	ss.ss_flags = 0;
	CHECK_ERR("sigaltstack.too_small", sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_size = 65536;
	ss.ss_flags = 42;
	CHECK_ERR("sigaltstack.bad_flags", sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = 0;
	CHECK_OK("sigaltstack.set", sigaltstack(&ss, NULL));
	CHECK_OK("sigaltstack.query", sigaltstack(NULL, &old));
	CHECK("sigaltstack.query_values",
	      old.ss_sp == alt_lo && old.ss_size == 65536 && old.ss_flags == 0);
	install(SIGUSR1, SA_ONSTACK);
	on_alt = 0;
	kill(getpid(), SIGUSR1);
	CHECK_EQ("sigaltstack.used", on_alt, 1);
	install(SIGUSR1, 0);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("sigaltstack.not_without_onstack", on_alt, 0);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	sigaltstack(NULL, &old);
	CHECK_EQ("sigaltstack.disabled", old.ss_flags, SS_DISABLE);
}

static void test_restart(void)
{
	int p[2];
	char buf[4];
	pid_t pid;

	pipe(p);
	install(SIGUSR1, SA_RESTART);
	/* before the fork: a parent slower than the child's nap would
	 * take the signal before a later reset */
	hits = 0;
	pid = fork();
	if (pid == 0) {
		nap_ms(50);
		kill(getppid(), SIGUSR1);
		nap_ms(50);
		write(p[1], "ok", 2);
		_exit(0);
	}
	CHECK_EQ("sa_restart.read_restarted", read(p[0], buf, sizeof(buf)), 2);
	CHECK_EQ("sa_restart.handled", hits, 1);
	waitpid(pid, NULL, 0);
	install(SIGUSR1, 0);
	pid = fork();
	if (pid == 0) {
		/* again and again: one sent before the read blocks is lost */
		for (;;) {
			nap_ms(50);
			kill(getppid(), SIGUSR1);
		}
	}
	CHECK_ERR("no_restart.eintr", read(p[0], buf, sizeof(buf)), EINTR);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

static int die_by(void *arg)
{
	int sig = (int)(intptr_t)arg;

	signal(sig, SIG_DFL);
	kill(getpid(), sig);
	nap_ms(100);
	return 42;
}

static void test_defaults(void)
{
	static const int fatal[] = { SIGTERM, SIGINT,  SIGHUP,	SIGUSR1,
				     SIGALRM, SIGQUIT, SIGABRT, SIGSEGV };
	static const int ignored[] = { SIGCHLD, SIGURG, SIGWINCH };
	char name[40];
	unsigned i;
	int st;
	pid_t pid;

	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
		st = abi_in_child(die_by, (void *)(intptr_t)fatal[i]);
		snprintf(name, sizeof(name), "default.kills_%d", fatal[i]);
		CHECK(name, WIFSIGNALED(st) && WTERMSIG(st) == fatal[i]);
	}
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
		st = abi_in_child(die_by, (void *)(intptr_t)ignored[i]);
		snprintf(name, sizeof(name), "default.ignores_%d", ignored[i]);
		CHECK(name, WIFEXITED(st) && WEXITSTATUS(st) == 42);
	}
	pid = fork();
	if (pid == 0) {
		/* its own group, whose parent is in another group of the
		 * session: not orphaned, so SIGTSTP stops it */
		setpgid(0, 0);
		raise(SIGTSTP);
		_exit(5);
	}
	CHECK_EQ("default.tstp_stops",
		 waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) &&
			 WSTOPSIG(st) == SIGTSTP,
		 1);
	kill(pid, SIGCONT);
	waitpid(pid, &st, 0);
	CHECK("default.cont_resumes", WIFEXITED(st) && WEXITSTATUS(st) == 5);
}

static void test_sigchld(void)
{
	struct sigaction sa;
	siginfo_t si;
	sigset_t set;
	struct timespec ts = { 0, 200000000 };
	pid_t pid;
	int st;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(8);
	}
	waitpid(pid, &st, WUNTRACED);
	CHECK_ERR("nocldstop.no_sigchld_on_stop", sigtimedwait(&set, &si, &ts),
		  EAGAIN);
	kill(pid, SIGCONT);
	ts.tv_sec = 10;
	ts.tv_nsec = 0;
	CHECK_EQ("sigchld.on_exit", sigtimedwait(&set, &si, &ts), SIGCHLD);
	CHECK_EQ("sigchld.code", si.si_code, CLD_EXITED);
	CHECK_EQ("sigchld.pid", si.si_pid, pid);
	CHECK_EQ("sigchld.status", si.si_status, 8);
	waitpid(pid, &st, 0);

	sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0)
		_exit(0);
	nap_ms(100);
	CHECK_ERR("nocldwait.no_zombie", waitpid(pid, &st, 0), ECHILD);
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	nap_ms(100);
	CHECK_ERR("sig_ign_chld.no_zombie", waitpid(pid, &st, 0), ECHILD);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static volatile unsigned handler_mxcsr;

static void clobber_fpu(int sig)
{
	double x = 3.0;
	unsigned m;

	(void)sig;
	__asm__ volatile("stmxcsr %0" : "=m"(m));
	handler_mxcsr = m;
	__asm__ volatile("xorpd %%xmm7, %%xmm7\n\tpcmpeqd %%xmm6, %%xmm6" ::
				 : "xmm6", "xmm7");
	m = 0x1f80 | (3u << 13);
	__asm__ volatile("ldmxcsr %0" ::"m"(m));
	x = x * 1.7;
	__asm__ volatile("" ::"x"(x));
}

static void test_fpu(void)
{
	double in = 1.2345, out = 0;
	unsigned mx = 0x1f80 | (1u << 13), after;
	long pid = getpid();

	signal(SIGUSR2, clobber_fpu);
	__asm__ volatile("ldmxcsr %0" ::"m"(mx));
	__asm__ volatile("movsd %[in], %%xmm7\n\t"
			 "mov $62, %%eax\n\t"
			 "mov %[pid], %%rdi\n\t"
			 "mov $12, %%esi\n\t"
			 "syscall\n\t"
			 "movsd %%xmm7, %[out]"
			 : [out] "=m"(out)
			 : [in] "m"(in), [pid] "r"(pid)
			 : "rax", "rdi", "rsi", "rcx", "r11", "xmm7", "memory");
	__asm__ volatile("stmxcsr %0" : "=m"(after));
	mx = 0x1f80;
	__asm__ volatile("ldmxcsr %0" ::"m"(mx));
	CHECK("fpu.xmm_preserved", out == in);
	CHECK_EQ("fpu.mxcsr_preserved", after, 0x1f80 | (1u << 13));
	CHECK_EQ("fpu.handler_fresh_mxcsr", handler_mxcsr, 0x1f80);
	signal(SIGUSR2, SIG_DFL);
}

/* pselect6's last argument, as the kernel reads it. */
struct pselect_mask {
	const uint64_t *ss;
	size_t len;
};

/* A child that sends @sig to its parent after @ms. */
static pid_t kill_parent_later(int sig, long ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		nap_ms(ms);
		kill(getppid(), sig);
		_exit(0);
	}
	return pid;
}

static void test_wait_masks(void)
{
	struct timespec zero = { 0, 0 }, half = { 0, 500000000 };
	uint64_t raw = 0;
	struct pselect_mask pm = { &raw, 4 };
	sigset_t usr1, none, cur;
	pid_t pid;
	int r;

	install(SIGUSR1, 0);
	install(SIGUSR2, 0);
	sigemptyset(&none);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	/* a pending signal the wait's mask lets through ends it at once,
	 * its handler runs under that mask, and the old mask comes back */
	kill(getpid(), SIGUSR1);
	hits = 0;
	CHECK_ERR("ppoll.mask_eintr", ppoll(NULL, 0, &half, &none), EINTR);
	CHECK_EQ("ppoll.mask_handled", hits, 1);
	CHECK_EQ("ppoll.mask_handler_self", handler_mask_has_self, 1);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK("ppoll.mask_restored", sigismember(&cur, SIGUSR1));
	kill(getpid(), SIGUSR1);
	hits = 0;
	CHECK_ERR("pselect.mask_eintr",
		  pselect(0, NULL, NULL, NULL, &half, &none), EINTR);
	CHECK_EQ("pselect.mask_handled", hits, 1);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK("pselect.mask_restored", sigismember(&cur, SIGUSR1));

	/* a mask that blocks keeps the signal pending through the wait,
	 * which times out; the signal is taken once the call is over */
	hits = 0;
	CHECK_EQ("ppoll.mask_blocks", ppoll(NULL, 0, &zero, &usr1), 0);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("ppoll.still_blocked", hits, 0);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK("ppoll.mask_kept", sigismember(&cur, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	CHECK_EQ("ppoll.taken_after_unblock", hits, 1);
	sigaddset(&usr1, SIGUSR2);
	hits = 0;
	pid = kill_parent_later(SIGUSR2, 50);
	r = ppoll(NULL, 0, &half, &usr1);
	CHECK_EQ("ppoll.blocked_during_wait", r, 0);
	waitpid(pid, NULL, 0);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK("ppoll.unblocked_after", !sigismember(&cur, SIGUSR2));
	CHECK_EQ("ppoll.taken_after_wait", hits, 1);
	hits = 0;
	pid = kill_parent_later(SIGUSR2, 50);
	r = pselect(0, NULL, NULL, NULL, &half, &usr1);
	CHECK_EQ("pselect.blocked_during_wait", r, 0);
	waitpid(pid, NULL, 0);
	CHECK_EQ("pselect.taken_after_wait", hits, 1);

	/* the mask's size must be sigset_t's when there is a mask */
	CHECK_ERR("ppoll.sigsetsize",
		  syscall(SYS_ppoll, NULL, 0, &zero, &raw, 4), EINVAL);
	CHECK_ERR("ppoll.sigsetsize_16",
		  syscall(SYS_ppoll, NULL, 0, &zero, &raw, 16), EINVAL);
	CHECK_EQ("ppoll.no_mask_any_size",
		 syscall(SYS_ppoll, NULL, 0, &zero, NULL, 4), 0);
	CHECK_ERR("ppoll.mask_efault",
		  syscall(SYS_ppoll, NULL, 0, &zero, (void *)8, 8), EFAULT);
	CHECK_ERR("pselect6.sigsetsize",
		  syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &pm),
		  EINVAL);
	pm.ss = (const uint64_t *)8;
	pm.len = 8;
	CHECK_ERR("pselect6.mask_efault",
		  syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &pm),
		  EFAULT);
	CHECK_ERR("pselect6.pair_efault",
		  syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, (void *)8),
		  EFAULT);
	pm.ss = NULL;
	pm.len = 3;
	CHECK_EQ("pselect6.no_mask_any_size",
		 syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &pm), 0);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_basics();
	test_waiting();
	test_altstack();
	test_restart();
	test_defaults();
	test_sigchld();
	test_fpu();
	test_wait_masks();
	return abi_end();
}
