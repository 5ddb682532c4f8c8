/* SPDX-License-Identifier: MIT */
/* ktests of RLIMIT_NOFILE through the process hook, and O_TMPFILE. */
#include <frame/ktest.h>

#include "fs_test.h"

#define FDCWD ((uint64_t)(int64_t)AT_FDCWD)

static uint64_t kt_nofile_16(void)
{
	return 16;
}

static uint64_t kt_fsize_10(void)
{
	return 10;
}

static const struct fs_rlimit_ops kt_rlimit_ops = { .nofile = kt_nofile_16,
						    .fsize = kt_fsize_10 };

KTEST(fs_limits_nofile_from_the_process)
{
	struct kt_env env;
	long fd, got = 0, r;

	KT_ASSERT_OK(kt_env_setup(&env));
	fd = KT_SYS(sys_open, kt_str(0, "/dev/null"), O_RDONLY);
	KT_ASSERT_GE(fd, 0);
	fs_set_rlimit_ops(&kt_rlimit_ops);
	KT_ASSERT_EQ(fd_limit(), 16);
	while ((r = KT_SYS(sys_dup, (uint64_t)fd)) >= 0)
		got = r;
	KT_ASSERT_EQ(r, -EMFILE);
	KT_ASSERT_EQ(got, 15);
	KT_ASSERT_ERR(KT_SYS(sys_fcntl, (uint64_t)fd, F_DUPFD, 16), -EINVAL);
	KT_ASSERT_ERR(KT_SYS(sys_dup2, (uint64_t)fd, 16), -EBADF);
	KT_ASSERT_ERR(KT_SYS(sys_poll, kt_u(KT_BUF), 17, 0), -EINVAL);
	/* RLIMIT_FSIZE: cut short at the limit, then EFBIG */
	KT_ASSERT_OK(KT_SYS(sys_close, 5));
	r = KT_SYS(sys_open, kt_str(0, "/tmp/kt_fsize"), O_RDWR | O_CREAT,
		   0600);
	KT_ASSERT_EQ(r, 5);
	KT_ASSERT_EQ(KT_SYS(sys_write, 5, kt_str(0, "0123456789abcdef"), 16),
		     10);
	KT_ASSERT_ERR(KT_SYS(sys_write, 5, kt_str(0, "x"), 1), -EFBIG);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_fsize")));
	fs_set_rlimit_ops(NULL);
	KT_ASSERT_EQ(fd_limit(), FD_MAX);
	KT_ASSERT_EQ(KT_SYS(sys_dup2, (uint64_t)fd, 16), 16);
	kt_env_teardown(&env);
}

KTEST(fs_limits_o_tmpfile)
{
	struct kt_env env;
	struct inode *ino;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_ERR(
		KT_SYS(sys_open, kt_str(0, "/tmp"), O_TMPFILE | O_RDONLY, 0600),
		-EINVAL);
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/tmp"),
			     O_TMPFILE | O_CREAT | O_RDWR, 0600),
		      -EINVAL);
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/dev/null"),
			     O_TMPFILE | O_RDWR, 0600),
		      -ENOTDIR);
	fd = KT_SYS(sys_open, kt_str(0, "/tmp"), O_TMPFILE | O_RDWR, 0640);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_str(0, "tmp!"), 4), 4);
	/* nameless until linkat gives it a name */
	KT_ASSERT_OK(KT_SYS(sys_linkat, (uint64_t)fd, kt_str(0, ""), FDCWD,
			    kt_str(4096, "/tmp/kt_tmpfile"), AT_EMPTY_PATH));
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/tmp/kt_tmpfile", 0, &ino));
	KT_ASSERT_EQ(ino->size, 4u);
	KT_ASSERT_EQ(ino->nlink, 1u);
	KT_ASSERT_EQ(ino->mode, S_IFREG | 0640u);
	inode_put(ino);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_tmpfile")));
	/* O_EXCL: never linkable */
	fd = KT_SYS(sys_open, kt_str(0, "/tmp"), O_TMPFILE | O_RDWR | O_EXCL,
		    0600);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_ERR(KT_SYS(sys_linkat, (uint64_t)fd, kt_str(0, ""), FDCWD,
			     kt_str(4096, "/tmp/kt_tmpfile2"), AT_EMPTY_PATH),
		      -ENOENT);
	kt_env_teardown(&env);
}
