/* SPDX-License-Identifier: MIT */
/* fs-internal: superblocks, mounts and the mount table. */
#ifndef FS_MOUNT_H
#define FS_MOUNT_H

#include <frame/types.h>

struct file;
struct inode;
struct synth_buf;

/* mount(2)'s flags (Linux's MS_* values). */
#define MS_RDONLY      0x1u
#define MS_NOSUID      0x2u
#define MS_NODEV       0x4u
#define MS_NOEXEC      0x8u
#define MS_SYNCHRONOUS 0x10u
#define MS_REMOUNT     0x20u
#define MS_MANDLOCK    0x40u
#define MS_DIRSYNC     0x80u
#define MS_NOSYMFOLLOW 0x100u
#define MS_NOATIME     0x400u
#define MS_NODIRATIME  0x800u
#define MS_BIND	       0x1000u
#define MS_MOVE	       0x2000u
#define MS_REC	       0x4000u
#define MS_SILENT      0x8000u
#define MS_UNBINDABLE  0x20000u
#define MS_PRIVATE     0x40000u
#define MS_SLAVE       0x80000u
#define MS_SHARED      0x100000u
#define MS_RELATIME    0x200000u
#define MS_STRICTATIME 0x1000000u
#define MS_LAZYTIME    0x2000000u
#define MS_NOUSER      0x80000000u
#define MS_MGC_VAL     0xc0ed0000u
#define MS_MGC_MSK     0xffff0000u

/* The flags a mount keeps (the rest act on the call or the superblock). */
#define MNT_FLAGS_MASK                                                   \
	(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOSYMFOLLOW | \
	 MS_NOATIME | MS_NODIRATIME | MS_RELATIME)

/* umount2(2)'s flags */
#define MNT_FORCE	1u
#define MNT_DETACH	2u
#define MNT_EXPIRE	4u
#define UMOUNT_NOFOLLOW 8u

/* statfs's f_type of the types fs knows itself */
#define TMPFS_MAGIC 0x01021994u
#define RAMFS_MAGIC 0x858458f6u

/*
 * A superblock: one instance of a file system, which every mount of it
 * shares. @refs counts its mounts (@mounts of them) and its inodes
 * (inode->sb); it is freed at 0 unless @permanent. Everything else is
 * guarded by vfs_lock, but the space counters (atomic).
 */
struct fs_sb {
	uint32_t refs;
	uint32_t mounts;
	const char *type;   /* as mount(2) and /proc/mounts name it */
	uint64_t magic;	    /* statfs's f_type */
	uint32_t dev_minor; /* st_dev 0:dev_minor */
	struct inode *root; /* referenced */
	bool rdonly;
	bool permanent;
	bool synthetic; /* no blocks to report */
	/* tmpfs: data pages against @limit (0: the shared default space) */
	size_t limit, used;
	/* tmpfs options, shown when not the default */
	uint32_t mode, uid, gid;
	bool sized;
};

/*
 * A mount: a superblock's tree (from @root) attached on @mountpoint of
 * @parent. @refs counts the table's reference while attached, open
 * files, fs contexts and lookups in progress; a detached mount is freed
 * at 0. The rest is guarded by vfs_lock.
 */
struct mount {
	uint32_t refs;
	unsigned int id, parent_id;
	struct mount *parent;	  /* NULL: the root, or detached */
	struct inode *mountpoint; /* referenced while attached */
	struct inode *root;	  /* referenced */
	struct fs_sb *sb;	  /* referenced */
	unsigned int flags;	  /* MNT_FLAGS_MASK bits */
	uint32_t writers; /* files open for writing through it (atomic) */
	bool attached;
	bool expiring; /* MNT_EXPIRE marked it */
	char *source;
	struct mount *next; /* the table, in mount order */
};

/* superblocks */
struct fs_sb *sb_create(const char *type, uint64_t magic, uint32_t rootmode);
void sb_get(struct fs_sb *sb);
void sb_put(struct fs_sb *sb);

/* references (NULL ignored); mnt_put may free a detached mount */
void mnt_get(struct mount *m);
void mnt_put(struct mount *m);
/* the root mount, never freed */
struct mount *mnt_root(void);
/* @m, or the root mount for NULL */
struct mount *mnt_or_root(struct mount *m);

/* the table (vfs_lock held): a new mount of @sb from @root with one
 * reference; attach it (the table takes that reference) on @point of
 * @parent; detach it (the reference and the returned mountpoint's go to
 * the caller, to put after unlocking); walk the table in mount order */
struct mount *mnt_alloc(struct fs_sb *sb, struct inode *root,
			const char *source, unsigned int flags);
void mnt_attach(struct mount *m, struct mount *parent, struct inode *point);
struct inode *mnt_detach(struct mount *m);
struct mount *mnt_next(struct mount *m);

/* Boot: the root mount over @root, the tree's root directory. */
int mnt_init_root(struct inode *root);
/* Boot: mount @sb on the directory /@dir; 0, -ENOENT, -ENOMEM, -EBUSY. */
int mnt_boot(struct fs_sb *sb, const char *dir, const char *source,
	     unsigned int flags);

/* vfs_lock held: the mount covering @*ino in @m (and *@ino becomes its
 * root), repeatedly for stacked mounts; @m when none. */
struct mount *mnt_cross_down(struct mount *m, struct inode **ino);
/* vfs_lock held: the attached mount whose root is @ino, or NULL */
struct mount *mnt_by_root(struct inode *ino);

/* A file opened through @m (which it references) that writes: counted
 * until its last close, so that no remount makes @m read-only under it. */
void mnt_file_attach(struct file *f, struct mount *m);
void mnt_file_detach(struct file *f);
/* vfs_lock held: whether a file writes through @m, or through any mount
 * of @sb */
bool mnt_has_writers(const struct mount *m);
bool sb_has_writers(struct fs_sb *sb);

/* access through a mount: -EROFS on a read-only one */
int mnt_want_write(const struct mount *m);
bool mnt_readonly(const struct mount *m);
unsigned int mnt_flags(const struct mount *m);

/* the devtmpfs instance /dev shows (dev.c) */
extern struct fs_sb *devtmpfs_sb;

/* tmpfs space (space.c), per superblock; NULL: the root file system */
int space_charge(struct fs_sb *sb, size_t pages); /* 0 or -ENOSPC */
void space_uncharge(struct fs_sb *sb, size_t pages);
void space_usage(struct fs_sb *sb, uint64_t *limit, uint64_t *used);

/* the table in /proc's formats */
int mnt_mounts_show(struct synth_buf *b);
int mnt_mountinfo_show(struct synth_buf *b);

/* the registered synthetic type @name's superblock, or NULL (fstype.c) */
struct fs_sb *fstype_sb(const char *name, size_t len);

#endif /* FS_MOUNT_H */
