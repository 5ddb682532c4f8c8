/* SPDX-License-Identifier: MIT */
/* Synthetic file system types and the directories they are mounted on. */
#include <frame/errno.h>
#include <frame/string.h>
#include <frame/sync.h>

#include <fs/synth.h>

#include "vfs.h"

#define FSTYPE_MAX 8

/* Where each known type is mounted at boot. */
static const struct {
	const char *type, *dir;
	uint64_t magic; /* statfs's f_type */
} fstype_mounts[] = {
	{ "proc", "proc", 0x9fa0 },
	{ "sysfs", "sys", 0x62656572 },
	{ "devpts", "dev/pts", 0x1cd1 },
};

/* The mount root of a synthetic type that brings no operations of its own:
 * it holds only the entries fill_super makes. */
static const struct synth_ops fstype_root_ops = { 0 };

static struct frame_mutex fstype_lock = FRAME_MUTEX_INIT(fstype_lock);
static const struct fs_type *fstypes[FSTYPE_MAX];
static bool fstype_mounted[FSTYPE_MAX];
/* the mount roots, written once under both locks (vfs_lock to read) */
static struct inode *fstype_root[FSTYPE_MAX];

/* Where @t is mounted: its own directory, or the known types' table's. */
static const char *fstype_dir(const struct fs_type *t)
{
	if (t->dir)
		return t->dir;
	for (size_t i = 0; i < ARRAY_SIZE(fstype_mounts); i++)
		if (strncmp(fstype_mounts[i].type, t->name, FS_NAME_MAX) == 0)
			return fstype_mounts[i].dir;
	return NULL;
}

/*
 * The directory @dir names below / ("proc", "dev/pts"), NULL when a
 * component is missing or not a directory. The last component is made
 * (0755, root's) when only it is missing: /dev/pts belongs to no archive
 * but to the type. vfs_lock held.
 */
static struct inode *fstype_lookup_dir(const char *dir)
{
	struct fs_ident root_id = { 0, 0, NULL };
	struct inode *cur = vfs_root, *made;

	for (;;) {
		size_t len = 0;
		bool slash;
		struct dentry *d;

		while (dir[len] && dir[len] != '/' && len <= FS_NAME_MAX)
			len++;
		slash = dir[len] == '/';
		d = dir_find(cur, dir, len);

		if (!d && !slash && !cur->synth &&
		    vfs_create_locked(cur, dir, len, S_IFDIR | 0755, &root_id,
				      &made) == 0) {
			inode_put(made); /* the tree holds it by its name */
			return made;
		}
		if (!d || !S_ISDIR(d->inode->mode))
			return NULL;
		if (!slash)
			return d->inode;
		cur = d->inode;
		dir += len + 1;
	}
}

/* Fill the mount point of fstypes[@i] (fstype_lock held). */
static int fstype_mount(size_t i)
{
	struct inode *d, *root = NULL;

	frame_mutex_lock(&vfs_lock);
	d = fstype_lookup_dir(fstype_dir(fstypes[i]));
	if (d && !d->synth) {
		root = d;
		root->synth = fstypes[i]->root_ops ? fstypes[i]->root_ops
						    : &fstype_root_ops;
		fstype_root[i] = root;
	}
	frame_mutex_unlock(&vfs_lock);
	if (!root)
		return -EBUSY; /* no such directory, or already mounted on */
	fstype_mounted[i] = true;
	return fstypes[i]->fill_super(root);
}

int fs_register_type(const struct fs_type *type)
{
	size_t i, slot = FSTYPE_MAX;
	int err = 0;

	if (!type || !type->name || !type->fill_super ||
	    !fstype_dir(type))
		return -EINVAL;
	frame_mutex_lock(&fstype_lock);
	for (i = 0; i < FSTYPE_MAX; i++) {
		if (fstypes[i] &&
		    strncmp(fstypes[i]->name, type->name, FS_NAME_MAX) == 0) {
			err = -EEXIST;
			goto out;
		}
		if (!fstypes[i] && slot == FSTYPE_MAX)
			slot = i;
	}
	if (slot == FSTYPE_MAX) {
		err = -ENOMEM;
		goto out;
	}
	fstypes[slot] = type;
	if (__atomic_load_n(&vfs_root, __ATOMIC_ACQUIRE))
		err = fstype_mount(slot);
out:
	frame_mutex_unlock(&fstype_lock);
	return err;
}

int synth_mount_types(void)
{
	int err = 0;

	frame_mutex_lock(&fstype_lock);
	for (size_t i = 0; i < FSTYPE_MAX && !err; i++)
		if (fstypes[i] && !fstype_mounted[i])
			err = fstype_mount(i);
	frame_mutex_unlock(&fstype_lock);
	return err;
}

/*
 * The mount table as /proc/mounts shows it: the root file system, then
 * the synthetic types in the order they were mounted. Options are those
 * of a plain mount(8) on Linux.
 */
int fs_mounts_show(struct synth_buf *b)
{
	int err = synth_printf(b, "rootfs / rootfs rw 0 0\n");

	frame_mutex_lock(&fstype_lock);
	for (size_t i = 0; i < FSTYPE_MAX && !err; i++)
		if (fstypes[i] && fstype_mounted[i])
			err = synth_printf(b, "%s /%s %s rw,relatime 0 0\n",
					   fstypes[i]->name,
					   fstype_dir(fstypes[i]),
					   fstypes[i]->name);
	frame_mutex_unlock(&fstype_lock);
	return err;
}

/*
 * /proc/PID/mountinfo: "ID PARENT MAJOR:MINOR ROOT POINT OPTIONS -
 * TYPE SOURCE SUPEROPTIONS". The root is mount 1, its own parent as
 * Linux's rootfs, on the device its files' st_dev names; the synthetic
 * types follow as 2, 3... on devices 0:20, 0:21... (anonymous device
 * numbers, as Linux gives them). No mount is shared (no propagation).
 */
int fs_mountinfo_show(struct synth_buf *b)
{
	int err = synth_printf(b, "1 1 0:%u / / rw - rootfs rootfs rw\n",
			       FS_DEV);
	unsigned int id = 2;

	frame_mutex_lock(&fstype_lock);
	for (size_t i = 0; i < FSTYPE_MAX && !err; i++) {
		if (!fstypes[i] || !fstype_mounted[i])
			continue;
		err = synth_printf(b, "%u 1 0:%u / /%s rw,relatime - %s %s rw\n",
				   id, 18 + id, fstype_dir(fstypes[i]),
				   fstypes[i]->name, fstypes[i]->name);
		id++;
	}
	frame_mutex_unlock(&fstype_lock);
	return err;
}

uint64_t fstype_magic(struct inode *ino)
{
	uint64_t magic = 0;

	frame_mutex_lock(&vfs_lock);
	/* A synthetic file has no parent link: its type is the first one's
	 * (proc), which is where fstatfs(2) on one is seen. */
	if (ino->synth && !S_ISDIR(ino->mode))
		magic = fstype_mounts[0].magic;
	for (struct inode *i = ino; !magic && i && i->synth; i = i->parent) {
		for (size_t t = 0; t < FSTYPE_MAX && !magic; t++) {
			const char *dir;

			if (fstype_root[t] != i)
				continue;
			dir = fstype_dir(fstypes[t]);
			for (size_t m = 0; m < ARRAY_SIZE(fstype_mounts); m++)
				if (fstype_mounts[m].dir == dir)
					magic = fstype_mounts[m].magic;
		}
		if (i->parent == i)
			break;
	}
	frame_mutex_unlock(&vfs_lock);
	return magic;
}
