/* SPDX-License-Identifier: MIT */
/* memfd_create(2): a nameless regular ramfs file. */
#include <frame/errno.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define MFD_CLOEXEC	  0x1u
#define MFD_ALLOW_SEALING 0x2u
#define MFD_HUGETLB	  0x4u
#define MFD_NOEXEC_SEAL	  0x8u
#define MFD_EXEC	  0x10u
#define MFD_NAME_MAX	  249 /* NAME_MAX minus "memfd:" */

long sys_memfd_create(const uint64_t a[6])
{
	unsigned int flags = (unsigned int)a[1];
	struct fd_table *t = fd_table_current();
	char name[MFD_NAME_MAX + 1];
	struct fs_ident id;
	struct inode *ino;
	struct file *f;
	ssize_t n;
	long ret;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL |
		      MFD_EXEC | MFD_HUGETLB))
		return -EINVAL;
	if (flags & MFD_HUGETLB)
		return -EINVAL; /* no huge pages here */
	n = frame_strncpy_from_user(name, uaddr_from_syscall_arg(a[0]),
				    sizeof(name));
	if (n == -ENAMETOOLONG)
		return -EINVAL;
	if (n < 0)
		return n;
	if (!t)
		return -EBADF;
	fs_ident_current(&id, false);
	ino = inode_alloc(S_IFREG | 0777, id.uid, id.gid);
	if (!ino)
		return -ENOMEM;
	/* No name: nlink stays 0, and the file goes with its last user. */
	ret = vfs_open_inode(ino, O_RDWR | O_LARGEFILE, &f);
	inode_put(ino);
	if (ret)
		return ret;
	ret = fd_install(t, f, fd_rights_for_oflags(O_RDWR),
			 flags & MFD_CLOEXEC);
	file_put(f);
	return ret;
}
