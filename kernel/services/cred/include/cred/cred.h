/* SPDX-License-Identifier: MIT */
/* Credentials: the user and group ids a thread acts with, and set*id rules. */
#ifndef CRED_CRED_H
#define CRED_CRED_H

#include <frame/types.h>

struct task;

/*
 * A struct cred is immutable once attached to a task: a change goes
 * through cred_dup(), edits on the private copy, then cred_commit() (or
 * cred_attach() for another task). Readers therefore need no lock: they
 * hold a reference (cred_current() lends the calling task's, valid while
 * the task does not commit a new one).
 *
 * Privilege is modelled the way Linux grants it to a process without
 * capability games: an effective uid of 0 holds CAP_SETUID, CAP_SETGID
 * and the rest; any other uid holds none.
 *
 * Threads have their own credentials, as in Linux (libc broadcasts a
 * set*id call to every thread itself).
 */

/* NGROUPS_MAX of Linux: the most supplementary groups a cred carries. */
#define CRED_NGROUPS_MAX 65536u

/* The "no change" / invalid id of the set*id calls: (uid_t)-1. */
#define CRED_ID_NONE 0xffffffffu

struct cred {
	uint32_t uid, gid;   /* real */
	uint32_t euid, egid; /* effective */
	uint32_t suid, sgid; /* saved set-user/group-id */
	uint32_t fsuid, fsgid;
	uint32_t ngroups;
	uint32_t *groups; /* ngroups entries, sorted, on the heap; or NULL */
	/* Capability sets beyond the ids (see cred_cap_*() below). */
	uint64_t cap_inh;      /* inheritable, as capset(2) left it */
	uint64_t cap_prm_drop; /* permitted bits given up by capset(2) */
	uint64_t cap_eff_drop; /* effective bits given up by capset(2) */
	unsigned int refs_cred; /* the cred package's: use cred_get/put */
};

/*
 * cred_root() - the root credentials (every id 0, no groups), referenced;
 * what kernel tasks and PID 1 start with. NULL only when memory is short
 * at the very first call.
 */
struct cred *cred_root(void);

void cred_get(struct cred *c);
/* cred_put() - drop a reference; NULL is ignored */
void cred_put(struct cred *c);

/*
 * cred_dup() - a private, unattached copy of @c (one reference) to
 * prepare a change; NULL when memory is short.
 */
struct cred *cred_dup(const struct cred *c);

/*
 * cred_current() - the calling task's credentials (borrowed); the root
 * credentials for a task that never had any attached (kernel tasks).
 */
const struct cred *cred_current(void);

/*
 * cred_current_get() - cred_current() with a reference the caller puts,
 * for holding the credentials across a sleep that may commit new ones.
 */
struct cred *cred_current_get(void);

/* cred_of() - @t's credentials (borrowed), or NULL when none attached */
const struct cred *cred_of(const struct task *t);

/*
 * cred_attach() - make @c @t's credentials; takes its own reference to @c
 * (NULL detaches). The old ones are put. 0, or -ENOSPC when no task data
 * slot is left, -ENOMEM when memory is short.
 */
int cred_attach(struct task *t, struct cred *c);

/*
 * cred_commit() - replace the calling task's credentials with @new,
 * consuming the caller's reference to it. Never fails once the task had
 * credentials attached; otherwise it may fail as cred_attach() does (and
 * still consumes the reference).
 */
int cred_commit(struct cred *new);

/*
 * cred_set_groups() - give the unattached @c the @n groups @groups
 * (copied and sorted, duplicates kept as Linux keeps them). 0, -EINVAL
 * for more than CRED_NGROUPS_MAX, -ENOMEM.
 */
int cred_set_groups(struct cred *c, const uint32_t *groups, size_t n);

/* cred_in_group() - whether @gid is @c's fsgid or a supplementary group
 * (Linux's in_group_p, for file permission checks) */
bool cred_in_group(const struct cred *c, uint32_t gid);
/* cred_in_egroup() - the same against the effective gid */
bool cred_in_egroup(const struct cred *c, uint32_t gid);

/* cred_capable() - whether @c holds privilege (effective uid 0) */
static inline bool cred_capable(const struct cred *c)
{
	return c->euid == 0;
}

/*
 * The set*id rules of Linux (kernel/sys.c), as pure transitions: each
 * takes the current credentials @old and the syscall's arguments and
 * fills the unattached @new (a cred_dup() of @old), or returns -EPERM or
 * -EINVAL, leaving @new unspecified. Every successful change sets the
 * fs id to the new effective id. Used by the syscalls and by exec.
 *
 * cred_setuid(): privileged: real, effective, saved := @uid; else @uid
 *   must be the real or saved uid and only the effective one changes.
 * cred_setreuid(): @ruid must be the old real or effective uid, @euid the
 *   old real, effective or saved uid (unless privileged); the saved uid
 *   becomes the new effective one when the real uid is set or the
 *   effective one is set to a value other than the old real uid.
 * cred_setresuid(): unprivileged, each id given must equal one of the old
 *   real, effective or saved uids.
 * The gid forms are the same with gids (privilege is still euid 0).
 * CRED_ID_NONE means "unchanged" where Linux allows -1; setuid(-1) and
 * setgid(-1) are -EINVAL.
 */
int cred_setuid(const struct cred *old, struct cred *new, uint32_t uid);
int cred_setgid(const struct cred *old, struct cred *new, uint32_t gid);
int cred_setreuid(const struct cred *old, struct cred *new, uint32_t ruid,
		  uint32_t euid);
int cred_setregid(const struct cred *old, struct cred *new, uint32_t rgid,
		  uint32_t egid);
int cred_setresuid(const struct cred *old, struct cred *new, uint32_t ruid,
		   uint32_t euid, uint32_t suid);
int cred_setresgid(const struct cred *old, struct cred *new, uint32_t rgid,
		   uint32_t egid, uint32_t sgid);

/*
 * cred_setfsuid() - whether setfsuid(@uid) may change @old's fs uid:
 * privileged, or @uid is the real, effective, saved or current fs uid
 * (and not -1). setfsuid() returns the old fs uid either way.
 */
bool cred_setfsuid_allowed(const struct cred *old, uint32_t uid);
bool cred_setfsgid_allowed(const struct cred *old, uint32_t gid);

/*
 * Capabilities, as capget(2)/capset(2) see them. The sets follow the ids:
 * a cred whose real, effective or saved uid is 0 is permitted every
 * capability, one whose effective uid is 0 also has them effective, as
 * Linux leaves root without file capabilities or PR_SET_KEEPCAPS. On top
 * of that, capset(2) may give bits up; they stay given up until the
 * next execve(2) (Linux recomputes the sets there) and, for the
 * effective set, until the effective uid changes. Privilege checks in
 * the kernel still follow cred_capable(), the effective uid.
 */
#define CRED_CAP_LAST 40 /* CAP_CHECKPOINT_RESTORE */
#define CRED_CAP_FULL (((uint64_t)1 << (CRED_CAP_LAST + 1)) - 1)

/* cred_cap_permitted() - @c's permitted set */
uint64_t cred_cap_permitted(const struct cred *c);
/* cred_cap_effective() - @c's effective set (always within the permitted) */
uint64_t cred_cap_effective(const struct cred *c);

/*
 * cred_capset() - the rules of capset(2): from @old, set the sets of the
 * unattached @new (a cred_dup() of @old) to @eff, @prm, @inh (bits past
 * CRED_CAP_LAST ignored). -EPERM when @prm is not within @old's permitted
 * set, @eff not within @prm, or @inh adds a bit that is neither in @old's
 * inheritable nor (without CAP_SETPCAP effective) in its permitted set.
 */
int cred_capset(const struct cred *old, struct cred *new, uint64_t eff,
		uint64_t prm, uint64_t inh);

/* cred_caps_after_setid() - a set*id change from @old to @new forgets the
 * effective bits given up when the effective uid changed */
void cred_caps_after_setid(const struct cred *old, struct cred *new);
/* cred_caps_exec() - execve(2) recomputes the permitted and effective
 * sets of @new from its ids */
void cred_caps_exec(struct cred *new);

#endif /* CRED_CRED_H */
