/* SPDX-License-Identifier: MIT */
/* The set*id transitions of Linux, as pure functions of old and new creds. */
#include <cred/cred.h>

#include <frame/errno.h>

/* Whether @id is one of the three given. */
static bool cred_id_one_of(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
	return id == a || id == b || id == c;
}

int cred_setuid(const struct cred *old, struct cred *new, uint32_t uid)
{
	if (uid == CRED_ID_NONE)
		return -EINVAL;
	if (cred_capable(old)) {
		new->uid = new->suid = uid;
	} else if (uid != old->uid && uid != old->suid) {
		return -EPERM;
	}
	new->euid = new->fsuid = uid;
	return 0;
}

int cred_setgid(const struct cred *old, struct cred *new, uint32_t gid)
{
	if (gid == CRED_ID_NONE)
		return -EINVAL;
	if (cred_capable(old)) {
		new->gid = new->sgid = gid;
	} else if (gid != old->gid && gid != old->sgid) {
		return -EPERM;
	}
	new->egid = new->fsgid = gid;
	return 0;
}

/* The real/effective/saved triple of uids or of gids, for shared rules. */
struct cred_ids {
	uint32_t r, e, s, fs;
};

static int cred_setre(bool capable, const struct cred_ids *old,
		      struct cred_ids *new, uint32_t r, uint32_t e)
{
	*new = *old;
	if (r != CRED_ID_NONE) {
		if (!capable && r != old->r && r != old->e)
			return -EPERM;
		new->r = r;
	}
	if (e != CRED_ID_NONE) {
		if (!capable && !cred_id_one_of(e, old->r, old->e, old->s))
			return -EPERM;
		new->e = e;
	}
	if (r != CRED_ID_NONE || (e != CRED_ID_NONE && e != old->r))
		new->s = new->e;
	new->fs = new->e;
	return 0;
}

static int cred_setres(bool capable, const struct cred_ids *old,
		       struct cred_ids *new, uint32_t r, uint32_t e, uint32_t s)
{
	const uint32_t want[3] = { r, e, s };

	for (int i = 0; i < 3; i++)
		if (!capable && want[i] != CRED_ID_NONE &&
		    !cred_id_one_of(want[i], old->r, old->e, old->s))
			return -EPERM;
	*new = *old;
	if (r != CRED_ID_NONE)
		new->r = r;
	if (e != CRED_ID_NONE)
		new->e = e;
	if (s != CRED_ID_NONE)
		new->s = s;
	new->fs = new->e;
	return 0;
}

static struct cred_ids cred_uids(const struct cred *c)
{
	return (struct cred_ids){ c->uid, c->euid, c->suid, c->fsuid };
}

static struct cred_ids cred_gids(const struct cred *c)
{
	return (struct cred_ids){ c->gid, c->egid, c->sgid, c->fsgid };
}

static void cred_put_uids(struct cred *c, const struct cred_ids *ids)
{
	c->uid = ids->r;
	c->euid = ids->e;
	c->suid = ids->s;
	c->fsuid = ids->fs;
}

static void cred_put_gids(struct cred *c, const struct cred_ids *ids)
{
	c->gid = ids->r;
	c->egid = ids->e;
	c->sgid = ids->s;
	c->fsgid = ids->fs;
}

int cred_setreuid(const struct cred *old, struct cred *new, uint32_t ruid,
		  uint32_t euid)
{
	struct cred_ids o = cred_uids(old), n;
	int err = cred_setre(cred_capable(old), &o, &n, ruid, euid);

	if (!err)
		cred_put_uids(new, &n);
	return err;
}

int cred_setregid(const struct cred *old, struct cred *new, uint32_t rgid,
		  uint32_t egid)
{
	struct cred_ids o = cred_gids(old), n;
	int err = cred_setre(cred_capable(old), &o, &n, rgid, egid);

	if (!err)
		cred_put_gids(new, &n);
	return err;
}

int cred_setresuid(const struct cred *old, struct cred *new, uint32_t ruid,
		   uint32_t euid, uint32_t suid)
{
	struct cred_ids o = cred_uids(old), n;
	int err = cred_setres(cred_capable(old), &o, &n, ruid, euid, suid);

	if (!err)
		cred_put_uids(new, &n);
	return err;
}

int cred_setresgid(const struct cred *old, struct cred *new, uint32_t rgid,
		   uint32_t egid, uint32_t sgid)
{
	struct cred_ids o = cred_gids(old), n;
	int err = cred_setres(cred_capable(old), &o, &n, rgid, egid, sgid);

	if (!err)
		cred_put_gids(new, &n);
	return err;
}

bool cred_setfsuid_allowed(const struct cred *old, uint32_t uid)
{
	if (uid == CRED_ID_NONE)
		return false;
	return cred_capable(old) || uid == old->fsuid ||
	       cred_id_one_of(uid, old->uid, old->euid, old->suid);
}

bool cred_setfsgid_allowed(const struct cred *old, uint32_t gid)
{
	if (gid == CRED_ID_NONE)
		return false;
	return cred_capable(old) || gid == old->fsgid ||
	       cred_id_one_of(gid, old->gid, old->egid, old->sgid);
}
