/* SPDX-License-Identifier: MIT */
/* Boot of the tree, kernel-side opens (init's console, exec) and helpers. */
#include <frame/errno.h>
#include <frame/log.h>

#include "vfs.h"

/* Make @name in the root with @mode (vfs_lock held). */
static int fs_mkdir_root(const char *name, size_t len, uint32_t mode)
{
	struct fs_ident root = { 0, 0, NULL };
	struct inode *ino;
	int err = vfs_create_locked(vfs_root, name, len, S_IFDIR | mode, &root,
				    &ino);

	if (err == -EEXIST)
		return 0;
	if (err)
		return err;
	ino->mode = S_IFDIR | mode; /* not subject to any umask */
	inode_put(ino);
	return 0;
}

/* /dev/shm, for POSIX shared memory, in devtmpfs (vfs_lock held). */
static int fs_mkdir_shm(void)
{
	struct fs_ident root = { 0, 0, NULL };
	struct inode *ino;
	int err;

	err = vfs_create_locked(devtmpfs_sb->root, "shm", 3, S_IFDIR | 01777,
				&root, &ino);
	if (err == -EEXIST)
		return 0;
	if (err)
		return err;
	inode_put(ino);
	return 0;
}

int fs_init(void)
{
	struct inode *root;
	int err;

	if (vfs_root)
		return 0;
	root = inode_alloc(S_IFDIR | 0755, 0, 0);
	if (!root)
		return -ENOMEM;
	root->nlink = 2;
	root->parent = root;
	err = mnt_init_root(root);
	if (err) {
		inode_put(root);
		return err;
	}
	vfs_root = root;
	frame_mutex_lock(&vfs_lock);
	err = fs_mkdir_root("dev", 3, 0755);
	if (!err)
		err = fs_mkdir_root("tmp", 3, 01777);
	if (!err)
		err = fs_mkdir_root("proc", 4, 0555);
	if (!err)
		err = fs_mkdir_root("sys", 3, 0555);
	frame_mutex_unlock(&vfs_lock);
	if (!err)
		err = dev_init();
	if (!err) {
		frame_mutex_lock(&vfs_lock);
		err = fs_mkdir_shm();
		frame_mutex_unlock(&vfs_lock);
	}
	if (!err)
		err = fs_mmap_init();
	if (!err)
		err = synth_mount_types();
	if (err)
		log_error("fs: could not build the root file system: %d", err);
	return err;
}

int fs_open_path(const char *path, int oflags, struct file **out)
{
	if (!vfs_root)
		return -ENOENT;
	return vfs_openat(AT_FDCWD, path, (unsigned int)oflags, 0666, out);
}

int fs_open_exec(const char *path, struct file **out)
{
	return fs_open_exec_at(AT_FDCWD, path, 0, out);
}

int fs_open_exec_at(int dirfd, const char *path, unsigned int at_flags,
		    struct file **out)
{
	unsigned int lookup =
		at_flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW;
	struct fs_ident id;
	struct inode *ino;
	struct mount *m;
	int err;

	if (!vfs_root)
		return -ENOENT;
	err = vfs_lookup_mnt(dirfd, path, lookup, &ino, &m);
	if (err)
		return err;
	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	if (S_ISLNK(ino->mode))
		err = -ELOOP; /* AT_SYMLINK_NOFOLLOW on a symlink */
	else if (!S_ISREG(ino->mode))
		err = -EACCES;
	else if (mnt_flags(m) & MS_NOEXEC)
		err = -EACCES; /* nothing on a noexec mount runs */
	else
		err = inode_permission(ino, &id, MAY_EXEC);
	frame_mutex_unlock(&vfs_lock);
	if (!err)
		err = vfs_open_inode(ino, O_RDONLY, out);
	if (!err) {
		mnt_file_attach(*out, m);
		m = NULL;
	}
	mnt_put(m);
	inode_put(ino);
	return err;
}

ssize_t file_kernel_read(struct file *f, uint64_t off, void *buf, size_t n)
{
	if (f->inode && f->ops == &synth_reg_ops)
		return synth_read_kernel(f, off, buf, n);
	if (!f->inode || !S_ISREG(f->inode->mode) || f->ops != &ramfs_reg_ops)
		return -EINVAL;
	return inode_read_kernel(f->inode, off, buf, n);
}

struct mm_backing *file_backing(struct file *f)
{
	if (!f->ops || !f->ops->backing)
		return NULL;
	return f->ops->backing(f);
}

int file_owner_mode(struct file *f, uint32_t *uid, uint32_t *gid,
		    uint32_t *mode)
{
	if (!f->inode)
		return -EINVAL;
	frame_mutex_lock(&vfs_lock);
	*uid = f->inode->uid;
	*gid = f->inode->gid;
	*mode = f->inode->mode;
	/* a nosuid mount's set-id bits give no credentials */
	if (f->mnt && (mnt_flags(f->mnt) & MS_NOSUID))
		*mode &= ~(uint32_t)(S_ISUID | S_ISGID);
	frame_mutex_unlock(&vfs_lock);
	return 0;
}
