/* SPDX-License-Identifier: MIT */
/* mount(2), umount2(2): decode the arguments, then act on the mount table. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "mount_ops.h"
#include "sys_util.h"

/* mount(2)'s strings are at most a page, as Linux copies them. */
#define MOUNT_STR_MAX 4096

/*
 * Copy the string at @uptr (NULL stays NULL) into *@out: -EFAULT, or
 * -EINVAL when it does not end within a page; with @truncate (the
 * option data, of which Linux reads one page) a longer one is cut.
 */
static int mount_copy_str(uint64_t uptr, bool truncate, char **out)
{
	char *buf;
	ssize_t n;

	*out = NULL;
	if (!uptr)
		return 0;
	buf = frame_alloc(MOUNT_STR_MAX);
	if (!buf)
		return -ENOMEM;
	n = frame_strncpy_from_user(buf, uaddr_from_syscall_arg(uptr),
				    MOUNT_STR_MAX);
	if (n == -ENAMETOOLONG)
		n = truncate ? 0 : -EINVAL;
	if (n < 0) {
		frame_free(buf);
		return (int)n;
	}
	*out = buf;
	return 0;
}

/* What a mount(2) call asked for, copied in. */
struct mount_req {
	char *source, *type, *data, *target;
	unsigned long flags;
};

static void mount_req_free(struct mount_req *r)
{
	frame_free(r->source);
	frame_free(r->type);
	frame_free(r->data);
	if (r->target)
		fs_path_free(r->target);
}

/* Pick the operation as Linux's do_mount() does, by flags in order. */
static int do_mount(const struct mount_req *r, struct mount *m,
		    struct inode *ino)
{
	unsigned int flags = (unsigned int)r->flags;

	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		return mount_remount(m, ino, NULL, flags);
	if (flags & MS_REMOUNT)
		return mount_remount(m, ino, r->data, flags);
	if (flags & MS_BIND)
		return mount_bind(m, ino, r->source, flags & MS_REC);
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return mount_propagation(m, ino, flags);
	if (flags & MS_MOVE)
		return mount_move(m, ino, r->source);
	return mount_new(m, ino, r->type, r->source, r->data, flags);
}

long sys_mount(const uint64_t a[6])
{
	struct mount_req r = { .flags = (unsigned long)a[3] };
	struct fs_ident id;
	struct inode *ino;
	struct mount *m;
	long ret;

	/* the magic number old callers put in the high bits */
	if ((r.flags & MS_MGC_MSK) == MS_MGC_VAL)
		r.flags &= ~(unsigned long)MS_MGC_MSK;
	ret = mount_copy_str(a[2], false, &r.type);
	if (!ret)
		ret = mount_copy_str(a[0], false, &r.source);
	if (!ret)
		ret = mount_copy_str(a[4], true, &r.data);
	if (!ret)
		ret = fs_path_get(a[1], &r.target);
	if (ret)
		goto out_free;
	ret = vfs_lookup_mnt(AT_FDCWD, r.target, LOOKUP_FOLLOW, &ino, &m);
	if (ret)
		goto out_free;
	fs_ident_current(&id, false);
	if (r.flags & MS_NOUSER)
		ret = -EINVAL;
	else if (!fs_capable(&id))
		ret = -EPERM;
	else
		ret = do_mount(&r, m, ino);
	inode_put(ino);
	mnt_put(m);
out_free:
	mount_req_free(&r);
	return ret;
}

long sys_umount2(const uint64_t a[6])
{
	unsigned int flags = (unsigned int)a[1];
	struct fs_ident id;
	struct inode *ino;
	struct mount *m;
	long ret;

	if (a[1] > 0xffffffffu ||
	    (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)))
		return -EINVAL;
	ret = fs_lookup_user(AT_FDCWD, a[0],
			     (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
			     &ino, &m);
	if (ret)
		return ret;
	fs_ident_current(&id, false);
	ret = fs_capable(&id) ? mount_umount(m, ino, flags) : -EPERM;
	inode_put(ino);
	mnt_put(m);
	return ret;
}
