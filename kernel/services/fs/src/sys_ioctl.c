/* SPDX-License-Identifier: MIT */
/* ioctl(2): FIOCLEX/FIONCLEX/FIONBIO here, the rest to the file. */
#include <frame/errno.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define FIONCLEX 0x5450u
#define FIOCLEX	 0x5451u
#define FIONBIO	 0x5421u

long sys_ioctl(const uint64_t a[6])
{
	struct fd_table *t = fd_table_current();
	int fd = fs_fd_arg(a[0]);
	unsigned int cmd = (unsigned int)a[1];
	struct file *f;
	long ret;

	ret = fd_get(t, fd, RIGHT_IOCTL, &f);
	if (ret)
		return ret;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		ret = fd_set_cloexec(t, fd, cmd == FIOCLEX);
		break;
	case FIONBIO: {
		int on;

		ret = frame_copy_from_user(&on, uaddr_from_syscall_arg(a[2]),
					   sizeof(on));
		if (ret)
			break;
		file_set_status_flags(
			f, on ? file_flags(f) | O_NONBLOCK
			      : file_flags(f) & ~(unsigned int)O_NONBLOCK);
		break;
	}
	default:
		ret = f->ops && f->ops->ioctl ? f->ops->ioctl(f, cmd, a[2])
					      : -ENOTTY;
		break;
	}
	file_put(f);
	return ret;
}
