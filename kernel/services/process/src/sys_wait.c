/* SPDX-License-Identifier: MIT */
/* wait4 and waitid: decode, check, then proc_do_wait. */
#include <process/syscalls.h>

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/user.h>

#include "proc_glue.h"
#include "proc_wait.h"

void proc_rusage_fill(int64_t ru[PROC_RUSAGE_WORDS], uint64_t utime_ns,
		      uint64_t stime_ns)
{
	for (int i = 0; i < PROC_RUSAGE_WORDS; i++)
		ru[i] = 0;
	ru[0] = (int64_t)(utime_ns / 1000000000u);
	ru[1] = (int64_t)(utime_ns % 1000000000u / 1000u);
	ru[2] = (int64_t)(stime_ns / 1000000000u);
	ru[3] = (int64_t)(stime_ns % 1000000000u / 1000u);
}

long sys_wait4(const uint64_t a[6])
{
	int pid = (int)a[0];
	uaddr_t ustatus = uaddr_from_syscall_arg(a[1]);
	unsigned int options = (unsigned int)a[2];
	uaddr_t urusage = uaddr_from_syscall_arg(a[3]);
	struct proc_wait_req req = { .options = options | PROC_WEXITED };
	struct proc_wait_res res = { 0 };
	struct proc *p = proc_current();
	int64_t ru[PROC_RUSAGE_WORDS];
	int err;

	if (options & ~(PROC_WNOHANG | PROC_WUNTRACED | PROC_WCONTINUED |
			PROC_WNOTHREAD | PROC_WALL | PROC_WCLONE))
		return -EINVAL;
	if (pid == -2147483647 - 1) /* INT_MIN: -pid overflows */
		return -ESRCH;
	if (pid < -1) {
		req.idtype = PROC_P_PGID;
		req.id = -pid;
	} else if (pid == -1) {
		req.idtype = PROC_P_ALL;
	} else if (pid == 0) {
		uint64_t flags = proc_tree_lock();

		req.idtype = PROC_P_PGID;
		req.id = p->pgid;
		proc_tree_unlock(flags);
	} else {
		req.idtype = PROC_P_PID;
		req.id = pid;
	}
	err = proc_do_wait(p, &req, &res);
	if (err)
		return err;
	if (res.pid == 0)
		return 0;
	/* The child is reaped already; a bad pointer still says EFAULT. */
	if (!uaddr_is_null(ustatus) &&
	    frame_copy_to_user(ustatus, &res.status, sizeof(int)))
		return -EFAULT;
	if (!uaddr_is_null(urusage)) {
		proc_rusage_fill(ru, res.utime_ns, res.stime_ns);
		if (frame_copy_to_user(urusage, ru, sizeof(ru)))
			return -EFAULT;
	}
	return res.pid;
}

/* siginfo_t for SIGCHLD as waitid fills it: 128 bytes. */
static void proc_put_i32(uint8_t *buf, size_t off, int32_t v)
{
	memcpy(buf + off, &v, sizeof(v));
}

static void proc_put_i64(uint8_t *buf, size_t off, int64_t v)
{
	memcpy(buf + off, &v, sizeof(v));
}

long sys_waitid(const uint64_t a[6])
{
	int idtype = (int)a[0];
	int id = (int)a[1];
	uaddr_t uinfo = uaddr_from_syscall_arg(a[2]);
	unsigned int options = (unsigned int)a[3];
	uaddr_t urusage = uaddr_from_syscall_arg(a[4]);
	struct proc_wait_req req = { .idtype = idtype,
				     .id = id,
				     .options = options };
	struct proc_wait_res res = { 0 };
	struct proc *p = proc_current();
	uint8_t info[128];
	int64_t ru[PROC_RUSAGE_WORDS];
	int err;

	if (options &
	    ~(PROC_WNOHANG | PROC_WSTOPPED | PROC_WEXITED | PROC_WCONTINUED |
	      PROC_WNOWAIT | PROC_WNOTHREAD | PROC_WALL | PROC_WCLONE))
		return -EINVAL;
	if (!(options & (PROC_WEXITED | PROC_WSTOPPED | PROC_WCONTINUED)))
		return -EINVAL;
	switch (idtype) {
	case PROC_P_ALL:
		break;
	case PROC_P_PID:
		if (id <= 0)
			return -EINVAL;
		break;
	case PROC_P_PGID:
		if (id < 0)
			return -EINVAL;
		if (id == 0) {
			uint64_t flags = proc_tree_lock();

			req.id = p->pgid;
			proc_tree_unlock(flags);
		}
		break;
	default:
		return -EINVAL;
	}
	err = proc_do_wait(p, &req, &res);
	if (err)
		return err;
	memset(info, 0, sizeof(info));
	if (res.pid) {
		proc_put_i32(info, 0, PROC_SIGCHLD);
		proc_put_i32(info, 8, res.code);
		proc_put_i32(info, 16, res.pid);
		proc_put_i32(info, 20, (int32_t)res.uid);
		proc_put_i32(info, 24, res.si_status);
		proc_put_i64(info, 32, (int64_t)(res.utime_ns / 10000000u));
		proc_put_i64(info, 40, (int64_t)(res.stime_ns / 10000000u));
	}
	if (!uaddr_is_null(uinfo) &&
	    frame_copy_to_user(uinfo, info, sizeof(info)))
		return -EFAULT;
	if (!uaddr_is_null(urusage)) {
		proc_rusage_fill(ru, res.utime_ns, res.stime_ns);
		if (frame_copy_to_user(urusage, ru, sizeof(ru)))
			return -EFAULT;
	}
	return 0;
}
