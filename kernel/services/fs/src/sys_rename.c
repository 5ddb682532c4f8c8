/* SPDX-License-Identifier: MIT */
/* rename(2), renameat(2), renameat2(2) (RENAME_NOREPLACE). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define RENAME_NOREPLACE 1u
#define RENAME_EXCHANGE	 2u
#define RENAME_WHITEOUT	 4u

/* Whether @a is @b or one of its ancestors (vfs_lock held). */
static bool is_ancestor(struct inode *a, struct inode *b)
{
	for (;;) {
		if (a == b)
			return true;
		if (b->parent == b || !b->parent)
			return false;
		b = b->parent;
	}
}

/* Both parents found: check and move, vfs_lock held. */
static long rename_locked(struct nameidata *o, struct nameidata *n,
			  const struct fs_ident *id, unsigned int flags)
{
	struct dentry *od, *nd;
	struct inode *src;
	long ret;

	if (o->lastlen == 0 || o->last_dot || n->lastlen == 0 || n->last_dot)
		return -EBUSY;
	/* a rename stays inside one mount, as Linux's */
	if (o->mnt != n->mnt)
		return -EXDEV;
	ret = mnt_want_write(o->mnt);
	if (ret)
		return ret;
	od = dir_find(o->parent, o->last, o->lastlen);
	if (!od)
		return -ENOENT;
	src = od->inode;
	if (src->mounted)
		return -EBUSY;
	if ((o->trailing_slash || n->trailing_slash) && !S_ISDIR(src->mode))
		return -ENOTDIR;
	if (!vfs_may_delete(o->parent, src, id) ||
	    inode_permission(n->parent, id, MAY_WRITE | MAY_EXEC))
		return -EACCES;
	nd = dir_find(n->parent, n->last, n->lastlen);
	if (nd && nd->inode == src)
		return 0; /* the same file: nothing to do */
	if (S_ISDIR(src->mode) && is_ancestor(src, n->parent))
		return -EINVAL;
	if (nd) {
		struct inode *dst = nd->inode;

		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		if (!vfs_may_delete(n->parent, dst, id))
			return -EACCES;
		if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
			return -ENOTDIR;
		if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
			return -EISDIR;
		if (S_ISDIR(dst->mode) && !dir_is_empty(dst))
			return -ENOTEMPTY;
		if (dst->mounted)
			return -EBUSY;
	}
	if (n->parent->dead)
		return -ENOENT;
	/* Link first, so that the inode never has no name. */
	inode_get(src);
	if (nd)
		dir_unlink(n->parent, nd);
	ret = dir_link(n->parent, n->last, n->lastlen, src);
	if (!ret) {
		od = dir_find(o->parent, o->last, o->lastlen);
		dir_unlink(o->parent, od);
		if (S_ISDIR(src->mode)) {
			/* dir_unlink() took the dir's "." and marked it
			 * dead; it lives on under its new name. */
			src->dead = false;
			inode_nlink_add(src, 1);
		}
	}
	inode_put(src);
	return ret;
}

static long do_renameat(int olddirfd, const char *oldpath, int newdirfd,
			const char *newpath, unsigned int flags)
{
	struct nameidata o, n;
	struct vfs_at oat, nat;
	long ret;

	struct mount *om;

	ret = vfs_parent_begin(olddirfd, oldpath, &oat, &o);
	if (ret)
		return ret;
	/* One lock for the tree: take the second walk under it. The old
	 * parent's mount is held across the gap. */
	om = o.mnt;
	mnt_get(om);
	frame_mutex_unlock(&vfs_lock);
	ret = vfs_parent_begin(newdirfd, newpath, &nat, &n);
	if (ret) {
		frame_mutex_lock(&vfs_lock);
		vfs_parent_end(&oat, &o);
		mnt_put(om);
		return ret;
	}
	ret = rename_locked(&o, &n, &oat.id, flags);
	inode_put(o.parent);
	vfs_parent_end(&nat, &n);
	vfs_at_put(&oat);
	mnt_put(om);
	return ret;
}

static long rename_common(int olddirfd, uint64_t uold, int newdirfd,
			  uint64_t unew, unsigned int flags)
{
	char *oldpath, *newpath;
	long ret;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if (flags & (RENAME_EXCHANGE | RENAME_WHITEOUT))
		return (flags & RENAME_NOREPLACE) ? -EINVAL : -EOPNOTSUPP;
	ret = fs_path_get(uold, &oldpath);
	if (ret)
		return ret;
	ret = fs_path_get(unew, &newpath);
	if (!ret) {
		ret = do_renameat(olddirfd, oldpath, newdirfd, newpath, flags);
		fs_path_free(newpath);
	}
	fs_path_free(oldpath);
	return ret;
}

long sys_rename(const uint64_t a[6])
{
	return rename_common(AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}

long sys_renameat(const uint64_t a[6])
{
	return rename_common(fs_fd_arg(a[0]), a[1], fs_fd_arg(a[2]), a[3], 0);
}

long sys_renameat2(const uint64_t a[6])
{
	return rename_common(fs_fd_arg(a[0]), a[1], fs_fd_arg(a[2]), a[3],
			     (unsigned int)a[4]);
}
