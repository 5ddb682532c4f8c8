/* SPDX-License-Identifier: MIT */
/* /proc/PID/{fd/N,cwd,root,exe}: links to what a process has open. */
#include "procfs_internal.h"

#include <fs/fd.h>
#include <fs/synth.h>
#include <process/process.h>

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/heap.h>

enum { LINK_CWD = 1, LINK_ROOT, LINK_EXE, LINK_FD_DIR };

/*
 * A link's target from one of process's path functions (their length or
 * -errno). fs calls link() with its tree lock held, which they rely on.
 */
static int link_emit(struct synth_buf *out, int n, const char *path)
{
	if (n < 0)
		return n == -ESRCH ? -ENOENT : n;
	return synth_write(out, path, (size_t)n);
}

static int link_show(struct inode *node, struct synth_buf *out)
{
	uint64_t key = synth_key(node);
	int32_t pid = procfs_key_pid(key);
	char *path = frame_alloc(PROCFS_PATH_MAX);
	int n, err;

	if (!path)
		return -ENOMEM;
	/* Linux's ptrace read check guards where another process points */
	n = proc_may_inspect(pid);
	if (n) {
		frame_free(path);
		return n == -ESRCH ? -ENOENT : n;
	}
	switch (procfs_key_item(key)) {
	case LINK_CWD:
		n = proc_dir_path(pid, false, path, PROCFS_PATH_MAX);
		break;
	case LINK_ROOT:
		n = proc_dir_path(pid, true, path, PROCFS_PATH_MAX);
		break;
	case LINK_EXE:
		n = proc_exe_path(pid, path, PROCFS_PATH_MAX);
		break;
	default:
		n = -ENOENT;
		break;
	}
	err = link_emit(out, n, path);
	frame_free(path);
	return err;
}

/* fd/N: the key holds N + 1. */
static int link_fd_show(struct inode *node, struct synth_buf *out)
{
	uint64_t key = synth_key(node);
	char *path = frame_alloc(PROCFS_PATH_MAX);
	int n, err;

	if (!path)
		return -ENOMEM;
	n = proc_may_inspect(procfs_key_pid(key));
	if (!n)
		n = proc_fd_path(procfs_key_pid(key),
				 (int)procfs_key_item(key) - 1, path,
				 PROCFS_PATH_MAX);
	/* a descriptor closed since the listing is gone */
	err = link_emit(out, n == -EBADF ? -ENOENT : n, path);
	frame_free(path);
	return err;
}

static const struct synth_ops link_ops = { .link = link_show };
static const struct synth_ops link_fd_ops = { .link = link_fd_show };

/* fd/: one link per open descriptor, named by its number. */
static int link_fd_populate(struct inode *dir, struct synth_fill *fill)
{
	int32_t pid = procfs_key_pid(synth_key(dir));
	int *fds = frame_alloc(FD_MAX * sizeof(int));
	uint32_t uid = 0, gid = 0;
	char name[16];
	int n, err = 0;

	if (!fds)
		return -ENOMEM;
	proc_owner(pid, &uid, &gid);
	synth_fill_owner(fill, uid, gid);
	n = proc_fd_list(pid, fds, FD_MAX);
	if (n > FD_MAX)
		n = FD_MAX;
	for (int i = 0; !err && i < n; i++) {
		unsigned int rights = proc_fd_rights(pid, fds[i]);
		/* Linux: the owner's bits say how the file is open */
		unsigned int mode = (rights & RIGHT_READ ? 0500 : 0) |
				    (rights & RIGHT_WRITE ? 0300 : 0);

		frame_snprintf(name, sizeof(name), "%d", fds[i]);
		err = synth_fill_link_mode(
			fill, name, mode, &link_fd_ops, NULL,
			procfs_key(pid, (uint32_t)fds[i] + 1));
	}
	frame_free(fds);
	/* a zombie's directory is empty; a reaped process's is going */
	return n < 0 && n != -ENOENT ? -ENOENT : err;
}

static const struct synth_ops link_fd_dir_ops = {
	.populate = link_fd_populate,
};

int procfs_pid_fill_links(struct synth_fill *fill, int32_t pid)
{
	static const char *const names[] = { "cwd", "root", "exe" };
	int err = 0;

	for (uint32_t i = 0; !err && i < ARRAY_SIZE(names); i++)
		err = synth_fill_link(fill, names[i], &link_ops, NULL,
				      procfs_key(pid, LINK_CWD + i));
	/* Linux: dr-x------, the owner's only */
	if (!err)
		err = synth_fill_dir(fill, "fd", 0500, &link_fd_dir_ops, NULL,
				     procfs_key(pid, LINK_FD_DIR));
	return err;
}
