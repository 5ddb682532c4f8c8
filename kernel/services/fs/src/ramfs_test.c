/* SPDX-License-Identifier: MIT */
/* ktests of ramfs through the syscalls: data, sizes, names, links. */
#include <frame/heap.h>
#include <frame/ktest.h>

#include "fs_test.h"

/* Fill user memory at @off with @n bytes of a pattern from @seed. */
static void kt_fill(size_t off, size_t n, uint8_t seed)
{
	uint8_t *b = frame_alloc(n);

	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + i * 7);
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(off)), b, n);
	frame_free(b);
}

/* Whether user memory at @off holds the pattern of kt_fill(). */
static bool kt_check(size_t off, size_t n, uint8_t seed)
{
	uint8_t *b = frame_alloc(n);
	bool ok = true;

	frame_copy_from_user(b, uaddr_from_syscall_arg(kt_u(off)), n);
	for (size_t i = 0; i < n; i++)
		ok &= b[i] == (uint8_t)(seed + i * 7);
	frame_free(b);
	return ok;
}

static bool kt_zero(size_t off, size_t n)
{
	uint8_t *b = frame_alloc(n);
	bool ok = true;

	frame_copy_from_user(b, uaddr_from_syscall_arg(kt_u(off)), n);
	for (size_t i = 0; i < n; i++)
		ok &= b[i] == 0;
	frame_free(b);
	return ok;
}

static int64_t kt_stat_size(const char *path)
{
	int64_t size;

	if (KT_SYS(sys_stat, kt_str(0, path), kt_u(KT_BUF2)))
		return -1;
	frame_copy_from_user(&size, uaddr_from_syscall_arg(kt_u(KT_BUF2 + 48)),
			     8);
	return size;
}

KTEST(fs_ramfs_data_across_pages)
{
	struct kt_env env;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	fd = KT_SYS(sys_open, kt_str(0, "/tmp/kt_data"),
		    O_RDWR | O_CREAT | O_TRUNC, 0644);
	KT_ASSERT_GE(fd, 0);
	kt_fill(KT_BUF, 10000, 3);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF), 10000),
		     10000);
	KT_ASSERT_EQ(KT_SYS(sys_lseek, (uint64_t)fd, 0, SEEK_CUR), 10000);
	KT_ASSERT_EQ(KT_SYS(sys_lseek, (uint64_t)fd, 0, SEEK_SET), 0);
	KT_ASSERT_EQ(KT_SYS(sys_read, (uint64_t)fd, kt_u(KT_BUF2), 20000),
		     10000);
	KT_ASSERT(kt_check(KT_BUF2, 10000, 3));
	KT_ASSERT_EQ(KT_SYS(sys_read, (uint64_t)fd, kt_u(KT_BUF2), 100), 0);

	/* pwrite far away leaves a hole that reads as zeros */
	kt_fill(KT_BUF, 100, 9);
	KT_ASSERT_EQ(KT_SYS(sys_pwrite64, (uint64_t)fd, kt_u(KT_BUF), 100,
			    5 * 4096 - 50),
		     100);
	KT_ASSERT_EQ(kt_stat_size("/tmp/kt_data"), 5 * 4096 + 50);
	KT_ASSERT_EQ(KT_SYS(sys_pread64, (uint64_t)fd, kt_u(KT_BUF2), 4096,
			    3 * 4096),
		     4096);
	KT_ASSERT(kt_zero(KT_BUF2, 4096));
	KT_ASSERT_EQ(KT_SYS(sys_pread64, (uint64_t)fd, kt_u(KT_BUF2), 100,
			    5 * 4096 - 50),
		     100);
	KT_ASSERT(kt_check(KT_BUF2, 100, 9));
	/* pread did not move the position */
	KT_ASSERT_EQ(KT_SYS(sys_lseek, (uint64_t)fd, 0, SEEK_CUR), 10000);
	KT_ASSERT_EQ(KT_SYS(sys_lseek, (uint64_t)fd, -10, SEEK_END),
		     5 * 4096 + 40);
	KT_ASSERT_ERR(KT_SYS(sys_lseek, (uint64_t)fd, -1, SEEK_SET), -EINVAL);

	/* truncate down, then up: the cut-off bytes read as zeros */
	KT_ASSERT_OK(KT_SYS(sys_ftruncate, (uint64_t)fd, 5000));
	KT_ASSERT_OK(KT_SYS(sys_ftruncate, (uint64_t)fd, 9000));
	KT_ASSERT_EQ(KT_SYS(sys_pread64, (uint64_t)fd, kt_u(KT_BUF2), 9000, 0),
		     9000);
	KT_ASSERT(kt_check(KT_BUF2, 5000, 3));
	KT_ASSERT(kt_zero(KT_BUF2 + 5000, 4000));

	/* O_APPEND writes at the end whatever the position */
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	fd = KT_SYS(sys_open, kt_str(0, "/tmp/kt_data"), O_WRONLY | O_APPEND);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF), 10), 10);
	KT_ASSERT_EQ(kt_stat_size("/tmp/kt_data"), 9010);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_data")));
	KT_ASSERT_EQ(kt_stat_size("/tmp/kt_data"), -1);
	kt_env_teardown(&env);
}

/* Whether getdents64 on @fd lists @name. */
static bool kt_dir_has(long fd, const char *name)
{
	uint8_t *buf = frame_alloc(4096);
	size_t namelen = strnlen(name, 256);
	bool found = false;
	long n;

	KT_SYS(sys_lseek, (uint64_t)fd, 0, SEEK_SET);
	while ((n = KT_SYS(sys_getdents64, (uint64_t)fd, kt_u(KT_BUF2), 4096)) >
	       0) {
		frame_copy_from_user(buf, uaddr_from_syscall_arg(kt_u(KT_BUF2)),
				     (size_t)n);
		for (long off = 0; off < n;) {
			uint16_t reclen =
				(uint16_t)(buf[off + 16] | buf[off + 17] << 8);

			if (strncmp((const char *)buf + off + 19, name,
				    namelen + 1) == 0)
				found = true;
			off += reclen;
		}
	}
	frame_free(buf);
	return found;
}

KTEST(fs_ramfs_names_links_rename)
{
	struct kt_env env;
	long dfd, fd;
	uint64_t nlink;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_names"), 0755));
	KT_ASSERT_ERR(KT_SYS(sys_mkdir, kt_str(0, "/kt_names"), 0755), -EEXIST);
	fd = KT_SYS(sys_open, kt_str(0, "/kt_names/one"), O_RDWR | O_CREAT,
		    0644);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/kt_names/one"),
			     O_CREAT | O_EXCL | O_RDWR, 0644),
		      -EEXIST);
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/kt_names/one"),
			     O_RDONLY | O_DIRECTORY),
		      -ENOTDIR);
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/kt_names"), O_RDWR),
		      -EISDIR);

	/* a hard link: two names, nlink 2 */
	KT_ASSERT_OK(KT_SYS(sys_link, kt_str(0, "/kt_names/one"),
			    kt_str(4096, "/kt_names/two")));
	KT_ASSERT_OK(KT_SYS(sys_fstat, (uint64_t)fd, kt_u(KT_BUF2)));
	frame_copy_from_user(&nlink, uaddr_from_syscall_arg(kt_u(KT_BUF2 + 16)),
			     8);
	KT_ASSERT_EQ(nlink, 2u);
	KT_ASSERT_ERR(KT_SYS(sys_link, kt_str(0, "/kt_names"),
			     kt_str(4096, "/kt_names/dirlink")),
		      -EPERM);

	/* rename over an existing name replaces it */
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_str(0, "/kt_names/three"), 0644), 0);
	KT_ASSERT_OK(KT_SYS(sys_rename, kt_str(0, "/kt_names/two"),
			    kt_str(4096, "/kt_names/three")));
	dfd = KT_SYS(sys_open, kt_str(0, "/kt_names"), O_RDONLY | O_DIRECTORY);
	KT_ASSERT_GE(dfd, 0);
	KT_ASSERT(kt_dir_has(dfd, "one"));
	KT_ASSERT(kt_dir_has(dfd, "three"));
	KT_ASSERT(!kt_dir_has(dfd, "two"));
	KT_ASSERT(kt_dir_has(dfd, ".."));

	/* directories: rename into itself, rmdir of a non-empty one */
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_names/d"), 0755));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_names/d/e"), 0755));
	KT_ASSERT_ERR(KT_SYS(sys_rename, kt_str(0, "/kt_names/d"),
			     kt_str(4096, "/kt_names/d/e/f")),
		      -EINVAL);
	KT_ASSERT_ERR(KT_SYS(sys_rmdir, kt_str(0, "/kt_names/d")), -ENOTEMPTY);
	KT_ASSERT_OK(KT_SYS(sys_rename, kt_str(0, "/kt_names/d/e"),
			    kt_str(4096, "/kt_names/e2")));
	KT_ASSERT_OK(KT_SYS(sys_rmdir, kt_str(0, "/kt_names/d")));
	KT_ASSERT_OK(KT_SYS(sys_chdir, kt_str(0, "/kt_names/e2")));
	KT_ASSERT_EQ(KT_SYS(sys_getcwd, kt_u(KT_BUF), 64), 13);
	KT_ASSERT_OK(KT_SYS(sys_chdir, kt_str(0, "/")));
	KT_ASSERT_ERR(KT_SYS(sys_rmdir, kt_str(0, "/kt_names/one")), -ENOTDIR);
	KT_ASSERT_ERR(KT_SYS(sys_unlink, kt_str(0, "/kt_names/e2")), -EISDIR);
	KT_ASSERT_ERR(KT_SYS(sys_unlinkat, (uint64_t)dfd, kt_str(0, "e2"), 0),
		      -EISDIR);
	KT_ASSERT_OK(KT_SYS(sys_unlinkat, (uint64_t)dfd, kt_str(0, "e2"),
			    AT_REMOVEDIR));

	/* symlinks */
	KT_ASSERT_OK(KT_SYS(sys_symlinkat, kt_str(0, "one"), (uint64_t)dfd,
			    kt_str(4096, "sl")));
	KT_ASSERT_EQ(KT_SYS(sys_readlinkat, (uint64_t)dfd, kt_str(0, "sl"),
			    kt_u(KT_BUF), 100),
		     3);
	KT_ASSERT_EQ(KT_SYS(sys_readlink, kt_str(0, "/kt_names/sl"),
			    kt_u(KT_BUF), 2),
		     2);
	KT_ASSERT_ERR(KT_SYS(sys_readlink, kt_str(0, "/kt_names/one"),
			     kt_u(KT_BUF), 100),
		      -EINVAL);
	/* the file opened before keeps its data after both names go */
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_str(0, "abc"), 3), 3);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/kt_names/one")));
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/kt_names/three")));
	KT_ASSERT_EQ(KT_SYS(sys_pread64, (uint64_t)fd, kt_u(KT_BUF), 3, 0), 3);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)dfd));
	kt_env_teardown(&env);
}
