/* SPDX-License-Identifier: MIT */
/* fcntl(2): descriptor duplication, FD_CLOEXEC, status flags. */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

long sys_fcntl(const uint64_t a[6])
{
	struct fd_table *t = fd_table_current();
	int fd = fs_fd_arg(a[0]);
	unsigned int cmd = (unsigned int)a[1];
	uint64_t arg = a[2];
	unsigned int need = 0;
	struct file *f;
	long ret;

	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		need = RIGHT_DUP;
	else if (cmd == F_SETFL)
		need = RIGHT_FCNTL;
	ret = fd_get(t, fd, need, &f);
	if (ret)
		return ret;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((int)arg < 0 || (int)arg >= FD_MAX) {
			ret = -EINVAL;
			break;
		}
		ret = fd_install_from(t, (int)arg, f, fd_rights(t, fd),
				      cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		ret = fd_get_cloexec(t, fd);
		break;
	case F_SETFD:
		ret = fd_set_cloexec(t, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = file_flags(f);
		break;
	case F_SETFL:
		file_set_status_flags(f, (unsigned int)arg);
		ret = 0;
		break;
	default:
		ret = -EINVAL;
		break;
	}
	file_put(f);
	return ret;
}
