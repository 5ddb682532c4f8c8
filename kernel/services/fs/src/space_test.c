/* SPDX-License-Identifier: MIT */
/* ktests of tmpfs space: the limit, ENOSPC in write and fallocate, statfs. */
#include <frame/ktest.h>

#include "fs_test.h"

#define FDCWD ((uint64_t)(int64_t)AT_FDCWD)

/* statfs("/")'s f_bfree, or -errno. */
static long kt_bfree(void)
{
	uint64_t st[15];
	long ret = KT_SYS(sys_statfs, kt_str(0, "/"), kt_u(KT_BUF2));

	if (ret)
		return ret;
	frame_copy_from_user(st, uaddr_from_syscall_arg(kt_u(KT_BUF2)),
			     sizeof(st));
	KT_ASSERT_EQ(st[0], 0x01021994u); /* TMPFS_MAGIC */
	return (long)st[3];
}

KTEST(fs_space_limit_enospc_and_statfs)
{
	struct kt_env env;
	uint64_t limit, used;
	long fd, bfree;

	KT_ASSERT_OK(kt_env_setup(&env));
	space_usage(NULL, &limit, &used);
	KT_ASSERT_GT(limit, used);
	/* room for 4 more pages */
	space_set_limit((size_t)used + 4);
	KT_ASSERT_EQ(kt_bfree(), 4);

	fd = KT_SYS(sys_openat, FDCWD, kt_str(0, "/tmp/kt_space"),
		    O_CREAT | O_RDWR | O_TRUNC, 0644);
	KT_ASSERT_GE(fd, 0);
	/* 5 pages: 4 fit, the write is short, then ENOSPC */
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF2), 5 * 4096),
		     4 * 4096);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF2), 4096),
		     -ENOSPC);
	KT_ASSERT_EQ(kt_bfree(), 0);
	/* shrinking gives space back; fallocate is all or nothing */
	KT_ASSERT_OK(KT_SYS(sys_ftruncate, (uint64_t)fd, 4096));
	KT_ASSERT_EQ(kt_bfree(), 3);
	KT_ASSERT_EQ(KT_SYS(sys_fallocate, (uint64_t)fd, 0, 0, 5 * 4096),
		     -ENOSPC);
	KT_ASSERT_EQ(kt_bfree(), 3);
	KT_ASSERT_OK(KT_SYS(sys_fallocate, (uint64_t)fd, 0, 0, 3 * 4096));
	bfree = kt_bfree();
	KT_ASSERT_EQ(bfree, 1);
	/* growth by truncate stays sparse: no space taken */
	KT_ASSERT_OK(KT_SYS(sys_ftruncate, (uint64_t)fd, 64 * 4096));
	KT_ASSERT_EQ(kt_bfree(), 1);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	/* removing the file frees its pages */
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_space")));
	KT_ASSERT_EQ(kt_bfree(), 4);
	space_set_limit(0);
	kt_env_teardown(&env);
}
