/* SPDX-License-Identifier: MIT */
/* Opening: creating names, choosing a file's operations, O_* semantics. */
#include <frame/errno.h>
#include <frame/string.h>

#include <fs/synth.h>

#include "vfs.h"

int vfs_create_locked(struct inode *dir, const char *name, size_t len,
		      uint32_t mode, const struct fs_ident *id,
		      struct inode **out)
{
	struct inode *ino;
	uint32_t gid = id->gid;
	int err;

	if (dir->dead)
		return -ENOENT;
	/*
	 * A synthetic directory takes no new names. One that generates its
	 * entries says a name it did not generate does not exist, as Linux's
	 * /proc does at lookup.
	 */
	if (dir->synth && dir->synth->populate)
		return -ENOENT;
	if (dir->synth)
		return S_ISREG(mode) ? -EACCES : -EPERM;
	if (dir_find(dir, name, len))
		return -EEXIST;
	err = inode_permission(dir, id, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	if (dir->mode & S_ISGID) {
		gid = dir->gid; /* BSD group semantics of a set-gid dir */
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	}
	ino = inode_alloc_in(dir->sb, mode, id->uid, gid);
	if (!ino)
		return -ENOMEM;
	err = dir_link_new(dir, name, len, ino);
	if (err)
		return err;
	*out = ino;
	return 0;
}

static const struct fs_fifo_ops *fifo_ops;

void fs_set_fifo_ops(const struct fs_fifo_ops *ops)
{
	__atomic_store_n(&fifo_ops, ops, __ATOMIC_RELEASE);
}

int fifo_open(struct inode *ino, struct file *f)
{
	const struct fs_fifo_ops *ops =
		__atomic_load_n(&fifo_ops, __ATOMIC_ACQUIRE);

	return ops ? ops->open(&ino->fifo, f) : -ENXIO;
}

void fifo_destroy(struct inode *ino)
{
	const struct fs_fifo_ops *ops =
		__atomic_load_n(&fifo_ops, __ATOMIC_ACQUIRE);

	if (ino->fifo && ops)
		ops->destroy(ino->fifo);
	ino->fifo = NULL;
}

int vfs_open_inode(struct inode *ino, unsigned int oflags, struct file **out)
{
	const struct file_ops *ops;
	struct file *f;
	int err;

	if (oflags & O_PATH)
		ops = &ramfs_path_ops;
	else if (S_ISDIR(ino->mode))
		ops = &ramfs_dir_ops;
	else if (S_ISREG(ino->mode))
		ops = ino->synth ? &synth_reg_ops : &ramfs_reg_ops;
	else if (S_ISCHR(ino->mode) || S_ISFIFO(ino->mode))
		ops = NULL; /* the device's or the pipe's, set below */
	else if (S_ISLNK(ino->mode))
		return -ELOOP;
	else
		return -ENXIO; /* sockets are not supported yet */
	f = file_alloc(ops, oflags);
	if (!f)
		return -ENOMEM;
	inode_get(ino);
	f->inode = ino;
	if (!(oflags & O_PATH) && (S_ISCHR(ino->mode) || S_ISFIFO(ino->mode))) {
		/* the device sees O_NOCTTY (a terminal becomes the
		 * controlling one without it); the file keeps it no longer,
		 * as Linux */
		f->flags |= oflags & O_NOCTTY;
		err = S_ISCHR(ino->mode) ? chrdev_open(ino, f)
					 : fifo_open(ino, f);
		f->flags &= ~(unsigned int)O_NOCTTY;
		if (err) {
			/* a failed open is undone by the device or pipe
			 * itself: release is not called */
			f->ops = NULL;
			f->priv = NULL;
			file_put(f);
			return err;
		}
	}
	if (!(oflags & O_PATH) && S_ISREG(ino->mode) && ino->synth) {
		err = synth_open(ino, f);
		if (err) {
			f->ops = NULL;
			file_put(f);
			return err;
		}
	}
	*out = f;
	return 0;
}

/* Access checks of an open of the existing @ino through @m. */
static int open_check(struct mount *m, struct inode *ino, unsigned int oflags,
		      const struct fs_ident *id)
{
	unsigned int acc = oflags & O_ACCMODE;
	int mask = 0;
	int err;

	if (oflags & O_PATH)
		return 0;
	if (S_ISLNK(ino->mode))
		return -ELOOP;
	if ((oflags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	if (S_ISDIR(ino->mode) &&
	    (acc != O_RDONLY || (oflags & O_TRUNC) || (oflags & O_CREAT)))
		return -EISDIR;
	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= MAY_READ;
	if (acc == O_WRONLY || acc == O_RDWR || (oflags & O_TRUNC))
		mask |= MAY_WRITE;
	if (acc == O_ACCMODE)
		return -EINVAL;
	/* a read-only mount refuses writes to its files, not to devices */
	if ((mask & MAY_WRITE) && (S_ISREG(ino->mode) || S_ISDIR(ino->mode)) &&
	    mnt_readonly(m))
		return -EROFS;
	err = inode_permission(ino, id, mask);
	if (!err && (S_ISCHR(ino->mode) || S_ISBLK(ino->mode)) &&
	    (mnt_flags(m) & MS_NODEV))
		err = -EACCES;
	return err;
}

int vfs_openat(int dirfd, const char *path, unsigned int oflags,
	       unsigned int mode, struct file **out)
{
	struct nameidata nd;
	struct inode *ino = NULL;
	struct mount *m = NULL;
	struct vfs_at at;
	int err;

	err = vfs_at_get(dirfd, path, false, &at);
	if (err)
		return err;
	vfs_at_nameidata(&at, 0, &nd);
	frame_mutex_lock(&vfs_lock);
	if (oflags & O_CREAT) {
		struct dentry *d;

		nd.flags = LOOKUP_PARENT;
		err = vfs_walk(&nd, path, &ino);
		if (err)
			goto out_unlock;
		if (nd.last_dot || nd.lastlen == 0) {
			err = -EISDIR;
			goto out_put_parent;
		}
		d = dir_find(nd.parent, nd.last, nd.lastlen);
		if (d && (oflags & O_EXCL)) {
			err = -EEXIST;
			goto out_put_parent;
		}
		if (d && S_ISLNK(d->inode->mode) && !(oflags & O_NOFOLLOW)) {
			struct nameidata fnd = { .root = at.root,
						 .start = nd.parent,
						 .root_mnt = at.root_mnt,
						 .start_mnt = nd.mnt,
						 .id = &at.id,
						 .flags = LOOKUP_FOLLOW };

			err = vfs_walk(&fnd, nd.last, &ino);
			m = fnd.mnt;
		} else if (d) {
			ino = d->inode;
			m = mnt_cross_down(nd.mnt, &ino);
			inode_get(ino);
		} else if (nd.trailing_slash) {
			err = -EISDIR;
		} else {
			m = nd.mnt;
			err = mnt_want_write(m);
			if (!err)
				err = vfs_create_locked(
				nd.parent, nd.last, nd.lastlen,
					S_IFREG | (mode & 07777 &
						   ~fs_ctx_umask_or_default()),
					&at.id, &ino);
			if (!err)
				oflags &= ~(unsigned int)O_TRUNC;
		}
		if (err)
			goto out_put_parent;
		inode_put(nd.parent);
		nd.parent = NULL;
		if (d) {
			err = open_check(m, ino, oflags, &at.id);
			if (err)
				goto out_put_ino;
		}
	} else {
		nd.flags = (oflags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
		if (oflags & O_DIRECTORY)
			nd.flags |= LOOKUP_DIRECTORY;
		err = vfs_walk(&nd, path, &ino);
		if (err)
			goto out_unlock;
		m = nd.mnt;
		err = open_check(m, ino, oflags, &at.id);
		if (err)
			goto out_put_ino;
	}
	if ((oflags & O_TRUNC) && S_ISREG(ino->mode) && !(oflags & O_PATH)) {
		err = inode_truncate(ino, 0);
		if (err)
			goto out_put_ino;
	}
	mnt_get(m);
	frame_mutex_unlock(&vfs_lock);
	err = vfs_open_inode(ino, oflags, out);
	if (!err)
		mnt_file_attach(*out, m);
	else
		mnt_put(m);
	inode_put(ino);
	vfs_at_put(&at);
	return err;

out_put_parent:
	inode_put(nd.parent);
	goto out_unlock;
out_put_ino:
	inode_put(ino);
out_unlock:
	frame_mutex_unlock(&vfs_lock);
	vfs_at_put(&at);
	return err;
}

int vfs_open_tmpfile(int dirfd, const char *path, unsigned int oflags,
		     unsigned int mode, struct file **out)
{
	struct inode *dir, *ino = NULL;
	struct fs_ident id;
	struct mount *m;
	int err;

	err = vfs_lookup_mnt(dirfd, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			     &dir, &m);
	if (err)
		return err;
	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	err = dir->dead ? -ENOENT
			: inode_permission(dir, &id, MAY_WRITE | MAY_EXEC);
	if (!err)
		err = mnt_want_write(m);
	if (!err) {
		ino = inode_alloc_in(dir->sb,
			S_IFREG | (mode & 07777 & ~fs_ctx_umask_or_default()),
			id.uid, id.gid);
		if (!ino)
			err = -ENOMEM;
		else
			ino->linkable = !(oflags & O_EXCL);
	}
	frame_mutex_unlock(&vfs_lock);
	inode_put(dir);
	if (err) {
		mnt_put(m);
		return err;
	}
	/* nlink stays 0: the file goes with its last descriptor unless
	 * linkat() names it */
	err = vfs_open_inode(ino, oflags & ~(unsigned int)O_TMPFILE, out);
	if (!err)
		mnt_file_attach(*out, m);
	else
		mnt_put(m);
	inode_put(ino);
	return err;
}
