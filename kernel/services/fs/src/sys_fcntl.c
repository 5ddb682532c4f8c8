/* SPDX-License-Identifier: MIT */
/* fcntl(2): descriptor duplication, FD_CLOEXEC, status flags, record
 * locks (sys_lock.c), the rest to the file. */
#include <frame/errno.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define F_SETOWN   8
#define F_GETOWN   9
#define F_SETSIG   10
#define F_GETSIG   11
#define F_SETLEASE 1024
#define F_GETLEASE 1025
#define F_UNLCK	   2

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
		if ((int)arg < 0 || (int)arg >= fd_limit()) {
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
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		ret = fs_fcntl_lock(f, fd_rights(t, fd), cmd, arg);
		break;
	case F_GETOWN:
	case F_SETOWN:
	case F_GETSIG:
	case F_SETSIG:
		ret = 0; /* no SIGIO yet: nobody owns the file */
		break;
	case F_GETLEASE:
		ret = F_UNLCK;
		break;
	default:
		ret = f->ops && f->ops->fcntl ? f->ops->fcntl(f, cmd, arg)
					      : -EINVAL;
		break;
	}
	file_put(f);
	return ret;
}
