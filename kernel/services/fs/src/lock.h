/* SPDX-License-Identifier: MIT */
/* fs-internal: file locks (flock, POSIX record locks, OFD locks). */
#ifndef FS_LOCK_H
#define FS_LOCK_H

#include <frame/types.h>

struct fd_table;
struct file;
struct inode;

/* Lock types, as struct flock's l_type says them. */
#define LK_RDLCK 0
#define LK_WRLCK 1
#define LK_UNLCK 2

/* The last byte a lock can cover (Linux's OFFSET_MAX). */
#define LK_OFFSET_MAX INT64_MAX

/*
 * Who holds a lock. POSIX record locks belong to the process, i.e. its
 * descriptor table (@tbl), as on Linux; OFD and flock locks to the open
 * file (@file). flock locks only meet flock locks; POSIX and OFD locks
 * meet each other.
 */
enum lock_kind { LK_POSIX, LK_OFD, LK_FLOCK };

/* A request, and what F_GETLK reports: bytes [@start, @end]. */
struct lock_req {
	enum lock_kind kind;
	int type;
	int64_t start, end;
	struct fd_table *tbl;
	struct file *file;
	int pid; /* the owner's pid, -1 for an OFD lock */
};

/* One held lock, in its inode's list (the members are lock.c's). */
struct file_lock {
	struct file_lock *next;
	struct lock_req req;
};

/*
 * lock_set() - take, change or drop (LK_UNLCK) @r on @ino. POSIX and OFD
 * locks replace the owner's locks on the range, splitting and merging
 * them; a flock lock replaces the file's one lock (dropping the old one
 * first, as Linux). 0; -EAGAIN when another owner's lock is in the way
 * and @wait is false; with @wait: -EDEADLK when waiting would close a
 * cycle of POSIX owners waiting for each other, -ERESTARTSYS on a
 * signal. -ENOMEM.
 */
int lock_set(struct inode *ino, const struct lock_req *r, bool wait);

/* lock_test() - F_GETLK: whether a lock of another owner blocks @r; if
 * so, *@out describes it */
bool lock_test(struct inode *ino, const struct lock_req *r,
	       struct lock_req *out);

/* lock_close_posix() - a close of @f in @tbl: drop @tbl's POSIX locks
 * on @f's inode */
void lock_close_posix(struct file *f, struct fd_table *tbl);

/* lock_release_file() - the last reference to @f: drop its OFD and
 * flock locks */
void lock_release_file(struct file *f);

/* lock_inode_free() - @ino goes: free what is left of its list */
void lock_inode_free(struct inode *ino);

/* lock_count() - how many locks @ino holds (tests) */
int lock_count(struct inode *ino);

#endif /* FS_LOCK_H */
