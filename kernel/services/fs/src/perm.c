/* SPDX-License-Identifier: MIT */
/* Permission checks: the caller's fs ids against an inode's mode bits. */
#include <cred/cred.h>
#include <frame/errno.h>

#include "vfs.h"

void fs_ident_current(struct fs_ident *id, bool real_ids)
{
	const struct cred *c = cred_current();

	/* access(2) checks with the real ids, everything else with the
	 * file-system ids. */
	id->uid = real_ids ? c->uid : c->fsuid;
	id->gid = real_ids ? c->gid : c->fsgid;
	id->cred = c;
}

bool fs_ident_in_group(const struct fs_ident *id, uint32_t gid)
{
	if (id->gid == gid)
		return true;
	if (!id->cred)
		return false;
	for (uint32_t i = 0; i < id->cred->ngroups; i++)
		if (id->cred->groups[i] == gid)
			return true;
	return false;
}

bool fs_capable(const struct fs_ident *id)
{
	return id->uid == 0;
}

int inode_permission(const struct inode *ino, const struct fs_ident *id,
		     int mask)
{
	uint32_t mode = ino->mode, bits;

	if (fs_capable(id)) {
		/* Root may read and write anything, and execute what has
		 * an x bit somewhere (or is a directory). */
		if (!(mask & MAY_EXEC) || S_ISDIR(mode) || (mode & 0111))
			return 0;
		return -EACCES;
	}
	if (id->uid == ino->uid)
		bits = (mode >> 6) & 7;
	else if (fs_ident_in_group(id, ino->gid))
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	return ((unsigned int)mask & ~bits) ? -EACCES : 0;
}

bool inode_owner_or_capable(const struct inode *ino, const struct fs_ident *id)
{
	return fs_capable(id) || id->uid == ino->uid;
}

bool vfs_may_delete(const struct inode *dir, const struct inode *victim,
		    const struct fs_ident *id)
{
	if (dir->synth)
		return false; /* names in a synthetic directory are its own */
	if (inode_permission(dir, id, MAY_WRITE | MAY_EXEC))
		return false;
	if (!(dir->mode & S_ISVTX))
		return true;
	return fs_capable(id) || id->uid == victim->uid || id->uid == dir->uid;
}
