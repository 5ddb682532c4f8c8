/* SPDX-License-Identifier: MIT */
/* Tests of the capability sets: derivation from the ids, capset's rules. */
#include <cred/cred.h>

#include <frame/errno.h>
#include <frame/ktest.h>

/* A copy of root's cred with the given uids (one reference). */
static struct cred *caps_cred(uint32_t r, uint32_t e, uint32_t s)
{
	struct cred *root = cred_root();
	struct cred *c = root ? cred_dup(root) : NULL;

	cred_put(root);
	if (!c)
		return NULL;
	c->uid = r;
	c->euid = c->fsuid = e;
	c->suid = s;
	return c;
}

KTEST(cred_caps_follow_the_ids)
{
	struct cred *root = caps_cred(0, 0, 0);
	struct cred *seteuid = caps_cred(0, 1000, 0);
	struct cred *user = caps_cred(1000, 1000, 1000);

	KT_ASSERT_NOT_NULL(root);
	KT_ASSERT_NOT_NULL(seteuid);
	KT_ASSERT_NOT_NULL(user);
	KT_ASSERT_EQ(cred_cap_permitted(root), CRED_CAP_FULL);
	KT_ASSERT_EQ(cred_cap_effective(root), CRED_CAP_FULL);
	/* seteuid away from 0 keeps the permitted set, clears the effective */
	KT_ASSERT_EQ(cred_cap_permitted(seteuid), CRED_CAP_FULL);
	KT_ASSERT_EQ(cred_cap_effective(seteuid), 0);
	KT_ASSERT_EQ(cred_cap_permitted(user), 0);
	KT_ASSERT_EQ(cred_cap_effective(user), 0);
	cred_put(root);
	cred_put(seteuid);
	cred_put(user);
}

KTEST(cred_capset_only_drops)
{
	struct cred *old = caps_cred(0, 0, 0);
	struct cred *new = old ? cred_dup(old) : NULL;
	uint64_t net_raw = (uint64_t)1 << 13;

	KT_ASSERT_NOT_NULL(new);
	/* drop one bit from the effective set only */
	KT_ASSERT_OK(cred_capset(old, new, CRED_CAP_FULL & ~net_raw,
				 CRED_CAP_FULL, 0));
	KT_ASSERT_EQ(cred_cap_effective(new), CRED_CAP_FULL & ~net_raw);
	KT_ASSERT_EQ(cred_cap_permitted(new), CRED_CAP_FULL);
	/* effective outside permitted */
	KT_ASSERT_ERR(cred_capset(old, new, CRED_CAP_FULL,
				  CRED_CAP_FULL & ~net_raw, 0),
		      -EPERM);
	/* drop from permitted, then raising it again is refused */
	KT_ASSERT_OK(cred_capset(old, new, 0, CRED_CAP_FULL & ~net_raw, 0));
	KT_ASSERT_EQ(cred_cap_permitted(new), CRED_CAP_FULL & ~net_raw);
	KT_ASSERT_EQ(cred_cap_effective(new), 0);
	KT_ASSERT_ERR(cred_capset(new, old, 0, CRED_CAP_FULL, 0), -EPERM);
	/* bits past the last capability are ignored */
	KT_ASSERT_OK(cred_capset(old, new, ~(uint64_t)0, ~(uint64_t)0, 0));
	KT_ASSERT_EQ(cred_cap_effective(new), CRED_CAP_FULL);
	/* execve gives root its sets back */
	KT_ASSERT_OK(cred_capset(old, new, 0, 0, 0));
	KT_ASSERT_EQ(cred_cap_permitted(new), 0);
	cred_caps_exec(new);
	KT_ASSERT_EQ(cred_cap_permitted(new), CRED_CAP_FULL);
	cred_put(old);
	cred_put(new);
}

KTEST(cred_capset_unprivileged)
{
	struct cred *old = caps_cred(1000, 1000, 1000);
	struct cred *new = old ? cred_dup(old) : NULL;

	KT_ASSERT_NOT_NULL(new);
	KT_ASSERT_OK(cred_capset(old, new, 0, 0, 0));
	KT_ASSERT_ERR(cred_capset(old, new, 0, 1, 0), -EPERM);
	/* the inheritable set may not grow beyond inheritable | permitted */
	KT_ASSERT_ERR(cred_capset(old, new, 0, 0, 1), -EPERM);
	cred_put(old);
	cred_put(new);
}

KTEST(cred_caps_effective_back_after_euid_change)
{
	struct cred *old = caps_cred(0, 0, 0);
	struct cred *mid = old ? cred_dup(old) : NULL;
	struct cred *down = mid ? cred_dup(mid) : NULL;
	struct cred *up = down ? cred_dup(down) : NULL;

	KT_ASSERT_NOT_NULL(up);
	KT_ASSERT_OK(cred_capset(old, mid, 0, CRED_CAP_FULL, 0));
	KT_ASSERT_EQ(cred_cap_effective(mid), 0);
	*down = *mid;
	down->refs_cred = 1;
	down->euid = 1000;
	cred_caps_after_setid(mid, down);
	*up = *down;
	up->refs_cred = 1;
	up->euid = 0;
	cred_caps_after_setid(down, up);
	/* Linux: an effective uid back to 0 makes the effective set the
	 * permitted one */
	KT_ASSERT_EQ(cred_cap_effective(up), CRED_CAP_FULL);
	cred_put(old);
	cred_put(mid);
	cred_put(down);
	cred_put(up);
}
