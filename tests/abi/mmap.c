/* SPDX-License-Identifier: MIT */
/* mmap.c - the mmap family: anonymous and file mappings, private and
 * shared across fork, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_POPULATE,
 * mprotect and munmap faults (si_code, si_addr), SIGBUS past a file's end,
 * mremap, madvise, mincore, msync, memfd_create, stack growth, errors. */
#include "abi.h"

#include <fcntl.h>
#include <setjmp.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PG 4096UL

static sigjmp_buf jb;
static volatile int fault_sig, fault_code;
static void *volatile fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(jb, 1);
}

/* Touches *p (a write when w); returns the signal it raised or 0. */
static int touch(volatile char *p, int w)
{
	fault_sig = 0;
	if (sigsetjmp(jb, 1) == 0) {
		if (w)
			*p = 1;
		else
			(void)*p;
	}
	return fault_sig;
}

static void test_anon(void)
{
	char *p, *q;
	int st, i, zero = 1;
	unsigned char vec[4];
	pid_t pid;

	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("anon.map", p != MAP_FAILED);
	CHECK_EQ("anon.aligned", (unsigned long)p % PG, 0);
	for (i = 0; i < (int)(2 * PG); i++)
		zero &= p[i] == 0;
	CHECK("anon.zeroed", zero);
	p[0] = 'x';
	p[PG] = 'y';
	CHECK_OK("mincore.ok", mincore(p, 4 * PG, vec));
	CHECK("mincore.touched", (vec[0] & 1) && (vec[1] & 1));
	CHECK_EQ("mincore.untouched", vec[3] & 1, 0);
	CHECK_ERR("mincore.unaligned", mincore(p + 1, PG, vec), EINVAL);

	/* private: the child's writes stay in the child */
	pid = fork();
	if (pid == 0) {
		p[0] = 'c';
		_exit(p[0] == 'c' ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK("private.fork_copy",
	      WIFEXITED(st) && WEXITSTATUS(st) == 0 && p[0] == 'x');

	/* shared anonymous: the child's writes reach the parent */
	q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	q[0] = 'p';
	pid = fork();
	if (pid == 0) {
		q[0] = 'c';
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK_EQ("shared.fork_visible", q[0], 'c');
	munmap(q, PG);

	/* MAP_FIXED replaces, MAP_FIXED_NOREPLACE refuses */
	q = mmap(p + PG, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("fixed.at_addr", q == p + PG);
	CHECK_EQ("fixed.replaced_zero", q[0], 0);
	q = mmap(p + PG, PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK("fixed_noreplace.eexist", q == MAP_FAILED && errno == EEXIST);
	CHECK_ERR("fixed.unaligned",
		  (long)mmap(p + 1, PG, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		  EINVAL);

	/* madvise DONTNEED drops private anonymous pages: they read as zero */
	p[2 * PG] = 'z';
	CHECK_OK("madvise.dontneed", madvise(p + 2 * PG, PG, MADV_DONTNEED));
	CHECK_EQ("madvise.zeroed", p[2 * PG], 0);
	CHECK_ERR("madvise.bad_advice", madvise(p, PG, 12345), EINVAL);
	CHECK_ERR("madvise.unaligned", madvise(p + 1, PG, MADV_NORMAL), EINVAL);

	/* mprotect: a write to a read-only page is SEGV_ACCERR at its address
	 */
	CHECK_OK("mprotect.ro", mprotect(p, PG, PROT_READ));
	CHECK_EQ("mprotect.read_ok", touch(p + 10, 0), 0);
	CHECK_EQ("mprotect.write_segv", touch(p + 10, 1), SIGSEGV);
	CHECK_EQ("mprotect.si_code", fault_code, SEGV_ACCERR);
	CHECK("mprotect.si_addr", fault_addr == p + 10);
	CHECK_OK("mprotect.none", mprotect(p, PG, PROT_NONE));
	CHECK_EQ("prot_none.read_segv", touch(p, 0), SIGSEGV);
	CHECK_EQ("prot_none.si_code", fault_code, SEGV_ACCERR);
	CHECK_OK("mprotect.rw", mprotect(p, PG, PROT_READ | PROT_WRITE));
	CHECK_EQ("mprotect.kept_data", p[0], 'x');
	CHECK_ERR("mprotect.unaligned",
		  syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL);

	/* munmap: access is SEGV_MAPERR */
	CHECK_OK("munmap.ok", munmap(p + 3 * PG, PG));
	CHECK_EQ("munmap.segv", touch(p + 3 * PG + 8, 0), SIGSEGV);
	CHECK_EQ("munmap.si_code", fault_code, SEGV_MAPERR);
	CHECK("munmap.si_addr", fault_addr == p + 3 * PG + 8);
	CHECK_ERR("mprotect.unmapped", mprotect(p + 3 * PG, PG, PROT_READ),
		  ENOMEM);
	CHECK_OK("munmap.again_ok", munmap(p + 3 * PG, PG));
	CHECK_ERR("munmap.unaligned", munmap(p + 1, PG), EINVAL);
	CHECK_ERR("munmap.zero_len", munmap(p, 0), EINVAL);

	/* mremap: growing in place is refused when a mapping follows; MAYMOVE
	 * moves and keeps the contents */
	p[0] = 'm';
	p[PG] = 'n';
	q = mremap(p, 2 * PG, 3 * PG, 0);
	CHECK("mremap.in_place_enomem", q == MAP_FAILED && errno == ENOMEM);
	q = mremap(p, 2 * PG, 64 * PG, MREMAP_MAYMOVE);
	CHECK("mremap.maymove", q != MAP_FAILED);
	CHECK("mremap.contents", q != MAP_FAILED && q[0] == 'm' &&
					 q[PG] == 'n' && q[63 * PG] == 0);
	CHECK_EQ("mremap.old_gone", touch(p, 0) == SIGSEGV || p == q, 1);
	q = mremap(q, 64 * PG, PG, 0);
	CHECK("mremap.shrink", q != MAP_FAILED);
	CHECK_ERR("mremap.bad_flags", (long)mremap(q, PG, PG, 0x80), EINVAL);
	munmap(q, PG);
	munmap(p + 2 * PG, PG);
}

static void test_file(void)
{
	char buf[16], *p, *q;
	unsigned char vec[2];
	int fd, fd2, st, rd;
	pid_t pid;

	fd = open("map", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(fd, "file-contents", 13);
	ftruncate(fd, PG);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("file.map_shared", p != MAP_FAILED);
	CHECK("file.contents", memcmp(p, "file-contents", 13) == 0);
	memcpy(p, "FILE", 4);
	pread(fd, buf, 4, 0);
	CHECK("file.shared_write_reaches_file", memcmp(buf, "FILE", 4) == 0);
	pwrite(fd, "W", 1, 5);
	CHECK_EQ("file.write_reaches_map", p[5], 'W');
	CHECK_OK("msync.sync", msync(p, PG, MS_SYNC));
	CHECK_ERR("msync.both", msync(p, PG, MS_SYNC | MS_ASYNC), EINVAL);
	CHECK_ERR("msync.unaligned", msync(p + 1, PG, MS_SYNC), EINVAL);
	pid = fork();
	if (pid == 0) {
		p[1] = 'i';
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK_EQ("file.shared_fork", p[1], 'i');

	q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("file.map_private", q != MAP_FAILED);
	q[0] = 'q';
	pread(fd, buf, 1, 0);
	CHECK_EQ("file.private_stays", buf[0], 'F');
	munmap(q, PG);

	/* Pages past the end of the file raise SIGBUS. */
	q = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK_EQ("file.past_end_sigbus", touch(q + PG, 0), SIGBUS);
	CHECK_EQ("file.sigbus_code", fault_code, BUS_ADRERR);
	munmap(q, 2 * PG);

	q = mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
	CHECK_OK("populate.mincore", mincore(q, PG, vec));
	CHECK_EQ("populate.resident", vec[0] & 1, 1);
	munmap(q, PG);
	munmap(p, PG);

	rd = open("map", O_RDONLY);
	CHECK_ERR(
		"file.rdonly_shared_write",
		(long)mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rd, 0),
		EACCES);
	q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, rd, 0);
	CHECK("file.rdonly_private_write_ok", q != MAP_FAILED);
	munmap(q, PG);
	/* shared anonymous memory has no descriptor to refuse a write */
	q = mmap(NULL, PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK_OK("mprotect.shared_anon_write",
		 mprotect(q, PG, PROT_READ | PROT_WRITE));
	munmap(q, PG);
	/* the descriptor's mode is checked again when PROT_WRITE is added to
	 * a shared mapping; a private one may always be made writable */
	q = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, rd, 0);
	CHECK("file.rdonly_shared_read_ok", q != MAP_FAILED);
	CHECK_ERR("mprotect.rdonly_shared_write",
		  mprotect(q, PG, PROT_READ | PROT_WRITE), EACCES);
	CHECK_ERR("mprotect.rdonly_shared_write_part",
		  mprotect(q + PG, PG, PROT_WRITE), EACCES);
	CHECK_OK("mprotect.rdonly_shared_exec",
		 mprotect(q, 2 * PG, PROT_READ | PROT_EXEC));
	CHECK_OK("mprotect.rdonly_shared_none", mprotect(q, PG, PROT_NONE));
	CHECK_ERR("mprotect.rdonly_shared_write_after",
		  mprotect(q, 2 * PG, PROT_READ | PROT_WRITE), EACCES);
	munmap(q, 2 * PG);
	q = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, rd, 0);
	CHECK_OK("mprotect.rdonly_private_write",
		 mprotect(q, PG, PROT_READ | PROT_WRITE));
	munmap(q, PG);
	fd2 = open("map", O_RDWR);
	q = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd2, 0);
	CHECK_OK("mprotect.rdwr_shared_write",
		 mprotect(q, PG, PROT_READ | PROT_WRITE));
	munmap(q, PG);
	close(fd2);
	CHECK_ERR("file.wronly_eacces",
		  (long)mmap(NULL, PG, PROT_READ, MAP_SHARED,
			     open("map", O_WRONLY), 0),
		  EACCES);
	CHECK_ERR("file.unaligned_offset",
		  (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, rd, 1), EINVAL);
	CHECK_ERR("mmap.badf",
		  (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0), EBADF);
	CHECK_ERR("mmap.zero_len",
		  (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			     -1, 0),
		  EINVAL);
	CHECK_ERR("mmap.no_type",
		  (long)mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0),
		  EINVAL);
	CHECK_ERR("mmap.dir_enodev",
		  (long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE,
			     open(".", O_RDONLY), 0),
		  ENODEV);
	close(rd);
	close(fd);
}

static void test_memfd(void)
{
	int fd = (int)syscall(SYS_memfd_create, "abi", 1 /* MFD_CLOEXEC */);
	char *p;

	CHECK("memfd.create", fd >= 0);
	CHECK_EQ("memfd.cloexec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_OK("memfd.truncate", ftruncate(fd, 2 * PG));
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("memfd.map", p != MAP_FAILED);
	pwrite(fd, "mem", 3, PG);
	CHECK("memfd.shared", memcmp(p + PG, "mem", 3) == 0);
	CHECK_ERR("memfd.bad_flags", syscall(SYS_memfd_create, "x", 0x1000),
		  EINVAL);
	munmap(p, 2 * PG);
	close(fd);
}

/* Each level takes 64 KiB of stack: 32 levels grow it by 2 MiB. */
static int deep(int n)
{
	volatile char frame[65536];

	frame[0] = (char)n;
	frame[sizeof(frame) - 1] = (char)n;
	if (n == 0)
		return frame[0];
	return deep(n - 1) + frame[sizeof(frame) - 1];
}

int main(int argc, char **argv)
{
	struct sigaction sa;

	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	test_anon();
	test_file();
	test_memfd();
	CHECK_EQ("stack.grows", deep(32), 32 * 33 / 2);
	return abi_end();
}
