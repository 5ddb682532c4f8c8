/* SPDX-License-Identifier: MIT */
/* Path walk: components, ".", "..", symlinks (40 at most), permissions. */
#include <frame/errno.h>
#include <frame/string.h>

#include <fs/synth.h>

#include "vfs.h"

static int walk(struct nameidata *nd, struct mount *sm, struct inode *start,
		const char *path, unsigned int flags, int *links,
		struct inode **out, struct mount **outm);

/* Resolve the symlink @lnk found in @dir (of mount *@m, which becomes the
 * result's). */
static int walk_link(struct nameidata *nd, struct mount **m, struct inode *dir,
		     struct inode *lnk, bool want_dir, int *links,
		     struct inode **out)
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
			err = b.len ? walk(nd, *m, dir, b.data, flags, links,
					   out, m)
				    : -ENOENT;
		synth_buf_free(&b);
		return err;
	}
	if (!lnk->target || lnk->target[0] == '\0')
		return -ENOENT;
	return walk(nd, *m, dir, lnk->target, flags, links, out, m);
}

/* "..": up from @*cur in @*m, out of mount roots to their mountpoints,
 * never above the caller's root. */
static void walk_dotdot(const struct nameidata *nd, struct mount **m,
			struct inode **cur)
{
	struct mount *root_mnt = mnt_or_root(nd->root_mnt);

	for (;;) {
		if (*cur == nd->root && *m == root_mnt)
			return;
		if (*cur != (*m)->root)
			break;
		if (!(*m)->parent)
			return; /* the top of the tree, or a detached mount */
		*cur = (*m)->mountpoint;
		*m = (*m)->parent;
	}
	*cur = (*cur)->parent;
}

/*
 * The walk proper, vfs_lock held. Inodes reachable from the tree cannot
 * go away while it is held, so only the result is referenced.
 */
static int walk(struct nameidata *nd, struct mount *sm, struct inode *start,
		const char *path, unsigned int flags, int *links,
		struct inode **out, struct mount **outm)
{
	struct inode *cur = start;
	struct mount *m = sm;
	bool trailing = false;
	int err;

	if (path[0] == '\0') {
		if (!(flags & LOOKUP_EMPTY))
			return -ENOENT;
		goto found;
	}
	if (path[0] == '/') {
		cur = nd->root;
		m = mnt_or_root(nd->root_mnt);
		while (*path == '/')
			path++;
	}
	if (*path == '\0' && (flags & LOOKUP_PARENT)) {
		/* "/": no last component */
		inode_get(cur);
		nd->parent = cur;
		nd->mnt = m;
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
			nd->mnt = m;
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
			walk_dotdot(nd, &m, &cur);
			next = cur;
		} else {
			struct dentry *d;

			err = synth_populate(cur);
			if (err)
				return err;
			d = dir_find(cur, comp, len);
			if (!d)
				return -ENOENT;
			next = d->inode;
			m = mnt_cross_down(m, &next);
		}
		if (S_ISLNK(next->mode) &&
		    (!last || trailing || (flags & LOOKUP_FOLLOW))) {
			struct inode *res;

			if (mnt_flags(m) & MS_NOSYMFOLLOW)
				return -ELOOP;
			err = walk_link(nd, &m, cur, next,
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
	*outm = m;
	return 0;
}

int vfs_walk(struct nameidata *nd, const char *path, struct inode **out)
{
	struct mount *m = mnt_or_root(nd->start_mnt);
	int links = 0;
	int err;

	nd->parent = NULL;
	err = walk(nd, m, nd->start, path, nd->flags, &links, out, &m);
	if (!err && !(nd->flags & LOOKUP_PARENT))
		nd->mnt = m;
	return err;
}
