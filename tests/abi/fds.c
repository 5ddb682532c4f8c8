/* SPDX-License-Identifier: MIT */
/* fds.c - the descriptor table: dup, dup2, dup3, fcntl (F_DUPFD,
 * F_DUPFD_CLOEXEC, F_GETFD/F_SETFD, F_GETFL/F_SETFL), shared offsets,
 * fork's copy of the table, RLIMIT_NOFILE and EBADF/EMFILE. */
#include "abi.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

static int child_close(void *arg)
{
	int fd = *(int *)arg;

	if (lseek(fd, 3, SEEK_SET) != 3)
		return 1;
	return close(fd) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
	struct rlimit rl, low;
	int fd, d, st, i, got = 0;
	char c;

	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	fd = open("data", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);

	d = CHECK_OK("dup.ok", dup(fd));
	CHECK_EQ("dup.lowest", d, fd + 1);
	CHECK_EQ("dup.shared_offset", (read(fd, &c, 1), lseek(d, 0, SEEK_CUR)),
		 1);
	CHECK_EQ("dup.no_cloexec", fcntl(d, F_GETFD), 0);
	close(d);
	CHECK_EQ("dup2.target", dup2(fd, 20), 20);
	CHECK_EQ("dup2.same_fd", dup2(fd, fd), fd);
	CHECK_ERR("dup2.bad_old", dup2(99, 21), EBADF);
	CHECK_ERR("dup2.same_bad", dup2(99, 99), EBADF);
	CHECK_ERR("dup2.bad_new", dup2(fd, -1), EBADF);
	CHECK_EQ("dup2.replaces",
		 dup2(0, 20) == 20 && fcntl(20, F_GETFL) == fcntl(0, F_GETFL),
		 1);
	CHECK_ERR("dup3.same_fd", dup3(fd, fd, 0), EINVAL);
	CHECK_ERR("dup3.bad_flags", syscall(SYS_dup3, fd, 21, 0x4), EINVAL);
	CHECK_EQ("dup3.cloexec", dup3(fd, 21, O_CLOEXEC), 21);
	CHECK_EQ("dup3.cloexec_set", fcntl(21, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("fcntl.dupfd_min", fcntl(fd, F_DUPFD, 30), 30);
	CHECK_EQ("fcntl.dupfd_next", fcntl(fd, F_DUPFD, 30), 31);
	CHECK_EQ("fcntl.dupfd_cloexec", fcntl(fd, F_DUPFD_CLOEXEC, 30), 32);
	CHECK_EQ("fcntl.getfd_cloexec", fcntl(32, F_GETFD), FD_CLOEXEC);
	CHECK_ERR("fcntl.dupfd_negative", fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_OK("fcntl.setfd", fcntl(30, F_SETFD, FD_CLOEXEC));
	CHECK_EQ("fcntl.getfd", fcntl(30, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("fcntl.getfl_rdwr", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK_OK("fcntl.setfl", fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND));
	CHECK_EQ("fcntl.setfl_shared",
		 fcntl(31, F_GETFL) & (O_NONBLOCK | O_APPEND),
		 O_NONBLOCK | O_APPEND);
	CHECK_OK("fcntl.setfl_accmode_ignored", fcntl(fd, F_SETFL, O_RDONLY));
	CHECK_EQ("fcntl.accmode_kept", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK_ERR("fcntl.bad_cmd", fcntl(fd, 9999), EINVAL);
	CHECK_ERR("fcntl.badf", fcntl(77, F_GETFD), EBADF);
	for (i = 20; i < 33; i++)
		close(i);

	/* fork copies the table; the open file (and its offset) is shared. */
	lseek(fd, 0, SEEK_SET);
	st = abi_in_child(child_close, &fd);
	CHECK_CHILD_OK("fork.child_close", st);
	CHECK_OK("fork.parent_still_open", fcntl(fd, F_GETFD));
	CHECK_EQ("fork.offset_shared", lseek(fd, 0, SEEK_CUR), 3);

	CHECK_ERR("close.negative", close(-1), EBADF);
	CHECK_ERR("read.badf", read(55, &c, 1), EBADF);
	CHECK_ERR("write.badf", write(55, &c, 1), EBADF);

	/* RLIMIT_NOFILE bounds new descriptors. */
	getrlimit(RLIMIT_NOFILE, &rl);
	low = rl;
	low.rlim_cur = 16;
	CHECK_OK("rlimit.nofile_set", setrlimit(RLIMIT_NOFILE, &low));
	for (i = 0; i < 40; i++)
		if (dup(fd) >= 0)
			got++;
	CHECK_ERR("dup.emfile", dup(fd), EMFILE);
	CHECK_ERR("fcntl.dupfd_limit", fcntl(fd, F_DUPFD, 16), EINVAL);
	CHECK_ERR("dup2.beyond_limit", dup2(fd, 16), EBADF);
	CHECK("dup.got_some", got > 5 && got < 16);
	for (i = 3; i < 16; i++)
		if (i != fd)
			close(i);
	setrlimit(RLIMIT_NOFILE, &rl);
	close(fd);
	return abi_end();
}
