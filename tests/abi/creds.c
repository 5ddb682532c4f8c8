/* SPDX-License-Identifier: MIT */
/* creds.c - user and group ids: the set*id transitions from root down to
 * an unprivileged user, saved ids, fsuid, supplementary groups, and
 * permission checks that follow them. Each drop runs in a child. */
#include "abi.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>

static void ids(uid_t *r, uid_t *e, uid_t *s)
{
	getresuid(r, e, s);
}

static int drop_setuid(void *arg)
{
	uid_t r, e, s;

	(void)arg;
	CHECK_OK("setuid.root_sets_all", setuid(1000));
	ids(&r, &e, &s);
	CHECK("setuid.all_three", r == 1000 && e == 1000 && s == 1000);
	CHECK_ERR("setuid.back_eperm", setuid(0), EPERM);
	CHECK_ERR("seteuid.back_eperm", seteuid(0), EPERM);
	CHECK_OK("setuid.same", setuid(1000));
	CHECK_ERR("setgroups.unprivileged", setgroups(0, NULL), EPERM);
	CHECK_ERR("setgid.unprivileged", setgid(5), EPERM);
	CHECK_ERR("open.root_file_eacces", open("secret", O_RDONLY), EACCES);
	CHECK_ERR("access.root_file_eacces", access("secret", R_OK), EACCES);
	CHECK_ERR("kill.other_user_eperm", kill(1, 0), EPERM);
	return 0;
}

static int drop_setresuid(void *arg)
{
	uid_t r, e, s;
	gid_t gr, ge, gs, g[8];

	(void)arg;
	CHECK_OK("setgroups.root", setgroups(2, (gid_t[]){ 5, 6 }));
	CHECK_EQ("getgroups.count", getgroups(0, NULL), 2);
	CHECK_ERR("getgroups.small", getgroups(1, g), EINVAL);
	CHECK("getgroups.values",
	      getgroups(8, g) == 2 && g[0] == 5 && g[1] == 6);
	CHECK_OK("setresgid.root", setresgid(100, 101, 102));
	getresgid(&gr, &ge, &gs);
	CHECK("getresgid.values", gr == 100 && ge == 101 && gs == 102);
	CHECK_EQ("getgid.real", getgid(), 100);
	CHECK_EQ("getegid.effective", getegid(), 101);
	CHECK_OK("setresuid.root", setresuid(1000, 1001, 1002));
	ids(&r, &e, &s);
	CHECK("getresuid.values", r == 1000 && e == 1001 && s == 1002);
	CHECK_EQ("getuid.real", getuid(), 1000);
	CHECK_EQ("geteuid.effective", geteuid(), 1001);
	CHECK_EQ("setfsuid.follows_euid", setfsuid(-1), 1001);
	/* Unprivileged: any of real, effective, saved may be taken. */
	CHECK_OK("seteuid.to_saved", seteuid(1002));
	CHECK_EQ("seteuid.effective", geteuid(), 1002);
	CHECK_EQ("fsuid.follows_seteuid", setfsuid(-1), 1002);
	CHECK_OK("seteuid.to_real", seteuid(1000));
	CHECK_ERR("seteuid.other_eperm", seteuid(1234), EPERM);
	CHECK_ERR("setresuid.other_eperm", setresuid(-1, 1234, -1), EPERM);
	CHECK_OK("setresuid.unchanged", setresuid(-1, -1, -1));
	ids(&r, &e, &s);
	CHECK("setresuid.unchanged_values",
	      r == 1000 && e == 1000 && s == 1002);
	/* setuid by a non-root process changes only the effective id. */
	CHECK_OK("setuid.unprivileged", setuid(1002));
	ids(&r, &e, &s);
	CHECK("setuid.only_effective", r == 1000 && e == 1002 && s == 1002);
	/* setreuid: setting the real id, or euid != old ruid, sets saved. */
	CHECK_OK("setreuid.swap", setreuid(1002, 1000));
	ids(&r, &e, &s);
	CHECK("setreuid.saved_follows", r == 1002 && e == 1000 && s == 1000);
	setfsuid(4321);
	CHECK_EQ("setfsuid.unprivileged_ignored", setfsuid(-1), 1000);
	CHECK_ERR("setuid.now_eperm", setuid(0), EPERM);
	return 0;
}

static int root_fsuid(void *arg)
{
	(void)arg;
	CHECK_EQ("setfsuid.root_old", setfsuid(1000), 0);
	CHECK_EQ("setfsuid.root_new", setfsuid(-1), 1000);
	CHECK_ERR("fsuid.denies_open", open("secret", O_RDONLY), EACCES);
	CHECK_EQ("setfsgid.root_old", setfsgid(50), 0);
	CHECK_EQ("getuid.unchanged", getuid(), 0);
	return 0;
}

int main(int argc, char **argv)
{
	int fd;

	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	chmod(abi_dir, 0755);
	CHECK_EQ("getuid.root", getuid(), 0);
	CHECK_EQ("geteuid.root", geteuid(), 0);
	fd = open("secret", O_CREAT | O_WRONLY, 0600);
	close(fd);
	CHECK_CHILD_OK("drop.setuid", abi_in_child(drop_setuid, NULL));
	CHECK_CHILD_OK("drop.setresuid", abi_in_child(drop_setresuid, NULL));
	CHECK_CHILD_OK("root.fsuid", abi_in_child(root_fsuid, NULL));
	CHECK_EQ("getuid.parent_unchanged", getuid(), 0);
	CHECK_ERR("setgroups.negative", setgroups((size_t)-1, NULL), EINVAL);
	return abi_end();
}
