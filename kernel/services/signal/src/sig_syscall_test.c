/* SPDX-License-Identifier: MIT */
/* KTESTs: the signal syscalls: argument checks, rt_sigsuspend's mask, a
 * wait's temporary mask, rt_sigtimedwait. */
#include "sig_test_env.h"

/* rt_sigsuspend: the handler's frame saves the mask from before the
 * call; without a handler the mask is put back and the call restarts. */
KTEST(signal_sigsuspend_mask)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	const uint64_t umask = SFT_BASE + 0x100;
	sigset_t tmp = sigset_bit(SIGUSR2);
	struct sig_rt_frame_user f;
	long r1 = 0, r2 = 0;
	sigset_t during = 0, after_restart = 0, in_handler = 0;
	uint64_t saved = 0, rip_restart = 0;

	if (ok) {
		sig_set_blocked(&e.t, sigset_bit(SIGUSR1) | sigset_bit(SIGHUP));
		frame_copy_to_user(uaddr_from_syscall_arg(umask), &tmp,
				   sizeof(tmp));
		/* A pending SIGUSR1, unblocked by the temporary mask. */
		sft_handler(&e, SIGUSR1, 0);
		sft_send(&e, SIGUSR1);
		r1 = sys_rt_sigsuspend((uint64_t[6]){ umask, 8 });
		during = e.t.blocked;
		uctx_set_reg(e.u, UCTX_RAX, 130);
		signal_deliver(&e.t, true, r1);
		in_handler = e.t.blocked;
		frame_copy_from_user(&f, uaddr_from_syscall_arg(uctx_rsp(e.u)),
				     sizeof(f));
		saved = f.uc.uc_sigmask;
		/* No handler: interrupted by the task mark only. */
		sig_set_blocked(&e.t, sigset_bit(SIGHUP));
		uctx_set_rip(e.u, SFT_RIP);
		uctx_set_reg(e.u, UCTX_RAX, 130);
		task_interrupt(task_current());
		r2 = sys_rt_sigsuspend((uint64_t[6]){ umask, 8 });
		signal_deliver(&e.t, true, r2);
		after_restart = e.t.blocked;
		rip_restart = uctx_rip(e.u);
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(r1, -ERESTARTNOHAND);
	KT_ASSERT_EQ(during, sigset_bit(SIGUSR2));
	KT_ASSERT_EQ(saved, sigset_bit(SIGUSR1) | sigset_bit(SIGHUP));
	KT_ASSERT_EQ(in_handler, sigset_bit(SIGUSR1) | sigset_bit(SIGUSR2));
	KT_ASSERT_EQ(r2, -ERESTARTNOHAND);
	KT_ASSERT_EQ(after_restart, sigset_bit(SIGHUP));
	KT_ASSERT_EQ(rip_restart, SFT_RIP - 2);
}

/* A wait under a temporary mask (ppoll, pselect6): a signal pending
 * before it that the mask lets through ends it at once; interrupted, the
 * handler runs under the temporary mask and its frame saves the old one;
 * not interrupted, the old mask is back at once. */
KTEST(signal_wait_mask_kept_for_the_handler_or_restored)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	struct sig_rt_frame_user f;
	sigset_t during = 0, in_handler = 0, after = 0;
	bool woke = false, quiet = true, restore_left = true;
	uint64_t saved = 0;

	if (ok) {
		sig_set_blocked(&e.t, sigset_bit(SIGUSR1) | sigset_bit(SIGHUP));
		sft_handler(&e, SIGUSR1, 0);
		sft_send(&e, SIGUSR1);
		task_interrupt_clear();
		signal_mask_wait_begin(sigset_bit(SIGUSR2) |
				       sigset_bit(SIGKILL));
		during = e.t.blocked;
		woke = task_interrupt_pending();
		signal_mask_wait_end(true);
		uctx_set_reg(e.u, UCTX_RAX, SFT_NR);
		signal_deliver(&e.t, true, -ERESTARTNOHAND);
		in_handler = e.t.blocked;
		frame_copy_from_user(&f, uaddr_from_syscall_arg(uctx_rsp(e.u)),
				     sizeof(f));
		saved = f.uc.uc_sigmask;
		/* Nothing pending: no wake-up, and the mask comes back. */
		sig_set_blocked(&e.t, sigset_bit(SIGHUP));
		task_interrupt_clear();
		signal_mask_wait_begin(0);
		quiet = !task_interrupt_pending();
		signal_mask_wait_end(false);
		after = e.t.blocked;
		restore_left = e.t.restore_mask;
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(during, sigset_bit(SIGUSR2));
	KT_ASSERT(woke);
	KT_ASSERT_EQ(saved, sigset_bit(SIGUSR1) | sigset_bit(SIGHUP));
	KT_ASSERT_EQ(in_handler, sigset_bit(SIGUSR1) | sigset_bit(SIGUSR2));
	KT_ASSERT(quiet);
	KT_ASSERT_EQ(after, sigset_bit(SIGHUP));
	KT_ASSERT(!restore_left);
}

KTEST(signal_syscalls_check_arguments)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	const uint64_t uact = SFT_BASE + 0x100, uset = SFT_BASE + 0x200;
	const uint64_t uinfo = SFT_BASE + 0x300, uts = SFT_BASE + 0x400;
	struct sigaction_user act = { .handler = SFT_HANDLER,
				      .flags = SA_RESTORER,
				      .restorer = SFT_RESTORE };
	sigset_t set = sigset_bit(SIGKILL) | sigset_bit(SIGINT), got = 0;
	long r[12] = { 0 };
	uint32_t info_signo = 0;
	uint64_t waited = 0;

	if (ok) {
		frame_copy_to_user(uaddr_from_syscall_arg(uact), &act,
				   sizeof(act));
		frame_copy_to_user(uaddr_from_syscall_arg(uset), &set,
				   sizeof(set));
		r[0] = sys_rt_sigaction(
			(uint64_t[6]){ SIGUSR1, uact, 0, 4 }); /* sigsetsize */
		r[1] = sys_rt_sigaction((uint64_t[6]){ SIGKILL, uact, 0, 8 });
		r[2] = sys_rt_sigaction((uint64_t[6]){ SIGKILL, 0, uact, 8 });
		r[3] = sys_rt_sigaction((uint64_t[6]){ 65, 0, uact, 8 });
		r[4] = sys_rt_sigprocmask((uint64_t[6]){ 3, uset, 0, 8 });
		r[5] = sys_rt_sigprocmask(
			(uint64_t[6]){ SIG_BLOCK, uset, 0, 8 });
		r[6] = sys_rt_sigprocmask(
			(uint64_t[6]){ SIG_BLOCK, 0, uset, 8 }); /* read back */
		frame_copy_from_user(&got, uaddr_from_syscall_arg(uset),
				     sizeof(got));
		/* rt_sigtimedwait: nothing pending, zero timeout: EAGAIN;
		 * then a pending blocked SIGINT is taken with its info. */
		{
			int64_t ts[2] = { 0, 0 };
			sigset_t w = sigset_bit(SIGINT);

			frame_copy_to_user(uaddr_from_syscall_arg(uts), ts,
					   sizeof(ts));
			frame_copy_to_user(uaddr_from_syscall_arg(uset), &w,
					   sizeof(w));
			r[7] = sys_rt_sigtimedwait(
				(uint64_t[6]){ uset, uinfo, uts, 8 });
			sft_send(&e, SIGINT);
			r[8] = sys_rt_sigpending((uint64_t[6]){ uact, 8 });
			frame_copy_from_user(&got, uaddr_from_syscall_arg(uact),
					     sizeof(got));
			r[9] = sys_rt_sigtimedwait(
				(uint64_t[6]){ uset, uinfo, uts, 8 });
			frame_copy_from_user(&info_signo,
					     uaddr_from_syscall_arg(uinfo), 4);
			ts[1] = 20000000; /* 20 ms */
			frame_copy_to_user(uaddr_from_syscall_arg(uts), ts,
					   sizeof(ts));
			waited = frame_clock_monotonic_ns();
			r[10] = sys_rt_sigtimedwait(
				(uint64_t[6]){ uset, uinfo, uts, 8 });
			waited = frame_clock_monotonic_ns() - waited;
			ts[1] = 1000000000;
			frame_copy_to_user(uaddr_from_syscall_arg(uts), ts,
					   sizeof(ts));
			r[11] = sys_rt_sigtimedwait(
				(uint64_t[6]){ uset, uinfo, uts, 8 });
		}
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(r[0], -EINVAL);
	KT_ASSERT_EQ(r[1], -EINVAL);
	KT_ASSERT_EQ(r[2], 0);
	KT_ASSERT_EQ(r[3], -EINVAL);
	KT_ASSERT_EQ(r[4], -EINVAL);
	KT_ASSERT_EQ(r[5], 0);
	KT_ASSERT_EQ(r[6], 0);
	KT_ASSERT_EQ(r[7], -EAGAIN);
	KT_ASSERT_EQ(r[8], 0);
	KT_ASSERT_EQ(got, sigset_bit(SIGINT));
	KT_ASSERT_EQ(r[9], SIGINT);
	KT_ASSERT_EQ(info_signo, (uint32_t)SIGINT);
	KT_ASSERT_EQ(r[10], -EAGAIN);
	KT_ASSERT_GE(waited, 20000000u);
	KT_ASSERT_EQ(r[11], -EINVAL);
}

/* A signal sent while rt_sigtimedwait waits, whose default is to be
 * ignored (SIGCHLD): still taken, since the waited set counts as
 * blocked. */
struct sft_sender {
	struct task_entry entry;
	struct sig_group *g;
};

static int sft_sender_fn(struct task_entry *entry)
{
	struct sft_sender *s = container_of(entry, struct sft_sender, entry);
	struct ksiginfo i;

	task_sleep_ns(30000000);
	ksiginfo_init(&i, SIGCHLD, CLD_EXITED);
	i.pid = 1234;
	return signal_send_group(s->g, &i);
}

KTEST(signal_sigtimedwait_takes_ignored_signal_sent_while_waiting)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	const uint64_t uset = SFT_BASE + 0x100, uinfo = SFT_BASE + 0x200;
	const uint64_t uts = SFT_BASE + 0x300;
	struct sft_sender snd;
	struct task *tk = NULL;
	int64_t ts[2] = { 5, 0 };
	sigset_t w = sigset_bit(SIGCHLD);
	long r = 0;
	int32_t pid = 0;
	sigset_t after = 1;

	if (ok) {
		sig_set_blocked(&e.t, w);
		frame_copy_to_user(uaddr_from_syscall_arg(uset), &w, sizeof(w));
		frame_copy_to_user(uaddr_from_syscall_arg(uts), ts, sizeof(ts));
		snd.g = e.g;
		task_entry_init(&snd.entry, sft_sender_fn);
		tk = task_spawn("sigsend", &snd.entry, TASK_PRIO_NORMAL);
		if (tk)
			r = sys_rt_sigtimedwait(
				(uint64_t[6]){ uset, uinfo, uts, 8 });
		frame_copy_from_user(&pid, uaddr_from_syscall_arg(uinfo + 16),
				     4);
		after = e.t.blocked ^ w;
		if (tk)
			task_join(tk);
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_NOT_NULL(tk);
	KT_ASSERT_EQ(r, SIGCHLD);
	KT_ASSERT_EQ(pid, 1234);
	KT_ASSERT_EQ(after, 0u);
}

/* rt_sigtimedwait ends with EINTR when another, unblocked signal comes. */
struct sft_poker {
	struct task_entry entry;
	struct sig_thread *t;
};

static int sft_poker_fn(struct task_entry *entry)
{
	struct sft_poker *p = container_of(entry, struct sft_poker, entry);
	struct ksiginfo i;

	task_sleep_ns(30000000);
	ksiginfo_init(&i, SIGUSR2, SI_TKILL);
	return signal_send_thread(p->t, &i);
}

KTEST(signal_sigtimedwait_interrupted)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	const uint64_t uset = SFT_BASE + 0x100, uts = SFT_BASE + 0x300;
	int64_t ts[2] = { 5, 0 };
	sigset_t w = sigset_bit(SIGUSR1);
	struct sft_poker pk;
	struct task *tk = NULL;
	long r = 0;
	bool usr2_pending = false;

	if (ok) {
		sft_handler(&e, SIGUSR2, 0);
		frame_copy_to_user(uaddr_from_syscall_arg(uset), &w, sizeof(w));
		frame_copy_to_user(uaddr_from_syscall_arg(uts), ts, sizeof(ts));
		pk.t = &e.t;
		task_entry_init(&pk.entry, sft_poker_fn);
		tk = task_spawn("sigpoke", &pk.entry, TASK_PRIO_NORMAL);
		if (tk) {
			r = sys_rt_sigtimedwait(
				(uint64_t[6]){ uset, 0, uts, 8 });
			task_join(tk);
		}
		usr2_pending = signal_pending(&e.t);
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_NOT_NULL(tk);
	KT_ASSERT_EQ(r, -EINTR);
	KT_ASSERT(usr2_pending);
}
