/* SPDX-License-Identifier: MIT */
/* Capability sets derived from the ids, and the capset(2) rules. */
#include <cred/cred.h>

#include <frame/errno.h>

/* CAP_SETPCAP: lets capset(2) add any bit to the inheritable set. */
#define CRED_CAP_SETPCAP 8

/* The permitted set the ids alone give, before any capset(2) drop. */
static uint64_t cred_cap_base(const struct cred *c)
{
	return (c->uid == 0 || c->euid == 0 || c->suid == 0) ? CRED_CAP_FULL
							     : 0;
}

uint64_t cred_cap_permitted(const struct cred *c)
{
	return cred_cap_base(c) & ~c->cap_prm_drop;
}

uint64_t cred_cap_effective(const struct cred *c)
{
	if (c->euid != 0)
		return 0;
	return cred_cap_permitted(c) & ~c->cap_eff_drop;
}

int cred_capset(const struct cred *old, struct cred *new, uint64_t eff,
		uint64_t prm, uint64_t inh)
{
	uint64_t old_prm = cred_cap_permitted(old);
	uint64_t inh_room = old->cap_inh | old_prm;

	eff &= CRED_CAP_FULL;
	prm &= CRED_CAP_FULL;
	inh &= CRED_CAP_FULL;
	/* With CAP_SETPCAP the bounding set (every bit here) is the limit. */
	if (cred_cap_effective(old) & ((uint64_t)1 << CRED_CAP_SETPCAP))
		inh_room = CRED_CAP_FULL;
	if (inh & ~inh_room)
		return -EPERM;
	if (prm & ~old_prm)
		return -EPERM;
	if (eff & ~prm)
		return -EPERM;
	new->cap_inh = inh;
	new->cap_prm_drop = cred_cap_base(old) & ~prm;
	/* An effective uid other than 0 has no effective set to keep. */
	new->cap_eff_drop = old->euid == 0 ? prm & ~eff : 0;
	return 0;
}

void cred_caps_after_setid(const struct cred *old, struct cred *new)
{
	if (new->euid != old->euid)
		new->cap_eff_drop = 0;
}

void cred_caps_exec(struct cred *new)
{
	new->cap_prm_drop = 0;
	new->cap_eff_drop = 0;
}
