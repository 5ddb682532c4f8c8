/* SPDX-License-Identifier: MIT */
/* ktests of descriptor rights: a read-only fd cannot write by any path. */
#include <frame/ktest.h>
#include <mm/mm.h>

#include "fs_test.h"

/* The resolver mm calls for mmap(fd) (mmap.c). */
int fs_resolve_for_test(int fd, unsigned int prot, unsigned int flags,
			struct mm_backing **out, bool *anon);

KTEST(fs_rights_read_only_fd_cannot_write)
{
	struct mm_backing *b;
	struct kt_env env;
	bool anon;
	long ro, wo, p;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_str(0, "/tmp/kt_rights"), 0644), 0);
	ro = KT_SYS(sys_open, kt_str(0, "/tmp/kt_rights"), O_RDONLY);
	KT_ASSERT_GE(ro, 0);
	KT_ASSERT_EQ(fd_rights(env.fds, (int)ro) & RIGHT_WRITE, 0u);

	KT_ASSERT_ERR(KT_SYS(sys_write, (uint64_t)ro, kt_u(KT_BUF), 1), -EBADF);
	KT_ASSERT_ERR(KT_SYS(sys_pwrite64, (uint64_t)ro, kt_u(KT_BUF), 1, 0),
		      -EBADF);
	/* one iovec of 1 byte at KT_BUF */
	{
		uint64_t iov[2] = { kt_u(KT_BUF), 1 };

		frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF2)), iov,
				   sizeof(iov));
	}
	KT_ASSERT_ERR(KT_SYS(sys_writev, (uint64_t)ro, kt_u(KT_BUF2), 1),
		      -EBADF);
	KT_ASSERT_ERR(KT_SYS(sys_pwritev, (uint64_t)ro, kt_u(KT_BUF2), 1, 0),
		      -EBADF);
	KT_ASSERT_ERR(KT_SYS(sys_ftruncate, (uint64_t)ro, 0), -EINVAL);
	/* mmap: private writable is fine, shared writable is not */
	KT_ASSERT_OK(fs_resolve_for_test((int)ro, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE, &b, &anon));
	KT_ASSERT(!anon);
	b->ops->put(b);
	KT_ASSERT_ERR(fs_resolve_for_test((int)ro, PROT_READ | PROT_WRITE,
					  MAP_SHARED, &b, &anon),
		      -EACCES);
	KT_ASSERT_OK(
		fs_resolve_for_test((int)ro, PROT_READ, MAP_SHARED, &b, &anon));
	b->ops->put(b);

	/* rights survive dup, dup2, fcntl and fork, and never grow */
	p = KT_SYS(sys_dup, (uint64_t)ro);
	KT_ASSERT_GE(p, 0);
	KT_ASSERT_ERR(KT_SYS(sys_write, (uint64_t)p, kt_u(KT_BUF), 1), -EBADF);
	KT_ASSERT_EQ(KT_SYS(sys_dup2, (uint64_t)ro, 50), 50);
	KT_ASSERT_ERR(KT_SYS(sys_write, 50, kt_u(KT_BUF), 1), -EBADF);
	KT_ASSERT_EQ(KT_SYS(sys_fcntl, (uint64_t)ro, F_DUPFD_CLOEXEC, 60), 60);
	KT_ASSERT_EQ(KT_SYS(sys_fcntl, 60, F_GETFD), FD_CLOEXEC);
	KT_ASSERT_EQ(KT_SYS(sys_fcntl, 60, F_GETFL) & O_ACCMODE, O_RDONLY);
	/* F_SETFL cannot turn a read-only descriptor into a writable one */
	KT_ASSERT_OK(KT_SYS(sys_fcntl, 60, F_SETFL, O_RDWR | O_APPEND));
	KT_ASSERT_EQ(KT_SYS(sys_fcntl, 60, F_GETFL) & O_ACCMODE, O_RDONLY);
	KT_ASSERT_ERR(KT_SYS(sys_write, 60, kt_u(KT_BUF), 1), -EBADF);
	{
		struct fd_table *child = fd_table_clone(env.fds);
		struct file *f;

		KT_ASSERT_NOT_NULL(child);
		KT_ASSERT_EQ(fd_rights(child, 50), fd_rights(env.fds, 50));
		KT_ASSERT_ERR(fd_get(child, 50, RIGHT_WRITE, &f), -EBADF);
		KT_ASSERT_OK(fd_get(child, 50, RIGHT_READ, &f));
		file_put(f);
		/* execve closes what is close-on-exec, nothing else */
		fd_table_close_on_exec(child);
		KT_ASSERT_EQ(fd_rights(child, 60), 0u);
		KT_ASSERT_NE(fd_rights(child, 50), 0u);
		KT_ASSERT_NE(fd_rights(env.fds, 60), 0u);
		fd_table_put(child);
	}

	/* a write-only descriptor cannot be read or mapped */
	wo = KT_SYS(sys_open, kt_str(0, "/tmp/kt_rights"), O_WRONLY);
	KT_ASSERT_GE(wo, 0);
	KT_ASSERT_ERR(KT_SYS(sys_read, (uint64_t)wo, kt_u(KT_BUF), 1), -EBADF);
	KT_ASSERT_ERR(
		fs_resolve_for_test((int)wo, PROT_READ, MAP_SHARED, &b, &anon),
		-EACCES);
	/* an O_PATH descriptor does neither */
	p = KT_SYS(sys_open, kt_str(0, "/tmp/kt_rights"), O_PATH | O_RDWR);
	KT_ASSERT_GE(p, 0);
	KT_ASSERT_ERR(KT_SYS(sys_read, (uint64_t)p, kt_u(KT_BUF), 1), -EBADF);
	KT_ASSERT_ERR(KT_SYS(sys_write, (uint64_t)p, kt_u(KT_BUF), 1), -EBADF);
	KT_ASSERT_OK(KT_SYS(sys_fstat, (uint64_t)p, kt_u(KT_BUF2)));
	KT_ASSERT_ERR(
		fs_resolve_for_test((int)p, PROT_READ, MAP_PRIVATE, &b, &anon),
		-EACCES);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_rights")));
	kt_env_teardown(&env);
}

KTEST(fs_rights_mmap_backing_and_dev_zero)
{
	struct frame_page *pg;
	struct mm_backing *b;
	struct kt_env env;
	char c = 0;
	bool anon;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	fd = KT_SYS(sys_open, kt_str(0, "/tmp/kt_map"), O_RDWR | O_CREAT, 0600);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_str(0, "mapped"), 6),
		     6);
	KT_ASSERT_OK(fs_resolve_for_test((int)fd, PROT_READ | PROT_WRITE,
					 MAP_SHARED, &b, &anon));
	/* the page a shared mapping gets is the file's */
	KT_ASSERT_OK(b->ops->get_page(b, 0, &pg));
	KT_ASSERT_OK(frame_page_write(pg, 0, "M", 1));
	frame_page_put(pg);
	KT_ASSERT_EQ(KT_SYS(sys_pread64, (uint64_t)fd, kt_u(KT_BUF), 1, 0), 1);
	frame_copy_from_user(&c, uaddr_from_syscall_arg(kt_u(KT_BUF)), 1);
	KT_ASSERT_EQ(c, 'M');
	/* past the end: SIGBUS */
	KT_ASSERT_ERR(b->ops->get_page(b, 1, &pg), -EIO);
	b->ops->put(b);

	fd = KT_SYS(sys_open, kt_str(0, "/dev/zero"), O_RDWR);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_OK(fs_resolve_for_test((int)fd, PROT_READ | PROT_WRITE,
					 MAP_SHARED, &b, &anon));
	KT_ASSERT(anon);
	fd = KT_SYS(sys_open, kt_str(0, "/dev/null"), O_RDWR);
	KT_ASSERT_ERR(
		fs_resolve_for_test((int)fd, PROT_READ, MAP_PRIVATE, &b, &anon),
		-ENODEV);
	KT_ASSERT_ERR(
		fs_resolve_for_test(999, PROT_READ, MAP_PRIVATE, &b, &anon),
		-EBADF);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_map")));
	kt_env_teardown(&env);
}
