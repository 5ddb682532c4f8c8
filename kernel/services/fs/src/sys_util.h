/* SPDX-License-Identifier: MIT */
/* fs-internal helpers shared by the syscalls: paths, I/O, stat. */
#ifndef FS_SYS_UTIL_H
#define FS_SYS_UTIL_H

#include <frame/types.h>

#include "vfs.h"

/* A kernel copy of a user path (FS_PATH_MAX bytes, frame_alloc'd):
 * 0, -EFAULT, -ENAMETOOLONG, -ENOMEM. Free with fs_path_free(). */
int fs_path_get(uint64_t uptr, char **out);
void fs_path_free(char *p);
/* fs_lookup_user() - the file user path @upath names from @dirfd
 * (LOOKUP_* in @lookup), referenced in *@out with its mount in *@mnt:
 * 0, or fs_path_get()'s or the lookup's -errno */
int fs_lookup_user(int dirfd, uint64_t upath, unsigned int lookup,
		   struct inode **out, struct mount **mnt);

/*
 * The (dirfd, path, AT_* flags) triple of a *at() call, decoded once for
 * every call that names a file that way (access, chown, stat, statx,
 * utimes...): fs_at_decode() refuses flags outside @allowed (-EINVAL),
 * then copies the path in (-EFAULT, -ENAMETOOLONG, -ENOMEM); @lookup
 * follows a final symlink unless AT_SYMLINK_NOFOLLOW and takes "" as
 * the start with AT_EMPTY_PATH. Release with fs_at_put().
 */
struct fs_at_path {
	int dirfd;
	char *path;
	unsigned int flags;  /* as the caller gave them */
	unsigned int lookup; /* LOOKUP_* for vfs_lookup_at() */
};
int fs_at_decode(int dirfd, uint64_t upath, unsigned int flags,
		 unsigned int allowed, struct fs_at_path *out);
void fs_at_put(struct fs_at_path *at);
/* fs_at_is_fd() - AT_EMPTY_PATH with "" on a descriptor: the call is
 * about @dirfd's file itself (which may have no inode, a pipe) */
bool fs_at_is_fd(const struct fs_at_path *at);
/* fs_at_lookup() - the inode named, referenced in *@out */
int fs_at_lookup(const struct fs_at_path *at, struct inode **out);
/* the same with its mount, referenced in *@mnt */
int fs_at_lookup_mnt(const struct fs_at_path *at, struct inode **out,
		     struct mount **mnt);
/* fs_at_lookup_user() - fs_at_decode() then fs_at_lookup_mnt(), for a
 * call that wants only the file and its mount */
int fs_at_lookup_user(int dirfd, uint64_t upath, unsigned int flags,
		      unsigned int allowed, struct inode **out,
		      struct mount **mnt);

/* The position-taking I/O every read/write family member goes through.
 * @pos NULL: the file's own position (under its pos_lock when it has
 * an inode). -EINVAL without the op, -EISDIR for a directory. */
ssize_t fs_file_read(struct file *f, struct vm_writer *w, const uint64_t *pos);
ssize_t fs_file_write(struct file *f, struct vm_reader *r, const uint64_t *pos);
/* whether pread/pwrite/lseek make sense: false for pipes and ttys */
bool fs_file_seekable(const struct file *f);

/* struct stat and statx of an inode, or of an anonymous file */
int fs_stat_to_user(struct file *f, struct inode *ino, uint64_t ubuf);
int fs_statx_to_user(struct file *f, struct inode *ino, unsigned int mask,
		     uint64_t ubuf);

/* Record lock commands of fcntl(2). */
#define F_GETLK	     5
#define F_SETLK	     6
#define F_SETLKW     7
#define F_OFD_GETLK  36
#define F_OFD_SETLK  37
#define F_OFD_SETLKW 38

/* fs_fcntl_lock() - fcntl's lock commands on @f, whose descriptor has
 * @rights; @arg is the user's struct flock (sys_lock.c) */
long fs_fcntl_lock(struct file *f, unsigned int rights, unsigned int cmd,
		   uint64_t arg);

/* The fd argument of a syscall register. */
static inline int fs_fd_arg(uint64_t a)
{
	return (int)(uint32_t)a;
}

#endif /* FS_SYS_UTIL_H */
