/* SPDX-License-Identifier: MIT */
/* execve and execveat: copy the path and the strings in, then exec. */
#include <process/syscalls.h>

#include <fs/fs.h>

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/user.h>

#include "exec_internal.h"

struct exec_req {
	char *path;
	struct file *file; /* AT_EMPTY_PATH: the descriptor's file */
	struct exec_args args;
};

static void exec_req_release(struct exec_req *r)
{
	frame_free(r->path);
	if (r->file)
		file_put(r->file);
	exec_args_release(&r->args);
}

/* The name of a program found from @dirfd: "/dev/fd/@dirfd/" before
 * its relative path, as Linux names it (truncated if it must be). */
static void exec_dirfd_name(struct exec_req *r, int dirfd)
{
	char *name = frame_alloc(EXEC_PATH_MAX);

	if (!name)
		return; /* the name is only for the program's eyes */
	frame_snprintf(name, EXEC_PATH_MAX, "/dev/fd/%d/%s", dirfd, r->path);
	frame_free(r->path);
	r->path = name;
}

/* Decode and copy everything in; nothing of the process changes. */
static int exec_req_decode(struct exec_req *r, int dirfd, uaddr_t upath,
			   uaddr_t argv, uaddr_t envp, unsigned int flags)
{
	ssize_t n;
	int err;

	r->file = NULL;
	exec_args_init(&r->args, proc_rlimit_cur(PROC_RLIMIT_STACK));
	r->path = frame_alloc(EXEC_PATH_MAX);
	if (!r->path)
		return -ENOMEM;
	n = frame_strncpy_from_user(r->path, upath, EXEC_PATH_MAX);
	if (n < 0)
		return (int)n;
	if (n == 0) {
		if (!(flags & AT_EMPTY_PATH))
			return -ENOENT;
		err = fd_get(fd_table_current(), dirfd, RIGHT_EXEC, &r->file);
		if (err)
			return err;
		frame_snprintf(r->path, EXEC_PATH_MAX, "/dev/fd/%d", dirfd);
	} else if ((r->path[0] != '/' && dirfd != AT_FDCWD) ||
		   (flags & AT_SYMLINK_NOFOLLOW)) {
		/* Opened before the strings are read, as Linux does; the
		 * name programs see is the one Linux gives them. */
		err = fs_open_exec_at(dirfd, r->path, flags, &r->file);
		if (err)
			return err;
		if (r->path[0] != '/' && dirfd != AT_FDCWD)
			exec_dirfd_name(r, dirfd);
	}
	return exec_args_from_user(&r->args, argv, envp);
}

static long exec_syscall(int dirfd, uaddr_t path, uaddr_t argv, uaddr_t envp,
			 unsigned int flags)
{
	struct exec_req r;
	long err;

	err = exec_req_decode(&r, dirfd, path, argv, envp, flags);
	if (!err)
		err = exec_do(r.path, r.file, &r.args);
	exec_req_release(&r);
	return err;
}

long sys_execve(const uint64_t a[6])
{
	return exec_syscall(AT_FDCWD, uaddr_from_syscall_arg(a[0]),
			    uaddr_from_syscall_arg(a[1]),
			    uaddr_from_syscall_arg(a[2]), 0);
}

long sys_execveat(const uint64_t a[6])
{
	unsigned int flags = (unsigned int)a[4];

	if (flags & ~(unsigned int)(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	return exec_syscall((int)a[0], uaddr_from_syscall_arg(a[1]),
			    uaddr_from_syscall_arg(a[2]),
			    uaddr_from_syscall_arg(a[3]), flags);
}
