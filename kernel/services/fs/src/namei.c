/* SPDX-License-Identifier: MIT */
/* Path walk: components, ".", "..", symlinks (40 at most), permissions. */
#include <frame/errno.h>
#include <frame/string.h>

#include <fs/synth.h>

#include "vfs.h"

static int walk(struct nameidata *nd, struct inode *start, const char *path,
		unsigned int flags, int *links, struct inode **out);

/* Resolve the symlink @lnk found in @dir. */
static int walk_link(struct nameidata *nd, struct inode *dir, struct inode *lnk,
		     bool want_dir, int *links, struct inode **out)
{
	unsigned int flags = LOOKUP_FOLLOW | (want_dir ? LOOKUP_DIRECTORY : 0);
	struct synth_buf b = { 0 };
	int err;

	if (++*links > FS_SYMLOOP_MAX)
		return -ELOOP;
	if (lnk->synth) {
		/* a computed target, valid for this walk only */
		err = synth_link_target(lnk, &b);
		if (!err)
			err = b.len ? walk(nd, dir, b.data, flags, links, out)
				    : -ENOENT;
		synth_buf_free(&b);
		return err;
	}
	if (!lnk->target || lnk->target[0] == '\0')
		return -ENOENT;
	return walk(nd, dir, lnk->target, flags, links, out);
}

/*
 * The walk proper, vfs_lock held. Inodes reachable from the tree cannot
 * go away while it is held, so only the result is referenced.
 */
static int walk(struct nameidata *nd, struct inode *start, const char *path,
		unsigned int flags, int *links, struct inode **out)
{
	struct inode *cur = start;
	bool trailing = false;
	int err;

	if (path[0] == '\0') {
		if (!(flags & LOOKUP_EMPTY))
			return -ENOENT;
		goto found;
	}
	if (path[0] == '/') {
		cur = nd->root;
		while (*path == '/')
			path++;
	}
	if (*path == '\0' && (flags & LOOKUP_PARENT)) {
		/* "/": no last component */
		inode_get(cur);
		nd->parent = cur;
		nd->lastlen = 0;
		nd->last[0] = '\0';
		nd->last_dot = true;
		nd->trailing_slash = false;
		return 0;
	}
	while (*path) {
		const char *comp = path;
		size_t len = 0;
		struct inode *next;
		bool last;

		while (path[len] && path[len] != '/')
			len++;
		path += len;
		while (*path == '/') {
			path++;
			trailing = true;
		}
		last = *path == '\0';
		if (!last)
			trailing = false;
		if (!S_ISDIR(cur->mode))
			return -ENOTDIR;
		err = inode_permission(cur, nd->id, MAY_EXEC);
		if (err)
			return err;
		if (len > FS_NAME_MAX)
			return -ENAMETOOLONG;
		if (last && (flags & LOOKUP_PARENT)) {
			inode_get(cur);
			nd->parent = cur;
			memcpy(nd->last, comp, len);
			nd->last[len] = '\0';
			nd->lastlen = len;
			nd->last_dot =
				(len == 1 && comp[0] == '.') ||
				(len == 2 && comp[0] == '.' && comp[1] == '.');
			nd->trailing_slash = trailing;
			return 0;
		}
		if (len == 1 && comp[0] == '.') {
			next = cur;
		} else if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			next = cur == nd->root ? cur : cur->parent;
		} else {
			struct dentry *d;

			err = synth_populate(cur);
			if (err)
				return err;
			d = dir_find(cur, comp, len);
			if (!d)
				return -ENOENT;
			next = d->inode;
		}
		if (S_ISLNK(next->mode) &&
		    (!last || trailing || (flags & LOOKUP_FOLLOW))) {
			struct inode *res;

			err = walk_link(nd, cur, next,
					!last || trailing ||
						(flags & LOOKUP_DIRECTORY),
					links, &res);
			if (err)
				return err;
			/* res is referenced; the walk needs none below */
			next = res;
			inode_put(res);
		}
		cur = next;
	}
found:
	if ((trailing || (flags & LOOKUP_DIRECTORY)) && !S_ISDIR(cur->mode))
		return -ENOTDIR;
	inode_get(cur);
	*out = cur;
	return 0;
}

int vfs_walk(struct nameidata *nd, const char *path, struct inode **out)
{
	int links = 0;

	nd->parent = NULL;
	return walk(nd, nd->start, path, nd->flags, &links, out);
}
