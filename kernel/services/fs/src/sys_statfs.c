/* SPDX-License-Identifier: MIT */
/* statfs(2), fstatfs(2): tmpfs's numbers, its space limit and usage. */
#include <frame/errno.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

/* statfs's f_flags: ST_VALID and the mount's flags as ST_* bits */
#define ST_VALID      0x20
#define ST_RELATIME   0x1000
#define ST_NOSYMFOLLOW 0x2000
#define ST_MNT_FLAGS                                                      \
	(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | \
	 MS_NODIRATIME)

struct linux_statfs {
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags;
	int64_t f_spare[4];
};
_Static_assert(sizeof(struct linux_statfs) == 120, "struct statfs");

/* The file system of mount @m: tmpfs's numbers (its space limit and
 * usage), or a synthetic type's (no blocks, no inodes, as Linux's proc
 * and sysfs report); the mount's flags in f_flags. */
static long statfs_to_user(struct mount *m, uint64_t ubuf)
{
	struct linux_statfs st;
	unsigned int flags;
	uint64_t limit, used;
	struct fs_sb *sb;

	m = mnt_or_root(m);
	sb = m->sb;
	frame_mutex_lock(&vfs_lock);
	flags = mnt_flags(m);
	frame_mutex_unlock(&vfs_lock);
	memset(&st, 0, sizeof(st));
	st.f_type = (int64_t)sb->magic;
	st.f_bsize = FRAME_PAGE_SIZE;
	st.f_frsize = FRAME_PAGE_SIZE;
	st.f_namelen = FS_NAME_MAX;
	st.f_flags = ST_VALID | (flags & ST_MNT_FLAGS) |
		     ((flags & MS_RELATIME) ? ST_RELATIME : 0) |
		     ((flags & MS_NOSYMFOLLOW) ? ST_NOSYMFOLLOW : 0);
	if (!sb->synthetic) {
		/* the root file system's inodes are charged to the shared
		 * space: a NULL superblock */
		space_usage(sb->dev_minor == FS_DEV ? NULL : sb, &limit, &used);
		st.f_blocks = limit;
		st.f_bfree = used < limit ? limit - used : 0;
		st.f_bavail = st.f_bfree;
	}
	return frame_copy_to_user(uaddr_from_syscall_arg(ubuf), &st,
				  sizeof(st));
}

long sys_statfs(const uint64_t a[6])
{
	struct inode *ino;
	struct mount *m;
	long ret;

	ret = fs_lookup_user(AT_FDCWD, a[0], LOOKUP_FOLLOW, &ino, &m);
	if (ret)
		return ret;
	ret = statfs_to_user(m, a[1]);
	inode_put(ino);
	mnt_put(m);
	return ret;
}

long sys_fstatfs(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_STAT, &f);
	if (ret)
		return ret;
	ret = statfs_to_user(f->mnt, a[1]);
	file_put(f);
	return ret;
}
