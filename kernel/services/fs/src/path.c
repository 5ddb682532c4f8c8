/* SPDX-License-Identifier: MIT */
/* Paths of inodes, open files and fs contexts: /proc's links, getcwd(2). */
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/string.h>

#include <fs/path.h>

#include "vfs.h"

/* Deeper directories than this are not searched for a file's name. */
#define PATH_SEARCH_DEPTH 32

/*
 * Put "/" and @d's name in front of the text that starts at @buf + *@pos,
 * moving *@pos back: 0, or -ENAMETOOLONG when they do not fit before it.
 */
static int path_put_name(char *buf, size_t *pos, const struct dentry *d)
{
	if (*pos < (size_t)d->namelen + 1)
		return -ENAMETOOLONG;
	*pos -= d->namelen;
	memcpy(buf + *pos, d->name, d->namelen);
	buf[--*pos] = '/';
	return 0;
}

/* The entry naming @child in @dir, or NULL. */
static const struct dentry *path_name_in(struct inode *dir, struct inode *child)
{
	for (const struct dentry *d = dir->children; d; d = d->next)
		if (d->inode == child)
			return d;
	return NULL;
}

/* path_prepend_to()'s @flags */
#define PATH_SB_ONLY	  1u /* stop at the root of @dir's file system */
#define PATH_UNREACHED_OK 2u /* @stop not on the way: the path from the top */

/*
 * Prepend @dir's path to the @pos bytes already at the end of @buf: the
 * new start, or -ENAMETOOLONG, -ENOENT (a link broken by a removal).
 * Through mount @m when given (up to the root mount, crossing from each
 * mount's root to its mountpoint); without one, at the root of a file
 * system the walk continues from where the first mount of it is
 * attached, unless PATH_SB_ONLY stops it there. With @stop (of @stopm)
 * the walk ends there; reaching the top without meeting it is -EXDEV, or
 * with PATH_UNREACHED_OK the path from the top.
 */
static long path_prepend_to(struct mount *m, struct inode *dir, char *buf,
			    size_t pos, unsigned int flags, struct mount *stopm,
			    struct inode *stop)
{
	struct inode *i = dir;

	for (;;) {
		struct inode *up;
		const struct dentry *d;

		if (stop && i == stop && m == stopm)
			return (long)pos;
		if (m && i == m->root) {
			if (!m->parent)
				break;
			i = m->mountpoint;
			m = m->parent;
			continue;
		}
		if (!i->parent || i->parent == i) {
			struct mount *r = m || (flags & PATH_SB_ONLY)
						  ? NULL
						  : mnt_by_root(i);

			if (!r || !r->parent)
				break;
			i = r->mountpoint;
			continue;
		}
		up = i->parent;
		d = path_name_in(up, i);
		if (!d)
			return -ENOENT;
		if (path_put_name(buf, &pos, d))
			return -ENAMETOOLONG;
		i = up;
	}
	return stop && !(flags & PATH_UNREACHED_OK) ? -EXDEV : (long)pos;
}

static long path_prepend(struct mount *m, struct inode *dir, char *buf,
			 size_t pos, unsigned int flags)
{
	return path_prepend_to(m, dir, buf, pos, flags, NULL, NULL);
}

/* Move the text at @buf + @pos (up to the NUL) to the front. */
static int path_to_front(char *buf, size_t size, long pos)
{
	size_t len;

	if (pos < 0)
		return (int)pos;
	len = size - 1 - (size_t)pos;
	if (len == 0) {
		buf[0] = '/';
		buf[1] = '\0';
		return 1;
	}
	memmove(buf, buf + pos, len + 1);
	return (int)len;
}

/* A directory whose entries hold @ino, searched from @dir down. */
static struct inode *path_find(struct inode *dir, struct inode *ino,
			       const struct dentry **out, int depth)
{
	const struct dentry *d;

	if (depth > PATH_SEARCH_DEPTH)
		return NULL;
	d = path_name_in(dir, ino);
	if (d) {
		*out = d;
		return dir;
	}
	for (d = dir->children; d; d = d->next) {
		struct inode *found;

		if (!S_ISDIR(d->inode->mode) || d->inode == dir)
			continue;
		found = path_find(d->inode, ino, out, depth + 1);
		if (found)
			return found;
	}
	return NULL;
}

/* "/ (deleted)": the name of something no longer in the tree. */
static int path_deleted(char *buf, size_t size)
{
	int n = frame_snprintf(buf, size, "/ (deleted)");

	return n < (int)size ? n : -ENAMETOOLONG;
}

/* @ino's path through @m (see path_prepend) into @buf. */
static int path_build(struct mount *m, struct inode *ino, char *buf,
		      size_t size, unsigned int flags)
{
	struct inode *dir = ino;
	const struct dentry *d = NULL;
	size_t pos = size - 1;
	long start;

	buf[pos] = '\0';
	if (!S_ISDIR(ino->mode)) {
		struct inode *top = m ? m->root
				      : ino->sb ? ino->sb->root : vfs_root;

		dir = ino->nlink && top ? path_find(top, ino, &d, 0) : NULL;
		if (!dir)
			return path_deleted(buf, size);
		if (path_put_name(buf, &pos, d))
			return -ENAMETOOLONG;
	} else if (ino->dead) {
		return path_deleted(buf, size);
	}
	start = path_prepend(m, dir, buf, pos, flags);
	if (start == -ENOENT)
		return path_deleted(buf, size);
	return path_to_front(buf, size, start);
}

int inode_path_locked(struct inode *ino, char *buf, size_t size)
{
	return path_build(NULL, ino, buf, size, 0);
}

int mnt_path_locked(struct mount *m, struct inode *ino, char *buf,
		    size_t size)
{
	return path_build(m, ino, buf, size, 0);
}

int sb_path_locked(struct inode *ino, char *buf, size_t size)
{
	return path_build(NULL, ino, buf, size, PATH_SB_ONLY);
}

int mnt_root_path_locked(struct mount *m, struct mount *rootm,
			 struct inode *root, char *buf, size_t size)
{
	struct inode *ino = m->root;
	long start;

	buf[size - 1] = '\0';
	if (m == rootm && ino == root)
		return path_to_front(buf, size, (long)(size - 1));
	/* a file mounted on a file: name the file it covers */
	if (!S_ISDIR(ino->mode)) {
		const struct dentry *d = NULL;
		struct inode *dir;
		size_t pos = size - 1;

		if (!m->parent)
			return -EXDEV;
		dir = path_find(m->parent->root, m->mountpoint, &d, 0);
		if (!dir)
			return -ENOENT;
		if (path_put_name(buf, &pos, d))
			return -ENAMETOOLONG;
		start = path_prepend_to(m->parent, dir, buf, pos, 0, rootm,
					root);
	} else {
		start = path_prepend_to(m, ino, buf, size - 1, 0, rootm, root);
	}
	return path_to_front(buf, size, start);
}

int cwd_path_locked(struct mount *rootm, struct inode *root, struct mount *cwdm,
		    struct inode *cwd, char *buf, size_t size)
{
	buf[size - 1] = '\0';
	if (cwd->dead)
		return -ENOENT;
	return path_to_front(buf, size,
			     path_prepend_to(cwdm, cwd, buf, size - 1,
					     PATH_UNREACHED_OK, rootm, root));
}

int file_path_locked(struct file *f, char *buf, size_t size)
{
	int n;

	if (!f->inode) {
		/* As Linux names them: "socket:[N]" for a socket, else a
		 * pipe's "pipe:[N]". */
		n = frame_snprintf(buf, size, "%s:[%llu]",
				   (f->anon_mode & S_IFMT) == S_IFSOCK ? "socket"
								       : "pipe",
				   (unsigned long long)f->anon_ino);
		return n < (int)size ? n : -ENAMETOOLONG;
	}
	return mnt_path_locked(f->mnt, f->inode, buf, size);
}

int fs_ctx_path_locked(struct fs_ctx *c, bool root, char *buf, size_t size)
{
	struct inode *r, *cwd;
	struct mount *rm, *cm;
	int n;

	fs_ctx_paths(c, &r, &rm, &cwd, &cm);
	n = root ? mnt_path_locked(rm, r, buf, size)
		 : mnt_path_locked(cm, cwd, buf, size);
	inode_put(r);
	inode_put(cwd);
	mnt_put(rm);
	mnt_put(cm);
	return n;
}
