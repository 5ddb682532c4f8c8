/* SPDX-License-Identifier: MIT */
/* Synthetic file system types and the directories they are mounted on. */
#include <frame/errno.h>
#include <frame/string.h>
#include <frame/sync.h>

#include <fs/synth.h>

#include "vfs.h"

#define FSTYPE_MAX 8

/* What a distribution's boot gives proc and sysfs; other types too. */
#define FSTYPE_FLAGS_DEFAULT (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME)

/* Where each known type is mounted at boot, and how. */
static const struct {
	const char *type, *dir;
	uint64_t magic;	   /* statfs's f_type */
	unsigned int flags; /* the boot mount's */
} fstype_mounts[] = {
	{ "proc", "proc", 0x9fa0, FSTYPE_FLAGS_DEFAULT },
	{ "sysfs", "sys", 0x62656572, FSTYPE_FLAGS_DEFAULT },
	/* its nodes are devices: not nodev */
	{ "devpts", "dev/pts", 0x1cd1, MS_NOSUID | MS_NOEXEC | MS_RELATIME },
};

/* The mount root of a synthetic type that brings no operations of its own:
 * it holds only the entries fill_super makes. */
static const struct synth_ops fstype_root_ops = { 0 };

static struct frame_mutex fstype_lock = FRAME_MUTEX_INIT(fstype_lock);
static const struct fs_type *fstypes[FSTYPE_MAX];
/* each type's one instance, made at its first mount (fstype_lock) */
static struct fs_sb *fstype_sbs[FSTYPE_MAX];

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

/* The known types' table entry for @t, or NULL. */
static int fstype_known(const struct fs_type *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(fstype_mounts); i++)
		if (strncmp(fstype_mounts[i].type, t->name, FS_NAME_MAX) == 0)
			return (int)i;
	return -1;
}

/*
 * Make fstypes[@i]'s instance (fstype_lock held): a superblock whose
 * root fill_super populates, mounted on its directory as a distribution's
 * boot mounts proc and sysfs (nosuid, nodev, noexec) and devpts (nosuid,
 * noexec).
 */
static int fstype_mount(size_t i)
{
	const struct fs_type *t = fstypes[i];
	int k = fstype_known(t);
	struct fs_sb *sb;
	int err;

	sb = sb_create(t->name, k >= 0 ? fstype_mounts[k].magic : 0, 0555);
	if (!sb)
		return -ENOMEM;
	sb->permanent = true;
	sb->synthetic = true;
	sb->root->synth = t->root_ops ? t->root_ops : &fstype_root_ops;
	err = mnt_boot(sb, fstype_dir(t), t->name,
		       k >= 0 ? fstype_mounts[k].flags : FSTYPE_FLAGS_DEFAULT);
	if (err)
		return err == -ENOENT ? -EBUSY : err;
	fstype_sbs[i] = sb;
	return t->fill_super(sb->root);
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
		if (fstypes[i] && !fstype_sbs[i])
			err = fstype_mount(i);
	frame_mutex_unlock(&fstype_lock);
	return err;
}

struct fs_sb *fstype_sb(const char *name, size_t len)
{
	struct fs_sb *sb = NULL;

	frame_mutex_lock(&fstype_lock);
	for (size_t i = 0; i < FSTYPE_MAX && !sb; i++)
		if (fstypes[i] && fstype_sbs[i] &&
		    strnlen(fstypes[i]->name, FS_NAME_MAX + 1) == len &&
		    memcmp(fstypes[i]->name, name, len) == 0)
			sb = fstype_sbs[i];
	frame_mutex_unlock(&fstype_lock);
	return sb;
}
