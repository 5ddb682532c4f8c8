/* SPDX-License-Identifier: MIT */
/* rename(2), renameat(2), renameat2(2) (RENAME_NOREPLACE, RENAME_EXCHANGE). */
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

/* Why @victim may not leave @dir: 0, -EACCES (no write and search
 * permission), or -EPERM (the sticky bit), as Linux's may_delete. */
static long rename_may_delete(struct inode *dir, struct inode *victim,
			      const struct fs_ident *id)
{
	if (vfs_may_delete(dir, victim, id))
		return 0;
	if (dir->synth || inode_permission(dir, id, MAY_WRITE | MAY_EXEC))
		return -EACCES;
	return -EPERM;
}

/* A directory unlinked from its old name lives on under its new one
 * (dir_unlink() took its "." and marked it dead). */
static void rename_revive(struct inode *ino)
{
	if (S_ISDIR(ino->mode)) {
		ino->dead = false;
		inode_nlink_add(ino, 1);
	}
}

/*
 * RENAME_EXCHANGE: @src (named by @od in o's parent) and @dst (@nd in
 * n's parent) trade names, both checked first; vfs_lock held. Both new
 * names are linked before the old ones go, so that a failure (-ENOMEM)
 * leaves things as they were.
 */
static long rename_exchange(struct nameidata *o, struct nameidata *n,
			    struct dentry *od, struct dentry *nd,
			    const struct fs_ident *id)
{
	struct inode *src = od->inode, *dst = nd->inode;
	struct dentry *tmp;
	long ret;

	ret = rename_may_delete(n->parent, dst, id);
	if (ret)
		return ret;
	if ((S_ISDIR(src->mode) && is_ancestor(src, n->parent)) ||
	    (S_ISDIR(dst->mode) && is_ancestor(dst, o->parent)))
		return -EINVAL;
	if (dst->mounted)
		return -EBUSY;
	if (o->parent->dead || n->parent->dead)
		return -ENOENT;
	inode_get(src);
	inode_get(dst);
	ret = dir_link(o->parent, o->last, o->lastlen, dst);
	if (ret)
		goto out;
	ret = dir_link(n->parent, n->last, n->lastlen, src);
	if (ret) {
		/* undo the first link: dst's name and parent as before */
		for (tmp = o->parent->children; tmp->next; tmp = tmp->next)
			;
		dir_unlink(o->parent, tmp);
		rename_revive(dst);
		if (S_ISDIR(dst->mode) && o->parent != n->parent) {
			inode_get(n->parent);
			dst->parent = n->parent;
			inode_put(o->parent);
		}
		goto out;
	}
	dir_unlink(o->parent, od);
	rename_revive(src);
	dir_unlink(n->parent, nd);
	rename_revive(dst);
out:
	inode_put(dst);
	inode_put(src);
	return ret;
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
	ret = rename_may_delete(o->parent, src, id);
	if (ret)
		return ret;
	if (inode_permission(n->parent, id, MAY_WRITE | MAY_EXEC))
		return -EACCES;
	nd = dir_find(n->parent, n->last, n->lastlen);
	if (nd && nd->inode == src)
		return 0; /* the same file: nothing to do */
	if (flags & RENAME_EXCHANGE)
		return nd ? rename_exchange(o, n, od, nd, id) : -ENOENT;
	if (S_ISDIR(src->mode) && is_ancestor(src, n->parent))
		return -EINVAL;
	if (nd) {
		struct inode *dst = nd->inode;

		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		ret = rename_may_delete(n->parent, dst, id);
		if (ret)
			return ret;
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
		rename_revive(src);
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
	if ((flags & RENAME_EXCHANGE) &&
	    (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EOPNOTSUPP;
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
