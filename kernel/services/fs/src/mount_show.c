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
	if (!err && (sb->magic == TMPFS_MAGIC || sb->magic == RAMFS_MAGIC) &&
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

/* The table as one reader sees it: the fs context whose root paths are
 * relative to (the tree's root for NULL), and where a mount's path goes. */
struct show_ctx {
	struct inode *root, *cwd;
	struct mount *rootm, *cwdm;
	char *point, *sbroot;
};

static int show_begin(struct fs_ctx *c, struct show_ctx *sc)
{
	sc->point = frame_alloc(FS_PATH_MAX);
	sc->sbroot = frame_alloc(FS_PATH_MAX);
	if (!sc->point || !sc->sbroot) {
		frame_free(sc->point);
		frame_free(sc->sbroot);
		return -ENOMEM;
	}
	fs_ctx_paths(c, &sc->root, &sc->rootm, &sc->cwd, &sc->cwdm);
	frame_mutex_lock(&vfs_lock);
	return 0;
}

static void show_end(struct show_ctx *sc)
{
	frame_mutex_unlock(&vfs_lock);
	inode_put(sc->root);
	inode_put(sc->cwd);
	mnt_put(sc->rootm);
	mnt_put(sc->cwdm);
	frame_free(sc->point);
	frame_free(sc->sbroot);
}

/*
 * Where @m is, seen from the reader's root, into sc->point: 0, 1 for a
 * mount the reader cannot reach (outside its chroot: not shown, as
 * Linux), or -errno. vfs_lock held.
 */
static int show_point(struct show_ctx *sc, struct mount *m)
{
	int n = mnt_root_path_locked(m, sc->rootm, sc->root, sc->point,
				     FS_PATH_MAX);

	if (n == -EXDEV || n == -ENOENT)
		return 1;
	return n < 0 ? n : 0;
}

/*
 * /proc/mounts: "SOURCE POINT TYPE OPTIONS 0 0" per attached mount the
 * reader can reach, in mount order; the options are the mount's then the
 * superblock's.
 */
int fs_mounts_show_ctx(struct fs_ctx *c, struct synth_buf *b)
{
	struct show_ctx sc;
	int err = show_begin(c, &sc);

	if (err)
		return err;
	for (struct mount *m = mnt_next(NULL); m && !err; m = mnt_next(m)) {
		struct mount shown = *m;

		if (m->sb->rdonly)
			shown.flags |= MS_RDONLY;
		err = show_point(&sc, m);
		if (err) {
			err = err > 0 ? 0 : err;
			continue;
		}
		err = show_escaped(b, m->source[0] ? m->source : "none");
		if (!err)
			err = synth_printf(b, " ");
		if (!err)
			err = show_escaped(b, sc.point);
		if (!err)
			err = synth_printf(b, " %s ", m->sb->type);
		if (!err)
			err = show_mnt_opts(b, &shown);
		if (!err)
			err = show_sb_opts(b, m->sb);
		if (!err)
			err = synth_printf(b, " 0 0\n");
	}
	show_end(&sc);
	return err;
}

/*
 * /proc/PID/mountinfo: "ID PARENT MAJOR:MINOR ROOT POINT MNTOPTS -
 * TYPE SOURCE SBOPTS". ROOT is the mount's root inside its file system
 * (not "/" for a bind mount of a subdirectory). No mount is shared: no
 * propagation fields.
 */
int fs_mountinfo_show_ctx(struct fs_ctx *c, struct synth_buf *b)
{
	struct show_ctx sc;
	int err = show_begin(c, &sc);

	if (err)
		return err;
	for (struct mount *m = mnt_next(NULL); m && !err; m = mnt_next(m)) {
		err = show_point(&sc, m);
		if (err) {
			err = err > 0 ? 0 : err;
			continue;
		}
		if (sb_path_locked(m->root, sc.sbroot, FS_PATH_MAX) < 0)
			err = -ENAMETOOLONG;
		if (!err)
			err = synth_printf(b, "%u %u 0:%u ", m->id,
					   m->parent_id, m->sb->dev_minor);
		if (!err)
			err = show_escaped(b, sc.sbroot);
		if (!err)
			err = synth_printf(b, " ");
		if (!err)
			err = show_escaped(b, sc.point);
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
	show_end(&sc);
	return err;
}

int fs_mounts_show(struct synth_buf *b)
{
	return fs_mounts_show_ctx(NULL, b);
}

int fs_mountinfo_show(struct synth_buf *b)
{
	return fs_mountinfo_show_ctx(NULL, b);
}
