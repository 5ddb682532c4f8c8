/* SPDX-License-Identifier: MIT */
/* sendfile.c - sendfile and copy_file_range: file to file, pipe and
 * /dev/null, the offset pointer against the file position, and the
 * EBADF / EINVAL / ESPIPE / EISDIR cases. */
#include "abi.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>

#define SIZE 10000

static char data[SIZE];

static long cfr(int in, loff_t *oin, int out, loff_t *oout, size_t n,
		unsigned int fl)
{
	return syscall(SYS_copy_file_range, in, oin, out, oout, n, fl);
}

static int make_src(void)
{
	int i, fd = open("src", O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (i = 0; i < SIZE; i++)
		data[i] = (char)('a' + i % 23);
	if (write(fd, data, SIZE) != SIZE)
		abi_report(0, "setup", "write src: %s", strerror(errno));
	return fd;
}

/* The first n bytes of @path equal data[from..]. */
static int same(const char *path, size_t from, size_t n)
{
	static char buf[SIZE + 1];
	int fd = open(path, O_RDONLY);
	ssize_t r = read(fd, buf, sizeof(buf));

	close(fd);
	return r == (ssize_t)n && memcmp(buf, data + from, n) == 0;
}

static void test_sendfile_file(void)
{
	int in = make_src(), out;
	off_t off;

	out = open("dst", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	lseek(in, 0, SEEK_SET);
	CHECK_EQ("file.null_off", sendfile(out, in, NULL, SIZE), SIZE);
	CHECK_EQ("file.in_pos_advanced", lseek(in, 0, SEEK_CUR), SIZE);
	CHECK_EQ("file.out_pos_advanced", lseek(out, 0, SEEK_CUR), SIZE);
	CHECK("file.content", same("dst", 0, SIZE));
	CHECK_EQ("file.at_eof", sendfile(out, in, NULL, 100), 0);

	lseek(in, 7, SEEK_SET);
	ftruncate(out, 0);
	lseek(out, 0, SEEK_SET);
	off = 100;
	CHECK_EQ("off.count", sendfile(out, in, &off, 500), 500);
	CHECK_EQ("off.updated", off, 600);
	CHECK_EQ("off.in_pos_kept", lseek(in, 0, SEEK_CUR), 7);
	CHECK("off.content", same("dst", 100, 500));
	off = SIZE - 10;
	CHECK_EQ("off.short_at_end", sendfile(out, in, &off, 500), 10);
	CHECK_EQ("off.end", off, SIZE);
	off = SIZE + 50;
	CHECK_EQ("off.past_end", sendfile(out, in, &off, 5), 0);
	CHECK_EQ("off.past_end_kept", off, SIZE + 50);
	off = 0;
	CHECK_EQ("zero_count", sendfile(out, in, &off, 0), 0);
	close(out);
	close(in);
}

static void test_sendfile_targets(void)
{
	int in = make_src(), p[2], null = open("/dev/null", O_WRONLY);
	static char buf[SIZE];
	off_t off = 0;

	CHECK_EQ("devnull", sendfile(null, in, &off, SIZE), SIZE);
	close(null);
	pipe(p);
	off = 3;
	CHECK_EQ("pipe.count", sendfile(p[1], in, &off, 4000), 4000);
	CHECK("pipe.content", read(p[0], buf, sizeof(buf)) == 4000 &&
				      memcmp(buf, data + 3, 4000) == 0);
	/* a pipe takes what fits, the rest is left for the next call */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	off = 0;
	{
		int big = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
		long r;

		ftruncate(big, 200000);
		r = sendfile(p[1], big, &off, 200000);
		CHECK("pipe.full_short", r > 0 && r < 200000 && r == off);
		CHECK_ERR("pipe.full_eagain", sendfile(p[1], big, &off, 10),
			  EAGAIN);
		close(big);
	}
	/* a pipe end with O_APPEND still takes a sendfile */
	{
		static char tmp[70000];

		fcntl(p[0], F_SETFL, O_NONBLOCK);
		while (read(p[0], tmp, sizeof(tmp)) > 0)
			;
		fcntl(p[1], F_SETFL, O_NONBLOCK | O_APPEND);
		off = 0;
		CHECK_EQ("pipe.append_ok", sendfile(p[1], in, &off, 10), 10);
	}
	close(p[0]);
	{
		sigset_t s, old;
		int sig = 0;
		struct timespec zero = { 0, 0 };

		sigemptyset(&s);
		sigaddset(&s, SIGPIPE);
		sigprocmask(SIG_BLOCK, &s, &old);
		fcntl(p[1], F_SETFL, 0);
		while (sigtimedwait(&s, NULL, &zero) > 0)
			;
		off = 0;
		CHECK_ERR("pipe.epipe", sendfile(p[1], in, &off, 10), EPIPE);
		sig = sigtimedwait(&s, NULL, &zero);
		CHECK_EQ("pipe.sigpipe", sig, SIGPIPE);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	close(p[1]);
	close(in);
}

static void test_sendfile_errors(void)
{
	int in = make_src(), out = open("dst", O_WRONLY | O_CREAT, 0644);
	int ro = open("src", O_RDONLY), wo = open("src", O_WRONLY);
	int app = open("dst", O_WRONLY | O_APPEND), p[2], dir = open(".", 0);
	off_t off = 0;

	pipe(p);
	CHECK_ERR("ebadf.in_closed", sendfile(out, 999, NULL, 1), EBADF);
	CHECK_ERR("ebadf.out_closed", sendfile(999, in, NULL, 1), EBADF);
	CHECK_ERR("ebadf.in_writeonly", sendfile(out, wo, NULL, 1), EBADF);
	CHECK_ERR("ebadf.out_readonly", sendfile(ro, in, NULL, 1), EBADF);
	CHECK_ERR("einval.append", sendfile(app, in, &off, 1), EINVAL);
	CHECK_ERR("einval.in_pipe", sendfile(out, p[0], NULL, 1), EINVAL);
	CHECK_ERR("espipe.in_pipe_off", sendfile(out, p[0], &off, 1),
		  ESPIPE);
	CHECK_ERR("einval.in_dir", sendfile(out, dir, &off, 1), EINVAL);
	off = -1;
	CHECK_ERR("einval.neg_off", sendfile(out, in, &off, 1), EINVAL);
	off = 0;
	CHECK_ERR("einval.neg_count", sendfile(out, in, &off, (size_t)-1),
		  EINVAL);
	CHECK_ERR("efault.off", sendfile(out, in, (off_t *)8, 1), EFAULT);
	off = 0;
	CHECK_EQ("count_capped", sendfile(out, in, &off, 0x7fffffffffffffff),
		 SIZE);
	close(p[0]);
	close(p[1]);
	close(dir);
	close(app);
	close(wo);
	close(ro);
	close(out);
	close(in);
}

static void test_copy_file_range(void)
{
	int in = make_src(), out = open("cdst", O_RDWR | O_CREAT | O_TRUNC,
					0644);
	int ro = open("src", O_RDONLY), app = open("cdst", O_WRONLY | O_APPEND);
	int p[2], dir = open(".", 0);
	loff_t oi, oo;

	lseek(in, 0, SEEK_SET);
	CHECK_EQ("cfr.all", cfr(in, NULL, out, NULL, SIZE, 0), SIZE);
	CHECK_EQ("cfr.in_pos", lseek(in, 0, SEEK_CUR), SIZE);
	CHECK_EQ("cfr.out_pos", lseek(out, 0, SEEK_CUR), SIZE);
	CHECK("cfr.content", same("cdst", 0, SIZE));
	oi = 20;
	oo = 0;
	ftruncate(out, 0);
	CHECK_EQ("cfr.offs", cfr(in, &oi, out, &oo, 30, 0), 30);
	CHECK("cfr.offs_updated", oi == 50 && oo == 30);
	CHECK_EQ("cfr.out_pos_kept", lseek(out, 0, SEEK_CUR), SIZE);
	CHECK("cfr.offs_content", same("cdst", 20, 30));
	oi = SIZE - 5;
	CHECK_EQ("cfr.short_at_eof", cfr(in, &oi, out, &oo, 100, 0), 5);
	CHECK_EQ("cfr.at_eof", cfr(in, &oi, out, &oo, 100, 0), 0);
	oi = 0;
	CHECK_ERR("cfr.flags", cfr(in, &oi, out, &oo, 1, 1), EINVAL);
	CHECK_ERR("cfr.ebadf_closed", cfr(999, NULL, out, NULL, 1, 0), EBADF);
	CHECK_ERR("cfr.ebadf_out_ro", cfr(in, &oi, ro, &oo, 1, 0), EBADF);
	CHECK_ERR("cfr.ebadf_append", cfr(in, &oi, app, &oo, 1, 0), EBADF);
	pipe(p);
	CHECK_ERR("cfr.pipe", cfr(p[0], NULL, out, &oo, 1, 0), EINVAL);
	CHECK_ERR("cfr.dir", cfr(dir, &oi, out, &oo, 1, 0), EISDIR);
	oi = 0;
	oo = 10;
	CHECK_ERR("cfr.overlap", cfr(in, &oi, in, &oo, 100, 0), EINVAL);
	oo = 5000;
	CHECK_EQ("cfr.same_file", cfr(in, &oi, in, &oo, 100, 0), 100);
	CHECK_ERR("cfr.efault", cfr(in, (loff_t *)8, out, &oo, 1, 0), EFAULT);
	close(p[0]);
	close(p[1]);
	close(dir);
	close(app);
	close(ro);
	close(out);
	close(in);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	test_sendfile_file();
	test_sendfile_targets();
	test_sendfile_errors();
	test_copy_file_range();
	return abi_end();
}
