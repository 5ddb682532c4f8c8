/* SPDX-License-Identifier: MIT */
/* Tests of the pid table, reparenting and the wait status encodings. */
#include "proc_fake_test.h"

#include <frame/errno.h>
#include <frame/ktest.h>

#include "proc_wait.h"

static int kt_alloc(void)
{
	uint64_t flags = proc_tree_lock();
	int pid = proc_pid_alloc();

	proc_tree_unlock(flags);
	return pid;
}

KTEST(proc_pid_alloc_wraps_and_skips)
{
	struct proc *a, *b, *c;

	proc_pid_set_cursor(1000, 1003);
	KT_ASSERT_EQ(kt_alloc(), 1000);
	a = proc_fake_new(1001, NULL);
	KT_ASSERT_NOT_NULL(a);
	/* 1001 is taken: skipped */
	KT_ASSERT_EQ(kt_alloc(), 1002);
	/* past the limit: wrap to 300, skipping a number in use as a
	 * process group */
	b = proc_fake_new(300, NULL);
	KT_ASSERT_NOT_NULL(b);
	c = proc_fake_new(302, NULL);
	KT_ASSERT_NOT_NULL(c);
	c->pgid = 301;
	KT_ASSERT_EQ(kt_alloc(), 303);
	/* reuse: a number freed is handed out again on the next lap */
	proc_fake_drop(b);
	proc_pid_set_cursor(300, 1003);
	KT_ASSERT_EQ(kt_alloc(), 300);
	proc_fake_drop(a);
	proc_fake_drop(c);
	proc_pid_set_cursor(1, 0);
}

KTEST(proc_lookup_finds_only_listed)
{
	struct proc *p = proc_fake_new(4000, NULL);
	uint64_t flags;

	KT_ASSERT_NOT_NULL(p);
	flags = proc_tree_lock();
	KT_ASSERT(proc_find(4000) == p);
	KT_ASSERT_NULL(proc_find(4001));
	KT_ASSERT_NULL(proc_find(0));
	KT_ASSERT_NULL(proc_find(-4000));
	proc_tree_unlock(flags);
	proc_fake_drop(p);
	flags = proc_tree_lock();
	KT_ASSERT_NULL(proc_find(4000));
	proc_tree_unlock(flags);
}

KTEST(proc_wait_status_encodings)
{
	/* WIFEXITED / WEXITSTATUS */
	KT_ASSERT_EQ(proc_status_exited(3), 0x300);
	KT_ASSERT_EQ(proc_status_exited(256 + 7), 0x700);
	KT_ASSERT_EQ(proc_status_exited(3) & 0x7f, 0);
	/* WIFSIGNALED, WTERMSIG, WCOREDUMP */
	KT_ASSERT_EQ(proc_status_signaled(9, false), 9);
	KT_ASSERT_EQ(proc_status_signaled(11, true), 0x8b);
	/* WIFSTOPPED / WSTOPSIG */
	KT_ASSERT_EQ(proc_status_stopped(19), 0x137f);
	KT_ASSERT_EQ(proc_status_stopped(20) & 0xff, 0x7f);
	/* WIFCONTINUED */
	KT_ASSERT_EQ(PROC_STATUS_CONTINUED, 0xffff);
}

KTEST(proc_wait_reaps_zombie_children)
{
	struct proc *parent = proc_fake_new(5000, NULL), *kid, *other;
	struct proc_wait_req req = { .idtype = PROC_P_ALL,
				     .options = PROC_WEXITED | PROC_WNOHANG };
	struct proc_wait_res res;
	uint64_t flags;

	KT_ASSERT_NOT_NULL(parent);
	kid = proc_fake_new(5001, parent);
	other = proc_fake_new(5002, parent);
	KT_ASSERT(kid && other);
	other->pgid = 77;
	/* nothing exited: WNOHANG gives 0 */
	KT_ASSERT_OK(proc_do_wait(parent, &req, &res));
	KT_ASSERT_EQ(res.pid, 0);
	flags = proc_tree_lock();
	kid->state = PROC_ZOMBIE;
	kid->exit_status = proc_status_signaled(15, false);
	proc_tree_unlock(flags);
	/* by process group: not the zombie's */
	req.idtype = PROC_P_PGID;
	req.id = 77;
	KT_ASSERT_OK(proc_do_wait(parent, &req, &res));
	KT_ASSERT_EQ(res.pid, 0);
	/* WNOWAIT leaves it */
	req.idtype = PROC_P_PID;
	req.id = 5001;
	req.options |= PROC_WNOWAIT;
	KT_ASSERT_OK(proc_do_wait(parent, &req, &res));
	KT_ASSERT_EQ(res.pid, 5001);
	KT_ASSERT_EQ(res.code, PROC_CLD_KILLED);
	KT_ASSERT_EQ(res.si_status, 15);
	req.options &= ~PROC_WNOWAIT;
	KT_ASSERT_OK(proc_do_wait(parent, &req, &res));
	KT_ASSERT_EQ(res.pid, 5001);
	KT_ASSERT_EQ(res.status, 15);
	/* reaped: gone from the table, and no such child any more */
	flags = proc_tree_lock();
	KT_ASSERT_NULL(proc_find(5001));
	proc_tree_unlock(flags);
	KT_ASSERT_ERR(proc_do_wait(parent, &req, &res), -ECHILD);
	/* a stop report, then continued */
	flags = proc_tree_lock();
	other->stop_report = true;
	other->stop_code = proc_status_stopped(19);
	proc_tree_unlock(flags);
	req.idtype = PROC_P_ALL;
	req.options = PROC_WEXITED | PROC_WNOHANG;
	KT_ASSERT_OK(proc_do_wait(parent, &req, &res));
	KT_ASSERT_EQ(res.pid, 0);
	req.options |= PROC_WSTOPPED;
	KT_ASSERT_OK(proc_do_wait(parent, &req, &res));
	KT_ASSERT_EQ(res.pid, 5002);
	KT_ASSERT_EQ(res.status, 0x137f);
	KT_ASSERT_EQ(res.code, PROC_CLD_STOPPED);
	/* __WCLONE children only for __WCLONE/__WALL */
	flags = proc_tree_lock();
	other->cont_report = true;
	other->exit_signal = 0;
	proc_tree_unlock(flags);
	req.options = PROC_WCONTINUED | PROC_WNOHANG;
	KT_ASSERT_ERR(proc_do_wait(parent, &req, &res), -ECHILD);
	req.options |= PROC_WALL;
	KT_ASSERT_OK(proc_do_wait(parent, &req, &res));
	KT_ASSERT_EQ(res.status, 0xffff);
	proc_fake_drop(other);
	proc_fake_drop(parent);
}

#include "proc_clone.h"

KTEST(proc_clone_flag_rules)
{
	struct proc_clone_args a = { .exit_signal = 17 };

	KT_ASSERT_OK(proc_clone_check(&a));
	a.flags = CLONE_THREAD | CLONE_VM;
	KT_ASSERT_ERR(proc_clone_check(&a), -EINVAL); /* THREAD w/o SIGHAND */
	a.flags = CLONE_SIGHAND;
	KT_ASSERT_ERR(proc_clone_check(&a), -EINVAL); /* SIGHAND w/o VM */
	a.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
	KT_ASSERT_OK(proc_clone_check(&a));
	a.flags = CLONE_NEWNS | CLONE_FS;
	KT_ASSERT_ERR(proc_clone_check(&a), -EINVAL);
	a.flags = CLONE_CLEAR_SIGHAND | CLONE_SIGHAND | CLONE_VM;
	KT_ASSERT_ERR(proc_clone_check(&a), -EINVAL);
	a.flags = CLONE_VM | CLONE_VFORK;
	KT_ASSERT_OK(proc_clone_check(&a));
	a.flags = 0;
	a.exit_signal = 65;
	KT_ASSERT_ERR(proc_clone_check(&a), -EINVAL);
}

#include <mm/mm.h>

/* A fake process with an mm of @pages populated pages. */
static struct proc *kt_fake_mm_proc(int pid, size_t pages)
{
	struct proc *p = proc_fake_new(pid, NULL);
	struct mm_map_req req = { 0 };
	uaddr_t at;

	if (!p)
		return NULL;
	p->mm = mm_create();
	if (!p->mm)
		return p;
	req.len = pages * 4096;
	req.prot = PROT_READ | PROT_WRITE;
	req.flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE;
	if (pages)
		mm_map(p->mm, &req, &at);
	return p;
}

KTEST(proc_oom_picks_largest_spares_init)
{
	struct proc *saved_init = proc_init_proc;
	struct proc *init = kt_fake_mm_proc(6000, 64);
	struct proc *small = kt_fake_mm_proc(6001, 4);
	struct proc *big = kt_fake_mm_proc(6002, 16);
	struct proc *v;

	KT_ASSERT(init && small && big && init->mm && small->mm && big->mm);
	KT_ASSERT_GE(mm_rss_pages(init->mm), 64);
	proc_init_proc = init;
	/* The largest that is not init, though init is larger still. */
	v = proc_oom_pick();
	KT_ASSERT(v == big);
	proc_put(v);
	/* A process already dying is no candidate. */
	big->exiting = true;
	v = proc_oom_pick();
	KT_ASSERT(v == small);
	proc_put(v);
	proc_fake_drop(small);
	proc_fake_drop(big);
	/* init only when it is the last one. */
	v = proc_oom_pick();
	KT_ASSERT(v == init);
	proc_put(v);
	proc_init_proc = saved_init;
	proc_fake_drop(init);
}
