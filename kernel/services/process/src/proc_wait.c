/* SPDX-License-Identifier: MIT */
/* Waiting for children: the one search behind wait4 and waitid. */
#include "proc_wait.h"

#include <frame/errno.h>

#include "proc_glue.h"

static inline struct proc *proc_of_sibling(struct proc_link *l)
{
	return container_of(l, struct proc, sibling);
}

/* Whether child @c is one the request names. */
static bool proc_wait_matches(const struct proc_wait_req *req,
			      const struct proc *c)
{
	bool clone_child = c->exit_signal != PROC_SIGCHLD;

	switch (req->idtype) {
	case PROC_P_PID:
		if (c->pid != req->id)
			return false;
		break;
	case PROC_P_PGID:
		if (c->pgid != req->id)
			return false;
		break;
	default:
		break;
	}
	if (req->options & PROC_WALL)
		return true;
	return clone_child == !!(req->options & PROC_WCLONE);
}

/* Fill @res from @c's exit state. */
static void proc_wait_fill_exit(struct proc_wait_res *res, struct proc *c)
{
	int st = c->exit_status;

	res->pid = c->pid;
	res->uid = c->exit_uid;
	res->status = st;
	if ((st & 0x7f) == 0) {
		res->code = PROC_CLD_EXITED;
		res->si_status = (st >> 8) & 0xff;
	} else {
		res->code = (st & 0x80) ? PROC_CLD_DUMPED : PROC_CLD_KILLED;
		res->si_status = st & 0x7f;
	}
	res->utime_ns = c->utime_ns + c->cutime_ns;
	res->stime_ns = c->stime_ns + c->cstime_ns;
}

/*
 * One pass over the children, under the lock: 1 and @res filled when a
 * child reported (and was reaped unless WNOWAIT; *@reaped then holds it
 * for the caller to put), 0 when none is ready, -ECHILD when none
 * matches at all.
 */
static int proc_wait_scan(struct proc *p, const struct proc_wait_req *req,
			  struct proc_wait_res *res, struct proc **reaped)
{
	bool any = false;

	for (struct proc_link *l = p->children.next; l != &p->children;
	     l = l->next) {
		struct proc *c = proc_of_sibling(l);

		if (!proc_wait_matches(req, c))
			continue;
		any = true;
		if (c->state == PROC_ZOMBIE && (req->options & PROC_WEXITED)) {
			proc_wait_fill_exit(res, c);
			if (!(req->options & PROC_WNOWAIT)) {
				p->cutime_ns += res->utime_ns;
				p->cstime_ns += res->stime_ns;
				c->state = PROC_DEAD;
				proc_link_del(&c->sibling);
				proc_hash_del(c);
				c->parent = NULL;
				*reaped = c;
			}
			return 1;
		}
		if (c->state != PROC_RUNNING)
			continue;
		if (c->stop_report && (req->options & PROC_WSTOPPED)) {
			res->pid = c->pid;
			res->uid = c->exit_uid;
			res->status = c->stop_code;
			res->code = PROC_CLD_STOPPED;
			res->si_status = (c->stop_code >> 8) & 0xff;
			if (!(req->options & PROC_WNOWAIT))
				c->stop_report = false;
			return 1;
		}
		if (c->cont_report && (req->options & PROC_WCONTINUED)) {
			res->pid = c->pid;
			res->uid = c->exit_uid;
			res->status = PROC_STATUS_CONTINUED;
			res->code = PROC_CLD_CONTINUED;
			res->si_status = PROC_SIGCONT;
			if (!(req->options & PROC_WNOWAIT))
				c->cont_report = false;
			return 1;
		}
	}
	return any ? 0 : -ECHILD;
}

/* Whether the waiting thread must give up (NULL: a kernel task). */
static bool proc_wait_abandon(struct proc_thread *me)
{
	return me && proc_thread_should_exit(me);
}

int proc_do_wait(struct proc *p, const struct proc_wait_req *req,
		 struct proc_wait_res *res)
{
	struct proc_thread *me = proc_thread_current();

	for (;;) {
		struct proc *reaped = NULL;
		uint64_t flags = proc_tree_lock();
		unsigned int seen =
			__atomic_load_n(&p->child_events, __ATOMIC_ACQUIRE);
		int r = proc_wait_scan(p, req, res, &reaped);
		int err;

		proc_tree_unlock(flags);
		if (reaped)
			proc_put(reaped);
		if (r != 0)
			return r < 0 ? r : 0;
		if (req->options & PROC_WNOHANG) {
			res->pid = 0;
			return 0;
		}
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&p->child_wq,
			__atomic_load_n(&p->child_events, __ATOMIC_ACQUIRE) !=
					seen ||
				proc_wait_abandon(me),
			FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
		if (proc_wait_abandon(me))
			return -EINTR;
	}
}
