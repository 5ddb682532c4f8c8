/* SPDX-License-Identifier: MIT */
/* fs-internal: inodes, directory entries, files, the tree lock, lookups. */
#ifndef FS_VFS_H
#define FS_VFS_H

#include <frame/sync.h>
#include <frame/types.h>

#include <fs/fs.h>

#include "mount.h"

struct frame_page;

/* A name in a directory. The directory's list is ordered by @cookie,
 * which only grows, so a getdents cursor survives removals. */
struct dentry {
	struct dentry *next;
	struct inode *inode; /* counted in inode->nlink, not in refs */
	uint64_t cookie;
	uint8_t namelen;
	char name[FS_NAME_MAX + 1];
};

struct fs_timespec {
	int64_t sec;
	int64_t nsec;
};

/*
 * An inode of the RAM file system. Everything but @refs is guarded by
 * vfs_lock (one lock for the tree: the file system is in memory, and no
 * path holds it across a user copy or a sleep on anything else).
 * Lifetime: @refs counts files, fs contexts, lookups in progress and
 * child directories (through @parent); the inode is freed when both
 * @refs and @nlink are 0.
 */
struct inode {
	uint32_t refs;
	uint64_t ino;
	struct fs_sb *sb; /* referenced; NULL: the root file system */
	uint32_t mounted; /* attached mounts on it (a mountpoint) */
	uint32_t mode, uid, gid, nlink;
	uint32_t rdev_major, rdev_minor;
	uint64_t size;
	struct fs_timespec atime, mtime, ctime;

	/* directories */
	struct inode *parent; /* referenced; the root's is itself */
	struct dentry *children;
	uint64_t next_cookie;
	bool dead;     /* removed (rmdir): no new entries */
	bool linkable; /* an O_TMPFILE file linkat() may give a name */

	/* regular files: page @i of the data, NULL for a hole */
	struct frame_page **pages;
	size_t npages; /* slots in @pages */

	/* symbolic links */
	char *target;

	/* mmap of a regular file (mmap.c) */
	struct fs_backing *backing;

	/* a FIFO's pipe (struct fs_fifo_ops), made at its first open */
	struct fifo *fifo;

	/* file locks (lock.c, under its own mutex) */
	struct file_lock *locks;

	/* synthetic nodes (synth.c): NULL for ramfs ones */
	const struct synth_ops *synth;
	void *synth_data;
	uint64_t synth_key;
	bool synth_gen;	 /* made by a populate: removed when not declared */
	bool synth_seen; /* declared by the populate in progress */
};

/*
 * An open file. @pos is guarded by @pos_lock for regular files and
 * directories (read, write, lseek and getdents take it).
 */
struct file {
	uint32_t refs;
	unsigned int flags;
	const struct file_ops *ops;
	struct inode *inode; /* referenced, or NULL (anonymous) */
	struct mount *mnt;   /* referenced, or NULL (no path) */
	bool mnt_writer;     /* counted in mnt->writers */
	struct file_priv *priv;
	struct frame_mutex pos_lock;
	uint64_t pos;
	uint64_t anon_ino; /* st_ino of a file without an inode */
	uint32_t anon_mode; /* its st_mode; 0: a pipe's */
	struct fs_watch *watches; /* the watcher's lock guards it */
	bool watched;		  /* ever had a watch: set once, atomically */
};

extern struct frame_mutex vfs_lock;
extern struct inode *vfs_root;

/* file.c */
struct file *file_alloc(const struct file_ops *ops, unsigned int oflags);

/* inode.c */
struct inode *inode_alloc(uint32_t mode, uint32_t uid, uint32_t gid);
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
/* change the link count; frees the inode if nothing holds it then */
void inode_nlink_add(struct inode *ino, int delta);
void inode_touch(struct inode *ino, bool m, bool c);
struct fs_timespec fs_now(void);
/* directories, vfs_lock held */
struct dentry *dir_find(struct inode *dir, const char *name, size_t len);
int dir_link(struct inode *dir, const char *name, size_t len,
	     struct inode *child);
/* dir_link_new() - link @ino, just allocated (the caller's reference),
 * into @dir: a directory counts its "." too; on failure @ino is dropped */
int dir_link_new(struct inode *dir, const char *name, size_t len,
		 struct inode *ino);
void dir_unlink(struct inode *dir, struct dentry *d);
bool dir_is_empty(struct inode *dir);
/* regular file data */
int inode_truncate(struct inode *ino, uint64_t size);
/* a write into @ino's data ended at @end: the size grows to it, the
 * modification and change times are now (takes vfs_lock) */
void inode_wrote(struct inode *ino, uint64_t end);
ssize_t inode_read_kernel(struct inode *ino, uint64_t off, void *buf, size_t n);
ssize_t inode_write_kernel(struct inode *ino, uint64_t off, const void *buf,
			   size_t n);
int inode_get_page(struct inode *ino, uint64_t pgoff, bool create,
		   struct frame_page **out);
/* give the pages of [@off, @off + @len) data (fallocate), vfs_lock held:
 * all or none; -ENOSPC, -EFBIG, -ENOMEM */
int inode_allocate(struct inode *ino, uint64_t off, uint64_t len);
/* zero [@off, @off + @len) of the data below the size (fallocate's
 * PUNCH_HOLE), vfs_lock held: the pages stay, since a shared mapping may
 * hold them, so the space is not given back. 0 or -errno */
int inode_punch(struct inode *ino, uint64_t off, uint64_t len);

/* tmpfs space (space.c; the per-superblock counters are in mount.h):
 * the root file system's limit in pages; 0 restores the default */
void space_set_limit(size_t pages);
/* half of RAM, in pages */
size_t space_default_pages(void);

/* The caller's identity for permission checks (perm.c). */
struct fs_ident {
	uint32_t uid, gid;
	const struct cred *cred; /* supplementary groups, or NULL */
};
struct cred;
void fs_ident_current(struct fs_ident *id, bool real_ids);
bool fs_ident_in_group(const struct fs_ident *id, uint32_t gid);
bool fs_capable(const struct fs_ident *id);
/* MAY_READ 4, MAY_WRITE 2, MAY_EXEC 1 against @ino; 0 or -EACCES */
#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4
int inode_permission(const struct inode *ino, const struct fs_ident *id,
		     int mask);
bool inode_owner_or_capable(const struct inode *ino, const struct fs_ident *id);

/* Path walk (namei.c). */
#define LOOKUP_FOLLOW	 1u /* follow a final symlink */
#define LOOKUP_DIRECTORY 2u /* the final component must be a directory */
#define LOOKUP_PARENT	 4u /* stop at the parent, return the last name */
#define LOOKUP_EMPTY	 8u /* "" names the start (AT_EMPTY_PATH) */

struct nameidata {
	struct inode *root, *start; /* referenced by the caller */
	struct mount *root_mnt, *start_mnt; /* theirs; NULL: the root mount */
	/* the mount of the result (of the parent with LOOKUP_PARENT): not
	 * referenced, valid while vfs_lock is held */
	struct mount *mnt;
	const struct fs_ident *id;
	unsigned int flags;
	/* LOOKUP_PARENT results */
	struct inode *parent; /* referenced */
	char last[FS_NAME_MAX + 1];
	size_t lastlen;
	bool last_dot; /* the last component is "." or ".." */
	bool trailing_slash;
};

/* vfs_lock held; *@out referenced. */
int vfs_walk(struct nameidata *nd, const char *path, struct inode **out);

/*
 * vfs_at() - the root and start directory for a *at() call on @dirfd
 * relative to @path (both referenced, put with vfs_at_put). -EBADF,
 * -ENOTDIR.
 */
struct vfs_at {
	struct inode *root, *start;
	struct mount *root_mnt, *start_mnt;
	struct fs_ident id;
};
int vfs_at_get(int dirfd, const char *path, bool empty_ok, struct vfs_at *at);
void vfs_at_put(struct vfs_at *at);
/* vfs_at_nameidata() - a walk from @at (which must outlive it) with
 * LOOKUP_* @flags, into @nd */
void vfs_at_nameidata(struct vfs_at *at, unsigned int flags,
		      struct nameidata *nd);

/*
 * vfs_parent_begin() - walk to the parent of @path's last component: on
 * success vfs_lock is held and nd->parent, nd->last are set; end with
 * vfs_parent_end(), which unlocks and drops the references.
 */
int vfs_parent_begin(int dirfd, const char *path, struct vfs_at *at,
		     struct nameidata *nd);
void vfs_parent_end(struct vfs_at *at, struct nameidata *nd);

/* Sticky directories: may @id remove @victim from @dir? */
bool vfs_may_delete(const struct inode *dir, const struct inode *victim,
		    const struct fs_ident *id);

/* Look @path up (vfs_lock taken inside); *@out referenced. */
int vfs_lookup_at(int dirfd, const char *path, unsigned int flags,
		  struct inode **out);
/* the same, with the result's mount in *@mnt (referenced) */
int vfs_lookup_mnt(int dirfd, const char *path, unsigned int flags,
		   struct inode **out, struct mount **mnt);

/* Create @name in @dir (vfs_lock held): EEXIST, EACCES, ENOENT (dead
 * dir), ENOMEM; *@out referenced. */
int vfs_create_locked(struct inode *dir, const char *name, size_t len,
		      uint32_t mode, const struct fs_ident *id,
		      struct inode **out);
/* the calling task's umask, 022 without a context */
unsigned int fs_ctx_umask_or_default(void);

/* Open (open.c): a file for @ino with @oflags; takes its own reference. */
int vfs_open_inode(struct inode *ino, unsigned int oflags, struct file **out);
int vfs_openat(int dirfd, const char *path, unsigned int oflags,
	       unsigned int mode, struct file **out);
/* O_TMPFILE: a nameless regular file on @path's file system */
int vfs_open_tmpfile(int dirfd, const char *path, unsigned int oflags,
		     unsigned int mode, struct file **out);

/* ramfs file operations (ramfs.c) */
extern const struct file_ops ramfs_reg_ops;
extern const struct file_ops ramfs_dir_ops;
extern const struct file_ops ramfs_path_ops;

/* mmap (mmap.c): a backing over @ino's pages, referenced, or NULL */
struct mm_backing *fs_backing_create(struct inode *ino);
int fs_mmap_init(void);

/* FIFOs (open.c): open @f on the FIFO @ino; the inode's end */
int fifo_open(struct inode *ino, struct file *f);
void fifo_destroy(struct inode *ino);

/* synthetic nodes (synth.c), vfs_lock held */
struct synth_buf;
int synth_populate(struct inode *dir);
/* the computed target of a synthetic symlink, to free with synth_buf_free */
int synth_link_target(struct inode *lnk, struct synth_buf *b);
void synth_buf_free(struct synth_buf *b);
/* open: the content of a synthetic regular file */
int synth_open(struct inode *ino, struct file *f);
/* read what an open synthetic file holds into a kernel buffer (sendfile):
 * the bytes copied, 0 at the end, -EINVAL when @f holds no content */
ssize_t synth_read_kernel(struct file *f, uint64_t pos, void *buf, size_t n);
extern const struct file_ops synth_reg_ops;
/* mount the registered synthetic types (vfs_lock not held) */
int synth_mount_types(void);

/* devices (dev.c) */
bool dev_is_zero(const struct file *f);
int chrdev_open(struct inode *ino, struct file *f);
int dev_init(void);

/* user strings */
int fs_copy_path(uint64_t uptr, char *buf);
/* fs_ctx internals */
void fs_ctx_root_cwd(struct fs_ctx *c, struct inode **root, struct inode **cwd);
/* the same with their mounts, all four referenced */
void fs_ctx_paths(struct fs_ctx *c, struct inode **root, struct mount **rootm,
		  struct inode **cwd, struct mount **cwdm);
int fs_ctx_chdir(struct fs_ctx *c, struct mount *m, struct inode *dir);
int fs_ctx_chroot(struct fs_ctx *c, struct mount *m, struct inode *dir);

/* st_dev of the RAM file system */
#define FS_DEV 0x1au

/* paths (path.c), vfs_lock held: @ino's absolute path at the front of
 * @buf as <fs/path.h> describes; its length or -ENAMETOOLONG */
int inode_path_locked(struct inode *ino, char *buf, size_t size);
/* the same through mount @m (NULL: as inode_path_locked) */
int mnt_path_locked(struct mount *m, struct inode *ino, char *buf,
		    size_t size);
/* where mount @m's root is, seen from @root of @rootm: its length, or
 * -EXDEV when it is not below that root (mounts outside a chroot) */
int mnt_root_path_locked(struct mount *m, struct mount *rootm,
			 struct inode *root, char *buf, size_t size);
/* the same inside its file system only (mountinfo's root field) */
int sb_path_locked(struct inode *ino, char *buf, size_t size);
/* getcwd's text: @cwd of @cwdm seen from @root of @rootm (from the top
 * of the tree when outside that root): its length, or -ENOENT for a
 * removed directory, -ENAMETOOLONG */
int cwd_path_locked(struct mount *rootm, struct inode *root, struct mount *cwdm,
		    struct inode *cwd, char *buf, size_t size);
/* st_dev's minor of @ino's file system */
uint32_t inode_dev(const struct inode *ino);
/* a new inode in @dir's file system (as inode_alloc) */
struct inode *inode_alloc_in(struct fs_sb *sb, uint32_t mode, uint32_t uid,
			     uint32_t gid);

/* st_mode's type as a getdents d_type */
unsigned char vfs_dtype(uint32_t mode);

/* open file descriptions, for fs_counts() (file.c's) */
extern size_t fs_nr_files;

#endif /* FS_VFS_H */
