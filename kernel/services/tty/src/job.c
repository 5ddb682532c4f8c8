/* SPDX-License-Identifier: MIT */
/* Job control on a terminal: foreground group, session, background checks. */
#include "tty_core.h"

#include <frame/errno.h>

#include "console.h"
#include "pty.h"
#include <signal/signal.h>

static const struct tty_job_ops *tty_job_ops_registered;

void tty_set_job_ops(const struct tty_job_ops *ops)
{
	__atomic_store_n(&tty_job_ops_registered, ops, __ATOMIC_RELEASE);
}

const struct tty_job_ops *tty_job(const struct tty *tty)
{
	if (tty->job)
		return tty->job;
	return __atomic_load_n(&tty_job_ops_registered, __ATOMIC_ACQUIRE);
}

static bool job_sig_ignored(const struct tty_job_ops *job, int sig)
{
	return job->current_sig_ignored && job->current_sig_ignored(sig);
}

static bool job_orphaned(const struct tty_job_ops *job, int pgrp)
{
	return job->pgrp_orphaned && job->pgrp_orphaned(pgrp);
}

bool tty_is_current_ctty(struct tty *tty)
{
	const struct tty_job_ops *job = tty_job(tty);
	FRAME_SPIN_SCOPED(g, &tty->lock);

	return job && tty->session > 0 && tty->session == job->current_sid();
}

int tty_job_check(struct tty *tty, int sig)
{
	const struct tty_job_ops *job = tty_job(tty);
	int pgrp, fg;

	if (!job || !tty_is_current_ctty(tty))
		return 0;
	pgrp = job->current_pgrp();
	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		fg = tty->pgrp;
	}
	if (pgrp == fg)
		return 0;
	if (job_sig_ignored(job, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (job_orphaned(job, pgrp))
		return -EIO;
	(void)job->signal_pgrp(pgrp, sig);
	return -ERESTARTSYS;
}

int tty_get_pgrp(struct tty *tty, int *pgrp)
{
	if (!tty_is_current_ctty(tty))
		return -ENOTTY;
	FRAME_SPIN_SCOPED(g, &tty->lock);
	*pgrp = tty->pgrp;
	return 0;
}

int tty_get_sid(struct tty *tty, int *sid)
{
	if (!tty_is_current_ctty(tty))
		return -ENOTTY;
	FRAME_SPIN_SCOPED(g, &tty->lock);
	*sid = tty->session;
	return 0;
}

int tty_set_pgrp(struct tty *tty, int pgrp)
{
	const struct tty_job_ops *job = tty_job(tty);
	int err, sid;

	if (!job || !tty_is_current_ctty(tty))
		return -ENOTTY;
	err = tty_job_check(tty, SIGTTOU);
	if (err)
		return err;
	if (pgrp < 0)
		return -EINVAL;
	sid = job->current_sid();
	if (!job->pgrp_in_session(pgrp, sid))
		return -EPERM;
	FRAME_SPIN_SCOPED(g, &tty->lock);
	if (tty->session != sid)
		return -ENOTTY;
	tty->pgrp = pgrp;
	return 0;
}

int tty_set_ctty(struct tty *tty, bool steal)
{
	const struct tty_job_ops *job = tty_job(tty);
	int sid, pgrp;

	if (!job)
		return -EPERM;
	sid = job->current_sid();
	pgrp = job->current_pgrp();
	if (!job->current_is_session_leader())
		return -EPERM;
	FRAME_SPIN_SCOPED(g, &tty->lock);
	if (tty->session == sid)
		return 0;
	/* Another session's terminal: only root may take it, and only when
	 * asking to (Linux's CAP_SYS_ADMIN check, from the credentials). */
	if (tty->session > 0 && !(steal && tty_current_is_root()))
		return -EPERM;
	tty->session = sid;
	tty->pgrp = pgrp;
	return 0;
}

/* Give up the terminal of session @sid: its foreground group hears. */
void tty_release_session(struct tty *tty, int sid)
{
	const struct tty_job_ops *job = tty_job(tty);
	int pgrp;

	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		if (tty->session != sid || sid <= 0)
			return;
		pgrp = tty->pgrp;
		tty->session = 0;
		tty->pgrp = 0;
	}
	if (job && pgrp > 0) {
		(void)job->signal_pgrp(pgrp, SIGHUP);
		(void)job->signal_pgrp(pgrp, SIGCONT);
	}
}

int tty_drop_ctty(struct tty *tty)
{
	const struct tty_job_ops *job = tty_job(tty);

	if (!job || !tty_is_current_ctty(tty))
		return -ENOTTY;
	/* A member of the session just loses its terminal, which Keel does
	 * not track per process; the leader gives it up for everyone. */
	if (job->current_is_session_leader())
		tty_release_session(tty, job->current_sid());
	return 0;
}

void tty_open_ctty(struct tty *tty)
{
	const struct tty_job_ops *job = tty_job(tty);
	int sid, pgrp;

	if (!job || !job->current_is_session_leader())
		return;
	sid = job->current_sid();
	pgrp = job->current_pgrp();
	FRAME_SPIN_SCOPED(g, &tty->lock);
	if (tty->session == 0) {
		tty->session = sid;
		tty->pgrp = pgrp;
	}
}

void tty_hangup(struct tty *tty)
{
	const struct tty_job_ops *job = tty_job(tty);
	int sid;

	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		if (tty->hungup)
			return;
		tty->hungup = true;
		sid = tty->session;
		tty->session = 0;
		tty->pgrp = 0;
	}
	frame_waitq_wake_all(&tty->read_wq);
	frame_waitq_wake_all(&tty->room_wq);
	frame_waitq_wake_all(&tty->write_wq);
	frame_waitq_wake_all(&tty->reader_wq);
	/* Linux signals the session leader alone (whose pid is the session's
	 * id); without a way to, its group, which a leader cannot leave. */
	if (job && sid > 0 && job->signal_proc) {
		(void)job->signal_proc(sid, SIGHUP);
		(void)job->signal_proc(sid, SIGCONT);
	} else if (job && sid > 0) {
		(void)job->signal_pgrp(sid, SIGHUP);
		(void)job->signal_pgrp(sid, SIGCONT);
	}
}

void tty_session_exit(int sid)
{
	struct tty *tty = tty_console();

	if (tty)
		tty_release_session(tty, sid);
	pty_session_exit(sid);
}
