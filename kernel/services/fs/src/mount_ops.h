/* SPDX-License-Identifier: MIT */
/* fs-internal: mount(2)'s options and operations on the mount table. */
#ifndef FS_MOUNT_OPS_H
#define FS_MOUNT_OPS_H

#include "vfs.h"

/* What an option string asked for. */
struct mount_opts {
	unsigned int sb_flags; /* MS_RDONLY and the others of a superblock */
	uint64_t size_pages;   /* tmpfs size=, 0: unlimited */
	uint32_t mode, uid, gid;
	bool has_size, has_mode;
	bool lenient; /* a type whose own options are not checked */
	bool ramfs;   /* of the tmpfs keys, only mode= (the rest ignored) */
};

/*
 * mount_opts_parse() - parse @data ("key[=value],...", may be NULL) into
 * @o, which the caller initialised: generic flags (ro, rw, sync...) for
 * every type; with @tmpfs the tmpfs keys (size=N[kmgt%], nr_blocks=,
 * mode=octal, uid=, gid=, nr_inodes=). 0 or -EINVAL for an unknown key
 * (unless @o->lenient) or a malformed value.
 */
int mount_opts_parse(const char *data, bool tmpfs, struct mount_opts *o);

/* The calls behind mount(2) (sys_mount.c's decoding done: strings copied
 * in, the caller privileged); @m, @ino the target, referenced by the
 * caller. 0 or -errno as Linux's. */
int mount_new(struct mount *m, struct inode *ino, const char *type,
	      const char *source, const char *data, unsigned int flags);
int mount_bind(struct mount *m, struct inode *ino, const char *source,
	       bool rec);
int mount_remount(struct mount *m, struct inode *ino, const char *data,
		  unsigned int flags);
int mount_move(struct mount *m, struct inode *ino, const char *source);
int mount_propagation(struct mount *m, struct inode *ino, unsigned int flags);
/* umount2(2) of mount @m whose root @ino was looked up (one reference of
 * the caller's on @m, beside the table's) */
int mount_umount(struct mount *m, struct inode *ino, unsigned int flags);

/* the per-mount flags mount(2)'s @flags give (relatime by default) */
unsigned int mount_mnt_flags(unsigned int flags);

#endif /* FS_MOUNT_OPS_H */
