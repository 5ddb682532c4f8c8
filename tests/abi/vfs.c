/* SPDX-License-Identifier: MIT */
/* vfs.c - the *at() calls and flags files.c leaves out: renameat2's
 * RENAME_NOREPLACE and RENAME_EXCHANGE, linkat, symlinkat, readlinkat,
 * mknodat, fchmodat, the chown family, faccessat2, fallocate,
 * close_range, sync, O_PATH, O_CLOEXEC, AT_EMPTY_PATH, sticky
 * directories, the device nodes of devtmpfs and sysfs's CPU lists. */
#include "abi.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE	 (1 << 1)
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1u << 2)
#endif
#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

static int put(const char *path, const char *s)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* The first bytes of @path as a string ("" when unreadable). */
static const char *get(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

static long renameat2_(int od, const char *o, int nd, const char *n,
		       unsigned int fl)
{
	return syscall(SYS_renameat2, od, o, nd, n, fl);
}

static void test_rename(void)
{
	int d;

	put("a", "A");
	put("b", "B");
	mkdir("sub", 0755);
	d = open("sub", O_RDONLY | O_DIRECTORY);
	CHECK_OK("renameat.dirfd", renameat(AT_FDCWD, "a", d, "a2"));
	CHECK("renameat.moved", !strcmp(get("sub/a2"), "A"));
	CHECK_OK("renameat.back", renameat(d, "a2", AT_FDCWD, "a"));
	CHECK_ERR("noreplace.eexist",
		  renameat2_(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE),
		  EEXIST);
	CHECK("noreplace.untouched", !strcmp(get("b"), "B"));
	CHECK_OK("noreplace.free",
		 renameat2_(AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE));
	CHECK_ERR("noreplace.gone", access("a", F_OK), ENOENT);
	CHECK_OK("exchange",
		 renameat2_(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_EXCHANGE));
	CHECK("exchange.b", !strcmp(get("b"), "A"));
	CHECK("exchange.c", !strcmp(get("c"), "B"));
	CHECK_ERR(
		"exchange.missing",
		renameat2_(AT_FDCWD, "b", AT_FDCWD, "nothere", RENAME_EXCHANGE),
		ENOENT);
	/* a file and a directory trade places */
	CHECK_OK("exchange.dir",
		 renameat2_(AT_FDCWD, "b", AT_FDCWD, "sub", RENAME_EXCHANGE));
	CHECK("exchange.dir_now_file", !strcmp(get("sub"), "A"));
	CHECK_OK("exchange.file_now_dir", access("b/a2", F_OK) ? 0 : -1);
	CHECK_ERR("flags.both",
		  renameat2_(AT_FDCWD, "b", AT_FDCWD, "c",
			     RENAME_NOREPLACE | RENAME_EXCHANGE),
		  EINVAL);
	CHECK_ERR("flags.unknown",
		  renameat2_(AT_FDCWD, "b", AT_FDCWD, "c", 1u << 7), EINVAL);
	CHECK_ERR("into_itself", renameat2_(AT_FDCWD, "b", AT_FDCWD, "b/x", 0),
		  EINVAL);
	close(d);
}

static void test_links(void)
{
	char buf[64];
	struct stat st;
	int d, fd;

	mkdir("ln", 0755);
	d = open("ln", O_RDONLY | O_DIRECTORY);
	put("ln/t", "T");
	CHECK_OK("symlinkat", symlinkat("t", d, "s"));
	CHECK_EQ("readlinkat", readlinkat(d, "s", buf, sizeof(buf)), 1);
	CHECK_ERR("readlinkat.notlink", readlinkat(d, "t", buf, sizeof(buf)),
		  EINVAL);
	CHECK_ERR("symlinkat.exists", symlinkat("t", d, "s"), EEXIST);
	/* linkat links the symlink itself unless AT_SYMLINK_FOLLOW */
	CHECK_OK("linkat.nofollow", linkat(d, "s", d, "h1", 0));
	CHECK_OK("linkat.h1_lstat", fstatat(d, "h1", &st, AT_SYMLINK_NOFOLLOW));
	CHECK("linkat.h1_is_link", S_ISLNK(st.st_mode));
	CHECK_OK("linkat.follow", linkat(d, "s", d, "h2", AT_SYMLINK_FOLLOW));
	CHECK_OK("linkat.h2_lstat", fstatat(d, "h2", &st, AT_SYMLINK_NOFOLLOW));
	CHECK("linkat.h2_is_file", S_ISREG(st.st_mode) && st.st_nlink == 2);
	CHECK_ERR("linkat.bad_flag", linkat(d, "t", d, "h3", 0x1), EINVAL);
	/* AT_EMPTY_PATH: the descriptor's own file gets a name */
	fd = open("ln/t", O_RDONLY);
	CHECK_OK("linkat.empty_path", linkat(fd, "", d, "h3", AT_EMPTY_PATH));
	CHECK("linkat.empty_path_data", !strcmp(get("ln/h3"), "T"));
	CHECK_ERR("linkat.empty_no_flag", linkat(fd, "", d, "h4", 0), ENOENT);
	close(fd);
	/* readlinkat of an O_PATH descriptor of the link itself */
	fd = openat(d, "s", O_PATH | O_NOFOLLOW);
	CHECK_EQ("readlinkat.empty_path", readlinkat(fd, "", buf, sizeof(buf)),
		 1);
	CHECK_OK("fstatat.empty_path", fstatat(fd, "", &st, AT_EMPTY_PATH));
	CHECK("fstatat.empty_path_link", S_ISLNK(st.st_mode));
	close(fd);
	CHECK_OK("unlinkat.link", unlinkat(d, "s", 0));
	close(d);
}

static void test_mknod(void)
{
	struct stat st;
	int d = open(".", O_RDONLY | O_DIRECTORY);

	CHECK_OK("mknodat.fifo", mknodat(d, "fifo", S_IFIFO | 0600, 0));
	CHECK_OK("mknodat.fifo_stat", stat("fifo", &st));
	CHECK("mknodat.fifo_type", S_ISFIFO(st.st_mode));
	CHECK_OK("mknodat.chr",
		 mknodat(d, "null", S_IFCHR | 0666, makedev(1, 3)));
	CHECK_OK("mknodat.chr_stat", stat("null", &st));
	CHECK("mknodat.chr_rdev",
	      S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3));
	CHECK_EQ("mknodat.chr_writes", (long)({
			 int fd = open("null", O_WRONLY);
			 long n = write(fd, "x", 1);
			 close(fd);
			 n;
		 }),
		 1);
	CHECK_OK("mknodat.reg", mknodat(d, "reg", S_IFREG | 0600, 0));
	CHECK_ERR("mknodat.dir", mknodat(d, "dir", S_IFDIR | 0700, 0), EPERM);
	CHECK_ERR("mknodat.bad_type", mknodat(d, "bad", 0170000 | 0600, 0),
		  EINVAL);
	CHECK_ERR("mknodat.exists", mknodat(d, "fifo", S_IFIFO | 0600, 0),
		  EEXIST);
	close(d);
}

static void test_modes(void)
{
	struct stat st;
	int fd;

	put("m", "M");
	symlink("m", "ml");
	CHECK_OK("fchmodat", fchmodat(AT_FDCWD, "ml", 0600, 0));
	CHECK_OK("fchmodat.stat", stat("m", &st));
	CHECK_EQ("fchmodat.mode", st.st_mode & 07777, 0600);
	/* the system call has no flags: a fourth argument is ignored */
	CHECK_OK("fchmodat.no_flags",
		 syscall(SYS_fchmodat, AT_FDCWD, "m", 0600, 0x1000));
	fd = open("m", O_RDONLY);
	CHECK_OK("fchown", fchown(fd, 1000, 1001));
	CHECK_OK("fchown.stat", fstat(fd, &st));
	CHECK("fchown.ids", st.st_uid == 1000 && st.st_gid == 1001);
	CHECK_OK("fchown.keep", fchown(fd, -1, 1002));
	CHECK_OK("fchown.keep_stat", fstat(fd, &st));
	CHECK("fchown.keep_ids", st.st_uid == 1000 && st.st_gid == 1002);
	CHECK_OK("fchownat.empty_path", fchownat(fd, "", 7, 8, AT_EMPTY_PATH));
	CHECK_OK("fchownat.empty_stat", fstat(fd, &st));
	CHECK("fchownat.empty_ids", st.st_uid == 7 && st.st_gid == 8);
	close(fd);
	CHECK_OK("lchown", lchown("ml", 3, 4));
	CHECK_OK("lchown.stat", lstat("ml", &st));
	CHECK("lchown.link_ids", st.st_uid == 3 && st.st_gid == 4);
	CHECK_OK("lchown.target", stat("m", &st));
	CHECK("lchown.target_kept", st.st_uid == 7);
	CHECK_OK("fchownat.nofollow",
		 fchownat(AT_FDCWD, "ml", 5, 6, AT_SYMLINK_NOFOLLOW));
	CHECK_OK("fchownat.follow", fchownat(AT_FDCWD, "ml", 9, 9, 0));
	CHECK_OK("fchownat.follow_stat", stat("m", &st));
	CHECK("fchownat.follow_ids", st.st_uid == 9 && st.st_gid == 9);
	CHECK_ERR("fchownat.bad_flag", fchownat(AT_FDCWD, "m", 1, 1, 0x1),
		  EINVAL);
}

/* As uid 1000: faccessat2 with the real or the effective ids, and a
 * sticky directory whose other users' files cannot be removed. */
static int as_user(void *arg)
{
	(void)arg;
	if (setresgid(1000, 1000, 1000) || setresuid(0, 1000, 0))
		return 1;
	/* effective 1000, real 0: the file is root's 0600 */
	CHECK_ERR(
		"faccessat2.eaccess",
		syscall(SYS_faccessat2, AT_FDCWD, "root600", R_OK, AT_EACCESS),
		EACCES);
	CHECK_OK("faccessat2.real",
		 syscall(SYS_faccessat2, AT_FDCWD, "root600", R_OK, 0));
	CHECK_ERR("faccessat.real_ids_open", open("root600", O_RDONLY), EACCES);
	if (setresuid(1000, 1000, 1000))
		return 1;
	CHECK_ERR("sticky.unlink_other", unlink("st/rootfile"), EPERM);
	CHECK_ERR("sticky.rename_other", rename("st/rootfile", "st/x"), EPERM);
	CHECK_OK("sticky.own_create", put("st/mine", "x"));
	CHECK_OK("sticky.own_unlink", unlink("st/mine"));
	CHECK_ERR("perm.chmod_other", chmod("root600", 0644), EPERM);
	CHECK_ERR("perm.chown_other", chown("st", 1000, 1000), EPERM);
	/* times: "now" needs write permission, others ownership */
	CHECK_OK("utimes.now_writable", utimensat(AT_FDCWD, "w666", NULL, 0));
	CHECK_ERR("utimes.now_readonly",
		  utimensat(AT_FDCWD, "root600", NULL, 0), EACCES);
	CHECK_ERR("utimes.set_other",
		  utimensat(AT_FDCWD, "w666",
			    (struct timespec[2]){ { 1, 0 }, { 1, 0 } }, 0),
		  EPERM);
	/* a directory without search permission, a file without any */
	CHECK_ERR("perm.search", access("priv/f", F_OK), EACCES);
	CHECK_ERR("perm.list", open("priv", O_RDONLY | O_DIRECTORY), EACCES);
	CHECK_ERR("perm.mode0", open("zero", O_WRONLY), EACCES);
	return 0;
}

static void test_perms(void)
{
	struct stat st;
	int st_;

	put("root600", "r");
	chmod("root600", 0600);
	CHECK_ERR("faccessat2.bad_flag",
		  syscall(SYS_faccessat2, AT_FDCWD, "root600", R_OK, 0x1),
		  EINVAL);
	CHECK_OK("faccessat2.root",
		 syscall(SYS_faccessat2, AT_FDCWD, "root600", R_OK | W_OK, 0));
	CHECK_OK("faccessat.root_x_dir", faccessat(AT_FDCWD, ".", X_OK, 0));
	CHECK_ERR("faccessat.root_x_file",
		  faccessat(AT_FDCWD, "root600", X_OK, 0), EACCES);
	mkdir("st", 01777);
	chmod("st", 01777);
	CHECK_OK("sticky.stat", stat("st", &st));
	CHECK_EQ("sticky.mode", st.st_mode & 07777, 01777);
	put("st/rootfile", "r");
	chmod(".", 0755);
	put("w666", "w");
	chmod("w666", 0666);
	mkdir("priv", 0700);
	put("priv/f", "f");
	chown("priv", 2000, 2000);
	put("zero", "z");
	chown("zero", 1000, 1000);
	chmod("zero", 0);
	st_ = abi_in_child(as_user, NULL);
	CHECK_CHILD_OK("perm.child", st_);
	CHECK_OK("sticky.root_unlinks", unlink("st/rootfile"));
	/* root passes what CAP_DAC_READ_SEARCH, CAP_DAC_OVERRIDE and
	 * CAP_FOWNER let it pass (another user's 0700 directory, a mode 0
	 * file, another's file's times and mode) */
	CHECK_OK("root.search", access("priv/f", F_OK));
	CHECK_OK("root.list", close(open("priv", O_RDONLY | O_DIRECTORY)));
	CHECK_OK("root.mode0_write", close(open("zero", O_WRONLY)));
	CHECK_ERR("root.mode0_exec", access("zero", X_OK), EACCES);
	CHECK_OK("root.utimes_other",
		 utimensat(AT_FDCWD, "zero",
			   (struct timespec[2]){ { 1, 0 }, { 1, 0 } }, 0));
	CHECK_OK("root.chmod_other", chmod("zero", 0));
}

static void test_fallocate(void)
{
	struct stat st;
	char buf[8];
	int fd = open("fa", O_CREAT | O_RDWR | O_TRUNC, 0644);

	CHECK_OK("fallocate.extend", fallocate(fd, 0, 0, 8192));
	CHECK_OK("fallocate.stat", fstat(fd, &st));
	CHECK_EQ("fallocate.size", st.st_size, 8192);
	CHECK_OK("fallocate.keep_size",
		 fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 16384));
	fstat(fd, &st);
	CHECK_EQ("fallocate.keep_size_size", st.st_size, 8192);
	pwrite(fd, "abcdefgh", 8, 4096);
	CHECK_OK("fallocate.punch",
		 fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096,
			   4096));
	CHECK_EQ("fallocate.punch_read", pread(fd, buf, 8, 4096), 8);
	CHECK("fallocate.punch_zero", !memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
	fstat(fd, &st);
	CHECK_EQ("fallocate.punch_size", st.st_size, 8192);
	CHECK_ERR("fallocate.punch_alone",
		  fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP);
	CHECK_ERR("fallocate.zero_len", fallocate(fd, 0, 0, 0), EINVAL);
	CHECK_ERR("fallocate.neg_off", fallocate(fd, 0, -1, 10), EINVAL);
	close(fd);
	fd = open("fa", O_RDONLY);
	CHECK_ERR("fallocate.rdonly", fallocate(fd, 0, 0, 10), EBADF);
	close(fd);
	CHECK_ERR("fallocate.ebadf", fallocate(-1, 0, 0, 10), EBADF);
}

static void test_fds(void)
{
	int a, b, c;

	a = open("fa", O_RDONLY);
	b = dup(a);
	c = dup(a);
	CHECK_OK("close_range.cloexec",
		 syscall(SYS_close_range, b, c, CLOSE_RANGE_CLOEXEC));
	CHECK_EQ("close_range.cloexec_set", fcntl(b, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("close_range.cloexec_other", fcntl(a, F_GETFD), 0);
	CHECK_OK("close_range", syscall(SYS_close_range, b, c, 0));
	CHECK_ERR("close_range.closed", fcntl(b, F_GETFD), EBADF);
	CHECK_ERR("close_range.closed_last", fcntl(c, F_GETFD), EBADF);
	CHECK_EQ("close_range.kept", fcntl(a, F_GETFD), 0);
	CHECK_ERR("close_range.reversed", syscall(SYS_close_range, c, b, 0),
		  EINVAL);
	CHECK_ERR("close_range.bad_flag", syscall(SYS_close_range, b, c, 0x1),
		  EINVAL);
	CHECK_OK("close_range.past_end",
		 syscall(SYS_close_range, 1000, ~0u, 0));
	close(a);
	put("tr", "12345");
	a = open("tr", O_WRONLY | O_TRUNC);
	CHECK_EQ("open.trunc", lseek(a, 0, SEEK_END), 0);
	close(a);
	a = open("fa", O_RDONLY | O_CLOEXEC);
	CHECK_EQ("open.cloexec", fcntl(a, F_GETFD), FD_CLOEXEC);
	close(a);
	CHECK_OK("sync", (sync(), 0));
	CHECK_OK("syncfs", syncfs(open(".", O_RDONLY)));
}

static void test_opath(void)
{
	struct stat st;
	char c;
	int fd, dfd, cwd;

	fd = open("fa", O_PATH);
	CHECK_OK("opath.open", fd);
	CHECK_ERR("opath.read", read(fd, &c, 1), EBADF);
	CHECK_ERR("opath.write", write(fd, &c, 1), EBADF);
	CHECK_OK("opath.fstat", fstat(fd, &st));
	CHECK_EQ("opath.fstat_size", st.st_size, 8192);
	/* the system call (musl's fchmod retries through /proc) */
	CHECK_ERR("opath.fchmod", syscall(SYS_fchmod, fd, 0600), EBADF);
	CHECK_EQ("opath.getfl", fcntl(fd, F_GETFL) & O_PATH, O_PATH);
	CHECK_OK("opath.dup", close(dup(fd)));
	close(fd);
	/* an O_PATH directory works as a dirfd and for fchdir */
	mkdir("pd", 0755);
	put("pd/in", "I");
	dfd = open("pd", O_PATH | O_DIRECTORY);
	CHECK_OK("opath.dirfd", fstatat(dfd, "in", &st, 0));
	cwd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_OK("opath.fchdir", fchdir(dfd));
	CHECK("opath.fchdir_in", !strcmp(get("in"), "I"));
	fchdir(cwd);
	close(cwd);
	close(dfd);
	/* O_PATH with O_NOFOLLOW names the symbolic link itself */
	symlink("fa", "pl");
	fd = open("pl", O_PATH | O_NOFOLLOW);
	CHECK_OK("opath.nofollow", fd);
	CHECK_OK("opath.nofollow_fstat", fstat(fd, &st));
	CHECK("opath.nofollow_link", S_ISLNK(st.st_mode));
	close(fd);
	CHECK_ERR("nofollow.eloop", open("pl", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR("directory.enotdir", open("fa", O_RDONLY | O_DIRECTORY),
		  ENOTDIR);
}

/* devtmpfs: every node of the list, with its numbers (/dev/ptmx and
 * /dev/pts are pty.c's). */
static void test_dev(void)
{
	static const struct {
		const char *path;
		unsigned int maj, min;
	} nodes[] = {
		{ "/dev/null", 1, 3 },	  { "/dev/zero", 1, 5 },
		{ "/dev/full", 1, 7 },	  { "/dev/random", 1, 8 },
		{ "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
		{ "/dev/console", 5, 1 }, { "/dev/ttyS0", 4, 64 },
	};
	char name[64];
	struct stat st;
	int fd;

	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(name, sizeof(name), "dev.%s", nodes[i].path + 5);
		CHECK(name, !stat(nodes[i].path, &st) && S_ISCHR(st.st_mode) &&
				    major(st.st_rdev) == nodes[i].maj &&
				    minor(st.st_rdev) == nodes[i].min);
	}
	fd = open("/dev/random", O_RDONLY);
	CHECK_EQ("dev.random_reads", read(fd, name, 16), 16);
	close(fd);
	/* no controlling terminal here: /dev/tty is ENXIO */
	CHECK_ERR("dev.tty_no_ctty", open("/dev/tty", O_RDWR), ENXIO);
}

/* sysfs, where libc counts the CPUs: its own magic, the CPU lists. */
static void test_sysfs(void)
{
	static const char *const lists[] = { "online", "possible", "present" };
	char path[96];
	struct statfs sf;

	mkdir("sys", 0755);
	if (CHECK_OK("sysfs.mount", mount("sysfs", "sys", "sysfs", 0, NULL)))
		return;
	CHECK("sysfs.magic", !statfs("sys", &sf) && sf.f_type == 0x62656572);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		char name[32];

		snprintf(path, sizeof(path), "sys/devices/system/cpu/%s",
			 lists[i]);
		snprintf(name, sizeof(name), "sysfs.cpu_%s", lists[i]);
		/* "0", "0-N" or a list, one line: the first CPU is 0 */
		CHECK(name, get(path)[0] == '0' && strchr(get(path), '\n'));
	}
	CHECK_OK("sysfs.kernel_dir", access("sys/kernel", F_OK));
	CHECK_OK("sysfs.umount", umount("sys"));
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	umask(022);
	test_rename();
	test_links();
	test_mknod();
	test_modes();
	test_perms();
	test_fallocate();
	test_fds();
	test_opath();
	test_dev();
	test_sysfs();
	return abi_end();
}
