/* SPDX-License-Identifier: MIT */
/* The starting point of a lookup: the root, the cwd or a *at() dirfd. */
#include <frame/errno.h>

#include "vfs.h"

int vfs_at_get(int dirfd, const char *path, bool empty_ok, struct vfs_at *at)
{
	struct inode *cwd;
	struct mount *cwdm;
	struct file *f;
	int err;

	fs_ident_current(&at->id, false);
	fs_ctx_paths(fs_ctx_current(), &at->root, &at->root_mnt, &cwd, &cwdm);
	/* An absolute path ignores dirfd, as does AT_FDCWD. */
	if (path[0] == '/' || dirfd == AT_FDCWD ||
	    (path[0] == '\0' && !empty_ok && dirfd >= 0)) {
		at->start = cwd;
		at->start_mnt = cwdm;
		return 0;
	}
	inode_put(cwd);
	mnt_put(cwdm);
	err = fd_get(fd_table_current(), dirfd, 0, &f);
	if (err)
		goto out_put_root;
	if (!f->inode) {
		err = path[0] == '\0' ? -EBADF : -ENOTDIR;
		goto out_put_file;
	}
	if (path[0] != '\0' && !S_ISDIR(f->inode->mode)) {
		err = -ENOTDIR;
		goto out_put_file;
	}
	inode_get(f->inode);
	at->start = f->inode;
	at->start_mnt = mnt_or_root(f->mnt);
	mnt_get(at->start_mnt);
	file_put(f);
	return 0;

out_put_file:
	file_put(f);
out_put_root:
	inode_put(at->root);
	mnt_put(at->root_mnt);
	return err;
}

void vfs_at_put(struct vfs_at *at)
{
	inode_put(at->start);
	inode_put(at->root);
	mnt_put(at->start_mnt);
	mnt_put(at->root_mnt);
}

void vfs_at_nameidata(struct vfs_at *at, unsigned int flags,
		      struct nameidata *nd)
{
	*nd = (struct nameidata){ .root = at->root,
				  .start = at->start,
				  .root_mnt = at->root_mnt,
				  .start_mnt = at->start_mnt,
				  .id = &at->id,
				  .flags = flags };
}

int vfs_lookup_mnt(int dirfd, const char *path, unsigned int flags,
		   struct inode **out, struct mount **mnt)
{
	struct nameidata nd;
	struct vfs_at at;
	int err;

	err = vfs_at_get(dirfd, path, flags & LOOKUP_EMPTY, &at);
	if (err)
		return err;
	vfs_at_nameidata(&at, flags, &nd);
	frame_mutex_lock(&vfs_lock);
	err = vfs_walk(&nd, path, out);
	if (!err && mnt) {
		mnt_get(nd.mnt);
		*mnt = nd.mnt;
	}
	frame_mutex_unlock(&vfs_lock);
	vfs_at_put(&at);
	return err;
}

int vfs_lookup_at(int dirfd, const char *path, unsigned int flags,
		  struct inode **out)
{
	return vfs_lookup_mnt(dirfd, path, flags, out, NULL);
}

int vfs_parent_begin(int dirfd, const char *path, struct vfs_at *at,
		     struct nameidata *nd)
{
	struct inode *unused = NULL;
	int err;

	err = vfs_at_get(dirfd, path, false, at);
	if (err)
		return err;
	vfs_at_nameidata(at, LOOKUP_PARENT, nd);
	frame_mutex_lock(&vfs_lock);
	err = vfs_walk(nd, path, &unused);
	if (err) {
		frame_mutex_unlock(&vfs_lock);
		vfs_at_put(at);
	}
	return err;
}

void vfs_parent_end(struct vfs_at *at, struct nameidata *nd)
{
	inode_put(nd->parent);
	frame_mutex_unlock(&vfs_lock);
	vfs_at_put(at);
}
