/* SPDX-License-Identifier: MIT */
/* The wait request shared by wait4 and waitid. */
#ifndef PROCESS_PROC_WAIT_H
#define PROCESS_PROC_WAIT_H

#include "proc_internal.h"

/* idtype_t of waitid */
#define PROC_P_ALL   0
#define PROC_P_PID   1
#define PROC_P_PGID  2
#define PROC_P_PIDFD 3

/* Options of wait4 and waitid (Linux's values). */
#define PROC_WNOHANG	0x00000001u
#define PROC_WUNTRACED	0x00000002u
#define PROC_WSTOPPED	PROC_WUNTRACED
#define PROC_WEXITED	0x00000004u
#define PROC_WCONTINUED 0x00000008u
#define PROC_WNOWAIT	0x01000000u
#define PROC_WNOTHREAD	0x20000000u
#define PROC_WALL	0x40000000u
#define PROC_WCLONE	0x80000000u

struct proc_wait_req {
	int idtype;
	int id;
	unsigned int options;
};

struct proc_wait_res {
	int pid; /* 0: WNOHANG and nothing to report */
	uint32_t uid;
	int status;    /* wait4's encoding */
	int code;      /* CLD_* */
	int si_status; /* waitid's si_status */
	uint64_t utime_ns, stime_ns;
};

/*
 * proc_do_wait() - wait for a child of @p as @req says: 0 with @res
 * filled (res->pid 0 for WNOHANG with nothing ready), -ECHILD when no
 * child matches, -ERESTARTSYS when a signal interrupts the wait.
 */
int proc_do_wait(struct proc *p, const struct proc_wait_req *req,
		 struct proc_wait_res *res);

/* struct rusage of Linux: 18 longs; times of @ns as timevals. */
#define PROC_RUSAGE_WORDS 18
void proc_rusage_fill(int64_t ru[PROC_RUSAGE_WORDS], uint64_t utime_ns,
		      uint64_t stime_ns);

#endif /* PROCESS_PROC_WAIT_H */
