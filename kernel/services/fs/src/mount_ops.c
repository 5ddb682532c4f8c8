/* SPDX-License-Identifier: MIT */
/* The mount table's operations: new mounts, binds, remounts, moves, umount. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

#include "mount_ops.h"

/* The atime flags, which a remount without any keeps. */
#define MNT_ATIME_MASK (MS_NOATIME | MS_NODIRATIME | MS_RELATIME)

unsigned int mount_mnt_flags(unsigned int flags)
{
	unsigned int f = (flags & MS_NOATIME) ? 0 : MS_RELATIME;

	f |= flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC |
		      MS_NOATIME | MS_NODIRATIME | MS_NOSYMFOLLOW);
	if (flags & MS_STRICTATIME)
		f &= ~(MS_RELATIME | MS_NOATIME);
	return f;
}

/* May @root be mounted on @point of @m? vfs_lock held. */
static int graft_check(struct mount *m, struct inode *point, struct inode *root)
{
	if (!m->attached)
		return -EINVAL; /* a lazily unmounted tree takes no mounts */
	if (S_ISDIR(point->mode) != S_ISDIR(root->mode))
		return -ENOTDIR;
	if (point->dead || point->nlink == 0)
		return -ENOENT;
	return 0;
}

/*
 * Look up mount(2)'s @source of a bind (@whole false) or a move (@whole:
 * it must be the root of a mount that is not the tree's) and check that
 * it may go on @ino of @m. 0 with vfs_lock held and the caller's
 * references in *@sino, *@sm; -errno with neither.
 */
static int graft_source(struct mount *m, struct inode *ino, const char *source,
			bool whole, struct inode **sino, struct mount **sm)
{
	int err;

	if (!source || !*source)
		return -EINVAL;
	err = vfs_lookup_mnt(AT_FDCWD, source, LOOKUP_FOLLOW, sino, sm);
	if (err)
		return err;
	frame_mutex_lock(&vfs_lock);
	if (!(*sm)->attached ||
	    (whole && (*sino != (*sm)->root || !(*sm)->parent)))
		err = -EINVAL;
	else
		err = graft_check(m, ino, *sino);
	if (err) {
		frame_mutex_unlock(&vfs_lock);
		inode_put(*sino);
		mnt_put(*sm);
	}
	return err;
}

/* Drop a superblock no mount took (vfs_lock not held). */
static void sb_discard(struct fs_sb *sb)
{
	struct inode *root = sb->root;

	sb->root = NULL;
	inode_nlink_add(root, -(int)root->nlink);
	inode_put(root);
	sb_put(sb);
}

/* A new tmpfs (or ramfs) instance for @o; the caller's reference. */
static struct fs_sb *tmpfs_create(const struct mount_opts *o)
{
	struct fs_sb *sb = o->ramfs ? sb_create("ramfs", RAMFS_MAGIC, o->mode)
				    : sb_create("tmpfs", TMPFS_MAGIC, o->mode);

	if (!sb)
		return NULL;
	sb->rdonly = o->sb_flags & MS_RDONLY;
	if (o->ramfs) {
		/* no limit, and statfs shows no blocks (Linux's ramfs) */
		sb->limit = SIZE_MAX >> 1;
		sb->synthetic = true;
		return sb;
	}
	sb->sized = o->has_size && o->size_pages;
	sb->limit = sb->sized ? o->size_pages : space_default_pages();
	sb->uid = o->uid;
	sb->gid = o->gid;
	sb->root->uid = o->uid;
	sb->root->gid = o->gid;
	return sb;
}

int mount_new(struct mount *m, struct inode *ino, const char *type,
	      const char *source, const char *data, unsigned int flags)
{
	struct mount_opts o = { .sb_flags = flags & MS_RDONLY, .mode = 01777 };
	size_t tlen = type ? strnlen(type, FS_NAME_MAX + 1) : 0;
	bool tmpfs = tlen == 5 && memcmp(type, "tmpfs", 5) == 0;

	/* ramfs: a tmpfs without limit, whose root is 0755 by default */
	if (tlen == 5 && memcmp(type, "ramfs", 5) == 0) {
		tmpfs = true;
		o.ramfs = true;
		o.mode = 0755;
	}
	struct fs_sb *sb = NULL;
	struct mount *nm;
	int err;

	if (!type)
		return -EINVAL;
	if (!tmpfs) {
		/* the single instance of devtmpfs or of a registered type:
		 * its options are its own */
		if (tlen == 8 && memcmp(type, "devtmpfs", 8) == 0)
			sb = devtmpfs_sb;
		else if (tlen && tlen <= FS_NAME_MAX)
			sb = fstype_sb(type, tlen);
		if (!sb)
			return -ENODEV;
		o.lenient = true;
	}
	err = mount_opts_parse(data, tmpfs, &o);
	if (err)
		return err;
	if (tmpfs) {
		sb = tmpfs_create(&o);
		if (!sb)
			return -ENOMEM;
	}
	frame_mutex_lock(&vfs_lock);
	err = graft_check(m, ino, sb->root);
	if (!err && m->sb == sb && ino == m->root)
		err = -EBUSY; /* the same instance on the same place */
	if (!err) {
		unsigned int mf = mount_mnt_flags(flags);

		if (o.sb_flags & MS_RDONLY)
			mf |= MS_RDONLY;
		nm = mnt_alloc(sb, sb->root, source, mf);
		if (nm)
			mnt_attach(nm, m, ino);
		else
			err = -ENOMEM;
	}
	frame_mutex_unlock(&vfs_lock);
	if (tmpfs) {
		if (err)
			sb_discard(sb);
		else
			sb_put(sb); /* the mount holds it now */
	}
	return err;
}

/* Whether @point is @root or below it in its file system (vfs_lock). */
static bool mnt_under(struct inode *point, struct inode *root)
{
	if (!S_ISDIR(point->mode))
		return true; /* a file mountpoint: kept with its parent */
	for (struct inode *i = point;; i = i->parent) {
		if (i == root)
			return true;
		if (!i->parent || i->parent == i)
			return false;
	}
}

/* Count the table's mounts (vfs_lock held). */
static size_t mnt_count(void)
{
	size_t n = 0;

	for (struct mount *c = mnt_next(NULL); c; c = mnt_next(c))
		n++;
	return n;
}

int mount_bind(struct mount *m, struct inode *ino, const char *source, bool rec)
{
	struct mount **src = NULL, **clone = NULL, *sm;
	struct inode *sino;
	size_t *up = NULL, cnt = 1, cap;
	int err;

	err = graft_source(m, ino, source, false, &sino, &sm);
	if (err)
		return err;
	/* the source's mount and, with MS_REC, those below it, all copied
	 * before any is attached (a bind may land inside its source) */
	cap = mnt_count() + 1;
	src = frame_calloc(cap, sizeof(*src));
	clone = frame_calloc(cap, sizeof(*clone));
	up = frame_calloc(cap, sizeof(*up));
	if (!src || !clone || !up) {
		err = -ENOMEM;
		goto out_unlock;
	}
	src[0] = sm;
	for (size_t i = 0; rec && i < cnt; i++)
		for (struct mount *c = mnt_next(NULL); c && cnt < cap;
		     c = mnt_next(c))
			if (c->parent == src[i] &&
			    mnt_under(c->mountpoint, i ? src[i]->root : sino)) {
				up[cnt] = i;
				src[cnt++] = c;
			}
	for (size_t k = 0; k < cnt && !err; k++) {
		clone[k] = mnt_alloc(src[k]->sb, k ? src[k]->root : sino,
				     src[k]->source, src[k]->flags);
		if (!clone[k])
			err = -ENOMEM;
	}
	if (err) {
		for (size_t k = 0; k < cnt && clone[k]; k++)
			mnt_put(clone[k]);
		goto out_unlock;
	}
	mnt_attach(clone[0], m, ino);
	for (size_t k = 1; k < cnt; k++)
		mnt_attach(clone[k], clone[up[k]], src[k]->mountpoint);
out_unlock:
	frame_mutex_unlock(&vfs_lock);
	frame_free(up);
	frame_free(clone);
	frame_free(src);
	inode_put(sino);
	mnt_put(sm);
	return err;
}

/* The flags a remount gives @m: the atime ones kept unless given. */
static unsigned int remount_flags(const struct mount *m, unsigned int flags)
{
	unsigned int f = mount_mnt_flags(flags);

	if (!(flags &
	      (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)))
		f = (f & ~MNT_ATIME_MASK) | (m->flags & MNT_ATIME_MASK);
	return f;
}

int mount_remount(struct mount *m, struct inode *ino, const char *data,
		  unsigned int flags)
{
	struct mount_opts o = { .sb_flags = flags & MS_RDONLY };
	struct fs_sb *sb = m->sb;
	bool tmpfs = !sb->synthetic;
	int err = 0;

	if (!(flags & MS_BIND)) {
		o.lenient = !tmpfs;
		err = mount_opts_parse(data, tmpfs, &o);
		if (err)
			return err;
	}
	frame_mutex_lock(&vfs_lock);
	if (!m->attached || ino != m->root) {
		err = -EINVAL;
		goto out_unlock;
	}
	if (flags & MS_BIND) {
		/* this mount's flags only; not read-only under a writer */
		if ((flags & MS_RDONLY) && !(m->flags & MS_RDONLY) &&
		    mnt_has_writers(m))
			err = -EBUSY;
		else
			m->flags = remount_flags(m, flags);
		goto out_unlock;
	}
	/* the file system read-only: no file may be writing to it */
	if ((o.sb_flags & MS_RDONLY) && !sb->rdonly && sb_has_writers(sb)) {
		err = -EBUSY;
		goto out_unlock;
	}
	/* A tmpfs's size may change, but not below what it holds; the root
	 * file system's space is the shared one, which keeps its limit. */
	if (o.has_size && sb->limit) {
		size_t pages = o.size_pages ? (size_t)o.size_pages
					    : space_default_pages();

		if (pages < __atomic_load_n(&sb->used, __ATOMIC_RELAXED)) {
			err = -EINVAL;
			goto out_unlock;
		}
		__atomic_store_n(&sb->limit, pages, __ATOMIC_RELAXED);
		sb->sized = o.size_pages != 0;
	}
	sb->rdonly = o.sb_flags & MS_RDONLY;
	m->flags = remount_flags(m, flags) | (o.sb_flags & MS_RDONLY);
out_unlock:
	frame_mutex_unlock(&vfs_lock);
	return err;
}

int mount_move(struct mount *m, struct inode *ino, const char *source)
{
	struct inode *sino, *old = NULL;
	struct mount *sm;
	int err;

	err = graft_source(m, ino, source, true, &sino, &sm);
	if (err)
		return err;
	/* not into itself: the target may not lie in the moved tree */
	for (struct mount *x = m; !err && x; x = x->parent)
		if (x == sm)
			err = -ELOOP;
	if (err)
		goto out_unlock;
	old = sm->mountpoint;
	old->mounted--;
	inode_get(ino);
	ino->mounted++;
	sm->mountpoint = ino;
	sm->parent = m;
	sm->parent_id = m->id;
out_unlock:
	frame_mutex_unlock(&vfs_lock);
	if (old)
		inode_put(old);
	inode_put(sino);
	mnt_put(sm);
	return err;
}

int mount_propagation(struct mount *m, struct inode *ino, unsigned int flags)
{
	unsigned int type = flags & ~(MS_REC | MS_SILENT);
	int err = 0;

	frame_mutex_lock(&vfs_lock);
	if (!m->attached || ino != m->root)
		err = -EINVAL;
	/* exactly one type; every mount is private already (nothing
	 * propagates), which the other types leave as is */
	else if (type != MS_SHARED && type != MS_PRIVATE && type != MS_SLAVE &&
		 type != MS_UNBINDABLE)
		err = -EINVAL;
	frame_mutex_unlock(&vfs_lock);
	return err;
}

/* Whether @m is in use beyond the table's and the caller's references, or
 * has mounts on it (vfs_lock held). */
static bool mnt_busy(struct mount *m)
{
	if (__atomic_load_n(&m->refs, __ATOMIC_ACQUIRE) > 2)
		return true;
	for (struct mount *c = mnt_next(NULL); c; c = mnt_next(c))
		if (c->parent == m)
			return true;
	return false;
}

int mount_umount(struct mount *m, struct inode *ino, unsigned int flags)
{
	struct mount **gone = NULL;
	struct inode **points = NULL;
	size_t cnt = 1;
	int err = 0;

	frame_mutex_lock(&vfs_lock);
	if (ino != m->root || !m->attached) {
		err = -EINVAL; /* not a mount's root */
	} else if (!m->parent) {
		err = (flags & MNT_DETACH) ? -EINVAL : -EBUSY; /* the root */
	} else if (flags & MNT_EXPIRE) {
		if (flags & (MNT_FORCE | MNT_DETACH))
			err = -EINVAL;
		else if (!m->expiring)
			err = -EAGAIN; /* marked: the next call unmounts */
		if (err == -EAGAIN)
			m->expiring = true;
	}
	/* MNT_FORCE has nothing to abort in memory: a plain umount */
	if (!err && !(flags & MNT_DETACH) && mnt_busy(m))
		err = -EBUSY;
	if (err)
		goto out_unlock;
	gone = frame_calloc(mnt_count() + 1, sizeof(*gone));
	points = frame_calloc(mnt_count() + 1, sizeof(*points));
	if (!gone || !points) {
		err = -ENOMEM;
		goto out_unlock;
	}
	/* the mount and (lazily) all below it */
	gone[0] = m;
	for (size_t i = 0; i < cnt; i++)
		for (struct mount *c = mnt_next(NULL); c; c = mnt_next(c))
			if (c->parent == gone[i])
				gone[cnt++] = c;
	for (size_t i = cnt; i-- > 0;)
		points[i] = mnt_detach(gone[i]);
out_unlock:
	frame_mutex_unlock(&vfs_lock);
	for (size_t i = 0; !err && i < cnt; i++) {
		inode_put(points[i]);
		mnt_put(gone[i]); /* the table's reference */
	}
	frame_free(points);
	frame_free(gone);
	return err;
}
