/* SPDX-License-Identifier: MIT */
/* ktests of socket nodes: made once, found by key, refused when not one. */
#include <frame/ktest.h>

#include <fs/fs.h>

#include "fs_test.h"

KTEST(fs_sock_nodes_are_made_and_found)
{
	uint64_t key, again, other;
	struct inode *ino;
	struct kt_env env;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_sock"), 0755));
	KT_ASSERT_OK(fs_sock_mknod("/kt_sock/a", &key));
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_sock/a", 0, &ino));
	KT_ASSERT(S_ISSOCK(ino->mode));
	inode_put(ino);
	KT_ASSERT_ERR(fs_sock_mknod("/kt_sock/a", &again), -EEXIST);
	KT_ASSERT_ERR(fs_sock_mknod("/kt_sock/none/a", &again), -ENOENT);
	KT_ASSERT_OK(fs_sock_find("/kt_sock/a", &again));
	KT_ASSERT_EQ(again, key);
	/* A new node at a reused name has a new key. */
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/kt_sock/a")));
	KT_ASSERT_ERR(fs_sock_find("/kt_sock/a", &again), -ENOENT);
	KT_ASSERT_OK(fs_sock_mknod("/kt_sock/a", &other));
	KT_ASSERT_NE(other, key);
	KT_ASSERT_ERR(fs_sock_find("/kt_sock", &again), -ECONNREFUSED);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/kt_sock/a")));
	KT_ASSERT_OK(KT_SYS(sys_rmdir, kt_str(0, "/kt_sock")));
	kt_env_teardown(&env);
}
