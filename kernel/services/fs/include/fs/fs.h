/* SPDX-License-Identifier: MIT */
/* The file system service: per-task state, boot, kernel opens, devices. */
#ifndef FS_FS_H
#define FS_FS_H

#include <frame/types.h>

#include <fs/abi.h>
#include <fs/fd.h>
#include <fs/file.h>

struct task;

/*
 * A task's view of the tree: root, working directory and umask
 * (CLONE_FS shares one). Refcounted.
 */
struct fs_ctx;

/* fs_ctx_create() - root and cwd at the root of the tree, umask 022 */
struct fs_ctx *fs_ctx_create(void);
/* fs_ctx_clone() - a copy (fork without CLONE_FS) */
struct fs_ctx *fs_ctx_clone(struct fs_ctx *c);
void fs_ctx_get(struct fs_ctx *c);
void fs_ctx_put(struct fs_ctx *c);
/* the umask: read it, or set it returning the old one */
unsigned int fs_ctx_umask(struct fs_ctx *c);
unsigned int fs_ctx_set_umask(struct fs_ctx *c, unsigned int mask);

/*
 * fs_attach() - give @t its descriptor table and fs context (each takes
 * a reference; NULL detaches). The references are dropped when @t ends.
 * 0, or -ENOMEM.
 */
int fs_attach(struct task *t, struct fd_table *fds, struct fs_ctx *ctx);
/* the calling task's, or NULL (a kernel task without them) */
struct fd_table *fd_table_current(void);
struct fs_ctx *fs_ctx_current(void);

/* fs_init() - the root tmpfs (the root mount) with /tmp, /proc, /sys,
 * devtmpfs mounted on /dev with its devices, and mm's file resolver.
 * Once at boot; 0 or -errno. */
int fs_init(void);

/*
 * fs_unpack_initramfs() - unpack frame_boot_initramfs() (cpio newc,
 * gzip-compressed or not, several archives one after the other) into the
 * root. 0 also when there is no initramfs; -EINVAL for a malformed
 * archive, -ENOMEM.
 */
int fs_unpack_initramfs(void);

/*
 * fs_open_path() - open @path as open(2) would for the calling task (its
 * fs context if it has one, else the root), with @oflags; the file, one
 * reference, in *@out. 0 or -errno (ENOENT, EACCES, ...).
 */
int fs_open_path(const char *path, int oflags, struct file **out);

/*
 * fs_open_exec() - open @path for execve: symlinks followed, search
 * permission on every directory and exec permission on the file checked
 * with the caller's credentials; a regular file only, on a mount without
 * noexec (-EACCES otherwise, as Linux). ENOENT, ENOTDIR, ELOOP,
 * ENAMETOOLONG as Linux gives them.
 */
int fs_open_exec(const char *path, struct file **out);

/*
 * fs_open_exec_at() - fs_open_exec() for execveat: a relative @path is
 * looked up from directory descriptor @dirfd (AT_FDCWD: the cwd; EBADF,
 * ENOTDIR), and with AT_SYMLINK_NOFOLLOW in @at_flags a final symlink is
 * not followed but refused with -ELOOP.
 */
int fs_open_exec_at(int dirfd, const char *path, unsigned int at_flags,
		    struct file **out);

/*
 * Character devices. fs makes the node @name in devtmpfs, which /dev
 * shows (c @major:@minor,
 * @mode permission bits) and, when it is opened, a file with @ops on
 * which @open (may be NULL) runs first to attach the package's object
 * (file_set_priv()); @open returns 0 or -errno, which open(2) returns
 * (after an error @ops->release is not called: @open undoes itself).
 * A character node already at /dev/@name (from the initramfs) is taken
 * over with the device's numbers.
 * 0, -EEXIST when the number or the name is taken, -EINVAL for a bad
 * name, -ENOMEM. Builds the root first if fs_init() has not run yet.
 */
int fs_register_chrdev(unsigned int major, unsigned int minor, const char *name,
		       unsigned int mode, const struct file_ops *ops,
		       int (*open)(struct file *f));

/*
 * fs_register_chrdev_major() - every minor of @major not registered on
 * its own opens through @ops and @open, which gets the minor (pty slaves:
 * their nodes live in devpts, so no /dev node is made). Same rules for
 * @open as above. 0, -EEXIST (@major taken), -EINVAL (@open NULL),
 * -ENOMEM.
 */
int fs_register_chrdev_major(unsigned int major, const struct file_ops *ops,
			     int (*open)(struct file *f, unsigned int minor));

/*
 * Socket nodes, for AF_UNIX path names (the net package keeps which
 * socket is bound to which node, by its key: the node's inode number,
 * never reused).
 * fs_sock_mknod(): bind(2)'s node: make @path (relative to the calling
 *   task's cwd) a socket node of mode 0777 & ~umask, its key in *@key.
 *   0 or mknod(2)'s errors (-EEXIST, -ENOENT, -ENOTDIR, -EACCES...).
 * fs_sock_find(): connect(2)'s lookup: @path, a final symlink followed,
 *   with write permission (-EACCES); -ECONNREFUSED when the node is not a
 *   socket; the lookup's errors; its key in *@key.
 */
int fs_sock_mknod(const char *path, uint64_t *key);
int fs_sock_find(const char *path, uint64_t *key);

/*
 * FIFOs. fs keeps the named node and a slot in its inode; the object
 * behind it (a pipe) is the ipc package's, which registers these at init.
 * @open: open @f, a new file on a FIFO node with the open's flags
 *   (file_flags()), whose object is *@slot (NULL the first time: the
 *   package makes it and stores it there). Waits for the other side as
 *   open(2) does on a FIFO, then gives @f its operations and hook with
 *   file_open_attach(). 0, -ENXIO (O_WRONLY | O_NONBLOCK without a
 *   reader), -ERESTARTSYS (a signal while waiting), -ENOMEM; after an
 *   error nothing is attached to @f.
 * @destroy: the node is gone (no file refers to it any more): free the
 *   object of its slot.
 * Without them, an open of a FIFO is -ENXIO.
 */
struct fifo;
struct fs_fifo_ops {
	int (*open)(struct fifo **slot, struct file *f);
	void (*destroy)(struct fifo *fifo);
};
void fs_set_fifo_ops(const struct fs_fifo_ops *ops);

/* How many of fs's objects exist now, for leak reports
 * (/proc/keel/allocator): each comes back to its count once what was
 * made since is gone. */
struct fs_counts {
	size_t files;	 /* open file descriptions */
	size_t inodes;	 /* all file systems' */
	size_t dentries; /* names in directories */
};

void fs_counts(struct fs_counts *out);

#endif /* FS_FS_H */
