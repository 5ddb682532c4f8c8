/* SPDX-License-Identifier: MIT */
/* Superblocks, mounts and the mount table: lifetime, attach, crossings. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

#include "mount.h"
#include "vfs.h"

/* The table in mount order, guarded by vfs_lock. */
static struct mount *mnt_list;
static struct mount *mnt_root_mnt;
static unsigned int mnt_next_id = 1;
/* Anonymous device minors, as Linux numbers in-memory file systems; the
 * root file system keeps FS_DEV. */
static uint32_t sb_next_minor = 0x20;

struct fs_sb *sb_create(const char *type, uint64_t magic, uint32_t rootmode)
{
	struct fs_sb *sb = frame_zalloc(sizeof(*sb));
	struct inode *root;

	if (!sb)
		return NULL;
	sb->refs = 1; /* the caller's, until its first mount takes over */
	sb->type = type;
	sb->magic = magic;
	sb->mode = rootmode & 07777;
	sb->dev_minor = __atomic_fetch_add(&sb_next_minor, 1, __ATOMIC_RELAXED);
	root = inode_alloc_in(sb, S_IFDIR | (rootmode & 07777), 0, 0);
	if (!root) {
		frame_free(sb);
		return NULL;
	}
	root->nlink = 2;
	root->parent = root;
	sb->root = root;
	return sb;
}

void sb_get(struct fs_sb *sb)
{
	__atomic_fetch_add(&sb->refs, 1, __ATOMIC_RELAXED);
}

void sb_put(struct fs_sb *sb)
{
	if (__atomic_sub_fetch(&sb->refs, 1, __ATOMIC_ACQ_REL) == 0 &&
	    !sb->permanent)
		frame_free(sb);
}

/*
 * Empty @sb's tree (vfs_lock held): the last mount of a tmpfs is gone, so
 * are its files (those still open live on, nameless). Iterative, so a
 * deep tree cannot exhaust the stack.
 */
static void sb_teardown(struct fs_sb *sb)
{
	struct inode *cur = sb->root;

	for (;;) {
		struct dentry *d = cur->children;

		if (d && S_ISDIR(d->inode->mode) && d->inode->children) {
			cur = d->inode;
			continue;
		}
		if (d) {
			dir_unlink(cur, d);
			continue;
		}
		if (cur == sb->root)
			break;
		cur = cur->parent;
	}
}

void mnt_get(struct mount *m)
{
	if (m)
		__atomic_fetch_add(&m->refs, 1, __ATOMIC_RELAXED);
}

/* Free the detached @m: its superblock loses a mount (its tree goes with
 * the last one unless the superblock is permanent). */
static void mnt_free(struct mount *m)
{
	struct fs_sb *sb = m->sb;
	struct inode *sbroot = NULL;
	/* the last reference may go inside the tree lock (a path rendered
	 * for /proc) or outside it (a file's last close) */
	bool locked = frame_mutex_held(&vfs_lock);

	if (!locked)
		frame_mutex_lock(&vfs_lock);
	if (--sb->mounts == 0 && !sb->permanent) {
		sb_teardown(sb);
		sbroot = sb->root;
		sb->root = NULL;
	}
	if (!locked)
		frame_mutex_unlock(&vfs_lock);
	inode_put(m->root);
	if (sbroot) {
		inode_nlink_add(sbroot, -(int)sbroot->nlink);
		inode_put(sbroot);
	}
	frame_free(m->source);
	sb_put(sb);
	frame_free(m);
}

void mnt_put(struct mount *m)
{
	if (m && __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) == 0)
		mnt_free(m);
}

struct mount *mnt_root(void)
{
	return mnt_root_mnt;
}

struct mount *mnt_or_root(struct mount *m)
{
	return m ? m : mnt_root_mnt;
}

/* A new, unattached mount of @sb from @root, one reference (the table's
 * once attached). vfs_lock held. */
struct mount *mnt_alloc(struct fs_sb *sb, struct inode *root,
			const char *source, unsigned int flags)
{
	struct mount *m = frame_zalloc(sizeof(*m));
	size_t len = source ? strnlen(source, FS_PATH_MAX) : 0;

	if (!m)
		return NULL;
	m->source = frame_alloc(len + 1);
	if (!m->source) {
		frame_free(m);
		return NULL;
	}
	memcpy(m->source, source ? source : "", len);
	m->source[len] = '\0';
	m->refs = 1;
	m->id = mnt_next_id++;
	m->sb = sb;
	sb_get(sb);
	sb->mounts++;
	m->root = root;
	inode_get(root);
	m->flags = flags & MNT_FLAGS_MASK;
	return m;
}

/* Attach @m on @point of @parent, last in the table (vfs_lock held). The
 * table takes over the caller's reference. */
void mnt_attach(struct mount *m, struct mount *parent, struct inode *point)
{
	struct mount **tail;

	m->parent = parent;
	m->parent_id = parent ? parent->id : m->id;
	m->mountpoint = point;
	if (point) {
		inode_get(point);
		point->mounted++;
	}
	m->attached = true;
	m->next = NULL;
	for (tail = &mnt_list; *tail; tail = &(*tail)->next)
		;
	*tail = m;
}

/* Take @m off the table (vfs_lock held); the table's reference goes to
 * the caller, with the mountpoint's (put both after unlocking). */
struct inode *mnt_detach(struct mount *m)
{
	struct inode *point = m->mountpoint;
	struct mount **pp;

	for (pp = &mnt_list; *pp && *pp != m; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = m->next;
	if (point)
		point->mounted--;
	m->attached = false;
	m->parent = NULL;
	m->mountpoint = NULL;
	m->next = NULL;
	return point;
}

/* The first attached mount after @m in the table (NULL: the first). */
struct mount *mnt_next(struct mount *m)
{
	return m ? m->next : mnt_list;
}

struct mount *mnt_cross_down(struct mount *m, struct inode **ino)
{
	while ((*ino)->mounted) {
		struct mount *top = NULL;

		for (struct mount *c = mnt_list; c; c = c->next)
			if (c->parent == m && c->mountpoint == *ino)
				top = c; /* the last one mounted hides the rest
					  */
		if (!top)
			break;
		m = top;
		*ino = top->root;
	}
	return m;
}

struct mount *mnt_by_root(struct inode *ino)
{
	for (struct mount *c = mnt_list; c; c = c->next)
		if (c->root == ino)
			return c;
	return NULL;
}

void mnt_file_attach(struct file *f, struct mount *m)
{
	unsigned int acc = file_flags(f) & O_ACCMODE;

	f->mnt = m;
	if (f->inode && S_ISREG(f->inode->mode) &&
	    (acc == O_WRONLY || acc == O_RDWR)) {
		__atomic_fetch_add(&m->writers, 1, __ATOMIC_ACQ_REL);
		f->mnt_writer = true;
	}
}

void mnt_file_detach(struct file *f)
{
	if (f->mnt_writer)
		__atomic_fetch_sub(&f->mnt->writers, 1, __ATOMIC_ACQ_REL);
	mnt_put(f->mnt);
	f->mnt = NULL;
}

bool mnt_has_writers(const struct mount *m)
{
	return __atomic_load_n(&m->writers, __ATOMIC_ACQUIRE) != 0;
}

bool sb_has_writers(struct fs_sb *sb)
{
	for (struct mount *c = mnt_list; c; c = c->next)
		if (c->sb == sb && mnt_has_writers(c))
			return true;
	return false;
}

bool mnt_readonly(const struct mount *m)
{
	if (!m)
		m = mnt_root_mnt;
	return (m->flags & MS_RDONLY) || m->sb->rdonly;
}

int mnt_want_write(const struct mount *m)
{
	return mnt_readonly(m) ? -EROFS : 0;
}

unsigned int mnt_flags(const struct mount *m)
{
	if (!m)
		m = mnt_root_mnt;
	return m->flags | (m->sb->rdonly ? MS_RDONLY : 0);
}

int mnt_init_root(struct inode *root)
{
	struct fs_sb *sb = frame_zalloc(sizeof(*sb));
	struct mount *m;

	if (!sb)
		return -ENOMEM;
	/* The root's inodes name no superblock (NULL stands for this one):
	 * it only describes them to mount and statfs. */
	sb->refs = 1;
	sb->type = "rootfs";
	sb->magic = TMPFS_MAGIC;
	sb->dev_minor = FS_DEV;
	sb->permanent = true;
	sb->root = root;
	inode_get(root);
	frame_mutex_lock(&vfs_lock);
	m = mnt_alloc(sb, root, "rootfs", 0);
	if (m) {
		mnt_attach(m, NULL, NULL);
		mnt_root_mnt = m;
	}
	frame_mutex_unlock(&vfs_lock);
	return m ? 0 : -ENOMEM;
}

/*
 * The directory @dir names below the root, crossing mounts (vfs_lock
 * held): its mount in *@m; NULL when missing or not a directory. A
 * missing last component is made (0755, root's) in a directory that takes
 * names: /dev/pts belongs to no archive but to its type.
 */
static struct inode *mnt_boot_dir(const char *dir, struct mount **m)
{
	struct fs_ident root_id = { 0, 0, NULL };
	struct inode *cur = vfs_root;

	*m = mnt_root_mnt;
	while (*dir) {
		size_t len = 0;
		struct dentry *d;

		while (dir[len] && dir[len] != '/')
			len++;
		if (len > FS_NAME_MAX || !S_ISDIR(cur->mode))
			return NULL;
		d = len ? dir_find(cur, dir, len) : NULL;
		if (len && !d) {
			struct inode *made;

			if (dir[len] || cur->synth ||
			    vfs_create_locked(cur, dir, len, S_IFDIR | 0755,
					      &root_id, &made))
				return NULL;
			made->mode = S_IFDIR | 0755; /* no umask */
			inode_put(made); /* the tree holds it by its name */
			d = dir_find(cur, dir, len);
		}
		if (d) {
			cur = d->inode;
			*m = mnt_cross_down(*m, &cur);
		}
		dir += len;
		while (*dir == '/')
			dir++;
	}
	return S_ISDIR(cur->mode) ? cur : NULL;
}

int mnt_boot(struct fs_sb *sb, const char *dir, const char *source,
	     unsigned int flags)
{
	struct mount *m = NULL, *parent;
	struct inode *point;
	int err = 0;

	frame_mutex_lock(&vfs_lock);
	point = mnt_boot_dir(dir, &parent);
	if (!point || point == vfs_root) {
		err = -ENOENT;
		goto out_unlock;
	}
	if (point->synth || point == parent->root) {
		err = -EBUSY; /* already mounted on */
		goto out_unlock;
	}
	m = mnt_alloc(sb, sb->root, source, flags);
	if (!m) {
		err = -ENOMEM;
		goto out_unlock;
	}
	mnt_attach(m, parent, point);
out_unlock:
	frame_mutex_unlock(&vfs_lock);
	return err;
}
