/* SPDX-License-Identifier: MIT */
/* statfs(2), fstatfs(2): tmpfs's numbers, its space limit and usage. */
#include <frame/errno.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define TMPFS_MAGIC 0x01021994u

struct linux_statfs {
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags;
	int64_t f_spare[4];
};
_Static_assert(sizeof(struct linux_statfs) == 120, "struct statfs");

static long statfs_to_user(uint64_t ubuf)
{
	struct linux_statfs st;
	uint64_t limit, used;

	space_usage(&limit, &used);
	memset(&st, 0, sizeof(st));
	st.f_type = TMPFS_MAGIC;
	st.f_bsize = FRAME_PAGE_SIZE;
	st.f_frsize = FRAME_PAGE_SIZE;
	st.f_blocks = limit;
	st.f_bfree = used < limit ? limit - used : 0;
	st.f_bavail = st.f_bfree;
	st.f_namelen = FS_NAME_MAX;
	return frame_copy_to_user(uaddr_from_syscall_arg(ubuf), &st,
				  sizeof(st));
}

long sys_statfs(const uint64_t a[6])
{
	struct inode *ino;
	char *path;
	long ret;

	ret = fs_path_get(a[0], &path);
	if (ret)
		return ret;
	ret = vfs_lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW, &ino);
	fs_path_free(path);
	if (ret)
		return ret;
	inode_put(ino);
	return statfs_to_user(a[1]);
}

long sys_fstatfs(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_STAT, &f);
	if (ret)
		return ret;
	file_put(f);
	return statfs_to_user(a[1]);
}
