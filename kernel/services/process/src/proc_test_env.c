/* SPDX-License-Identifier: MIT */
/* The ktests' process set-up, shared with the syscall layer's ktests. */
#include <process/test_env.h>

#include <fs/abi.h>
#include <fs/fs.h>
#include <fs/syscalls.h>
#include <mm/mm.h>
#include <process/process.h>
#include <signal/signal.h>

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/vm.h>

#define PROC_TEST_PATH_MAX 256

int proc_test_env_up(struct proc_test_env *e, size_t pages)
{
	struct mm_map_req req = { 0 };
	uaddr_t at;
	int err;

	err = signal_init();
	if (!err)
		err = fs_init();
	if (!err)
		err = proc_init();
	if (err)
		return err;
	e->files = fd_table_create();
	e->fs = fs_ctx_create();
	e->mm = mm_create();
	if (!e->files || !e->fs || !e->mm)
		return -ENOMEM;
	err = fs_attach(task_current(), e->files, e->fs);
	if (err)
		return err;
	vm_space_activate(mm_space(e->mm));
	req.len = pages * VM_PAGE_SIZE;
	req.prot = PROT_READ | PROT_WRITE;
	req.flags = MAP_PRIVATE | MAP_ANONYMOUS;
	err = mm_map(e->mm, &req, &at);
	e->buf = uaddr_value(at);
	return err;
}

void proc_test_env_down(struct proc_test_env *e)
{
	vm_space_activate(NULL);
	fs_attach(task_current(), NULL, NULL);
	if (e->mm)
		mm_put(e->mm);
	if (e->files)
		fd_table_put(e->files);
	if (e->fs)
		fs_ctx_put(e->fs);
}

/* @path into the buffer's first page. */
static int proc_test_put_path(struct proc_test_env *e, const char *path)
{
	return mm_write(e->mm, uaddr_from_syscall_arg(e->buf), path,
			strnlen(path, PROC_TEST_PATH_MAX) + 1);
}

int proc_test_write_file(struct proc_test_env *e, const char *path,
			 const void *data, size_t len, unsigned int mode)
{
	uint64_t a[6] = { 0 };
	long fd, n;

	if (proc_test_put_path(e, path) ||
	    mm_write(e->mm, uaddr_from_syscall_arg(e->buf + VM_PAGE_SIZE), data,
		     len))
		return -EFAULT;
	a[0] = (uint64_t)AT_FDCWD;
	a[1] = e->buf;
	a[2] = O_CREAT | O_WRONLY | O_TRUNC;
	a[3] = mode;
	fd = sys_openat(a);
	if (fd < 0)
		return (int)fd;
	a[0] = (uint64_t)fd;
	a[1] = e->buf + VM_PAGE_SIZE;
	a[2] = len;
	n = sys_write(a);
	a[0] = (uint64_t)fd;
	sys_close(a);
	return n == (long)len ? 0 : -EIO;
}

int proc_test_mkdir(struct proc_test_env *e, const char *path)
{
	uint64_t a[6] = { (uint64_t)AT_FDCWD, e->buf, 0755 };

	if (proc_test_put_path(e, path))
		return -EFAULT;
	return (int)sys_mkdirat(a);
}
