/* SPDX-License-Identifier: MIT */
/* Per-task fs state: the fs context (root, cwd, umask) and the fd table. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/task.h>
#include <frame/user.h>

#include "vfs.h"

/* @root and @cwd, with their mounts, are referenced; guarded by @lock. */
struct fs_ctx {
	uint32_t refs;
	struct frame_spinlock lock;
	struct inode *root, *cwd;
	struct mount *root_mnt, *cwd_mnt;
	unsigned int umask;
};

/* What a task's slot holds: references to both. */
struct fs_task {
	struct task_data data;
	struct fd_table *fds;
	struct fs_ctx *ctx;
};

static struct task_data_key fs_task_key;
static bool fs_task_key_ready;

struct fs_ctx *fs_ctx_create(void)
{
	struct fs_ctx *c = frame_zalloc(sizeof(*c));

	if (!c)
		return NULL;
	c->refs = 1;
	c->umask = 022;
	c->root = vfs_root;
	c->cwd = vfs_root;
	if (vfs_root) {
		inode_get(vfs_root);
		inode_get(vfs_root);
		c->root_mnt = c->cwd_mnt = mnt_root();
		mnt_get(c->root_mnt);
		mnt_get(c->cwd_mnt);
	}
	return c;
}

struct fs_ctx *fs_ctx_clone(struct fs_ctx *c)
{
	struct fs_ctx *n = frame_zalloc(sizeof(*n));

	if (!n)
		return NULL;
	n->refs = 1;
	frame_spin_lock(&c->lock);
	n->root = c->root;
	n->cwd = c->cwd;
	n->umask = c->umask;
	n->root_mnt = c->root_mnt;
	n->cwd_mnt = c->cwd_mnt;
	if (n->root)
		inode_get(n->root);
	if (n->cwd)
		inode_get(n->cwd);
	mnt_get(n->root_mnt);
	mnt_get(n->cwd_mnt);
	frame_spin_unlock(&c->lock);
	return n;
}

void fs_ctx_get(struct fs_ctx *c)
{
	__atomic_fetch_add(&c->refs, 1, __ATOMIC_RELAXED);
}

void fs_ctx_put(struct fs_ctx *c)
{
	if (__atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (c->root)
		inode_put(c->root);
	if (c->cwd)
		inode_put(c->cwd);
	mnt_put(c->root_mnt);
	mnt_put(c->cwd_mnt);
	frame_free(c);
}

unsigned int fs_ctx_umask(struct fs_ctx *c)
{
	return __atomic_load_n(&c->umask, __ATOMIC_RELAXED);
}

unsigned int fs_ctx_set_umask(struct fs_ctx *c, unsigned int mask)
{
	return __atomic_exchange_n(&c->umask, mask & 0777, __ATOMIC_RELAXED);
}

/* Both referenced for the caller; the tree's root when @c is NULL. */
void fs_ctx_root_cwd(struct fs_ctx *c, struct inode **root, struct inode **cwd)
{
	/* A context made before fs_init() has neither: the tree's root. */
	if (c)
		frame_spin_lock(&c->lock);
	*root = c && c->root ? c->root : vfs_root;
	*cwd = c && c->cwd ? c->cwd : vfs_root;
	inode_get(*root);
	inode_get(*cwd);
	if (c)
		frame_spin_unlock(&c->lock);
}

void fs_ctx_paths(struct fs_ctx *c, struct inode **root, struct mount **rootm,
		  struct inode **cwd, struct mount **cwdm)
{
	if (c)
		frame_spin_lock(&c->lock);
	*root = c && c->root ? c->root : vfs_root;
	*cwd = c && c->cwd ? c->cwd : vfs_root;
	*rootm = mnt_or_root(c && c->root ? c->root_mnt : NULL);
	*cwdm = mnt_or_root(c && c->cwd ? c->cwd_mnt : NULL);
	inode_get(*root);
	inode_get(*cwd);
	mnt_get(*rootm);
	mnt_get(*cwdm);
	if (c)
		frame_spin_unlock(&c->lock);
}

/* Point *@slot and *@mslot at @dir in @m (both referenced). */
static int fs_ctx_set(struct fs_ctx *c, struct inode **slot,
		      struct mount **mslot, struct mount *m, struct inode *dir)
{
	struct inode *old;
	struct mount *oldm;

	if (!c)
		return -EINVAL;
	m = mnt_or_root(m);
	inode_get(dir);
	mnt_get(m);
	frame_spin_lock(&c->lock);
	old = *slot;
	oldm = *mslot;
	*slot = dir;
	*mslot = m;
	frame_spin_unlock(&c->lock);
	if (old)
		inode_put(old);
	mnt_put(oldm);
	return 0;
}

int fs_ctx_chdir(struct fs_ctx *c, struct mount *m, struct inode *dir)
{
	return c ? fs_ctx_set(c, &c->cwd, &c->cwd_mnt, m, dir) : -EINVAL;
}

static void fs_task_release(struct task_data_key *key, struct task_data *data)
{
	struct fs_task *ft = container_of(data, struct fs_task, data);

	(void)key;
	if (ft->fds)
		fd_table_put(ft->fds);
	if (ft->ctx)
		fs_ctx_put(ft->ctx);
	frame_free(ft);
}

static int fs_task_key_init(void)
{
	static struct frame_spinlock once = FRAME_SPINLOCK_INIT;
	int err = 0;

	if (__atomic_load_n(&fs_task_key_ready, __ATOMIC_ACQUIRE))
		return 0;
	frame_spin_lock(&once);
	if (!fs_task_key_ready) {
		err = task_data_key_register(&fs_task_key, fs_task_release);
		if (!err)
			__atomic_store_n(&fs_task_key_ready, true,
					 __ATOMIC_RELEASE);
	}
	frame_spin_unlock(&once);
	return err;
}

int fs_attach(struct task *t, struct fd_table *fds, struct fs_ctx *ctx)
{
	struct fs_task *ft = NULL;
	struct task_data *old;
	int err = fs_task_key_init();

	if (err)
		return err;
	if (fds || ctx) {
		ft = frame_zalloc(sizeof(*ft));
		if (!ft)
			return -ENOMEM;
		ft->fds = fds;
		ft->ctx = ctx;
		if (fds)
			fd_table_get(fds);
		if (ctx)
			fs_ctx_get(ctx);
	}
	old = task_data_set(t, &fs_task_key, ft ? &ft->data : NULL);
	if (old)
		fs_task_release(&fs_task_key, old);
	return 0;
}

static struct fs_task *fs_task_current(void)
{
	struct task_data *d;

	if (!__atomic_load_n(&fs_task_key_ready, __ATOMIC_ACQUIRE))
		return NULL;
	d = task_data_get(task_current(), &fs_task_key);
	return d ? container_of(d, struct fs_task, data) : NULL;
}

struct fd_table *fd_table_current(void)
{
	struct fs_task *ft = fs_task_current();

	return ft ? ft->fds : NULL;
}

struct fs_ctx *fs_ctx_current(void)
{
	struct fs_task *ft = fs_task_current();

	return ft ? ft->ctx : NULL;
}

int fs_copy_path(uint64_t uptr, char *buf)
{
	ssize_t n = frame_strncpy_from_user(buf, uaddr_from_syscall_arg(uptr),
					    FS_PATH_MAX);

	return n < 0 ? (int)n : 0;
}

unsigned int fs_ctx_umask_or_default(void)
{
	struct fs_ctx *c = fs_ctx_current();

	return c ? fs_ctx_umask(c) : 022;
}

int fs_ctx_chroot(struct fs_ctx *c, struct mount *m, struct inode *dir)
{
	return c ? fs_ctx_set(c, &c->root, &c->root_mnt, m, dir) : -EINVAL;
}
