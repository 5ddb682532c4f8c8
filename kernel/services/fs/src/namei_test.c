/* SPDX-License-Identifier: MIT */
/* ktests of the path walk: ".", "..", symlinks, ELOOP, ENOTDIR, lengths. */
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/ktest.h>

#include "fs_test.h"

#define FDCWD ((uint64_t)(int64_t)AT_FDCWD)

static long kt_mkdir(const char *p)
{
	return KT_SYS(sys_mkdir, kt_str(0, p), 0755);
}

static long kt_symlink(const char *target, const char *p)
{
	return KT_SYS(sys_symlink, kt_str(0, target), kt_str(4096, p));
}

static int kt_lookup(const char *p, unsigned int flags, struct inode **out)
{
	return vfs_lookup_at(AT_FDCWD, p, flags, out);
}

KTEST(fs_walk_dots_and_symlinks)
{
	struct inode *a, *b;
	struct kt_env env;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(kt_mkdir("/kt_walk"));
	KT_ASSERT_OK(kt_mkdir("/kt_walk/a"));
	KT_ASSERT_OK(kt_mkdir("/kt_walk/a/b"));
	KT_ASSERT_OK(kt_symlink("a/b", "/kt_walk/l"));
	KT_ASSERT_OK(kt_symlink("/kt_walk/a", "/kt_walk/abs"));

	KT_ASSERT_OK(kt_lookup("/kt_walk/a/b", LOOKUP_FOLLOW, &a));
	KT_ASSERT_OK(kt_lookup("//kt_walk/./a/../a/b/.", LOOKUP_FOLLOW, &b));
	KT_ASSERT_EQ(a, b);
	inode_put(b);
	KT_ASSERT_OK(kt_lookup("/kt_walk/l", LOOKUP_FOLLOW, &b));
	KT_ASSERT_EQ(a, b);
	inode_put(b);
	/* a symlink in the middle is always followed */
	KT_ASSERT_OK(kt_lookup("/kt_walk/abs/b", 0, &b));
	KT_ASSERT_EQ(a, b);
	inode_put(b);
	/* without FOLLOW the final link itself */
	KT_ASSERT_OK(kt_lookup("/kt_walk/l", 0, &b));
	KT_ASSERT(S_ISLNK(b->mode));
	inode_put(b);
	/* a trailing slash follows and wants a directory */
	KT_ASSERT_OK(kt_lookup("/kt_walk/l/", 0, &b));
	KT_ASSERT_EQ(a, b);
	inode_put(b);
	inode_put(a);

	/* ".." of the root is the root */
	KT_ASSERT_OK(kt_lookup("/../../kt_walk/..", 0, &a));
	KT_ASSERT_EQ(a, vfs_root);
	inode_put(a);

	/* relative to the cwd */
	KT_ASSERT_OK(KT_SYS(sys_chdir, kt_str(0, "/kt_walk/a")));
	KT_ASSERT_OK(kt_lookup("b/../../l", LOOKUP_FOLLOW, &a));
	KT_ASSERT_OK(kt_lookup("/kt_walk/a/b", 0, &b));
	KT_ASSERT_EQ(a, b);
	inode_put(a);
	inode_put(b);
	KT_ASSERT_EQ(KT_SYS(sys_getcwd, kt_u(KT_BUF), 64), 11);
	{
		char cwd[16];

		KT_ASSERT_OK(frame_copy_from_user(
			cwd, uaddr_from_syscall_arg(kt_u(KT_BUF)), 11));
		KT_ASSERT_STREQ(cwd, "/kt_walk/a");
	}
	KT_ASSERT_ERR(KT_SYS(sys_getcwd, kt_u(KT_BUF), 5), -ERANGE);
	KT_ASSERT_OK(KT_SYS(sys_chdir, kt_str(0, "/")));
	kt_env_teardown(&env);
}

KTEST(fs_walk_errors)
{
	struct kt_env env;
	struct inode *i;
	char *longp;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(kt_mkdir("/kt_werr"));
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_str(0, "/kt_werr/f"), 0644), 0);
	KT_ASSERT_ERR(kt_lookup("/kt_werr/f/x", 0, &i), -ENOTDIR);
	KT_ASSERT_ERR(kt_lookup("/kt_werr/f/", 0, &i), -ENOTDIR);
	KT_ASSERT_ERR(kt_lookup("/kt_werr/nope", 0, &i), -ENOENT);
	KT_ASSERT_ERR(kt_lookup("/kt_werr/nope/x", 0, &i), -ENOENT);
	KT_ASSERT_ERR(kt_lookup("", 0, &i), -ENOENT);

	/* a loop of two links */
	KT_ASSERT_OK(kt_symlink("loop2", "/kt_werr/loop1"));
	KT_ASSERT_OK(kt_symlink("loop1", "/kt_werr/loop2"));
	KT_ASSERT_ERR(kt_lookup("/kt_werr/loop1", LOOKUP_FOLLOW, &i), -ELOOP);
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/kt_werr/loop1"), O_RDONLY),
		      -ELOOP);

	/* a chain of 40 links resolves, 41 do not */
	KT_ASSERT_OK(kt_mkdir("/kt_werr/c"));
	KT_ASSERT_OK(kt_symlink("/kt_werr", "/kt_werr/c/l0"));
	for (int n = 1; n <= 40; n++) {
		char t[32], p[32];

		frame_snprintf(t, sizeof(t), "l%d", n - 1);
		frame_snprintf(p, sizeof(p), "/kt_werr/c/l%d", n);
		KT_ASSERT_OK(kt_symlink(t, p));
	}
	KT_ASSERT_OK(kt_lookup("/kt_werr/c/l39", LOOKUP_FOLLOW, &i));
	KT_ASSERT_EQ(S_ISDIR(i->mode), true);
	inode_put(i);
	KT_ASSERT_ERR(kt_lookup("/kt_werr/c/l40", LOOKUP_FOLLOW, &i), -ELOOP);

	/* a name of 256 bytes; a path without a NUL in 4096 */
	longp = frame_alloc(5000);
	KT_ASSERT_NOT_NULL(longp);
	memset(longp, 'x', 4999);
	longp[4999] = '\0';
	longp[0] = '/';
	longp[257] = '\0';
	KT_ASSERT_ERR(kt_lookup(longp, 0, &i), -ENAMETOOLONG);
	longp[257] = 'x';
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, longp), O_RDONLY),
		      -ENAMETOOLONG);
	frame_free(longp);
	/* unreadable path pointers */
	KT_ASSERT_ERR(KT_SYS(sys_open, 0, O_RDONLY), -EFAULT);
	KT_ASSERT_ERR(KT_SYS(sys_open, 0xffff800000000000ull, O_RDONLY),
		      -EFAULT);
	(void)FDCWD;
	kt_env_teardown(&env);
}
