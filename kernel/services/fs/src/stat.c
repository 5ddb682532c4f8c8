/* SPDX-License-Identifier: MIT */
/* struct stat and struct statx as x86-64 Linux lays them out. */
#include <frame/errno.h>
#include <frame/string.h>
#include <frame/user.h>

#include "sys_util.h"


struct linux_stat {
	uint64_t st_dev, st_ino, st_nlink;
	uint32_t st_mode, st_uid, st_gid, pad0;
	uint64_t st_rdev;
	int64_t st_size, st_blksize, st_blocks;
	int64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec;
	int64_t st_ctime, st_ctime_nsec;
	int64_t unused[3];
};
_Static_assert(sizeof(struct linux_stat) == 144, "struct stat is 144 bytes");

struct statx_ts {
	int64_t sec;
	uint32_t nsec;
	int32_t pad;
};

struct linux_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad0;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};
_Static_assert(sizeof(struct linux_statx) == 256, "struct statx is 256 bytes");

#define STATX_BASIC_STATS 0x7ffu

static uint64_t fs_makedev(uint32_t major, uint32_t minor)
{
	/* glibc's encoding of dev_t */
	return ((uint64_t)(major & 0xfffff000u) << 32) |
	       ((uint64_t)(major & 0xfffu) << 8) |
	       ((uint64_t)(minor & 0xffffff00u) << 12) | (minor & 0xffu);
}

/*
 * st_size: a directory's is a block, as tmpfs shows, but a synthetic
 * one's is 0 as Linux's /proc and /sys show theirs (vfs_lock held).
 */
static uint64_t stat_size(const struct inode *ino)
{
	if (S_ISLNK(ino->mode) || S_ISREG(ino->mode))
		return ino->size;
	return S_ISDIR(ino->mode) && !ino->synth ? 4096 : 0;
}

int fs_stat_to_user(struct file *f, struct inode *ino, uint64_t ubuf)
{
	struct linux_stat st;

	memset(&st, 0, sizeof(st));
	st.st_blksize = 4096;
	if (!ino) {
		/* an anonymous file: a pipe, as Linux shows one, unless
		 * its package said otherwise (a socket) */
		st.st_mode = f->anon_mode ? f->anon_mode : S_IFIFO | 0600;
		st.st_nlink = 1;
		st.st_ino = f->anon_ino;
		st.st_dev = 0xc;
	} else {
		frame_mutex_lock(&vfs_lock);
		st.st_dev = fs_makedev(0, inode_dev(ino));
		st.st_ino = ino->ino;
		st.st_nlink = ino->nlink;
		st.st_mode = ino->mode;
		st.st_uid = ino->uid;
		st.st_gid = ino->gid;
		st.st_rdev = fs_makedev(ino->rdev_major, ino->rdev_minor);
		st.st_size = (int64_t)stat_size(ino);
		st.st_blocks = (int64_t)((ino->size + 511) / 512);
		st.st_atime = ino->atime.sec;
		st.st_atime_nsec = ino->atime.nsec;
		st.st_mtime = ino->mtime.sec;
		st.st_mtime_nsec = ino->mtime.nsec;
		st.st_ctime = ino->ctime.sec;
		st.st_ctime_nsec = ino->ctime.nsec;
		frame_mutex_unlock(&vfs_lock);
	}
	return frame_copy_to_user(uaddr_from_syscall_arg(ubuf), &st,
				  sizeof(st));
}

static struct statx_ts statx_ts(struct fs_timespec t)
{
	return (struct statx_ts){ t.sec, (uint32_t)t.nsec, 0 };
}

int fs_statx_to_user(struct file *f, struct inode *ino, unsigned int mask,
		     uint64_t ubuf)
{
	struct linux_statx sx;

	(void)mask; /* everything basic is always filled in */
	memset(&sx, 0, sizeof(sx));
	if (!ino) {
		/* an anonymous file: a pipe, as for fstat */
		struct fs_timespec now = fs_now();

		sx.mask = STATX_BASIC_STATS;
		sx.blksize = 4096;
		sx.nlink = 1;
		sx.mode = f->anon_mode ? f->anon_mode : S_IFIFO | 0600;
		sx.ino = f->anon_ino;
		sx.atime = sx.mtime = sx.ctime = statx_ts(now);
		sx.dev_minor = 0xc;
		return frame_copy_to_user(uaddr_from_syscall_arg(ubuf), &sx,
					  sizeof(sx));
	}
	frame_mutex_lock(&vfs_lock);
	sx.mask = STATX_BASIC_STATS;
	sx.blksize = 4096;
	sx.nlink = ino->nlink;
	sx.uid = ino->uid;
	sx.gid = ino->gid;
	sx.mode = (uint16_t)ino->mode;
	sx.ino = ino->ino;
	sx.size = stat_size(ino);
	sx.blocks = (ino->size + 511) / 512;
	sx.atime = statx_ts(ino->atime);
	sx.mtime = statx_ts(ino->mtime);
	sx.ctime = statx_ts(ino->ctime);
	sx.rdev_major = ino->rdev_major;
	sx.rdev_minor = ino->rdev_minor;
	sx.dev_major = 0;
	sx.dev_minor = inode_dev(ino);
	frame_mutex_unlock(&vfs_lock);
	return frame_copy_to_user(uaddr_from_syscall_arg(ubuf), &sx,
				  sizeof(sx));
}
