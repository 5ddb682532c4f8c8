/* SPDX-License-Identifier: MIT */
/* Descriptor tables: capability handles (file + rights) per process. */
#ifndef FS_FD_H
#define FS_FD_H

#include <frame/types.h>

struct file;
struct fd_table;

/*
 * Rights. Every descriptor carries the rights it was opened or passed
 * with, and fd_get() is the one place that checks them: an operation asks
 * for the rights it needs and gets the file only if the descriptor has
 * them all. Rights never grow: dup() and fork copy them, and nothing adds
 * one to an existing descriptor. O_RDONLY gives READ, O_WRONLY WRITE,
 * O_RDWR both; every regular open also gives the rest below, O_PATH only
 * RIGHT_PATH_ONLY's set.
 */
#define RIGHT_READ  0x0001u /* read, readv, pread, getdents */
#define RIGHT_WRITE 0x0002u /* write, pwrite, ftruncate, fchmod(data) */
#define RIGHT_EXEC  0x0004u /* fexecve, fchdir on a directory */
#define RIGHT_MAP                                                        \
	0x0008u		    /* mmap at all (PROT_WRITE + MAP_SHARED also \
			       needs RIGHT_WRITE) */
#define RIGHT_SEEK  0x0010u /* lseek */
#define RIGHT_IOCTL 0x0020u /* ioctl */
#define RIGHT_STAT  0x0040u /* fstat, fchdir, *at() directory handle */
#define RIGHT_POLL  0x0080u /* poll, select, epoll */
#define RIGHT_DUP   0x0100u /* dup, dup2, dup3, F_DUPFD */
#define RIGHT_FCNTL 0x0200u /* F_GETFL/F_SETFL */
#define RIGHT_CHMOD 0x0400u /* fchmod */
#define RIGHT_PATH  (RIGHT_STAT | RIGHT_DUP | RIGHT_FCNTL)
#define RIGHTS_BASE                                                       \
	(RIGHT_MAP | RIGHT_SEEK | RIGHT_IOCTL | RIGHT_STAT | RIGHT_POLL | \
	 RIGHT_DUP | RIGHT_FCNTL | RIGHT_CHMOD | RIGHT_EXEC)
#define RIGHTS_ALL (RIGHTS_BASE | RIGHT_READ | RIGHT_WRITE)

/* The default open-file limit (RLIMIT_NOFILE's soft limit on Linux). */
#define FD_MAX 1024

/*
 * The process's open-file limit (RLIMIT_NOFILE's soft value) comes from
 * the process service, which sits above fs and registers this at init:
 * descriptors at or above min(limit, FD_MAX) are refused (EMFILE for a
 * new one, EINVAL for F_DUPFD's minimum, EBADF for dup2's target).
 * Without it the limit is FD_MAX.
 */
struct fs_rlimit_ops {
	uint64_t (*nofile)(void);
	/* RLIMIT_FSIZE: a write that would pass it is cut short there, and
	 * one that starts at it fails with EFBIG and raises SIGXFSZ. NULL:
	 * no limit. */
	uint64_t (*fsize)(void);
	/* the calling process's pid (the owner F_GETLK reports); NULL: 0 */
	int (*pid)(void);
};
/* fs_current_pid() - the calling process's pid, 0 when unknown */
int fs_current_pid(void);
/* fs_fsize_limit() - the calling process's RLIMIT_FSIZE (UINT64_MAX:
 * none) */
uint64_t fs_fsize_limit(void);
void fs_set_rlimit_ops(const struct fs_rlimit_ops *ops);
/* fd_limit() - the calling process's limit, at most FD_MAX */
int fd_limit(void);

/* fd_rights_for_oflags() - the rights an open(2) with @oflags grants */
unsigned int fd_rights_for_oflags(unsigned int oflags);

/*
 * fd_get() - the file of descriptor @fd, with a reference the caller puts
 * @rights: every right the operation needs
 *
 * 0; -EBADF when @fd is not open or lacks one of @rights (Linux's errno
 * for read/write on a descriptor of the wrong mode). fd_get_or() returns
 * @denied instead when @fd is open but lacks rights (mmap: -EACCES,
 * ftruncate: -EINVAL).
 */
int fd_get(struct fd_table *t, int fd, unsigned int rights, struct file **out);
int fd_get_or(struct fd_table *t, int fd, unsigned int rights, int denied,
	      struct file **out);

/* fd_rights() - the rights of @fd (0 when not open) */
unsigned int fd_rights(struct fd_table *t, int fd);

/*
 * fd_install() - put @f (the table takes a reference of its own) in the
 * lowest free slot below fd_limit(); the descriptor, or -EMFILE.
 * fd_install_from() in the lowest free slot >= @min (F_DUPFD; -EINVAL
 * when @min >= fd_limit()). fd_install_at() replaces @fd (dup2/dup3),
 * closing what was there; @fd, or -EBADF when @fd >= fd_limit().
 */
int fd_install(struct fd_table *t, struct file *f, unsigned int rights,
	       bool cloexec);
int fd_install_from(struct fd_table *t, int min, struct file *f,
		    unsigned int rights, bool cloexec);
int fd_install_at(struct fd_table *t, int fd, struct file *f,
		  unsigned int rights, bool cloexec);

/* fd_close() - 0, or -EBADF */
int fd_close(struct fd_table *t, int fd);

/* FD_CLOEXEC of @fd: 0 or 1, or -EBADF; set it: 0 or -EBADF */
int fd_get_cloexec(struct fd_table *t, int fd);
int fd_set_cloexec(struct fd_table *t, int fd, bool cloexec);

/* One reference; NULL when out of memory. */
struct fd_table *fd_table_create(void);
/* fork: the same files with the same rights and close-on-exec flags */
struct fd_table *fd_table_clone(struct fd_table *t);
void fd_table_get(struct fd_table *t);
void fd_table_put(struct fd_table *t);
/* execve: close every descriptor marked close-on-exec */
void fd_table_close_on_exec(struct fd_table *t);
/* how many descriptors are open (for /proc and tests) */
int fd_table_count(struct fd_table *t);

#endif /* FS_FD_H */
