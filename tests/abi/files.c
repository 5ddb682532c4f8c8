/* SPDX-License-Identifier: MIT */
/* files.c - file syscalls: open/openat/creat, read/write and vectors,
 * positioned I/O, lseek, the stat family, getdents64, directories, links,
 * rename, access, and the /dev/null, zero, full and urandom devices. */
#include "abi.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void test_open_rw(void)
{
	char buf[64];
	struct stat st;
	int fd, fd2;

	fd = CHECK_OK("open.creat_excl",
		      open("f1", O_CREAT | O_EXCL | O_RDWR, 0640));
	CHECK_ERR("open.excl_exists",
		  open("f1", O_CREAT | O_EXCL | O_RDWR, 0640), EEXIST);
	CHECK_EQ("write.count", write(fd, "hello world", 11), 11);
	CHECK_EQ("lseek.cur", lseek(fd, 0, SEEK_CUR), 11);
	CHECK_EQ("lseek.set", lseek(fd, 6, SEEK_SET), 6);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ("read.count", read(fd, buf, sizeof(buf)), 5);
	CHECK("read.data", memcmp(buf, "world", 5) == 0);
	CHECK_EQ("read.eof", read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ("lseek.end", lseek(fd, -5, SEEK_END), 6);
	CHECK_ERR("lseek.negative", lseek(fd, -100, SEEK_SET), EINVAL);
	CHECK_ERR("lseek.whence", lseek(fd, 0, 42), EINVAL);
	/* A hole past the end reads as zeros. */
	CHECK_EQ("lseek.past_end", lseek(fd, 20, SEEK_SET), 20);
	CHECK_EQ("write.after_hole", write(fd, "!", 1), 1);
	CHECK_EQ("pread.hole", pread(fd, buf, 4, 12), 4);
	CHECK("pread.hole_zero", buf[0] == 0 && buf[3] == 0);
	/* pread/pwrite leave the offset alone. */
	CHECK_EQ("pwrite.count", pwrite(fd, "HELLO", 5, 0), 5);
	CHECK_EQ("pwrite.offset_kept", lseek(fd, 0, SEEK_CUR), 21);
	CHECK_EQ("pread.count", pread(fd, buf, 5, 0), 5);
	CHECK("pread.data", memcmp(buf, "HELLO", 5) == 0);
	CHECK_ERR("pread.negative", pread(fd, buf, 1, -1), EINVAL);
	CHECK_OK("fstat.ok", fstat(fd, &st));
	CHECK_EQ("fstat.size", st.st_size, 21);
	CHECK("fstat.reg", S_ISREG(st.st_mode));
	CHECK_EQ("fstat.mode", st.st_mode & 07777, 0640 & ~022);
	CHECK_EQ("fstat.nlink", st.st_nlink, 1);
	CHECK_OK("ftruncate.shrink", ftruncate(fd, 5));
	CHECK_OK("fstat.after_truncate", fstat(fd, &st));
	CHECK_EQ("ftruncate.size", st.st_size, 5);
	CHECK_OK("close.ok", close(fd));
	CHECK_ERR("close.twice", close(fd), EBADF);

	/* O_APPEND writes at the end whatever the offset. */
	fd = CHECK_OK("open.append", open("f1", O_WRONLY | O_APPEND));
	lseek(fd, 0, SEEK_SET);
	CHECK_EQ("write.append", write(fd, "++", 2), 2);
	CHECK_EQ("append.offset", lseek(fd, 0, SEEK_CUR), 7);
	CHECK_ERR("read.wronly", read(fd, buf, 1), EBADF);
	close(fd);
	fd = open("f1", O_RDONLY);
	CHECK_ERR("write.rdonly", write(fd, "x", 1), EBADF);
	close(fd);

	/* creat truncates. */
	fd = CHECK_OK("creat.ok", creat("f1", 0600));
	CHECK_OK("stat.after_creat", stat("f1", &st));
	CHECK_EQ("creat.truncates", st.st_size, 0);
	close(fd);
	fd = open("f1", O_RDWR | O_TRUNC);
	fd2 = open("f1", O_RDONLY);
	CHECK_EQ("open.lowest_fd", fd2, fd + 1);
	close(fd);
	close(fd2);
}

static void test_vectors(void)
{
	char a[4], b[8];
	struct iovec w[3] = { { "abc", 3 }, { "", 0 }, { "defghij", 7 } };
	struct iovec r[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int fd = open("v", O_CREAT | O_RDWR | O_TRUNC, 0600);

	CHECK_EQ("writev.count", writev(fd, w, 3), 10);
	lseek(fd, 0, SEEK_SET);
	memset(b, 0, sizeof(b));
	CHECK_EQ("readv.count", readv(fd, r, 2), 10);
	CHECK("readv.data",
	      memcmp(a, "abcd", 4) == 0 && memcmp(b, "efghij", 6) == 0);
	CHECK_EQ("preadv.count", preadv(fd, r, 1, 6), 4);
	CHECK("preadv.data", memcmp(a, "ghij", 4) == 0);
	CHECK_EQ("pwritev.count", pwritev(fd, w, 1, 1), 3);
	CHECK_EQ("pwritev.offset_kept", lseek(fd, 0, SEEK_CUR), 10);
	CHECK_ERR("writev.iovcnt", writev(fd, w, -1), EINVAL);
	CHECK_ERR("writev.iovmax", writev(fd, w, 1025), EINVAL);
	close(fd);
	unlink("v");
}

static void test_dirs(void)
{
	char cwd[PATH_MAX], buf[4096];
	struct stat st;
	int dfd, fd, n, pos, found = 0, dots = 0;

	CHECK_OK("mkdir.ok", mkdir("d", 0755));
	CHECK_ERR("mkdir.exists", mkdir("d", 0755), EEXIST);
	CHECK_ERR("mkdir.noparent", mkdir("nope/x", 0755), ENOENT);
	CHECK_OK("stat.dir", stat("d", &st));
	CHECK("stat.isdir", S_ISDIR(st.st_mode));
	CHECK_EQ("stat.dir_nlink", st.st_nlink, 2);
	dfd = CHECK_OK("open.directory", open("d", O_RDONLY | O_DIRECTORY));
	fd = CHECK_OK("openat.create",
		      openat(dfd, "in", O_CREAT | O_WRONLY, 0600));
	close(fd);
	CHECK_OK("fstatat.rel", fstatat(dfd, "in", &st, 0));
	CHECK_OK("access.f_ok", access("d/in", F_OK));
	CHECK_OK("access.r_ok", access("d/in", R_OK | W_OK));
	CHECK_ERR("access.enoent", access("d/none", F_OK), ENOENT);
	CHECK_ERR("open.enoent", open("d/none", O_RDONLY), ENOENT);
	CHECK_ERR("open.enotdir", open("d/in/x", O_RDONLY), ENOTDIR);
	CHECK_ERR("open.o_directory_file", open("d/in", O_RDONLY | O_DIRECTORY),
		  ENOTDIR);
	CHECK_ERR("open.dir_write", open("d", O_WRONLY), EISDIR);
	CHECK_ERR("read.dir", read(dfd, buf, sizeof(buf)), EISDIR);
	n = (int)CHECK_OK("getdents64.ok",
			  syscall(SYS_getdents64, dfd, buf, sizeof(buf)));
	for (pos = 0; pos < n;) {
		struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + pos);

		if (strcmp(d->d_name, "in") == 0 && d->d_type == DT_REG)
			found++;
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			dots++;
		pos += d->d_reclen;
	}
	CHECK_EQ("getdents64.file", found, 1);
	CHECK_EQ("getdents64.dots", dots, 2);
	CHECK_EQ("getdents64.end",
		 syscall(SYS_getdents64, dfd, buf, sizeof(buf)), 0);
	CHECK_ERR(
		"getdents64.small",
		(lseek(dfd, 0, SEEK_SET), syscall(SYS_getdents64, dfd, buf, 8)),
		EINVAL);
	CHECK_ERR("getdents64.notdir",
		  syscall(SYS_getdents64, 0 + open("d/in", O_RDONLY), buf,
			  sizeof(buf)),
		  ENOTDIR);

	CHECK_ERR("rmdir.notempty", rmdir("d"), ENOTEMPTY);
	CHECK_ERR("unlink.dir", unlink("d"), EISDIR);
	CHECK_ERR("unlinkat.removedir_file", unlinkat(dfd, "in", AT_REMOVEDIR),
		  ENOTDIR);
	CHECK_OK("unlinkat.file", unlinkat(dfd, "in", 0));
	CHECK_ERR("unlink.gone", unlink("d/in"), ENOENT);
	CHECK_OK("mkdirat.ok", mkdirat(dfd, "sub", 0700));
	CHECK_OK("unlinkat.removedir", unlinkat(dfd, "sub", AT_REMOVEDIR));

	CHECK("getcwd.tmp",
	      getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, abi_dir) == 0);
	CHECK_OK("chdir.ok", chdir("d"));
	CHECK("getcwd.after", getcwd(cwd, sizeof(cwd)) != NULL &&
				      strcmp(cwd + strlen(abi_dir), "/d") == 0);
	errno = 0;
	CHECK("getcwd.small", getcwd(cwd, 3) == NULL && errno == ERANGE);
	CHECK_OK("chdir.dotdot", chdir(".."));
	CHECK_OK("fchdir.ok", fchdir(dfd));
	CHECK("getcwd.fchdir",
	      getcwd(cwd, sizeof(cwd)) != NULL &&
		      strcmp(cwd + strlen(abi_dir), "/d") == 0);
	chdir(abi_dir);
	CHECK_ERR("chdir.file",
		  (close(open("plain", O_CREAT | O_WRONLY, 0600)),
		   chdir("plain")),
		  ENOTDIR);
	unlink("plain");
	close(dfd);
	CHECK_OK("rmdir.ok", rmdir("d"));
	CHECK_ERR("rmdir.gone", rmdir("d"), ENOENT);
}

static void test_links(void)
{
	struct stat st, lst;
	char buf[64];
	int fd = open("a", O_CREAT | O_WRONLY | O_TRUNC, 0600);

	write(fd, "AAAA", 4);
	close(fd);
	fd = open("b", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	write(fd, "BB", 2);
	close(fd);
	CHECK_OK("rename.replace", rename("a", "b"));
	CHECK_ERR("rename.old_gone", access("a", F_OK), ENOENT);
	CHECK_OK("stat.renamed", stat("b", &st));
	CHECK_EQ("rename.content", st.st_size, 4);
	CHECK_ERR("rename.enoent", rename("a", "c"), ENOENT);
	mkdir("dd", 0700);
	CHECK_ERR("rename.file_over_dir", rename("b", "dd"), EISDIR);
	CHECK_ERR("rename.dir_into_self", rename("dd", "dd/x"), EINVAL);
	rmdir("dd");
	CHECK_OK("link.ok", link("b", "c"));
	CHECK_OK("stat.linked", stat("b", &st));
	CHECK_EQ("link.nlink", st.st_nlink, 2);
	CHECK_ERR("link.exists", link("b", "c"), EEXIST);
	CHECK_OK("symlink.ok", symlink("b", "s"));
	CHECK_OK("lstat.ok", lstat("s", &lst));
	CHECK("lstat.islnk", S_ISLNK(lst.st_mode));
	CHECK_EQ("lstat.size", lst.st_size, 1);
	CHECK_OK("stat.follows", stat("s", &st));
	CHECK("stat.follows_reg", S_ISREG(st.st_mode) && st.st_size == 4);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ("readlink.len", readlink("s", buf, sizeof(buf)), 1);
	CHECK("readlink.data", buf[0] == 'b');
	CHECK_ERR("readlink.notlink", readlink("b", buf, sizeof(buf)), EINVAL);
	CHECK_ERR("open.nofollow", open("s", O_RDONLY | O_NOFOLLOW), ELOOP);
	symlink("loopB", "loopA");
	symlink("loopA", "loopB");
	CHECK_ERR("open.symlink_loop", open("loopA", O_RDONLY), ELOOP);
	CHECK_OK("fstatat.nofollow",
		 fstatat(AT_FDCWD, "s", &lst, AT_SYMLINK_NOFOLLOW));
	CHECK("fstatat.nofollow_lnk", S_ISLNK(lst.st_mode));
	unlink("loopA");
	unlink("loopB");
	unlink("s");
	unlink("c");
	unlink("b");
	unlink("f1");
}

/* statx's layout, enough of it: the mask, size and mode fields. */
struct abi_statx {
	unsigned int mask, blksize;
	unsigned long long attributes;
	unsigned int nlink, uid, gid;
	unsigned short mode, pad0;
	unsigned long long ino, size, blocks, attributes_mask;
	unsigned char rest[256 - 64];
};

static void test_attrs(void)
{
	struct timespec ts[2] = { { 1000000000, 5 }, { 1200000000, 7 } };
	struct abi_statx sx;
	struct stat st;
	int fd = open("attr", O_CREAT | O_RDWR | O_TRUNC, 0600);

	write(fd, "12345", 5);
	CHECK_OK("fsync.ok", fsync(fd));
	CHECK_OK("fdatasync.ok", fdatasync(fd));
	CHECK_OK("fchmod.ok", fchmod(fd, 0640));
	CHECK_OK("chmod.ok", chmod("attr", 04751));
	stat("attr", &st);
	CHECK_EQ("chmod.mode", st.st_mode & 07777, 04751);
	CHECK_OK("chown.root", chown("attr", 12, 34));
	stat("attr", &st);
	CHECK("chown.ids", st.st_uid == 12 && st.st_gid == 34);
	CHECK_EQ("chown.clears_setuid", st.st_mode & 04000, 0);
	CHECK_OK("utimensat.set", utimensat(AT_FDCWD, "attr", ts, 0));
	stat("attr", &st);
	CHECK("utimensat.atime",
	      st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 5);
	CHECK("utimensat.mtime",
	      st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 7);
	CHECK_OK("truncate.path", truncate("attr", 3));
	memset(&sx, 0, sizeof(sx));
	CHECK_OK("statx.ok", syscall(SYS_statx, AT_FDCWD, "attr", 0,
				     0x7ff /* STATX_BASIC_STATS */, &sx));
	CHECK("statx.mask", (sx.mask & 0x7ff) == 0x7ff);
	CHECK_EQ("statx.size", sx.size, 3);
	CHECK_EQ("statx.mode", sx.mode & 0777, 0751);
	CHECK_EQ("statx.ino_matches", sx.ino, st.st_ino);
	CHECK_ERR("statx.bad_flags",
		  syscall(SYS_statx, AT_FDCWD, "attr", 0x80000000, 0x7ff, &sx),
		  EINVAL);
	CHECK_EQ("stat.blksize", st.st_blksize > 0, 1);
	close(fd);
	unlink("attr");
}

static void test_devices(void)
{
	unsigned char buf[256];
	int fd, i, nonzero = 0;

	fd = CHECK_OK("dev_null.open", open("/dev/null", O_RDWR));
	CHECK_EQ("dev_null.write", write(fd, "abc", 3), 3);
	CHECK_EQ("dev_null.read", read(fd, buf, sizeof(buf)), 0);
	close(fd);
	fd = CHECK_OK("dev_zero.open", open("/dev/zero", O_RDWR));
	memset(buf, 0xa5, sizeof(buf));
	CHECK_EQ("dev_zero.read", read(fd, buf, sizeof(buf)),
		 (long)sizeof(buf));
	for (i = 0; i < (int)sizeof(buf); i++)
		nonzero += buf[i] != 0;
	CHECK_EQ("dev_zero.zeros", nonzero, 0);
	CHECK_EQ("dev_zero.write", write(fd, "abc", 3), 3);
	close(fd);
	fd = CHECK_OK("dev_full.open", open("/dev/full", O_RDWR));
	CHECK_ERR("dev_full.write", write(fd, "abc", 3), ENOSPC);
	buf[0] = 1;
	CHECK_EQ("dev_full.read", read(fd, buf, 16), 16);
	CHECK_EQ("dev_full.zero", buf[0], 0);
	close(fd);
	fd = CHECK_OK("dev_urandom.open", open("/dev/urandom", O_RDONLY));
	memset(buf, 0, sizeof(buf));
	CHECK_EQ("dev_urandom.read", read(fd, buf, 64), 64);
	for (i = 0, nonzero = 0; i < 64; i++)
		nonzero += buf[i] != 0;
	CHECK("dev_urandom.random", nonzero > 32);
	close(fd);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	umask(022);
	abi_tmpdir();
	test_open_rw();
	test_vectors();
	test_dirs();
	test_links();
	test_attrs();
	test_devices();
	return abi_end();
}
