/* SPDX-License-Identifier: MIT */
/* The mount table as /proc/mounts and /proc/PID/mountinfo show it. */
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/string.h>

#include <fs/synth.h>

#include "mount.h"
#include "vfs.h"

/* A field with the characters that would split it octal-escaped, as
 * Linux's seq_file escaping does (space, tab, newline, backslash). */
static int show_escaped(struct synth_buf *b, const char *s)
{
	int err = 0;

	for (; *s && !err; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			err = synth_printf(b, "\\%03o", (unsigned char)*s);
		else
			err = synth_write(b, s, 1);
	}
	return err;
}

/* Per-mount options: "rw"/"ro" then the access flags, Linux's order. */
static int show_mnt_opts(struct synth_buf *b, const struct mount *m)
{
	static const struct {
		unsigned int flag;
		const char *name;
	} opts[] = {
		{ MS_NOSUID, ",nosuid" },
		{ MS_NODEV, ",nodev" },
		{ MS_NOEXEC, ",noexec" },
		{ MS_NOATIME, ",noatime" },
		{ MS_NODIRATIME, ",nodiratime" },
		{ MS_RELATIME, ",relatime" },
		{ MS_NOSYMFOLLOW, ",nosymfollow" },
	};
	int err = synth_printf(b, "%s", (m->flags & MS_RDONLY) ? "ro" : "rw");

	for (size_t i = 0; i < ARRAY_SIZE(opts) && !err; i++)
		if (m->flags & opts[i].flag)
			err = synth_printf(b, "%s", opts[i].name);
	return err;
}

/* A tmpfs's (or ramfs's) options when not the defaults (size, mode, ids). */
static int show_sb_opts(struct synth_buf *b, const struct fs_sb *sb)
{
	int err = 0;

	if (sb->sized)
		err = synth_printf(b, ",size=%zuk", sb->limit * 4);
	if (!err &&
	    (sb->magic == TMPFS_MAGIC || sb->magic == RAMFS_MAGIC) &&
	    sb->mode != (sb->magic == RAMFS_MAGIC ? 0755u : 01777u) &&
	    sb->dev_minor != FS_DEV) {
		/* octal by hand: the kernel's formatter has no %o */
		char oct[8];
		size_t n = sizeof(oct) - 1;
		uint32_t v = sb->mode;

		oct[n] = '\0';
		do {
			oct[--n] = (char)('0' + (v & 7));
			v >>= 3;
		} while (v && n);
		err = synth_printf(b, ",mode=%s", oct + n);
	}
	if (!err && sb->uid)
		err = synth_printf(b, ",uid=%u", sb->uid);
	if (!err && sb->gid)
		err = synth_printf(b, ",gid=%u", sb->gid);
	return err;
}

/* Where @m is mounted, into @buf (FS_PATH_MAX); vfs_lock held. */
static int show_point(const struct mount *m, char *buf)
{
	if (!m->parent)
		return frame_snprintf(buf, FS_PATH_MAX, "/") < 0 ? -EINVAL : 0;
	return mnt_path_locked(m->parent, m->mountpoint, buf, FS_PATH_MAX) < 0
		       ? -ENAMETOOLONG
		       : 0;
}

/*
 * /proc/mounts: "SOURCE POINT TYPE OPTIONS 0 0" per attached mount, in
 * mount order; the options are the mount's then the superblock's.
 */
int fs_mounts_show(struct synth_buf *b)
{
	char *buf = frame_alloc(FS_PATH_MAX);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	frame_mutex_lock(&vfs_lock);
	for (struct mount *m = mnt_next(NULL); m && !err; m = mnt_next(m)) {
		struct mount shown = *m;

		if (m->sb->rdonly)
			shown.flags |= MS_RDONLY;
		err = show_point(m, buf);
		if (!err)
			err = show_escaped(b,
					   m->source[0] ? m->source : "none");
		if (!err)
			err = synth_printf(b, " ");
		if (!err)
			err = show_escaped(b, buf);
		if (!err)
			err = synth_printf(b, " %s ", m->sb->type);
		if (!err)
			err = show_mnt_opts(b, &shown);
		if (!err)
			err = show_sb_opts(b, m->sb);
		if (!err)
			err = synth_printf(b, " 0 0\n");
	}
	frame_mutex_unlock(&vfs_lock);
	frame_free(buf);
	return err;
}

/*
 * /proc/PID/mountinfo: "ID PARENT MAJOR:MINOR ROOT POINT MNTOPTS -
 * TYPE SOURCE SBOPTS". ROOT is the mount's root inside its file system
 * (not "/" for a bind mount of a subdirectory). No mount is shared: no
 * propagation fields.
 */
int fs_mountinfo_show(struct synth_buf *b)
{
	char *point = frame_alloc(FS_PATH_MAX);
	char *root = frame_alloc(FS_PATH_MAX);
	int err = 0;

	if (!point || !root) {
		err = -ENOMEM;
		goto out_free;
	}
	frame_mutex_lock(&vfs_lock);
	for (struct mount *m = mnt_next(NULL); m && !err; m = mnt_next(m)) {
		err = show_point(m, point);
		if (!err && sb_path_locked(m->root, root, FS_PATH_MAX) < 0)
			err = -ENAMETOOLONG;
		if (!err)
			err = synth_printf(b, "%u %u 0:%u ", m->id,
					   m->parent_id, m->sb->dev_minor);
		if (!err)
			err = show_escaped(b, root);
		if (!err)
			err = synth_printf(b, " ");
		if (!err)
			err = show_escaped(b, point);
		if (!err)
			err = synth_printf(b, " ");
		if (!err)
			err = show_mnt_opts(b, m);
		if (!err)
			err = synth_printf(b, " - %s ", m->sb->type);
		if (!err)
			err = show_escaped(b,
					   m->source[0] ? m->source : "none");
		if (!err)
			err = synth_printf(b, " %s",
					   m->sb->rdonly ? "ro" : "rw");
		if (!err)
			err = show_sb_opts(b, m->sb);
		if (!err)
			err = synth_printf(b, "\n");
	}
	frame_mutex_unlock(&vfs_lock);
out_free:
	frame_free(root);
	frame_free(point);
	return err;
}
