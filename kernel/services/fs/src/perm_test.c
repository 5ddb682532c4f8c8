/* SPDX-License-Identifier: MIT */
/* ktests of permission checks with a non-root caller. */
#include <cred/cred.h>
#include <frame/ktest.h>

#include "fs_test.h"

/* Run as uid/gid 1000 (fs ids too), with supplementary group 50. */
static int kt_become_user(void)
{
	const uint32_t groups[] = { 50 };
	struct cred *c = cred_dup(cred_current());
	int err;

	if (!c)
		return -ENOMEM;
	c->uid = c->euid = c->suid = c->fsuid = 1000;
	c->gid = c->egid = c->sgid = c->fsgid = 1000;
	err = cred_set_groups(c, groups, 1);
	if (!err)
		err = cred_attach(task_current(), c);
	cred_put(c);
	return err;
}

static void kt_become_root(void)
{
	struct cred *r = cred_root();

	cred_attach(task_current(), r);
	cred_put(r);
}

KTEST(fs_perm_mode_bits_and_groups)
{
	struct kt_env env;

	KT_ASSERT_OK(kt_env_setup(&env));
	/* as root: a private file, a group-50 file, a closed directory */
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_perm"), 0755));
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_str(0, "/kt_perm/root600"), 0600), 0);
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_str(0, "/kt_perm/g50"), 0640), 0);
	{
		struct inode *i;

		KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_perm/g50", 0, &i));
		i->gid = 50;
		inode_put(i);
	}
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_perm/closed"), 0700));
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_str(0, "/kt_perm/closed/f"), 0666),
		     0);
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_str(0, "/tmp/kt_rootfile"), 0666), 0);

	KT_ASSERT_OK(kt_become_user());
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/kt_perm/root600"), O_RDONLY),
		      -EACCES);
	KT_ASSERT_ERR(KT_SYS(sys_access, kt_str(0, "/kt_perm/root600"), R_OK),
		      -EACCES);
	KT_ASSERT_OK(KT_SYS(sys_access, kt_str(0, "/kt_perm/root600"), F_OK));
	/* a supplementary group grants the group bits */
	KT_ASSERT_GE(KT_SYS(sys_open, kt_str(0, "/kt_perm/g50"), O_RDONLY), 0);
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/kt_perm/g50"), O_WRONLY),
		      -EACCES);
	/* no search permission on a directory: nothing under it */
	KT_ASSERT_ERR(
		KT_SYS(sys_open, kt_str(0, "/kt_perm/closed/f"), O_RDONLY),
		-EACCES);
	KT_ASSERT_ERR(KT_SYS(sys_chdir, kt_str(0, "/kt_perm/closed")), -EACCES);
	/* no write permission on the directory: no new names */
	KT_ASSERT_ERR(KT_SYS(sys_creat, kt_str(0, "/kt_perm/mine"), 0644),
		      -EACCES);
	KT_ASSERT_ERR(KT_SYS(sys_mkdir, kt_str(0, "/kt_perm/d"), 0755),
		      -EACCES);
	KT_ASSERT_ERR(KT_SYS(sys_unlink, kt_str(0, "/kt_perm/g50")), -EACCES);
	/* only the owner changes the mode */
	KT_ASSERT_ERR(KT_SYS(sys_chmod, kt_str(0, "/kt_perm/g50"), 0777),
		      -EPERM);
	/* /tmp is sticky: my files are mine to remove, root's are not */
	KT_ASSERT_GE(KT_SYS(sys_creat, kt_str(0, "/tmp/kt_userfile"), 0600), 0);
	{
		struct inode *i;

		KT_ASSERT_OK(
			vfs_lookup_at(AT_FDCWD, "/tmp/kt_userfile", 0, &i));
		KT_ASSERT_EQ(i->uid, 1000u);
		KT_ASSERT_EQ(i->mode, S_IFREG | 0600u);
		inode_put(i);
	}
	KT_ASSERT_OK(KT_SYS(sys_chmod, kt_str(0, "/tmp/kt_userfile"), 0640));
	KT_ASSERT_ERR(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_rootfile")),
		      -EPERM);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_userfile")));
	/* exec needs an x bit and a regular file */
	{
		struct file *f;

		KT_ASSERT_ERR(fs_open_exec("/kt_perm/g50", &f), -EACCES);
		KT_ASSERT_ERR(fs_open_exec("/kt_perm", &f), -EACCES);
		KT_ASSERT_ERR(fs_open_exec("/kt_perm/none", &f), -ENOENT);
		KT_ASSERT_ERR(fs_open_exec("/kt_perm/g50/x", &f), -ENOTDIR);
	}
	kt_become_root();
	/* root reads anything, but executes only what has an x bit */
	KT_ASSERT_GE(KT_SYS(sys_open, kt_str(0, "/kt_perm/closed/f"), O_RDWR),
		     0);
	{
		struct file *f;

		KT_ASSERT_ERR(fs_open_exec("/kt_perm/g50", &f), -EACCES);
		KT_ASSERT_OK(
			KT_SYS(sys_chmod, kt_str(0, "/kt_perm/g50"), 0750));
		KT_ASSERT_OK(fs_open_exec("/kt_perm/g50", &f));
		file_put(f);
	}
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_rootfile")));
	kt_env_teardown(&env);
}
