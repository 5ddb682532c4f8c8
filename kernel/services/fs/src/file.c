/* SPDX-License-Identifier: MIT */
/* struct file: creation, references, the package hook, flags. */
#include <fs/file.h>

#include <frame/errno.h>
#include <frame/heap.h>

#include "lock.h"
#include "vfs.h"

static uint64_t file_next_anon_ino = 1;
size_t fs_nr_files; /* fs_counts() */

struct file *file_alloc(const struct file_ops *ops, unsigned int oflags)
{
	struct file *f = frame_zalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refs = 1;
	__atomic_add_fetch(&fs_nr_files, 1, __ATOMIC_RELAXED);
	frame_mutex_init(&f->pos_lock);
	f->ops = ops;
	f->anon_ino =
		__atomic_fetch_add(&file_next_anon_ino, 1, __ATOMIC_RELAXED);
	f->flags = oflags & ~(unsigned int)(O_CREAT | O_EXCL | O_NOCTTY |
					    O_TRUNC | O_CLOEXEC);
	return f;
}

struct file *file_create_anon(const struct file_ops *ops, unsigned int oflags,
			      struct file_priv *priv)
{
	struct file *f = file_alloc(ops, oflags);

	if (f && priv)
		file_set_priv(f, priv);
	return f;
}

void file_get(struct file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
}

uint32_t file_ref_count(const struct file *f)
{
	return __atomic_load_n(&f->refs, __ATOMIC_ACQUIRE);
}

static fs_watch_release_fn *file_watch_release;

fs_watch_release_fn *fs_set_watch_release(fs_watch_release_fn *fn)
{
	return __atomic_exchange_n(&file_watch_release, fn, __ATOMIC_ACQ_REL);
}

void file_watch_add(struct file *f, struct fs_watch *w)
{
	w->file_ = f;
	w->next_ = f->watches;
	w->pprev_ = &f->watches;
	if (f->watches)
		f->watches->pprev_ = &w->next_;
	f->watches = w;
	__atomic_store_n(&f->watched, true, __ATOMIC_RELEASE);
}

void file_watch_del(struct fs_watch *w)
{
	if (!w->pprev_)
		return;
	*w->pprev_ = w->next_;
	if (w->next_)
		w->next_->pprev_ = w->pprev_;
	w->next_ = NULL;
	w->pprev_ = NULL;
	w->file_ = NULL;
}

struct fs_watch *file_watch_first(struct file *f)
{
	return f->watches;
}

struct fs_watch *fs_watch_next(const struct fs_watch *w)
{
	return w->next_;
}

struct file *fs_watch_file(const struct fs_watch *w)
{
	return w->file_;
}

void file_put(struct file *f)
{
	fs_watch_release_fn *watch_release;

	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	/*
	 * A watch was added while a reference was held, so the flag is
	 * seen here; the watcher's lock, taken in the release function,
	 * orders its list with ours.
	 */
	watch_release = __atomic_load_n(&file_watch_release, __ATOMIC_ACQUIRE);
	if (watch_release && __atomic_load_n(&f->watched, __ATOMIC_ACQUIRE))
		watch_release(f);
	lock_release_file(f);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	if (f->inode)
		inode_put(f->inode);
	if (f->mnt)
		mnt_file_detach(f);
	frame_free(f);
	__atomic_sub_fetch(&fs_nr_files, 1, __ATOMIC_RELAXED);
}

void file_set_priv(struct file *f, struct file_priv *priv)
{
	priv->owner_ = f->ops;
	f->priv = priv;
}

void file_open_attach(struct file *f, const struct file_ops *ops,
		      struct file_priv *priv)
{
	f->ops = ops;
	file_set_priv(f, priv);
}

struct file_priv *file_priv(struct file *f, const struct file_ops *ops)
{
	if (!f->priv || f->priv->owner_ != ops || f->ops != ops)
		return NULL;
	return f->priv;
}

const struct file_ops *file_ops_of(const struct file *f)
{
	return f->ops;
}

unsigned int file_flags(const struct file *f)
{
	return __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
}

void file_set_status_flags(struct file *f, unsigned int flags)
{
	const unsigned int settable =
		O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME;
	unsigned int old = file_flags(f);

	__atomic_store_n(&f->flags, (old & ~settable) | (flags & settable),
			 __ATOMIC_RELAXED);
}

void file_set_anon_mode(struct file *f, unsigned int mode)
{
	f->anon_mode = mode;
}
