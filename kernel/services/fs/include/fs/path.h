/* SPDX-License-Identifier: MIT */
/* Names of open objects (descriptors, directories of a context), for /proc. */
#ifndef FS_PATH_H
#define FS_PATH_H

#include <frame/types.h>

struct fd_table;
struct file;
struct fs_ctx;

/*
 * These serve the link() and populate() callbacks of synthetic nodes
 * (<fs/synth.h>), which fs calls with its tree lock held: they rely on
 * it and must not be called elsewhere. They take only spinlocks, so a
 * caller may hold its own spinlock around them.
 *
 * A path is written into @buf (@size bytes, at least 2) NUL-terminated,
 * and its length is returned. A file is named by its absolute path in the
 * tree (the first name found when it has several); a file no longer in
 * the tree by "/ (deleted)" (the name it had is not kept); a file
 * without an inode (a pipe, a socket, an event file) by "pipe:[INO]",
 * with the inode number fstat(2) shows. -ENAMETOOLONG when the path does
 * not fit.
 */
int file_path_locked(struct file *f, char *buf, size_t size);

/* fd_table_path_locked() - the path of descriptor @fd: as above, or
 * -EBADF when @fd is not open */
int fd_table_path_locked(struct fd_table *t, int fd, char *buf, size_t size);

/* fs_ctx_path_locked() - the path of @c's root (@root) or working
 * directory; a removed directory is "PATH (deleted)" */
int fs_ctx_path_locked(struct fs_ctx *c, bool root, char *buf, size_t size);

/*
 * fd_table_list() - the open descriptors of @t in increasing order, up
 * to @max of them into @fds; returns how many are open (may exceed
 * @max). Takes only @t's spinlock: callable anywhere.
 */
unsigned int fd_table_list(struct fd_table *t, int *fds, unsigned int max);
/* fd_table_max() - the highest open descriptor of @t, -1 if none
 * (spinlock only) */
int fd_table_max(struct fd_table *t);

#endif /* FS_PATH_H */
