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
} fstype_mounts[] = {
	{ "proc", "proc" },
	{ "sysfs", "sys" },
};

/* The mount root of a synthetic type: takes no names but its type's. */
static const struct synth_ops fstype_root_ops = { 0 };

static struct frame_mutex fstype_lock = FRAME_MUTEX_INIT(fstype_lock);
static const struct fs_type *fstypes[FSTYPE_MAX];
static bool fstype_mounted[FSTYPE_MAX];

static const char *fstype_dir(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fstype_mounts); i++)
		if (strncmp(fstype_mounts[i].type, name, FS_NAME_MAX) == 0)
			return fstype_mounts[i].dir;
	return NULL;
}

/* Fill the mount point of fstypes[@i] (fstype_lock held). */
static int fstype_mount(size_t i)
{
	const char *dir = fstype_dir(fstypes[i]->name);
	struct dentry *d;
	struct inode *root = NULL;

	frame_mutex_lock(&vfs_lock);
	d = dir_find(vfs_root, dir, strnlen(dir, FS_NAME_MAX));
	if (d && S_ISDIR(d->inode->mode) && !d->inode->synth) {
		root = d->inode;
		root->synth = &fstype_root_ops;
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
	    !fstype_dir(type->name))
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
