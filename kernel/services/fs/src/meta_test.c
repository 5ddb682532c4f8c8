/* SPDX-License-Identifier: MIT */
/* ktests of metadata calls: chown, utimensat, statfs, close_range, chroot. */
#include <cred/cred.h>
#include <frame/ktest.h>

#include "fs_test.h"

#define FDCWD ((uint64_t)(int64_t)AT_FDCWD)

static int64_t kt_mtime(const char *path)
{
	int64_t t;

	if (KT_SYS(sys_stat, kt_str(0, path), kt_u(KT_BUF2)))
		return -1;
	frame_copy_from_user(&t, uaddr_from_syscall_arg(kt_u(KT_BUF2 + 88)), 8);
	return t;
}

KTEST(fs_meta_chown_utimes_statfs)
{
	struct kt_env env;
	struct inode *i;
	int64_t ts[4] = { 100, 0, 200, 5 };
	int64_t magic;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	fd = KT_SYS(sys_open, kt_str(0, "/tmp/kt_meta"), O_RDWR | O_CREAT,
		    06755);
	KT_ASSERT_GE(fd, 0);
	/* root gives the file away; set-id bits go */
	KT_ASSERT_OK(KT_SYS(sys_chown, kt_str(0, "/tmp/kt_meta"), 1000, 50));
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/tmp/kt_meta", 0, &i));
	KT_ASSERT_EQ(i->uid, 1000u);
	KT_ASSERT_EQ(i->gid, 50u);
	KT_ASSERT_EQ(i->mode & 07777, 0755u);
	inode_put(i);
	/* -1 keeps an id */
	KT_ASSERT_OK(KT_SYS(sys_fchown, (uint64_t)fd, 0xffffffffu, 60));
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/tmp/kt_meta", 0, &i));
	KT_ASSERT_EQ(i->uid, 1000u);
	KT_ASSERT_EQ(i->gid, 60u);
	inode_put(i);

	/* explicit times, then UTIME_OMIT for one of them */
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), ts,
			   sizeof(ts));
	KT_ASSERT_OK(KT_SYS(sys_utimensat, FDCWD, kt_str(0, "/tmp/kt_meta"),
			    kt_u(KT_BUF), 0));
	KT_ASSERT_EQ(kt_mtime("/tmp/kt_meta"), 200);
	ts[3] = (1l << 30) - 2;
	ts[0] = 300;
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), ts,
			   sizeof(ts));
	KT_ASSERT_OK(KT_SYS(sys_utimensat, (uint64_t)fd, 0, kt_u(KT_BUF), 0));
	KT_ASSERT_EQ(kt_mtime("/tmp/kt_meta"), 200);
	ts[1] = 1000000000;
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), ts,
			   sizeof(ts));
	KT_ASSERT_ERR(KT_SYS(sys_utimensat, (uint64_t)fd, 0, kt_u(KT_BUF), 0),
		      -EINVAL);
	/* NULL times: now */
	KT_ASSERT_OK(KT_SYS(sys_utimes, kt_str(0, "/tmp/kt_meta"), 0));
	KT_ASSERT_GT(kt_mtime("/tmp/kt_meta"), 200);

	KT_ASSERT_OK(KT_SYS(sys_statfs, kt_str(0, "/tmp"), kt_u(KT_BUF)));
	frame_copy_from_user(&magic, uaddr_from_syscall_arg(kt_u(KT_BUF)), 8);
	KT_ASSERT_EQ(magic, 0x01021994); /* TMPFS_MAGIC */
	KT_ASSERT_ERR(KT_SYS(sys_fstatfs, 900, kt_u(KT_BUF)), -EBADF);

	/* record locks are always free */
	{
		int16_t fl[16] = { 1 /* F_WRLCK */, SEEK_SET };

		frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), fl,
				   sizeof(fl));
		KT_ASSERT_OK(KT_SYS(sys_fcntl, (uint64_t)fd, 6 /* F_SETLK */,
				    kt_u(KT_BUF)));
		KT_ASSERT_OK(KT_SYS(sys_fcntl, (uint64_t)fd, 5 /* F_GETLK */,
				    kt_u(KT_BUF)));
		frame_copy_from_user(fl, uaddr_from_syscall_arg(kt_u(KT_BUF)),
				     sizeof(fl));
		KT_ASSERT_EQ(fl[0], 2 /* F_UNLCK */);
		KT_ASSERT_ERR(KT_SYS(sys_fcntl, (uint64_t)fd, 5, 0x20000000),
			      -EFAULT);
		fl[0] = 7;
		frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), fl,
				   sizeof(fl));
		KT_ASSERT_ERR(KT_SYS(sys_fcntl, (uint64_t)fd, 6, kt_u(KT_BUF)),
			      -EINVAL);
	}

	/* close_range: mark, then close */
	KT_ASSERT_EQ(KT_SYS(sys_dup2, (uint64_t)fd, 20), 20);
	KT_ASSERT_EQ(KT_SYS(sys_dup2, (uint64_t)fd, 21), 21);
	KT_ASSERT_OK(KT_SYS(sys_close_range, 20, 21, 4));
	KT_ASSERT_EQ(KT_SYS(sys_fcntl, 21, F_GETFD), FD_CLOEXEC);
	KT_ASSERT_OK(KT_SYS(sys_close_range, 20, 0xffffffffu, 0));
	KT_ASSERT_ERR(KT_SYS(sys_fcntl, 20, F_GETFD), -EBADF);
	KT_ASSERT_ERR(KT_SYS(sys_close_range, 5, 4, 0), -EINVAL);

	/* chroot: "/" is then /tmp, and ".." cannot leave it */
	KT_ASSERT_OK(KT_SYS(sys_chroot, kt_str(0, "/tmp")));
	KT_ASSERT_OK(KT_SYS(sys_stat, kt_str(0, "/../kt_meta"), kt_u(KT_BUF)));
	KT_ASSERT_OK(KT_SYS(sys_chroot, kt_str(0, "/..")));
	KT_ASSERT_OK(KT_SYS(sys_stat, kt_str(0, "/kt_meta"), kt_u(KT_BUF)));
	KT_ASSERT_ERR(KT_SYS(sys_stat, kt_str(0, "/tmp"), kt_u(KT_BUF)),
		      -ENOENT);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/kt_meta")));
	kt_env_teardown(&env);
}
