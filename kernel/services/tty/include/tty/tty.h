/* SPDX-License-Identifier: MIT */
/* The tty service: the console terminal and its job control hooks. */
#ifndef TTY_TTY_H
#define TTY_TTY_H

#include <frame/types.h>

/*
 * Keel's terminals are the serial console, reachable as /dev/console
 * (5,1), /dev/ttyS0 (4,64) and, for a session that has it as controlling
 * terminal, /dev/tty (5,0); and pseudo-terminals: /dev/ptmx (5,2) makes
 * one, whose slave is /dev/pts/N (136,N) in the devpts file system. The
 * line discipline is described in docs/services/tty.md.
 *
 * Job control needs to know about processes, which live above this
 * package; process registers these operations at init. Until then the
 * terminal sends no signals and does no background checks.
 *
 * @signal_pgrp: send @sig to every process of group @pgrp (0 or -errno).
 * @current_pgrp, @current_sid: the calling process's group and session.
 * @pgrp_in_session: whether group @pgrp exists and belongs to @sid.
 * @current_is_session_leader: whether the caller leads its session.
 * Optional (NULL: treated as false):
 * @current_sig_ignored: whether the calling thread ignores or blocks
 *   @sig (a background read then fails with EIO instead of SIGTTIN, a
 *   background write or setting change proceeds without SIGTTOU).
 * @pgrp_orphaned: whether @pgrp is an orphaned process group (no
 *   SIGTTIN/SIGTTOU for it, EIO instead).
 * @signal_proc: send @sig to the one process @pid (0 or -errno): a
 *   hangup's SIGHUP and SIGCONT go to the session leader alone, as in
 *   Linux (NULL: to the leader's group).
 */
struct tty_job_ops {
	int (*signal_pgrp)(int pgrp, int sig);
	int (*current_pgrp)(void);
	int (*current_sid)(void);
	bool (*pgrp_in_session)(int pgrp, int sid);
	bool (*current_is_session_leader)(void);
	bool (*current_sig_ignored)(int sig);
	bool (*pgrp_orphaned)(int pgrp);
	int (*signal_proc)(int pid, int sig);
};

/* tty_set_job_ops() - register the job control operations (once, at
 * init; @ops must stay valid) */
void tty_set_job_ops(const struct tty_job_ops *ops);

/*
 * tty_session_exit() - the session leader of @sid is exiting: if the
 * console or a pty is its controlling terminal, the terminal's foreground group
 * gets SIGHUP and SIGCONT and the terminal belongs to no session any
 * more. Process calls it when a session leader exits.
 */
void tty_session_exit(int sid);

/*
 * tty_init() - start the console terminal (its input task), register
 * /dev/console, /dev/tty, /dev/ttyS0, /dev/ptmx and the pty slaves, and
 * mount devpts on /dev/pts. After fs_init(). 0 or -errno.
 */
int tty_init(void);

#endif /* TTY_TTY_H */
