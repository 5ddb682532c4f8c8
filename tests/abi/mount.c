/* SPDX-License-Identifier: MIT */
/* mount.c - mount(2) and umount2(2): tmpfs with size= and mode=, busy and
 * lazy umounts, bind mounts, read-only remounts (EROFS on every write
 * path), EXDEV across mounts, ".." from a mount root, the mount table in
 * /proc (and in a chroot), noexec, nodev and nosuid, MS_MOVE, and the
 * errors of bad calls. */
#include "abi.h"
#include "procfs.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>

#define TMPFS_MAGIC_ 0x01021994

static char mounts[65536];
static char path_m[256], path_b[256], path_x[256];

/* A tmpfs of 64 KiB: files, ENOSPC, statfs, the mode of its root. */
static void test_tmpfs(void)
{
	struct stat st, here;
	struct statfs sf;
	char page[4096];
	long total = 0;
	ssize_t n;
	int fd;

	memset(page, 'x', sizeof(page));
	CHECK_OK("tmpfs.mount",
		 mount("none", "m", "tmpfs", 0, "size=64k,mode=0700"));
	CHECK("tmpfs.root_mode", stat("m", &st) == 0 && S_ISDIR(st.st_mode) &&
					 (st.st_mode & 07777) == 0700);
	CHECK("tmpfs.own_dev", stat(".", &here) == 0 && stat("m", &st) == 0 &&
				       st.st_dev != here.st_dev);
	fd = CHECK_OK("tmpfs.create", open("m/f", O_CREAT | O_RDWR, 0644));
	CHECK_EQ("tmpfs.write", write(fd, "hello", 5), 5);
	close(fd);
	CHECK("tmpfs.statfs", statfs("m", &sf) == 0 &&
				      sf.f_type == TMPFS_MAGIC_ &&
				      sf.f_blocks == 16 && sf.f_bsize == 4096);
	fd = open("m/big", O_CREAT | O_WRONLY, 0644);
	while ((n = write(fd, page, sizeof(page))) > 0 && total < (1 << 20))
		total += n;
	CHECK("tmpfs.enospc",
	      n == -1 && errno == ENOSPC && total > 0 && total <= 16 * 4096);
	close(fd);
	CHECK_OK("tmpfs.unlink_frees", unlink("m/big"));
	fd = open("m/again", O_CREAT | O_WRONLY, 0644);
	CHECK_EQ("tmpfs.space_back", write(fd, page, sizeof(page)), 4096);
	close(fd);
	unlink("m/again");
}

/* ramfs: no limit, no blocks in statfs, its options ignored but mode=. */
static void test_ramfs(void)
{
	struct statfs sf;
	struct stat st;
	int fd;

	CHECK_OK("ramfs.mount",
		 mount("none", "m", "ramfs", 0, "mode=0711,size=1k,whatever"));
	CHECK("ramfs.statfs", statfs("m", &sf) == 0 &&
				      sf.f_type == 0x858458f6 &&
				      sf.f_blocks == 0);
	CHECK("ramfs.mode",
	      stat("m", &st) == 0 && (st.st_mode & 07777) == 0711);
	fd = CHECK_OK("ramfs.create", open("m/f", O_CREAT | O_WRONLY, 0600));
	CHECK_EQ("ramfs.write", write(fd, "12345678", 8), 8);
	close(fd);
	CHECK("ramfs.table",
	      slurp("/proc/mounts", mounts, sizeof(mounts)) > 0 &&
		      strstr(mounts, "none ") &&
		      strstr(mounts, " ramfs rw,relatime,mode=711"));
	CHECK_ERR("ramfs.bad_mode", mount("none", "b", "ramfs", 0, "mode=9"),
		  EINVAL);
	CHECK_OK("ramfs.umount", umount2("m", 0));
}

/* ".." from the root of a mount is the directory it is mounted on's
 * parent; getcwd crosses mounts. */
static void test_dotdot(void)
{
	struct stat up, here;
	char cwd[256];

	CHECK("dotdot.stat", stat("m/..", &up) == 0 && stat(".", &here) == 0 &&
				     up.st_ino == here.st_ino &&
				     up.st_dev == here.st_dev);
	CHECK_OK("dotdot.chdir_in", chdir("m"));
	CHECK("dotdot.getcwd",
	      getcwd(cwd, sizeof(cwd)) && strcmp(cwd, path_m) == 0);
	CHECK_OK("dotdot.chdir_up", chdir(".."));
	CHECK("dotdot.back",
	      getcwd(cwd, sizeof(cwd)) && strcmp(cwd, abi_dir) == 0);
}

/* The new mount in /proc/self/mountinfo and /proc/mounts. */
static void test_table(void)
{
	char want[512];

	CHECK("table.mountinfo",
	      slurp("/proc/self/mountinfo", mounts, sizeof(mounts)) > 0 &&
		      snprintf(want, sizeof(want),
			       " / %s rw,relatime - tmpfs none "
			       "rw,size=64k,mode=700",
			       path_m) > 0 &&
		      strstr(mounts, want) != NULL);
	CHECK("table.mounts",
	      slurp("/proc/mounts", mounts, sizeof(mounts)) > 0 &&
		      snprintf(want, sizeof(want),
			       "none %s tmpfs rw,relatime,size=64k,mode=700",
			       path_m) > 0 &&
		      strstr(mounts, want) != NULL);
	if (!strstr(mounts, want)) {
		/* the table on one line, for the log */
		for (char *c = mounts; *c; c++)
			if (*c == '\n')
				*c = '|';
		abi_note("/proc/mounts: %.400s", mounts);
	}
	CHECK("table.devtmpfs", strstr(mounts, " /dev devtmpfs rw") != NULL);
	CHECK("table.proc", strstr(mounts, "proc /proc proc rw") != NULL);
}

/* rename and link do not cross mounts, even to a bind of the same one. */
static void test_exdev(void)
{
	CHECK_ERR("exdev.rename", rename("m/f", "g"), EXDEV);
	CHECK_ERR("exdev.link", link("m/f", "g"), EXDEV);
	CHECK_ERR("exdev.rename_bind", rename("m/f", "b/f2"), EXDEV);
	CHECK_OK("exdev.rename_inside", rename("m/f", "m/f2"));
	CHECK_OK("exdev.rename_back", rename("m/f2", "m/f"));
}

/* A bind mount shows the same files: both ways, the same inode. */
static void test_bind(void)
{
	struct stat a, b;
	int fd;

	CHECK_OK("bind.mount", mount("m", "b", NULL, MS_BIND, NULL));
	CHECK("bind.same_inode", stat("m/f", &a) == 0 && stat("b/f", &b) == 0 &&
					 a.st_ino == b.st_ino &&
					 a.st_dev == b.st_dev);
	fd = CHECK_OK("bind.create", open("b/new", O_CREAT | O_WRONLY, 0600));
	close(fd);
	CHECK_OK("bind.seen", access("m/new", F_OK));
	CHECK_OK("bind.unlink", unlink("m/new"));
	CHECK_ERR("bind.gone", access("b/new", F_OK), ENOENT);
	CHECK_ERR("bind.enoent", mount("nowhere", "b", NULL, MS_BIND, NULL),
		  ENOENT);
}

/* A read-only bind: EROFS on every write path there, the other mount of
 * the same tmpfs still writable; then the whole tmpfs read-only. */
static void test_rdonly(void)
{
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct statfs sf;
	int fd;

	/* not read-only while a file writes there */
	fd = open("b/f", O_WRONLY);
	CHECK_ERR(
		"ro.busy_bind",
		mount(NULL, "b", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
		EBUSY);
	CHECK_ERR("ro.busy_sb",
		  mount(NULL, "m", NULL, MS_REMOUNT | MS_RDONLY, NULL), EBUSY);
	close(fd);
	CHECK_OK(
		"ro.remount_bind",
		mount(NULL, "b", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
	CHECK("ro.statfs", statfs("b", &sf) == 0 && (sf.f_flags & ST_RDONLY));
	CHECK("ro.statfs_other",
	      statfs("m", &sf) == 0 && !(sf.f_flags & ST_RDONLY));
	CHECK_ERR("ro.open_write", open("b/f", O_WRONLY), EROFS);
	CHECK_ERR("ro.open_trunc", open("b/f", O_RDONLY | O_TRUNC), EROFS);
	CHECK_ERR("ro.create", open("b/nf", O_CREAT | O_WRONLY, 0600), EROFS);
	CHECK_ERR("ro.mkdir", mkdir("b/d", 0700), EROFS);
	CHECK_ERR("ro.unlink", unlink("b/f"), EROFS);
	CHECK_ERR("ro.rename", rename("b/f", "b/f3"), EROFS);
	CHECK_ERR("ro.symlink", symlink("f", "b/l"), EROFS);
	CHECK_ERR("ro.chmod", chmod("b/f", 0600), EROFS);
	CHECK_ERR("ro.utimensat", utimensat(AT_FDCWD, "b/f", ts, 0), EROFS);
	CHECK_ERR("ro.truncate", truncate("b/f", 0), EROFS);
	CHECK_ERR("ro.access_w", access("b/f", W_OK), EROFS);
	fd = CHECK_OK("ro.open_read", open("b/f", O_RDONLY));
	close(fd);
	fd = CHECK_OK("ro.other_writable", open("m/f", O_WRONLY));
	close(fd);
	/* the file system itself read-only: both of its mounts */
	CHECK_OK("ro.remount_sb",
		 mount(NULL, "m", NULL, MS_REMOUNT | MS_RDONLY, NULL));
	CHECK_ERR("ro.sb_create", open("m/nf", O_CREAT | O_WRONLY, 0600),
		  EROFS);
	CHECK_OK("ro.remount_rw", mount(NULL, "m", NULL, MS_REMOUNT, NULL));
	fd = CHECK_OK("ro.rw_again", open("m/nf", O_CREAT | O_WRONLY, 0600));
	close(fd);
	unlink("m/nf");
	CHECK_ERR("ro.remount_not_root",
		  mount(NULL, "m/..", NULL, MS_REMOUNT, NULL), EINVAL);
}

/* umount refuses a mount in use (an open file, a cwd inside, a mount on
 * it), takes a lazy detach, and says EINVAL for a non-mountpoint. */
static void test_umount(void)
{
	char buf[8];
	int fd;

	CHECK_OK("umount.submount_dir", mkdir("m/sub", 0755));
	CHECK_OK("umount.submount", mount("none", "m/sub", "tmpfs", 0, NULL));
	CHECK_ERR("umount.busy_submount", umount2("m", 0), EBUSY);
	CHECK_OK("umount.submount_umount", umount2("m/sub", 0));
	CHECK_OK("umount.bind", umount2("b", 0));
	CHECK_ERR("umount.not_mountpoint", umount2("b", 0), EINVAL);
	fd = open("m/f", O_RDONLY);
	CHECK_ERR("umount.busy_file", umount2("m", 0), EBUSY);
	CHECK_ERR("umount.busy_force", umount2("m", MNT_FORCE), EBUSY);
	close(fd);
	CHECK_OK("umount.chdir_in", chdir("m"));
	CHECK_ERR("umount.busy_cwd", umount2(path_m, 0), EBUSY);
	CHECK_OK("umount.chdir_out", chdir(abi_dir));
	fd = open("m/f", O_RDONLY);
	CHECK_OK("umount.detach", umount2("m", MNT_DETACH));
	CHECK_EQ("umount.detached_read", read(fd, buf, 5), 5);
	CHECK_ERR("umount.gone", access("m/f", F_OK), ENOENT);
	close(fd);
	CHECK_OK("umount.again", mount("none", "m", "tmpfs", 0, NULL));
	CHECK_ERR("umount.expire_flags", umount2("m", MNT_EXPIRE | MNT_DETACH),
		  EINVAL);
	CHECK_ERR("umount.expire_first", umount2("m", MNT_EXPIRE), EAGAIN);
	CHECK_OK("umount.expire_second", umount2("m", MNT_EXPIRE));
	/* a final symlink is followed unless UMOUNT_NOFOLLOW */
	CHECK_OK("umount.nofollow_mount", mount("none", "m", "tmpfs", 0, NULL));
	CHECK_OK("umount.symlink", symlink("m", "lnk"));
	CHECK_ERR("umount.nofollow", umount2("lnk", UMOUNT_NOFOLLOW), EINVAL);
	CHECK_OK("umount.follow", umount2("lnk", 0));
	unlink("lnk");
	CHECK_ERR("umount.bad_flags", umount2("m", 0x100), EINVAL);
	CHECK_ERR("umount.enoent", umount2("nowhere", 0), ENOENT);
}

/* Copy the running program to @dst, executable. */
static int copy_self(const char *dst)
{
	static char buf[1 << 16];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(dst, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	ssize_t n;
	int ok = in >= 0 && out >= 0;

	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, (size_t)n) == n;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok ? 0 : -1;
}

static int run_euid(void *arg)
{
	char *argv[] = { (char *)arg, "euid", NULL };
	char *envp[] = { NULL };

	execve((char *)arg, argv, envp);
	return 100 + errno;
}

static int run_copy(void *arg)
{
	char *argv[] = { (char *)arg, "exit0", NULL };
	char *envp[] = { NULL };

	execve((char *)arg, argv, envp);
	return 100 + errno;
}

/* noexec: execve and access(X_OK) refuse with EACCES; nodev: a device
 * node does not open; MS_MOVE carries the mount elsewhere. */
static void test_flags(void)
{
	char *argv[] = { path_x, "exit0", NULL };
	char *envp[] = { NULL };
	void *p;
	int st, fd;

	CHECK_OK("noexec.mount",
		 mount("none", "m", "tmpfs", MS_NOEXEC | MS_NODEV, NULL));
	CHECK_OK("noexec.copy", copy_self("m/x"));
	CHECK_ERR("noexec.execve", execve(path_x, argv, envp), EACCES);
	CHECK_ERR("noexec.access", access("m/x", X_OK), EACCES);
	fd = open("m/x", O_RDONLY);
	CHECK("noexec.mmap_exec", mmap(NULL, 4096, PROT_READ | PROT_EXEC,
				       MAP_PRIVATE, fd, 0) == MAP_FAILED &&
					  errno == EPERM);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK("noexec.mmap_read", p != MAP_FAILED);
	/* PROT_EXEC can never be added later either, private or not */
	CHECK_ERR("noexec.mprotect_exec",
		  mprotect(p, 4096, PROT_READ | PROT_EXEC), EACCES);
	CHECK_OK("noexec.mprotect_write",
		 mprotect(p, 4096, PROT_READ | PROT_WRITE));
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
	CHECK_OK("nodev.mknod", mknod("m/null", S_IFCHR | 0666, makedev(1, 3)));
	CHECK_ERR("nodev.open", open("m/null", O_RDONLY), EACCES);
	CHECK_OK("exec.remount", mount(NULL, "m", NULL, MS_REMOUNT, NULL));
	st = abi_in_child(run_copy, path_x);
	CHECK("exec.runs", st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* a set-uid program: its owner's euid, but not on a nosuid mount */
	CHECK_OK("nosuid.chown", chown("m/x", 65534, 65534));
	CHECK_OK("nosuid.chmod", chmod("m/x", 04755));
	st = abi_in_child(run_euid, path_x);
	CHECK("suid.applies",
	      st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 11);
	CHECK_OK("nosuid.remount",
		 mount(NULL, "m", NULL, MS_REMOUNT | MS_NOSUID, NULL));
	st = abi_in_child(run_euid, path_x);
	CHECK("nosuid.ignored",
	      st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 10);
	CHECK_OK("move.mount", mount("m", "b", NULL, MS_MOVE, NULL));
	CHECK_OK("move.seen", access("b/x", F_OK));
	CHECK_ERR("move.left", access("m/x", F_OK), ENOENT);
	mkdir("b/sub", 0755);
	CHECK_ERR("move.into_itself", mount("b", "b/sub", NULL, MS_MOVE, NULL),
		  ELOOP);
	CHECK_OK("move.umount", umount2("b", 0));
}

/* In a chroot, /proc/self/mounts and mountinfo show the mounts below the
 * root only, their paths from it; the exit code says which check failed. */
static int in_chroot(void *arg)
{
	static char buf[16384];

	(void)arg;
	if (chroot("r") || chdir("/"))
		return 2;
	if (mount("proc", "/proc", "proc", 0, NULL))
		return 3;
	if (slurp("/proc/self/mounts", buf, sizeof(buf)) <= 0)
		return 4;
	if (!strstr(buf, "none /m tmpfs rw") || !strstr(buf, "proc /proc proc"))
		return 5;
	if (strstr(buf, " /dev ") || strstr(buf, "rootfs"))
		return 6;
	if (slurp("/proc/self/mountinfo", buf, sizeof(buf)) <= 0)
		return 7;
	if (!strstr(buf, " / /m rw,relatime - tmpfs none rw"))
		return 8;
	return 0;
}

static void test_chroot(void)
{
	mkdir("r", 0755);
	mkdir("r/m", 0755);
	mkdir("r/proc", 0555);
	CHECK_OK("chroot.mount", mount("none", "r/m", "tmpfs", 0, NULL));
	CHECK_CHILD_OK("chroot.view", abi_in_child(in_chroot, NULL));
	CHECK_OK("chroot.umount_proc", umount2("r/proc", 0));
	CHECK_OK("chroot.umount", umount2("r/m", 0));
	rmdir("r/m");
	rmdir("r/proc");
	rmdir("r");
}

static int as_nobody(void *arg)
{
	(void)arg;
	if (setgid(65534) || setuid(65534))
		return 2;
	if (mount("none", "m", "tmpfs", 0, NULL) != -1 || errno != EPERM)
		return 3;
	if (umount2("/proc", 0) != -1 || errno != EPERM)
		return 4;
	return 0;
}

/* The errors of bad calls, as Linux gives them. */
static void test_errors(void)
{
	int fd = open("file", O_CREAT | O_WRONLY, 0600);

	close(fd);
	CHECK_ERR("err.enodev", mount("none", "m", "nosuchfs", 0, NULL),
		  ENODEV);
	CHECK_ERR("err.no_type", mount("none", "m", NULL, 0, NULL), EINVAL);
	CHECK_ERR("err.enoent", mount("none", "nowhere", "tmpfs", 0, NULL),
		  ENOENT);
	CHECK_ERR("err.enotdir", mount("none", "file", "tmpfs", 0, NULL),
		  ENOTDIR);
	CHECK_ERR("err.enotdir_path", mount("none", "file/x", "tmpfs", 0, NULL),
		  ENOTDIR);
	CHECK_ERR("err.efault_type", mount("none", "m", (char *)1, 0, NULL),
		  EFAULT);
	CHECK_ERR("err.efault_target",
		  mount("none", (char *)1, "tmpfs", 0, NULL), EFAULT);
	CHECK_ERR("err.efault_umount", umount2((char *)1, 0), EFAULT);
	CHECK_ERR("err.nouser", mount("none", "m", "tmpfs", MS_NOUSER, NULL),
		  EINVAL);
	CHECK_ERR("err.bind_no_source", mount(NULL, "m", NULL, MS_BIND, NULL),
		  EINVAL);
	CHECK_ERR("err.move_not_root",
		  mount("/proc/self", "m", NULL, MS_MOVE, NULL), EINVAL);
	CHECK_ERR("err.bad_option", mount("none", "m", "tmpfs", 0, "bogus=1"),
		  EINVAL);
	CHECK_ERR("err.bad_size", mount("none", "m", "tmpfs", 0, "size=12q"),
		  EINVAL);
	CHECK_ERR("err.propagation_two",
		  mount(NULL, "/", NULL, MS_SHARED | MS_PRIVATE, NULL), EINVAL);
	CHECK_CHILD_OK("err.eperm", abi_in_child(as_nobody, NULL));
	unlink("file");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exit0") == 0)
		return 0;
	if (argc > 1 && strcmp(argv[1], "euid") == 0)
		return geteuid() == 0 ? 10 : 11;
	abi_start(argv[0]);
	abi_tmpdir();
	snprintf(path_m, sizeof(path_m), "%s/m", abi_dir);
	snprintf(path_b, sizeof(path_b), "%s/b", abi_dir);
	snprintf(path_x, sizeof(path_x), "%s/m/x", abi_dir);
	mkdir("m", 0755);
	mkdir("b", 0755);
	test_ramfs();
	test_tmpfs();
	test_dotdot();
	test_table();
	test_bind();
	test_exdev();
	test_rdonly();
	test_umount();
	test_flags();
	test_chroot();
	test_errors();
	rmdir("m");
	rmdir("b");
	return abi_end();
}
