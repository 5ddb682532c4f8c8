/* SPDX-License-Identifier: MIT */
/* Tests of the cred package: references, task slots, the set*id tables. */
#include <cred/cred.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/sync.h>
#include <frame/task.h>

/* A cred with the given ids, unattached (one reference). */
static struct cred *cred_make(uint32_t r, uint32_t e, uint32_t s)
{
	struct cred *root = cred_root();
	struct cred *c = root ? cred_dup(root) : NULL;

	cred_put(root);
	if (!c)
		return NULL;
	c->uid = c->gid = r;
	c->euid = c->egid = c->fsuid = c->fsgid = e;
	c->suid = c->sgid = s;
	return c;
}

KTEST(cred_root_is_all_zero)
{
	struct cred *r = cred_root();

	KT_ASSERT_NOT_NULL(r);
	KT_ASSERT_EQ(r->uid, 0);
	KT_ASSERT_EQ(r->euid, 0);
	KT_ASSERT_EQ(r->fsgid, 0);
	KT_ASSERT_EQ(r->ngroups, 0);
	KT_ASSERT(cred_capable(r));
	cred_put(r);
}

KTEST(cred_kernel_task_is_root)
{
	KT_ASSERT_EQ(cred_current()->euid, 0);
}

KTEST(cred_groups_sorted_and_searched)
{
	const uint32_t g[] = { 30, 10, 20, 10 };
	struct cred *c = cred_make(1000, 1000, 1000);

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_OK(cred_set_groups(c, g, ARRAY_SIZE(g)));
	KT_ASSERT_EQ(c->ngroups, 4);
	KT_ASSERT_EQ(c->groups[0], 10);
	KT_ASSERT_EQ(c->groups[3], 30);
	KT_ASSERT(cred_in_group(c, 20));
	KT_ASSERT(cred_in_group(c, 1000)); /* the fsgid */
	KT_ASSERT(!cred_in_group(c, 25));
	KT_ASSERT_ERR(cred_set_groups(c, g, CRED_NGROUPS_MAX + 1), -EINVAL);
	cred_put(c);
}

KTEST(cred_dup_copies_groups)
{
	const uint32_t g[] = { 5, 6 };
	struct cred *a = cred_make(7, 7, 7), *b;

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_OK(cred_set_groups(a, g, 2));
	b = cred_dup(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT(b->groups != a->groups);
	KT_ASSERT_EQ(b->groups[1], 6);
	KT_ASSERT_EQ(b->euid, 7);
	cred_put(a);
	KT_ASSERT_EQ(b->groups[0], 5);
	cred_put(b);
}

/* A task that commits a new cred and reports what it sees. */
struct cred_probe {
	struct task_entry entry;
	struct frame_completion go;
	uint32_t before, after;
	int err;
};

static int cred_probe_run(struct task_entry *e)
{
	struct cred_probe *p = container_of(e, struct cred_probe, entry);
	struct cred *n;

	frame_completion_wait(&p->go, FRAME_WAIT_FOREVER);
	n = cred_dup(cred_current());
	p->before = cred_current()->euid;
	if (!n) {
		p->err = -ENOMEM;
		return 0;
	}
	p->err = cred_setuid(cred_current(), n, 1234);
	if (!p->err)
		p->err = cred_commit(n);
	else
		cred_put(n);
	p->after = cred_current()->euid;
	return 0;
}

KTEST(cred_attach_and_commit_per_task)
{
	struct cred_probe p;
	struct cred *c = cred_make(0, 0, 0);
	struct task *t;

	KT_ASSERT_NOT_NULL(c);
	p.before = p.after = 99;
	p.err = 1;
	task_entry_init(&p.entry, cred_probe_run);
	frame_completion_init(&p.go);
	t = task_spawn("cred-probe", &p.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	/* The probe waits until its cred is in place. */
	KT_ASSERT_OK(cred_attach(t, c));
	cred_put(c);
	frame_completion_complete(&p.go);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_OK(p.err);
	KT_ASSERT_EQ(p.before, 0);
	KT_ASSERT_EQ(p.after, 1234);
	/* The test's own task is untouched. */
	KT_ASSERT_EQ(cred_current()->euid, 0);
}

KTEST(cred_setuid_rules)
{
	struct cred *root = cred_make(0, 0, 0),
		    *u = cred_make(1000, 1001, 1002);
	struct cred *n = cred_make(0, 0, 0);

	KT_ASSERT(root && u && n);
	/* Privileged: all three change. */
	KT_ASSERT_OK(cred_setuid(root, n, 500));
	KT_ASSERT_EQ(n->uid, 500);
	KT_ASSERT_EQ(n->euid, 500);
	KT_ASSERT_EQ(n->suid, 500);
	KT_ASSERT_EQ(n->fsuid, 500);
	/* Unprivileged: to the real or saved uid, effective only. */
	*n = *u;
	KT_ASSERT_OK(cred_setuid(u, n, 1002));
	KT_ASSERT_EQ(n->uid, 1000);
	KT_ASSERT_EQ(n->euid, 1002);
	KT_ASSERT_EQ(n->suid, 1002);
	KT_ASSERT_EQ(n->fsuid, 1002);
	KT_ASSERT_OK(cred_setuid(u, n, 1000));
	KT_ASSERT_EQ(n->euid, 1000);
	KT_ASSERT_ERR(cred_setuid(u, n, 1001 + 5), -EPERM);
	KT_ASSERT_ERR(cred_setuid(u, n, CRED_ID_NONE), -EINVAL);
	KT_ASSERT_ERR(cred_setgid(u, n, 77), -EPERM);
	n->groups = NULL;
	n->ngroups = 0;
	cred_put(root);
	cred_put(u);
	cred_put(n);
}

KTEST(cred_setreuid_rules)
{
	struct cred *u = cred_make(1000, 1001, 1002), *n = cred_make(0, 0, 0);

	KT_ASSERT(u && n);
	/* Swap real and effective: allowed, saved follows the effective. */
	KT_ASSERT_OK(cred_setreuid(u, n, 1001, 1000));
	KT_ASSERT_EQ(n->uid, 1001);
	KT_ASSERT_EQ(n->euid, 1000);
	KT_ASSERT_EQ(n->suid, 1000);
	KT_ASSERT_EQ(n->fsuid, 1000);
	/* Real may not become the saved uid unprivileged. */
	KT_ASSERT_ERR(cred_setreuid(u, n, 1002, CRED_ID_NONE), -EPERM);
	/* Effective may become the saved uid; with the real unchanged and
	 * the new effective different from the real, saved := effective. */
	KT_ASSERT_OK(cred_setreuid(u, n, CRED_ID_NONE, 1002));
	KT_ASSERT_EQ(n->uid, 1000);
	KT_ASSERT_EQ(n->euid, 1002);
	KT_ASSERT_EQ(n->suid, 1002);
	/* Effective set to the real uid: saved unchanged. */
	KT_ASSERT_OK(cred_setreuid(u, n, CRED_ID_NONE, 1000));
	KT_ASSERT_EQ(n->suid, 1002);
	KT_ASSERT_ERR(cred_setreuid(u, n, CRED_ID_NONE, 4), -EPERM);
	/* Both -1: a no-op that succeeds. */
	KT_ASSERT_OK(cred_setreuid(u, n, CRED_ID_NONE, CRED_ID_NONE));
	KT_ASSERT_EQ(n->suid, 1002);
	KT_ASSERT_OK(cred_setregid(u, n, 1001, CRED_ID_NONE));
	KT_ASSERT_EQ(n->gid, 1001);
	KT_ASSERT_EQ(n->sgid, 1001);
	cred_put(u);
	cred_put(n);
}

KTEST(cred_setresuid_rules)
{
	struct cred *u = cred_make(1000, 1001, 1002), *n = cred_make(0, 0, 0);
	struct cred *root = cred_make(0, 0, 0);

	KT_ASSERT(u && n && root);
	KT_ASSERT_OK(cred_setresuid(u, n, 1002, 1000, 1001));
	KT_ASSERT_EQ(n->uid, 1002);
	KT_ASSERT_EQ(n->euid, 1000);
	KT_ASSERT_EQ(n->suid, 1001);
	KT_ASSERT_EQ(n->fsuid, 1000);
	KT_ASSERT_ERR(cred_setresuid(u, n, CRED_ID_NONE, 0, CRED_ID_NONE),
		      -EPERM);
	KT_ASSERT_OK(cred_setresuid(u, n, CRED_ID_NONE, CRED_ID_NONE, 1000));
	KT_ASSERT_EQ(n->uid, 1000);
	KT_ASSERT_EQ(n->euid, 1001);
	KT_ASSERT_EQ(n->suid, 1000);
	/* Root may pick anything, and dropping euid keeps the real. */
	KT_ASSERT_OK(
		cred_setresuid(root, n, CRED_ID_NONE, 65534, CRED_ID_NONE));
	KT_ASSERT_EQ(n->uid, 0);
	KT_ASSERT_EQ(n->euid, 65534);
	KT_ASSERT_EQ(n->suid, 0);
	KT_ASSERT_OK(cred_setresgid(root, n, 5, 6, 7));
	KT_ASSERT_EQ(n->gid, 5);
	KT_ASSERT_EQ(n->egid, 6);
	KT_ASSERT_EQ(n->sgid, 7);
	KT_ASSERT_EQ(n->fsgid, 6);
	cred_put(u);
	cred_put(n);
	cred_put(root);
}

KTEST(cred_setfsuid_rules)
{
	struct cred *u = cred_make(1000, 1001, 1002);

	KT_ASSERT_NOT_NULL(u);
	KT_ASSERT(cred_setfsuid_allowed(u, 1000));
	KT_ASSERT(cred_setfsuid_allowed(u, 1002));
	KT_ASSERT(!cred_setfsuid_allowed(u, 0));
	KT_ASSERT(!cred_setfsuid_allowed(u, CRED_ID_NONE));
	KT_ASSERT(cred_setfsgid_allowed(u, 1001));
	KT_ASSERT(!cred_setfsgid_allowed(u, 3));
	cred_put(u);
}
