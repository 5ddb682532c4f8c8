/* SPDX-License-Identifier: MIT */
/* Synthetic files: content, links and directory entries made on demand. */
#ifndef FS_SYNTH_H
#define FS_SYNTH_H

#include <frame/compiler.h>
#include <frame/types.h>

struct inode;
struct synth_fill;

/* The most a synthetic file's content may hold; more is dropped. */
#define SYNTH_BUF_MAX 65536u

/* An output buffer filled when a synthetic file is opened. */
struct synth_buf {
	char *data;
	size_t len, cap;
	bool full; /* output was dropped at SYNTH_BUF_MAX */
};

/* synth_printf() - append formatted text; 0, or -ENOSPC at the cap (the
 * text that fits is kept), -ENOMEM. */
int synth_printf(struct synth_buf *b, const char *fmt, ...) __printf(2, 3);
/* synth_write() - append @n raw bytes (NULs allowed); as synth_printf() */
int synth_write(struct synth_buf *b, const void *data, size_t n);

/*
 * What a synthetic node does. Every member may be NULL.
 * @show: a regular file's whole content, produced into @b at open(2);
 *   0 or -errno, which open(2) returns.
 * @store: a write(2) of @n bytes (a kernel copy) to a regular file;
 *   @n or -errno. NULL: write(2) is -EINVAL.
 * @link: a symlink's target, computed at every readlink and walk.
 * @populate: a directory's generated entries, brought up to date before
 *   each lookup in it and each getdents on it. Called with the tree lock
 *   held: it must not sleep on user memory nor call synth_mk*(). It
 *   declares the entries with synth_fill_*(); an entry declared again
 *   with the same name is kept as it is, and the generated entries it did
 *   not declare this time are removed when it returns (with everything
 *   below them). 0 or -errno, which the lookup or getdents returns.
 */
struct synth_ops {
	int (*show)(struct inode *node, struct synth_buf *b);
	ssize_t (*store)(struct inode *node, const char *data, size_t n);
	int (*link)(struct inode *node, struct synth_buf *b);
	int (*populate)(struct inode *dir, struct synth_fill *fill);
};

/*
 * Inside @populate: declare an entry @name of the directory being filled,
 * a directory (@mode's permission bits), a regular file, or a symlink.
 * An entry declared again takes the permission bits given this time.
 * @data and @key are returned by synth_data() and synth_key(). 0,
 * -EEXIST (the name is a static entry), -ENAMETOOLONG, -ENOMEM.
 */
int synth_fill_dir(struct synth_fill *fill, const char *name, unsigned int mode,
		   const struct synth_ops *ops, void *data, uint64_t key);
int synth_fill_file(struct synth_fill *fill, const char *name,
		    unsigned int mode, const struct synth_ops *ops, void *data,
		    uint64_t key);
int synth_fill_link(struct synth_fill *fill, const char *name,
		    const struct synth_ops *ops, void *data, uint64_t key);
/* a link with permission bits other than 0777 (Linux's fd/N show the
 * descriptor's access: lr-x------, l-wx------, lrwx------) */
int synth_fill_link_mode(struct synth_fill *fill, const char *name,
			 unsigned int mode, const struct synth_ops *ops,
			 void *data, uint64_t key);
/* a character device node (c @major:@minor): opening it goes to the
 * device registered for that number (fs_register_chrdev*()), not to
 * synth ops (devpts's /dev/pts/N) */
int synth_fill_chrdev(struct synth_fill *fill, const char *name,
		      unsigned int mode, unsigned int major,
		      unsigned int minor, uint64_t key);

/*
 * Inside @populate: the owner of the entries declared after this call
 * (root until then); an entry declared again takes the new owner.
 */
void synth_fill_owner(struct synth_fill *fill, uint32_t uid, uint32_t gid);

/*
 * Static entries, made at init with the tree lock not held, owned by
 * root, lasting as long as @parent. *@out (may be NULL) is not
 * referenced. 0, -EEXIST, -ENOTDIR, -ENAMETOOLONG, -ENOMEM.
 */
int synth_mkdir(struct inode *parent, const char *name, unsigned int mode,
		const struct synth_ops *ops, void *data, uint64_t key,
		struct inode **out);
int synth_mkfile(struct inode *parent, const char *name, unsigned int mode,
		 const struct synth_ops *ops, void *data, uint64_t key,
		 struct inode **out);
int synth_mklink(struct inode *parent, const char *name,
		 const struct synth_ops *ops, void *data, uint64_t key,
		 struct inode **out);

/* What the node was made with. */
void *synth_data(const struct inode *node);
uint64_t synth_key(const struct inode *node);
/* the key of @node or of its nearest directory above with a nonzero key
 * (a /proc/PID/fd/N link finds its PID), 0 if none */
uint64_t synth_parent_key(const struct inode *node);

/*
 * A file system type whose tree is synthetic, with one instance: fs makes
 * its root directory, @fill_super fills it with synth_mk*() (the tree
 * lock not held), and fs mounts it ("proc" on /proc, "sysfs" on /sys, or
 * on @dir); mount(2) with the type's name mounts that instance again
 * elsewhere. @root_ops, when not NULL, become
 * the mount root's own operations (a populate() there generates entries
 * beside the static ones, such as /proc's PID directories). fs_register_type() runs it at
 * once when the tree exists, else when fs_init() builds it. 0, -EEXIST
 * (the name is taken), -EINVAL (not a known type name and no @dir), -EBUSY (its
 * directory is already mounted on, or missing where it cannot be made: a
 * missing last component is made), -ENOMEM (too many types), or
 * @fill_super's error.
 */
struct fs_type {
	const char *name;
	int (*fill_super)(struct inode *root);
	const struct synth_ops *root_ops;
	/* The directory it is mounted on at registration, from / without
	 * the leading slash, crossing mounts ("dev/pts"); NULL for the
	 * known types (proc on /proc, sysfs on /sys). */
	const char *dir;
};
int fs_register_type(const struct fs_type *type);

/*
 * The mount table in Linux's formats: fs_mounts_show() the lines of
 * /proc/mounts ("rootfs / rootfs rw 0 0", then one per mount in mount
 * order), fs_mountinfo_show() those of /proc/PID/mountinfo (ids, parent
 * ids, devices, roots, options). 0, -ENOMEM or @b's -errno.
 */
int fs_mounts_show(struct synth_buf *b);
int fs_mountinfo_show(struct synth_buf *b);
/* the same as the owner of fs context @c sees them: only the mounts below
 * its root, their paths from it (a chroot's view); @c NULL: the tree's */
struct fs_ctx;
int fs_mounts_show_ctx(struct fs_ctx *c, struct synth_buf *b);
int fs_mountinfo_show_ctx(struct fs_ctx *c, struct synth_buf *b);

#endif /* FS_SYNTH_H */
