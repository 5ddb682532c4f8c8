/* SPDX-License-Identifier: MIT */
/* ktests of file locks: range split and merge, conflicts, flock. */
#include <frame/ktest.h>

#include "fs_test.h"
#include "lock.h"

static struct lock_req kt_posix(struct fd_table *t, int type, int64_t s,
				int64_t e)
{
	return (struct lock_req){
		.kind = LK_POSIX, .type = type, .start = s, .end = e, .tbl = t
	};
}

static int kt_set(struct inode *ino, struct fd_table *t, int type, int64_t s,
		  int64_t e)
{
	struct lock_req r = kt_posix(t, type, s, e);

	return lock_set(ino, &r, false);
}

/* Whether @t's request of type @want on byte @s is blocked by the lock
 * [@s, @e] of type @type. */
static bool kt_blocked_by(struct inode *ino, struct fd_table *t, int want,
			  int type, int64_t s, int64_t e)
{
	struct lock_req r = kt_posix(t, want, s, s), c;

	return lock_test(ino, &r, &c) && c.type == type && c.start == s &&
	       c.end == e;
}

KTEST(fs_lock_split_merge)
{
	struct inode *ino = inode_alloc(S_IFREG | 0644, 0, 0);
	struct fd_table *t1 = fd_table_create(), *t2 = fd_table_create();
	struct lock_req r, c;

	KT_ASSERT_NOT_NULL(ino);
	KT_ASSERT_NOT_NULL(t1);
	KT_ASSERT_NOT_NULL(t2);
	KT_ASSERT_OK(kt_set(ino, t1, LK_WRLCK, 0, 99));
	KT_ASSERT_EQ(lock_count(ino), 1);
	/* a read lock in the middle splits the write lock in three */
	KT_ASSERT_OK(kt_set(ino, t1, LK_RDLCK, 50, 59));
	KT_ASSERT_EQ(lock_count(ino), 3);
	r = kt_posix(t2, LK_WRLCK, 55, 55);
	KT_ASSERT(lock_test(ino, &r, &c));
	KT_ASSERT_EQ(c.type, LK_RDLCK);
	KT_ASSERT_EQ(c.start, 50);
	KT_ASSERT_EQ(c.end, 59);
	r = kt_posix(t2, LK_RDLCK, 55, 55);
	KT_ASSERT(!lock_test(ino, &r, &c));
	r = kt_posix(t2, LK_RDLCK, 60, 60);
	KT_ASSERT(lock_test(ino, &r, &c));
	KT_ASSERT_EQ(c.start, 60);
	KT_ASSERT_EQ(c.end, 99);
	/* the owner's own locks never block it */
	r = kt_posix(t1, LK_WRLCK, 0, LK_OFFSET_MAX);
	KT_ASSERT(!lock_test(ino, &r, &c));
	/* writing the middle back merges the three into one */
	KT_ASSERT_OK(kt_set(ino, t1, LK_WRLCK, 50, 59));
	KT_ASSERT_EQ(lock_count(ino), 1);
	KT_ASSERT(kt_blocked_by(ino, t2, LK_RDLCK, LK_WRLCK, 0, 99));
	/* a hole, then the hole filled: adjacent locks merge */
	KT_ASSERT_OK(kt_set(ino, t1, LK_UNLCK, 10, 19));
	KT_ASSERT_EQ(lock_count(ino), 2);
	r = kt_posix(t2, LK_WRLCK, 15, 15);
	KT_ASSERT(!lock_test(ino, &r, &c));
	KT_ASSERT_OK(kt_set(ino, t1, LK_WRLCK, 10, 19));
	KT_ASSERT_EQ(lock_count(ino), 1);
	/* adjacent but of another type: two locks */
	KT_ASSERT_OK(kt_set(ino, t1, LK_RDLCK, 100, 109));
	KT_ASSERT_EQ(lock_count(ino), 2);
	/* cutting the ends of a lock */
	KT_ASSERT_OK(kt_set(ino, t1, LK_UNLCK, 95, 104));
	KT_ASSERT_EQ(lock_count(ino), 2);
	KT_ASSERT(kt_blocked_by(ino, t2, LK_WRLCK, LK_WRLCK, 0, 94));
	KT_ASSERT(kt_blocked_by(ino, t2, LK_WRLCK, LK_RDLCK, 105, 109));
	/* another owner: conflicts refused, free ranges granted */
	KT_ASSERT_EQ(kt_set(ino, t2, LK_WRLCK, 5, 5), -EAGAIN);
	KT_ASSERT_EQ(kt_set(ino, t2, LK_RDLCK, 106, 200), 0);
	/* a write lock over the read lock's last byte cuts it there */
	KT_ASSERT_EQ(kt_set(ino, t2, LK_WRLCK, 200, 300), 0);
	KT_ASSERT_EQ(lock_count(ino), 4);
	KT_ASSERT(kt_blocked_by(ino, t1, LK_WRLCK, LK_RDLCK, 106, 199));
	KT_ASSERT(kt_blocked_by(ino, t1, LK_RDLCK, LK_WRLCK, 200, 300));
	/* an unlock of everything takes only the owner's */
	KT_ASSERT_OK(kt_set(ino, t1, LK_UNLCK, 0, LK_OFFSET_MAX));
	KT_ASSERT_EQ(lock_count(ino), 2);
	KT_ASSERT_OK(kt_set(ino, t1, LK_WRLCK, 0, 10));
	inode_put(ino); /* frees what is left with the inode */
	fd_table_put(t1);
	fd_table_put(t2);
}

KTEST(fs_lock_flock_and_release)
{
	struct inode *ino = inode_alloc(S_IFREG | 0644, 0, 0);
	struct file *f1 = file_alloc(NULL, O_RDWR),
		    *f2 = file_alloc(NULL, O_RDWR);
	struct fd_table *t = fd_table_create();
	struct lock_req ex = { .kind = LK_FLOCK,
			       .type = LK_WRLCK,
			       .end = LK_OFFSET_MAX,
			       .file = f1 };
	struct lock_req sh = ex;

	KT_ASSERT_NOT_NULL(ino);
	KT_ASSERT_NOT_NULL(f1);
	KT_ASSERT_NOT_NULL(f2);
	KT_ASSERT_NOT_NULL(t);
	inode_get(ino);
	f1->inode = ino;
	inode_get(ino);
	f2->inode = ino;
	sh.type = LK_RDLCK;
	sh.file = f2;
	KT_ASSERT_OK(lock_set(ino, &ex, false));
	KT_ASSERT_EQ(lock_set(ino, &sh, false), -EAGAIN);
	/* converting to shared lets the other file share it */
	ex.type = LK_RDLCK;
	KT_ASSERT_OK(lock_set(ino, &ex, false));
	KT_ASSERT_OK(lock_set(ino, &sh, false));
	KT_ASSERT_EQ(lock_count(ino), 2);
	/* flock and record locks do not meet */
	KT_ASSERT_OK(kt_set(ino, t, LK_WRLCK, 0, LK_OFFSET_MAX));
	KT_ASSERT_EQ(lock_count(ino), 3);
	/* a close drops the table's record locks, the last put the file's
	 * flock lock */
	lock_close_posix(f1, t);
	KT_ASSERT_EQ(lock_count(ino), 2);
	file_put(f1);
	KT_ASSERT_EQ(lock_count(ino), 1);
	file_put(f2);
	KT_ASSERT_EQ(lock_count(ino), 0);
	fd_table_put(t);
	inode_put(ino);
}
