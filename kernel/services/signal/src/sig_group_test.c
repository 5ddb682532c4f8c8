/* SPDX-License-Identifier: MIT */
/* KTESTs: a group's signals through the process ops: default actions,
 * stop and continue, blocked masks, which thread takes a group signal. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/umode.h>

static struct sig_test_ops_log {
	int exits, exit_status, stops, stop_sig, conts;
	bool leave, orphaned;
} sig_log;

static void sig_test_exit(struct sig_group *g, int status)
{
	(void)g;
	sig_log.exits++;
	sig_log.exit_status = status;
}

static void sig_test_stop(struct sig_group *g, int sig)
{
	(void)g;
	sig_log.stops++;
	sig_log.stop_sig = sig;
	sig_log.leave = true; /* do not wait stopped in the test */
}

static void sig_test_cont(struct sig_group *g)
{
	(void)g;
	sig_log.conts++;
}

static bool sig_test_should_exit(struct sig_thread *t)
{
	(void)t;
	return sig_log.leave;
}

static bool sig_test_orphaned(struct sig_group *g)
{
	(void)g;
	return sig_log.orphaned;
}

static const struct signal_process_ops sig_test_ops = {
	.pgrp_orphaned = sig_test_orphaned,
	.group_exit = sig_test_exit,
	.group_stop = sig_test_stop,
	.group_continue = sig_test_cont,
	.should_exit = sig_test_should_exit,
};

struct sig_test_env {
	struct sig_group *g;
	struct sighand *h;
	struct uctx *u;
	struct sig_thread t;
	const struct signal_process_ops *saved_ops;
};

static bool sig_test_env_init(struct sig_test_env *e)
{
	struct sig_test_ops_log none = { 0 };

	sig_log = none;
	e->g = sig_group_create();
	e->h = sighand_create();
	e->u = uctx_create();
	if (!e->g || !e->h || !e->u)
		return false;
	sig_thread_init(&e->t, task_current(), e->u, e->g, e->h);
	e->saved_ops = sig_ops();
	signal_set_process_ops(&sig_test_ops);
	return true;
}

static void sig_test_env_fini(struct sig_test_env *e)
{
	signal_set_process_ops(e->saved_ops);
	if (e->t.group)
		sig_thread_exit(&e->t);
	sig_group_put(e->g);
	sighand_put(e->h);
	uctx_destroy(e->u);
	task_interrupt_clear();
}

KTEST(signal_default_actions_through_process_ops)
{
	struct sig_test_env e;
	struct ksiginfo i;
	int exits_term = 0, status_term = 0, status_core = 0, pending_chld = -1;
	int stops = 0, stop_sig = 0, orphan_stops = -1;
	bool ok = sig_test_env_init(&e);

	if (ok) {
		/* SIGCHLD's default is to ignore: dropped at send. */
		i = sig_test_info(SIGCHLD, CLD_EXITED, 0);
		signal_send_thread(&e.t, &i);
		pending_chld = sigset_has(e.t.pending.set, SIGCHLD);
		i = sig_test_info(SIGTERM, SI_USER, 0);
		signal_send_group(e.g, &i);
		signal_deliver(&e.t, false, 0);
		exits_term = sig_log.exits;
		status_term = sig_log.exit_status;
		e.g->exit_reported = false;
		i = sig_test_info(SIGSEGV, SEGV_MAPERR, 0);
		signal_send_thread(&e.t, &i);
		signal_deliver(&e.t, false, 0);
		status_core = sig_log.exit_status;
		/* An orphaned group ignores SIGTSTP, not SIGSTOP. */
		sig_log.orphaned = true;
		i = sig_test_info(SIGTTOU, SI_USER, 0);
		signal_send_group(e.g, &i);
		signal_deliver(&e.t, false, 0);
		orphan_stops = sig_log.stops;
		sig_log.orphaned = false;
		i = sig_test_info(SIGTSTP, SI_USER, 0);
		signal_send_group(e.g, &i);
		signal_deliver(&e.t, false, 0);
		stops = sig_log.stops;
		stop_sig = sig_log.stop_sig;
	}
	sig_test_env_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(pending_chld, 0);
	KT_ASSERT_EQ(exits_term, 1);
	KT_ASSERT_EQ(status_term, SIGTERM);
	KT_ASSERT_EQ(status_core, SIGSEGV | SIG_STATUS_CORE);
	KT_ASSERT_EQ(orphan_stops, 0);
	KT_ASSERT_EQ(stops, 1);
	KT_ASSERT_EQ(stop_sig, SIGTSTP);
}

KTEST(signal_cont_and_stop_discard_each_other)
{
	struct sig_test_env e;
	struct ksiginfo i;
	bool ok = sig_test_env_init(&e);
	bool stop_dropped = false, cont_dropped = false, resumed = false;
	int conts = 0;

	if (ok) {
		/* Blocked, so that both stay pending until discarded. */
		sig_set_blocked(&e.t,
				sigset_bit(SIGTSTP) | sigset_bit(SIGCONT));
		i = sig_test_info(SIGTSTP, SI_USER, 0);
		signal_send_group(e.g, &i);
		i = sig_test_info(SIGCONT, SI_USER, 0);
		signal_send_group(e.g, &i);
		stop_dropped = !sigset_has(e.g->shared.set, SIGTSTP) &&
			       sigset_has(e.g->shared.set, SIGCONT);
		i = sig_test_info(SIGTTIN, SI_USER, 0);
		signal_send_group(e.g, &i);
		cont_dropped = !sigset_has(e.g->shared.set, SIGCONT) &&
			       sigset_has(e.g->shared.set, SIGTTIN);
		/* A stopped group resumes at SIGCONT and the process hears. */
		sig_set_blocked(&e.t, 0);
		e.g->stopped = true;
		e.g->stop_sig = SIGTTIN;
		i = sig_test_info(SIGCONT, SI_USER, 0);
		signal_send_group(e.g, &i);
		resumed = !e.g->stopped && e.g->notify_continue;
		signal_deliver(&e.t, false, 0);
		conts = sig_log.conts;
	}
	sig_test_env_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT(stop_dropped);
	KT_ASSERT(cont_dropped);
	KT_ASSERT(resumed);
	KT_ASSERT_EQ(conts, 1);
}

KTEST(signal_blocked_mask_and_ignored_blocked)
{
	struct sig_test_env e;
	struct ksiginfo i;
	bool ok = sig_test_env_init(&e);
	sigset_t blocked = 0;
	bool kept = false, pending_before = false, pending_after = true;
	struct sig_action ign = { .handler = SIG_IGN };

	if (ok) {
		sig_set_blocked(&e.t, ~0ull);
		blocked = e.t.blocked;
		/* An ignored signal that is blocked stays pending (Linux),
		 * and setting SIG_IGN later discards it. */
		sighand_set_action(e.h, NULL, SIGUSR2, &ign);
		i = sig_test_info(SIGUSR2, SI_USER, 0);
		signal_send_thread(&e.t, &i);
		kept = sigset_has(e.t.pending.set, SIGUSR2);
		pending_before = signal_pending(&e.t);
		sighand_set_action(e.h, e.g, SIGUSR2, &ign);
		pending_after = sigset_has(e.t.pending.set, SIGUSR2);
	}
	sig_test_env_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(blocked, ~SIGSET_UNBLOCKABLE);
	KT_ASSERT(kept);
	KT_ASSERT(!pending_before);
	KT_ASSERT(!pending_after);
}

/* Thread choice: two sleeping tasks, one blocking the signal. */
struct sig_sleeper {
	struct task_entry entry;
	struct frame_completion ready;
	int result;
};

static int sig_sleeper_fn(struct task_entry *entry)
{
	struct sig_sleeper *s = container_of(entry, struct sig_sleeper, entry);

	frame_completion_complete(&s->ready);
	s->result = task_sleep_ns_interruptible(5000000000ull);
	return 0;
}

KTEST(signal_group_picks_unblocking_thread)
{
	struct sig_group *g = sig_group_create();
	struct sighand *h = sighand_create();
	struct sig_sleeper s[2];
	struct sig_thread th[2];
	struct task *tk[2];
	struct ksiginfo i = sig_test_info(SIGUSR1, SI_USER, 0);
	bool target_ok = false;

	KT_ASSERT_NOT_NULL(g);
	KT_ASSERT_NOT_NULL(h);
	for (int n = 0; n < 2; n++) {
		frame_completion_init(&s[n].ready);
		s[n].result = 1;
		task_entry_init(&s[n].entry, sig_sleeper_fn);
		tk[n] = task_spawn("sigsleep", &s[n].entry, TASK_PRIO_NORMAL);
		KT_ASSERT_NOT_NULL(tk[n]);
		sig_thread_init(&th[n], tk[n], NULL, g, h);
		frame_completion_wait(&s[n].ready, FRAME_WAIT_FOREVER);
	}
	task_sleep_ns(20000000); /* both asleep */
	sig_set_blocked(&th[0], sigset_bit(SIGUSR1));
	KT_ASSERT_OK(signal_send_group(g, &i));
	target_ok = g->last_target == &th[1];
	task_sleep_ns(20000000);
	/* Thread 0 blocks it and sleeps on; thread 1 was interrupted. */
	int r0 = s[0].result, r1 = s[1].result;

	/* Leave the group while the tasks still exist (exit interrupts the
	 * remaining threads so that one takes what is pending). */
	sig_thread_exit(&th[0]);
	sig_thread_exit(&th[1]);
	task_interrupt(tk[0]);
	task_join(tk[0]);
	task_join(tk[1]);
	sig_group_put(g);
	sighand_put(h);
	KT_ASSERT(target_ok);
	KT_ASSERT_EQ(r0, 1);
	KT_ASSERT_EQ(r1, -EINTR);
}

/*
 * Job control with real threads: two tasks deliver in a loop; SIGSTOP
 * parks both, SIGCONT resumes both (the process hears once), SIGKILL
 * ends both (the process hears once).
 */
static struct sig_jc_log {
	int stops, conts, exits, exit_status;
	bool dead;
} sig_jc;

static void sig_jc_stop(struct sig_group *g, int sig)
{
	(void)g;
	(void)sig;
	sig_jc.stops++;
}

static void sig_jc_cont(struct sig_group *g)
{
	(void)g;
	sig_jc.conts++;
}

static void sig_jc_exit(struct sig_group *g, int status)
{
	(void)g;
	sig_jc.exits++;
	sig_jc.exit_status = status;
	sig_jc.dead = true;
}

static bool sig_jc_should_exit(struct sig_thread *t)
{
	(void)t;
	return sig_jc.dead;
}

static const struct signal_process_ops sig_jc_ops = {
	.group_exit = sig_jc_exit,
	.group_stop = sig_jc_stop,
	.group_continue = sig_jc_cont,
	.should_exit = sig_jc_should_exit,
};

struct sig_jc_thread {
	struct task_entry entry;
	struct sig_thread st;
	struct frame_completion ready;
	struct sig_group *g;
	struct sighand *h;
	int rounds;
	bool left;
};

static int sig_jc_fn(struct task_entry *entry)
{
	struct sig_jc_thread *j =
		container_of(entry, struct sig_jc_thread, entry);

	sig_thread_init(&j->st, task_current(), NULL, j->g, j->h);
	frame_completion_complete(&j->ready);
	while (!sig_jc.dead) {
		signal_deliver(&j->st, false, 0);
		j->rounds++;
		task_sleep_ns_interruptible(2000000);
	}
	j->left = true;
	sig_thread_exit(&j->st);
	return 0;
}

KTEST(signal_stop_continue_kill_threads)
{
	const struct signal_process_ops *saved = sig_ops();
	struct sig_group *g = sig_group_create();
	struct sighand *h = sighand_create();
	struct sig_jc_thread j[2];
	struct sig_jc_log none = { 0 };
	struct ksiginfo i;
	int rounds_stopped[2] = { 0 }, rounds_later[2] = { 0 };
	bool stopped = false, resumed = false;
	int stops = 0, conts = 0;

	KT_ASSERT_NOT_NULL(g);
	KT_ASSERT_NOT_NULL(h);
	sig_jc = none;
	signal_set_process_ops(&sig_jc_ops);
	for (int n = 0; n < 2; n++) {
		j[n].g = g;
		j[n].h = h;
		j[n].rounds = 0;
		j[n].left = false;
		frame_completion_init(&j[n].ready);
		task_entry_init(&j[n].entry, sig_jc_fn);
	}
	struct task *tk0 = task_spawn("sigjc0", &j[0].entry, TASK_PRIO_NORMAL);
	struct task *tk1 = task_spawn("sigjc1", &j[1].entry, TASK_PRIO_NORMAL);

	if (tk0 && tk1) {
		frame_completion_wait(&j[0].ready, FRAME_WAIT_FOREVER);
		frame_completion_wait(&j[1].ready, FRAME_WAIT_FOREVER);
		ksiginfo_init(&i, SIGSTOP, SI_USER);
		signal_send_group(g, &i);
		task_sleep_ns(50000000);
		stopped = sig_group_stopped(g);
		stops = sig_jc.stops;
		rounds_stopped[0] = j[0].rounds;
		rounds_stopped[1] = j[1].rounds;
		task_sleep_ns(50000000);
		/* Parked: no more rounds while stopped. */
		stopped = stopped && j[0].rounds == rounds_stopped[0] &&
			  j[1].rounds == rounds_stopped[1];
		ksiginfo_init(&i, SIGCONT, SI_USER);
		signal_send_group(g, &i);
		task_sleep_ns(50000000);
		conts = sig_jc.conts;
		rounds_later[0] = j[0].rounds;
		rounds_later[1] = j[1].rounds;
		resumed = !sig_group_stopped(g) &&
			  rounds_later[0] > rounds_stopped[0] &&
			  rounds_later[1] > rounds_stopped[1];
		/* Stop again, then SIGKILL ends the stop and the group. */
		ksiginfo_init(&i, SIGTSTP, SI_USER);
		signal_send_group(g, &i);
		task_sleep_ns(30000000);
		ksiginfo_init(&i, SIGKILL, SI_USER);
		signal_send_group(g, &i);
	} else {
		sig_jc.dead = true;
	}
	if (tk0)
		task_join(tk0);
	if (tk1)
		task_join(tk1);
	signal_set_process_ops(saved);
	sig_group_put(g);
	sighand_put(h);
	KT_ASSERT_NOT_NULL(tk0);
	KT_ASSERT_NOT_NULL(tk1);
	KT_ASSERT(stopped);
	KT_ASSERT_EQ(stops, 1);
	KT_ASSERT(resumed);
	KT_ASSERT_EQ(conts, 1);
	KT_ASSERT_EQ(sig_jc.exits, 1);
	KT_ASSERT_EQ(sig_jc.exit_status, SIGKILL);
	KT_ASSERT(j[0].left && j[1].left);
}
