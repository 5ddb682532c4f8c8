/* SPDX-License-Identifier: MIT */
/* ktests of mounts: crossings both ways, busy and lazy umounts, binds,
 * options, per-mount space, the table's rendering. */
#include <frame/heap.h>
#include <frame/ktest.h>

#include <fs/synth.h>

#include "fs_test.h"
#include "mount_ops.h"

#define FDCWD ((uint64_t)(int64_t)AT_FDCWD)

static long kt_mount(const char *src, const char *dst, const char *type,
		     uint64_t flags, const char *data)
{
	return KT_SYS(sys_mount, src ? kt_str(0, src) : 0, kt_str(1024, dst),
		      type ? kt_str(2048, type) : 0, flags,
		      data ? kt_str(3072, data) : 0);
}

static long kt_umount(const char *p, uint64_t flags)
{
	return KT_SYS(sys_umount2, kt_str(0, p), flags);
}

static struct inode *kt_look(const char *p)
{
	struct inode *ino = NULL;

	if (vfs_lookup_at(AT_FDCWD, p, LOOKUP_FOLLOW, &ino))
		return NULL;
	inode_put(ino); /* the tree keeps it: only its identity is used */
	return ino;
}

/* Whether the table as /proc/mounts (or mountinfo) shows it has @s. */
static bool kt_show_has(int (*show)(struct synth_buf *b), const char *s)
{
	struct synth_buf b = { 0 };
	bool found = false;
	size_t n = strnlen(s, 256);

	if (show(&b) == 0)
		for (size_t i = 0; i + n <= b.len && !found; i++)
			found = memcmp(b.data + i, s, n) == 0;
	synth_buf_free(&b);
	return found;
}

static bool kt_table_has(const char *s)
{
	return kt_show_has(fs_mounts_show, s);
}

KTEST(fs_mount_tmpfs_crossing_and_dotdot)
{
	struct inode *dir, *root;
	struct kt_env env;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_mnt"), 0755));
	dir = kt_look("/kt_mnt");
	KT_ASSERT_OK(kt_mount("none", "/kt_mnt", "tmpfs", 0, "size=8k"));
	root = kt_look("/kt_mnt");
	KT_ASSERT(root && root != dir);
	KT_ASSERT_EQ(kt_look("/kt_mnt/.."), vfs_root);
	KT_ASSERT_EQ(kt_look("/kt_mnt/../kt_mnt"), root);
	KT_ASSERT(kt_table_has("none /kt_mnt tmpfs rw,relatime,size=8k 0 0"));
	/* two pages, then ENOSPC: the mount's own limit */
	fd = KT_SYS(sys_open, kt_str(0, "/kt_mnt/f"), O_CREAT | O_RDWR, 0600);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF2), 3 * 4096),
		     2 * 4096);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF2), 1),
		     -ENOSPC);
	/* busy while the file is open, then not */
	KT_ASSERT_EQ(kt_umount("/kt_mnt", 0), -EBUSY);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	KT_ASSERT_OK(kt_umount("/kt_mnt", 0));
	KT_ASSERT_EQ(kt_look("/kt_mnt"), dir);
	KT_ASSERT(!kt_table_has(" /kt_mnt "));
	KT_ASSERT_EQ(kt_umount("/kt_mnt", 0), -EINVAL);
	KT_ASSERT_OK(KT_SYS(sys_rmdir, kt_str(0, "/kt_mnt")));
	kt_env_teardown(&env);
}

KTEST(fs_mount_lazy_detach_keeps_open_files)
{
	struct kt_env env;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_lazy"), 0755));
	KT_ASSERT_OK(kt_mount("none", "/kt_lazy", "tmpfs", 0, NULL));
	fd = KT_SYS(sys_open, kt_str(0, "/kt_lazy/f"), O_CREAT | O_RDWR, 0600);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_str(0, "abc"), 3), 3);
	KT_ASSERT_OK(kt_umount("/kt_lazy", MNT_DETACH));
	KT_ASSERT_EQ(KT_SYS(sys_access, kt_str(0, "/kt_lazy/f"), 0), -ENOENT);
	KT_ASSERT_EQ(KT_SYS(sys_pread64, (uint64_t)fd, kt_u(KT_BUF), 3, 0), 3);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	KT_ASSERT_OK(KT_SYS(sys_rmdir, kt_str(0, "/kt_lazy")));
	kt_env_teardown(&env);
}

KTEST(fs_mount_rbind_and_readonly)
{
	struct kt_env env;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_src"), 0755));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_src/sub"), 0755));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_dst"), 0755));
	KT_ASSERT_OK(kt_mount("none", "/kt_src/sub", "tmpfs", 0, NULL));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_src/sub/in"), 0755));
	/* MS_REC carries the mount below the source along */
	KT_ASSERT_OK(
		kt_mount("/kt_src", "/kt_dst", NULL, MS_BIND | MS_REC, NULL));
	KT_ASSERT_EQ(kt_look("/kt_dst/sub/in"), kt_look("/kt_src/sub/in"));
	/* a bind's root is its directory inside the file system */
	KT_ASSERT(kt_show_has(fs_mountinfo_show,
			      " 0:26 /kt_src /kt_dst rw - rootfs rootfs rw"));
	KT_ASSERT_OK(kt_mount(NULL, "/kt_dst", NULL,
			      MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
	KT_ASSERT_EQ(KT_SYS(sys_mkdir, kt_str(0, "/kt_dst/x"), 0755), -EROFS);
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_src/x"), 0755));
	/* the copy of the submount kept its own (writable) flags */
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_dst/sub/y"), 0755));
	KT_ASSERT_EQ(KT_SYS(sys_rename, kt_str(0, "/kt_src/x"),
			    kt_str(1024, "/kt_dst/z")),
		     -EXDEV);
	KT_ASSERT_EQ(kt_umount("/kt_dst", 0), -EBUSY); /* its submount */
	KT_ASSERT_OK(kt_umount("/kt_dst", MNT_DETACH));
	KT_ASSERT_OK(kt_umount("/kt_src/sub", 0));
	KT_ASSERT_OK(KT_SYS(sys_rmdir, kt_str(0, "/kt_src/x")));
	KT_ASSERT_OK(KT_SYS(sys_rmdir, kt_str(0, "/kt_src/sub")));
	KT_ASSERT_OK(KT_SYS(sys_rmdir, kt_str(0, "/kt_src")));
	KT_ASSERT_OK(KT_SYS(sys_rmdir, kt_str(0, "/kt_dst")));
	kt_env_teardown(&env);
}

KTEST(fs_mount_options_parse)
{
	struct mount_opts o = { .mode = 01777 };

	KT_ASSERT_OK(mount_opts_parse("size=1m,mode=0755,uid=5,,ro", true, &o));
	KT_ASSERT_EQ(o.size_pages, 256);
	KT_ASSERT_EQ(o.mode, 0755);
	KT_ASSERT_EQ(o.uid, 5);
	KT_ASSERT(o.sb_flags & MS_RDONLY);
	KT_ASSERT_OK(mount_opts_parse("rw,nr_blocks=3", true, &o));
	KT_ASSERT(!(o.sb_flags & MS_RDONLY));
	KT_ASSERT_EQ(o.size_pages, 3);
	KT_ASSERT_EQ(mount_opts_parse("size=", true, &o), -EINVAL);
	KT_ASSERT_EQ(mount_opts_parse("size=1x", true, &o), -EINVAL);
	KT_ASSERT_EQ(mount_opts_parse("mode=8", true, &o), -EINVAL);
	KT_ASSERT_EQ(mount_opts_parse("bogus", true, &o), -EINVAL);
	KT_ASSERT_EQ(mount_opts_parse("bogus", false, &o), -EINVAL);
	o.lenient = true;
	KT_ASSERT_OK(mount_opts_parse("hidepid=2", false, &o));
	o.lenient = false;
	o.ramfs = true;
	KT_ASSERT_OK(mount_opts_parse("size=1q,mode=700,x", true, &o));
	KT_ASSERT_EQ(o.mode, 0700);
	KT_ASSERT_EQ(mount_opts_parse("mode=9", true, &o), -EINVAL);
	KT_ASSERT_EQ(mount_mnt_flags(0), MS_RELATIME);
	KT_ASSERT_EQ(mount_mnt_flags(MS_NOATIME | MS_NOEXEC),
		     MS_NOATIME | MS_NOEXEC);
	KT_ASSERT_EQ(mount_mnt_flags(MS_STRICTATIME), 0);
}

KTEST(fs_mount_errors)
{
	struct kt_env env;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_EQ(kt_mount("none", "/tmp", "nosuchfs", 0, NULL), -ENODEV);
	KT_ASSERT_EQ(kt_mount("none", "/nowhere", "tmpfs", 0, NULL), -ENOENT);
	KT_ASSERT_EQ(kt_mount("none", "/dev/null", "tmpfs", 0, NULL), -ENOTDIR);
	KT_ASSERT_EQ(kt_mount("none", "/tmp", NULL, 0, NULL), -EINVAL);
	KT_ASSERT_EQ(kt_mount("none", "/tmp", "tmpfs", 0, "size=1q"), -EINVAL);
	/* devtmpfs is on /dev already: the same instance twice is EBUSY */
	KT_ASSERT_EQ(kt_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL), -EBUSY);
	KT_ASSERT_EQ(kt_umount("/", 0), -EBUSY);
	KT_ASSERT_EQ(kt_umount("/tmp", 0x100), -EINVAL);
	KT_ASSERT_EQ(KT_SYS(sys_umount2, 1, 0), -EFAULT);
	KT_ASSERT(kt_table_has("devtmpfs /dev devtmpfs rw,nosuid,relatime"));
	kt_env_teardown(&env);
}
