/* SPDX-License-Identifier: MIT */
/* A table of calls and the errno Linux gives for each. */
#include <frame/ktest.h>

#include "fs_test.h"

#define FDCWD	((uint64_t)(int64_t)AT_FDCWD)
#define BADPTR	0xffff800000001000ull /* kernel half */
#define NOTMAPD 0x20000000ull	      /* user half, nothing mapped */

struct errno_case {
	const char *what;
	long (*fn)(const uint64_t a[6]);
	uint64_t a[6];
	long want;
};

/* Strings at fixed user offsets, set up before the table runs. */
#define S_DIR	 0    /* "/kt_errno" */
#define S_FILE	 256  /* "/kt_errno/f" */
#define S_NONE	 512  /* "/kt_errno/none" */
#define S_FSUB	 768  /* "/kt_errno/f/x" */
#define S_EMPTY	 1024 /* "" */
#define S_SUBDIR 1280 /* "/kt_errno/d" */
#define S_DFILE	 1536 /* "/kt_errno/d/f" */
#define S_ROOT	 1792 /* "/" */
#define S_DOT	 2048 /* "/kt_errno/d/." */

KTEST(fs_errno_table)
{
	struct kt_env env;
	long rfd, dfd;

	KT_ASSERT_OK(kt_env_setup(&env));
	kt_str(S_DIR, "/kt_errno");
	kt_str(S_FILE, "/kt_errno/f");
	kt_str(S_NONE, "/kt_errno/none");
	kt_str(S_FSUB, "/kt_errno/f/x");
	kt_str(S_EMPTY, "");
	kt_str(S_SUBDIR, "/kt_errno/d");
	kt_str(S_DFILE, "/kt_errno/d/f");
	kt_str(S_ROOT, "/");
	kt_str(S_DOT, "/kt_errno/d/.");
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_u(S_DIR), 0755));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_u(S_SUBDIR), 0755));
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_u(S_DFILE), 0644), 0);
	rfd = KT_SYS(sys_open, kt_u(S_FILE), O_RDWR | O_CREAT, 0644);
	KT_ASSERT_GE(rfd, 0);
	dfd = KT_SYS(sys_open, kt_u(S_DIR), O_RDONLY | O_DIRECTORY);
	KT_ASSERT_GE(dfd, 0);

	const struct errno_case cases[] = {
		/* EBADF */
		{ "read bad fd", sys_read, { 999, kt_u(KT_BUF), 1 }, -EBADF },
		{ "write fd -1",
		  sys_write,
		  { (uint64_t)-1, kt_u(KT_BUF), 1 },
		  -EBADF },
		{ "close unopened", sys_close, { 500 }, -EBADF },
		{ "fstat bad fd", sys_fstat, { 777, kt_u(KT_BUF) }, -EBADF },
		{ "lseek bad fd", sys_lseek, { 777, 0, SEEK_SET }, -EBADF },
		{ "dup bad fd", sys_dup, { 777 }, -EBADF },
		{ "dup2 bad newfd", sys_dup2, { (uint64_t)rfd, 5000 }, -EBADF },
		{ "fcntl bad fd", sys_fcntl, { 777, F_GETFD }, -EBADF },
		{ "getdents bad fd",
		  sys_getdents64,
		  { 777, kt_u(KT_BUF), 512 },
		  -EBADF },
		{ "openat bad dirfd",
		  sys_openat,
		  { 777, kt_u(S_EMPTY) + 0, O_RDONLY },
		  -ENOENT },
		{ "fchdir bad fd", sys_fchdir, { 777 }, -EBADF },
		{ "ioctl bad fd", sys_ioctl, { 777, 0x5401, 0 }, -EBADF },
		{ "fsync bad fd", sys_fsync, { 777 }, -EBADF },
		/* EFAULT */
		{ "open kernel ptr", sys_open, { BADPTR, O_RDONLY }, -EFAULT },
		{ "open unmapped", sys_open, { NOTMAPD, O_RDONLY }, -EFAULT },
		{ "read into kernel",
		  sys_read,
		  { (uint64_t)rfd, BADPTR, 8 },
		  -EFAULT },
		{ "stat to unmapped",
		  sys_stat,
		  { kt_u(S_FILE), NOTMAPD },
		  -EFAULT },
		{ "getcwd unmapped", sys_getcwd, { NOTMAPD, 100 }, -EFAULT },
		{ "readv bad iov",
		  sys_readv,
		  { (uint64_t)rfd, NOTMAPD, 1 },
		  -EFAULT },
		{ "poll unmapped", sys_poll, { NOTMAPD, 1, 0 }, -EFAULT },
		/* EINVAL */
		{ "lseek whence", sys_lseek, { (uint64_t)rfd, 0, 9 }, -EINVAL },
		{ "lseek negative",
		  sys_lseek,
		  { (uint64_t)rfd, (uint64_t)-5, SEEK_SET },
		  -EINVAL },
		{ "dup3 same fd",
		  sys_dup3,
		  { (uint64_t)rfd, (uint64_t)rfd, 0 },
		  -EINVAL },
		{ "dup3 bad flag",
		  sys_dup3,
		  { (uint64_t)rfd, 40, 1 },
		  -EINVAL },
		{ "fcntl bad cmd",
		  sys_fcntl,
		  { (uint64_t)rfd, 9999 },
		  -EINVAL },
		{ "unlinkat bad flag",
		  sys_unlinkat,
		  { FDCWD, kt_u(S_FILE), 1 },
		  -EINVAL },
		{ "readlink not link",
		  sys_readlink,
		  { kt_u(S_FILE), kt_u(KT_BUF), 10 },
		  -EINVAL },
		{ "readlink size 0",
		  sys_readlink,
		  { kt_u(S_FILE), kt_u(KT_BUF), 0 },
		  -EINVAL },
		{ "readv iovcnt",
		  sys_readv,
		  { (uint64_t)rfd, kt_u(KT_BUF), 2000 },
		  -EINVAL },
		{ "pread negative",
		  sys_pread64,
		  { (uint64_t)rfd, kt_u(KT_BUF), 1, (uint64_t)-1 },
		  -EINVAL },
		{ "poll too many",
		  sys_poll,
		  { kt_u(KT_BUF), 100000, 0 },
		  -EINVAL },
		{ "select negative",
		  sys_select,
		  { (uint64_t)-1, 0, 0, 0, 0 },
		  -EINVAL },
		{ "truncate negative",
		  sys_truncate,
		  { kt_u(S_FILE), (uint64_t)-1 },
		  -EINVAL },
		{ "access bad mode", sys_access, { kt_u(S_FILE), 8 }, -EINVAL },
		{ "rmdir dot", sys_rmdir, { kt_u(S_DOT) }, -EINVAL },
		{ "memfd bad flags",
		  sys_memfd_create,
		  { kt_u(S_EMPTY), 0x100 },
		  -EINVAL },
		/* ENOENT, ENOTDIR, EISDIR, EEXIST, ENOTEMPTY, EBUSY */
		{ "open missing",
		  sys_open,
		  { kt_u(S_NONE), O_RDONLY },
		  -ENOENT },
		{ "open empty",
		  sys_open,
		  { kt_u(S_EMPTY), O_RDONLY },
		  -ENOENT },
		{ "stat missing",
		  sys_stat,
		  { kt_u(S_NONE), kt_u(KT_BUF) },
		  -ENOENT },
		{ "unlink missing", sys_unlink, { kt_u(S_NONE) }, -ENOENT },
		{ "chdir missing", sys_chdir, { kt_u(S_NONE) }, -ENOENT },
		{ "open under file",
		  sys_open,
		  { kt_u(S_FSUB), O_RDONLY },
		  -ENOTDIR },
		{ "mkdir under file",
		  sys_mkdir,
		  { kt_u(S_FSUB), 0755 },
		  -ENOTDIR },
		{ "chdir to file", sys_chdir, { kt_u(S_FILE) }, -ENOTDIR },
		{ "getdents on file",
		  sys_getdents64,
		  { (uint64_t)rfd, kt_u(KT_BUF), 512 },
		  -ENOTDIR },
		{ "rmdir file", sys_rmdir, { kt_u(S_FILE) }, -ENOTDIR },
		{ "read dir",
		  sys_read,
		  { (uint64_t)dfd, kt_u(KT_BUF), 10 },
		  -EISDIR },
		{ "open dir wronly",
		  sys_open,
		  { kt_u(S_DIR), O_WRONLY },
		  -EISDIR },
		{ "unlink dir", sys_unlink, { kt_u(S_SUBDIR) }, -EISDIR },
		{ "truncate dir", sys_truncate, { kt_u(S_DIR), 0 }, -EISDIR },
		{ "creat on dir",
		  sys_open,
		  { kt_u(S_ROOT), O_CREAT | O_RDWR, 0644 },
		  -EISDIR },
		{ "mkdir existing", sys_mkdir, { kt_u(S_DIR), 0755 }, -EEXIST },
		{ "mkdir root", sys_mkdir, { kt_u(S_ROOT), 0755 }, -EEXIST },
		{ "excl existing",
		  sys_open,
		  { kt_u(S_FILE), O_CREAT | O_EXCL | O_RDWR, 0644 },
		  -EEXIST },
		{ "symlink existing",
		  sys_symlink,
		  { kt_u(S_NONE), kt_u(S_FILE) },
		  -EEXIST },
		{ "link existing",
		  sys_link,
		  { kt_u(S_FILE), kt_u(S_DFILE) },
		  -EEXIST },
		{ "rmdir nonempty", sys_rmdir, { kt_u(S_SUBDIR) }, -ENOTEMPTY },
		{ "rmdir root", sys_rmdir, { kt_u(S_ROOT) }, -EBUSY },
		/* ENOTTY, ESPIPE, ERANGE */
		{ "ioctl on file",
		  sys_ioctl,
		  { (uint64_t)rfd, 0x5401, 0 },
		  -ENOTTY },
		{ "getcwd too small",
		  sys_getcwd,
		  { kt_u(KT_BUF), 1 },
		  -ERANGE },
		{ "getcwd size 0", sys_getcwd, { kt_u(KT_BUF), 0 }, -ERANGE },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		long got = kt_call(cases[i].fn, cases[i].a);

		if (got != cases[i].want)
			KT_FAIL("%s: got %ld, want %ld", cases[i].what, got,
				cases[i].want);
	}
	kt_env_teardown(&env);
}
