/* SPDX-License-Identifier: MIT */
/* Descriptor tables: slots of (file, rights, close-on-exec). */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/sync.h>

#include <fs/path.h>

#include "lock.h"
#include "vfs.h"

struct fd_slot {
	struct file *file;
	unsigned int rights;
	bool cloexec;
};

/* The slots are guarded by @lock; a file taken out of a slot is put
 * after the lock is dropped (its release may sleep). */
struct fd_table {
	uint32_t refs;
	struct frame_spinlock lock;
	struct fd_slot slot[FD_MAX];
};

static const struct fs_rlimit_ops *fd_rlimit_ops;

void fs_set_rlimit_ops(const struct fs_rlimit_ops *ops)
{
	__atomic_store_n(&fd_rlimit_ops, ops, __ATOMIC_RELEASE);
}

int fd_limit(void)
{
	const struct fs_rlimit_ops *ops =
		__atomic_load_n(&fd_rlimit_ops, __ATOMIC_ACQUIRE);
	uint64_t n;

	if (!ops || !ops->nofile)
		return FD_MAX;
	n = ops->nofile();
	return n < FD_MAX ? (int)n : FD_MAX;
}

uint64_t fs_fsize_limit(void)
{
	const struct fs_rlimit_ops *ops =
		__atomic_load_n(&fd_rlimit_ops, __ATOMIC_ACQUIRE);

	return ops && ops->fsize ? ops->fsize() : UINT64_MAX;
}

int fs_current_pid(void)
{
	const struct fs_rlimit_ops *ops =
		__atomic_load_n(&fd_rlimit_ops, __ATOMIC_ACQUIRE);

	return ops && ops->pid ? ops->pid() : 0;
}

/* @f leaves @t: @t's record locks on its inode go with it (POSIX). */
static void fd_drop(struct fd_table *t, struct file *f)
{
	lock_close_posix(f, t);
	file_put(f);
}

unsigned int fd_rights_for_oflags(unsigned int oflags)
{
	unsigned int r = RIGHTS_BASE;

	if (oflags & O_PATH)
		return RIGHT_PATH;
	switch (oflags & O_ACCMODE) {
	case O_RDONLY:
		r |= RIGHT_READ;
		break;
	case O_WRONLY:
		r |= RIGHT_WRITE;
		break;
	case O_RDWR:
		r |= RIGHT_READ | RIGHT_WRITE;
		break;
	}
	return r;
}

struct fd_table *fd_table_create(void)
{
	struct fd_table *t = frame_zalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->refs = 1;
	return t;
}

struct fd_table *fd_table_clone(struct fd_table *t)
{
	struct fd_table *n = fd_table_create();

	if (!n)
		return NULL;
	frame_spin_lock(&t->lock);
	for (int i = 0; i < FD_MAX; i++) {
		n->slot[i] = t->slot[i];
		if (n->slot[i].file)
			file_get(n->slot[i].file);
	}
	frame_spin_unlock(&t->lock);
	return n;
}

void fd_table_get(struct fd_table *t)
{
	__atomic_fetch_add(&t->refs, 1, __ATOMIC_RELAXED);
}

void fd_table_put(struct fd_table *t)
{
	if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (int i = 0; i < FD_MAX; i++)
		if (t->slot[i].file)
			fd_drop(t, t->slot[i].file);
	frame_free(t);
}

void fd_table_close_on_exec(struct fd_table *t)
{
	for (int i = 0; i < FD_MAX; i++) {
		struct file *f = NULL;

		frame_spin_lock(&t->lock);
		if (t->slot[i].file && t->slot[i].cloexec) {
			f = t->slot[i].file;
			t->slot[i].file = NULL;
		}
		frame_spin_unlock(&t->lock);
		if (f)
			fd_drop(t, f);
	}
}

int fd_table_count(struct fd_table *t)
{
	int n = 0;

	frame_spin_lock(&t->lock);
	for (int i = 0; i < FD_MAX; i++)
		n += t->slot[i].file != NULL;
	frame_spin_unlock(&t->lock);
	return n;
}

int fd_get_or(struct fd_table *t, int fd, unsigned int rights, int denied,
	      struct file **out)
{
	int err = 0;

	if (!t || fd < 0 || fd >= FD_MAX)
		return -EBADF;
	frame_spin_lock(&t->lock);
	if (!t->slot[fd].file) {
		err = -EBADF;
	} else if ((t->slot[fd].rights & rights) != rights) {
		err = denied;
	} else {
		*out = t->slot[fd].file;
		file_get(*out);
	}
	frame_spin_unlock(&t->lock);
	return err;
}

int fd_get(struct fd_table *t, int fd, unsigned int rights, struct file **out)
{
	return fd_get_or(t, fd, rights, -EBADF, out);
}

unsigned int fd_rights(struct fd_table *t, int fd)
{
	unsigned int r = 0;

	if (!t || fd < 0 || fd >= FD_MAX)
		return 0;
	frame_spin_lock(&t->lock);
	if (t->slot[fd].file)
		r = t->slot[fd].rights;
	frame_spin_unlock(&t->lock);
	return r;
}

int fd_install_from(struct fd_table *t, int min, struct file *f,
		    unsigned int rights, bool cloexec)
{
	int fd = -EMFILE, limit = fd_limit();

	if (min < 0 || min >= limit)
		return min == 0 ? -EMFILE : -EINVAL;
	frame_spin_lock(&t->lock);
	for (int i = min; i < limit; i++) {
		if (!t->slot[i].file) {
			file_get(f);
			t->slot[i] = (struct fd_slot){ f, rights, cloexec };
			fd = i;
			break;
		}
	}
	frame_spin_unlock(&t->lock);
	return fd;
}

int fd_install(struct fd_table *t, struct file *f, unsigned int rights,
	       bool cloexec)
{
	return fd_install_from(t, 0, f, rights, cloexec);
}

int fd_install_at(struct fd_table *t, int fd, struct file *f,
		  unsigned int rights, bool cloexec)
{
	struct file *old;

	if (fd < 0 || fd >= fd_limit())
		return -EBADF;
	file_get(f);
	frame_spin_lock(&t->lock);
	old = t->slot[fd].file;
	t->slot[fd] = (struct fd_slot){ f, rights, cloexec };
	frame_spin_unlock(&t->lock);
	if (old)
		fd_drop(t, old);
	return fd;
}

int fd_close(struct fd_table *t, int fd)
{
	struct file *f;

	if (!t || fd < 0 || fd >= FD_MAX)
		return -EBADF;
	frame_spin_lock(&t->lock);
	f = t->slot[fd].file;
	t->slot[fd].file = NULL;
	frame_spin_unlock(&t->lock);
	if (!f)
		return -EBADF;
	fd_drop(t, f);
	return 0;
}

int fd_get_cloexec(struct fd_table *t, int fd)
{
	int r = -EBADF;

	if (!t || fd < 0 || fd >= FD_MAX)
		return -EBADF;
	frame_spin_lock(&t->lock);
	if (t->slot[fd].file)
		r = t->slot[fd].cloexec;
	frame_spin_unlock(&t->lock);
	return r;
}

int fd_set_cloexec(struct fd_table *t, int fd, bool cloexec)
{
	int r = -EBADF;

	if (!t || fd < 0 || fd >= FD_MAX)
		return -EBADF;
	frame_spin_lock(&t->lock);
	if (t->slot[fd].file) {
		t->slot[fd].cloexec = cloexec;
		r = 0;
	}
	frame_spin_unlock(&t->lock);
	return r;
}

unsigned int fd_table_list(struct fd_table *t, int *fds, unsigned int max)
{
	unsigned int n = 0;

	frame_spin_lock(&t->lock);
	for (int i = 0; i < FD_MAX; i++) {
		if (!t->slot[i].file)
			continue;
		if (n < max)
			fds[n] = i;
		n++;
	}
	frame_spin_unlock(&t->lock);
	return n;
}

int fd_table_path_locked(struct fd_table *t, int fd, char *buf, size_t size)
{
	int err = -EBADF;

	if (fd < 0 || fd >= FD_MAX)
		return -EBADF;
	frame_spin_lock(&t->lock);
	if (t->slot[fd].file)
		err = file_path_locked(t->slot[fd].file, buf, size);
	frame_spin_unlock(&t->lock);
	return err;
}

int fd_table_max(struct fd_table *t)
{
	int max = -1;

	frame_spin_lock(&t->lock);
	for (int i = FD_MAX - 1; i >= 0 && max < 0; i--)
		if (t->slot[i].file)
			max = i;
	frame_spin_unlock(&t->lock);
	return max;
}
