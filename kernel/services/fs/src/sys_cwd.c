/* SPDX-License-Identifier: MIT */
/* getcwd(2), chdir(2), fchdir(2). */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

long sys_getcwd(const uint64_t a[6])
{
	size_t size = (size_t)a[1], len;
	struct inode *root, *cwd;
	struct mount *rootm, *cwdm;
	char *buf;
	long ret;

	buf = frame_alloc(FS_PATH_MAX);
	if (!buf)
		return -ENOMEM;
	fs_ctx_paths(fs_ctx_current(), &root, &rootm, &cwd, &cwdm);
	frame_mutex_lock(&vfs_lock);
	ret = cwd_path_locked(rootm, root, cwdm, cwd, buf, FS_PATH_MAX);
	frame_mutex_unlock(&vfs_lock);
	inode_put(root);
	inode_put(cwd);
	mnt_put(rootm);
	mnt_put(cwdm);
	if (ret >= 0) {
		len = (size_t)ret + 1; /* with the NUL */
		if (len > size)
			ret = -ERANGE;
		else if (frame_copy_to_user(uaddr_from_syscall_arg(a[0]), buf,
					    len))
			ret = -EFAULT;
		else
			ret = (long)len;
	}
	frame_free(buf);
	return ret;
}

static long do_chdir(struct mount *m, struct inode *dir)
{
	struct fs_ident id;
	long ret;

	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	ret = S_ISDIR(dir->mode) ? inode_permission(dir, &id, MAY_EXEC)
				 : -ENOTDIR;
	frame_mutex_unlock(&vfs_lock);
	if (!ret)
		ret = fs_ctx_chdir(fs_ctx_current(), m, dir);
	return ret;
}

long sys_chdir(const uint64_t a[6])
{
	struct inode *dir;
	struct mount *m;
	long ret;

	ret = fs_lookup_user(AT_FDCWD, a[0], LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			     &dir, &m);
	if (ret)
		return ret;
	ret = do_chdir(m, dir);
	inode_put(dir);
	mnt_put(m);
	return ret;
}

long sys_fchdir(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_STAT, &f);
	if (ret)
		return ret;
	ret = f->inode ? do_chdir(f->mnt, f->inode) : -ENOTDIR;
	file_put(f);
	return ret;
}
