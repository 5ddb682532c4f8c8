/* SPDX-License-Identifier: MIT */
/* ktests of the tracer's formatting: arguments, flags, strings, results. */
#include <syscall/syscall.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/user.h>
#include <frame/vm.h>

#include "strace.h"

#define USER_PAGE 0x400000ul

/* Format @nr(@a) with a user page holding @text at USER_PAGE (+0). */
static size_t format_with_user(char *buf, size_t size, uint64_t nr,
			       const uint64_t a[6], const char *text,
			       size_t len)
{
	struct frame_page *p = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct vm_space *s = vm_space_create();
	struct vm_cursor c;
	size_t n = 0;

	buf[0] = '\0';
	if (!p || !s)
		goto out;
	if (frame_page_write(p, 0, text, len))
		goto out;
	if (vm_cursor_open(&c, s, uaddr_from_syscall_arg(USER_PAGE),
			   FRAME_PAGE_SIZE))
		goto out;
	if (vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE)) {
		vm_cursor_close(&c);
		goto out;
	}
	vm_cursor_close(&c);
	vm_space_activate(s);
	n = syscall_format_call(buf, size, nr, a);
	vm_space_activate(NULL);
out:
	if (s)
		vm_space_put(s);
	if (p)
		frame_page_put(p);
	return n;
}

KTEST(syscall_strace_openat_line)
{
	static const char path[] = "/etc/passwd";
	const uint64_t a[6] = { (uint64_t)-100, USER_PAGE, 02000000, 0 };
	char buf[256];

	format_with_user(buf, sizeof(buf), 257, a, path, sizeof(path));
	KT_ASSERT_STREQ(
		buf,
		"openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC, 0)");
}

KTEST(syscall_strace_long_string_is_cut)
{
	static const char path[] = "/a/very/long/path/name/that/goes/on/and/on";
	const uint64_t a[6] = { USER_PAGE };
	char buf[256];

	format_with_user(buf, sizeof(buf), 87, a, path, sizeof(path));
	KT_ASSERT_STREQ(buf, "unlink(\"/a/very/long/path/name/that/goes\"...)");
}

KTEST(syscall_strace_write_buffer_escapes)
{
	static const char text[] = "hi\t\"x\"\n\001";
	const uint64_t a[6] = { 1, USER_PAGE, 8 };
	char buf[256];

	format_with_user(buf, sizeof(buf), 1, a, text, sizeof(text));
	KT_ASSERT_STREQ(buf, "write(1, \"hi\\t\\\"x\\\"\\n\\1\", 8)");
}

KTEST(syscall_strace_unreadable_string_prints_address)
{
	const uint64_t a[6] = { 0x1000, 0 };
	char buf[128];

	/* no user space at all: the read fails, the address is printed */
	syscall_format_call(buf, sizeof(buf), 80, a);
	KT_ASSERT_STREQ(buf, "chdir(0x1000)");
	KT_ASSERT_EQ(syscall_format_call(buf, sizeof(buf), 87,
					 (const uint64_t[6]){ 0 }),
		     12);
	KT_ASSERT_STREQ(buf, "unlink(NULL)");
}

KTEST(syscall_strace_flags_by_name)
{
	const uint64_t mm[6] = { 0, 8192, 3, 0x22, (uint64_t)-1, 0 };
	const uint64_t cl[6] = { 0x1200011, 0, 0, 0x7f00, 0 };
	const uint64_t sa[6] = { 2, 0x7ffc0000, 0, 8 };
	const uint64_t ft[6] = { 0x601000, 0x81, 1 };
	const uint64_t cg[6] = { 1, 0x7ffc0010 };
	char buf[256];

	syscall_format_call(buf, sizeof(buf), 9, mm);
	KT_ASSERT_STREQ(buf, "mmap(NULL, 8192, PROT_READ|PROT_WRITE, "
			     "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)");
	syscall_format_call(buf, sizeof(buf), 56, cl);
	KT_ASSERT_STREQ(buf, "clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|"
			     "SIGCHLD, NULL, NULL, 0x7f00, 0)");
	syscall_format_call(buf, sizeof(buf), 13, sa);
	KT_ASSERT_STREQ(buf, "rt_sigaction(SIGINT, 0x7ffc0000, NULL, 8)");
	syscall_format_call(buf, sizeof(buf), 202, ft);
	KT_ASSERT_STREQ(buf, "futex(0x601000, FUTEX_WAKE_PRIVATE, 1, NULL, "
			     "NULL, 0)");
	syscall_format_call(buf, sizeof(buf), 228, cg);
	KT_ASSERT_STREQ(buf, "clock_gettime(CLOCK_MONOTONIC, 0x7ffc0010)");
	syscall_format_call(buf, sizeof(buf), 10,
			    (const uint64_t[6]){ 0x1000, 4096, 0 });
	KT_ASSERT_STREQ(buf, "mprotect(0x1000, 4096, PROT_NONE)");
	syscall_format_call(buf, sizeof(buf), 83,
			    (const uint64_t[6]){ 0, 0755 });
	KT_ASSERT_STREQ(buf, "mkdir(NULL, 0755)");
	syscall_format_call(buf, sizeof(buf), 263,
			    (const uint64_t[6]){ 3, 0, 0x200 });
	KT_ASSERT_STREQ(buf, "unlinkat(3, NULL, AT_REMOVEDIR)");
	syscall_format_call(
		buf, sizeof(buf), 2,
		(const uint64_t[6]){ 0, 0x241 | 0x80000000u, 0644 });
	KT_ASSERT_STREQ(buf, "open(NULL, O_WRONLY|O_CREAT|O_TRUNC|0x80000000, "
			     "0644)");
	syscall_format_call(buf, sizeof(buf), 24, (const uint64_t[6]){ 0 });
	KT_ASSERT_STREQ(buf, "sched_yield()");
}

KTEST(syscall_strace_results)
{
	char buf[128];

	syscall_format_result(buf, sizeof(buf), 257, 3);
	KT_ASSERT_STREQ(buf, " = 3");
	syscall_format_result(buf, sizeof(buf), 257, -ENOENT);
	KT_ASSERT_STREQ(buf, " = -1 ENOENT (No such file or directory)");
	syscall_format_result(buf, sizeof(buf), 9, 0x7f0000001000l);
	KT_ASSERT_STREQ(buf, " = 0x7f0000001000");
	syscall_format_result(buf, sizeof(buf), 9, -ENOMEM);
	KT_ASSERT_STREQ(buf, " = -1 ENOMEM (Cannot allocate memory)");
	syscall_format_result(buf, sizeof(buf), 95, 022);
	KT_ASSERT_STREQ(buf, " = 022");
	syscall_format_result(buf, sizeof(buf), 231, 0);
	KT_ASSERT_STREQ(buf, " = ?");
	syscall_format_result(buf, sizeof(buf), 0, -ERESTARTSYS);
	KT_ASSERT_STREQ(
		buf, " = ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
	syscall_format_result(buf, sizeof(buf), 999, -ENOSYS);
	KT_ASSERT_STREQ(buf, " = -1 ENOSYS (Function not implemented)");
}

KTEST(syscall_strace_buffer_is_bounded)
{
	const uint64_t mm[6] = { 0, 8192, 3, 0x22, (uint64_t)-1, 0 };
	char buf[12];

	KT_ASSERT_EQ(syscall_format_call(buf, sizeof(buf), 9, mm), 11);
	KT_ASSERT_STREQ(buf, "mmap(NULL, ");
}

KTEST(syscall_errno_text_table)
{
	KT_ASSERT_STREQ(syscall_errno_text(EPERM), "Operation not permitted");
	KT_ASSERT_STREQ(syscall_errno_text(-EAGAIN),
			"Resource temporarily unavailable");
	KT_ASSERT_STREQ(syscall_errno_text(EHWPOISON),
			"Memory page has hardware error");
	KT_ASSERT_NULL(syscall_errno_text(41));
	KT_ASSERT_NULL(syscall_errno_text(4000));
	for (int e = 1; e <= EHWPOISON; e++)
		if (e != 41 && e != 58)
			KT_ASSERT_NOT_NULL(syscall_errno_text(e));
}

KTEST(syscall_dispatch_unimplemented_is_enosys)
{
	const uint64_t a[6] = { 0 };

	/* a number in a hole, one past the table, and a named stub */
	KT_ASSERT_ERR(syscall_dispatch(1, 400, a), -ENOSYS);
	KT_ASSERT_ERR(syscall_dispatch(1, 100000, a), -ENOSYS);
	KT_ASSERT_ERR(syscall_dispatch(1, 183, a), -ENOSYS);
	/* the second time it is not logged again, and still -ENOSYS */
	KT_ASSERT_ERR(syscall_dispatch(1, 183, a), -ENOSYS);
}

KTEST(syscall_strace_execve_argv_and_envp)
{
	unsigned char page[128] = { 0 };
	const uint64_t argv[3] = { USER_PAGE + 64, USER_PAGE + 72, 0 };
	const uint64_t envp[3] = { USER_PAGE + 88, USER_PAGE + 88, 0 };
	const uint64_t a[6] = { USER_PAGE + 80, USER_PAGE, USER_PAGE + 32 };
	char buf[256];

	memcpy(page, argv, sizeof(argv));
	memcpy(page + 32, envp, sizeof(envp));
	memcpy(page + 64, "sh", 3);
	memcpy(page + 72, "-c", 3);
	memcpy(page + 80, "/bin/sh", 8);
	memcpy(page + 88, "A=1", 4);
	format_with_user(buf, sizeof(buf), 59, a, (const char *)page,
			 sizeof(page));
	KT_ASSERT_STREQ(buf, "execve(\"/bin/sh\", [\"sh\", \"-c\"], 0x400020 "
			     "/* 2 vars */)");
}

KTEST(syscall_strace_named_commands)
{
	char buf[128];

	syscall_format_call(buf, sizeof(buf), 72,
			    (const uint64_t[6]){ 3, 1030, 10 });
	KT_ASSERT_STREQ(buf, "fcntl(3, F_DUPFD_CLOEXEC, 0xa)");
	syscall_format_call(buf, sizeof(buf), 16,
			    (const uint64_t[6]){ 1, 0x5401, 0x7fff0000 });
	KT_ASSERT_STREQ(buf, "ioctl(1, TCGETS, 0x7fff0000)");
	syscall_format_call(buf, sizeof(buf), 16,
			    (const uint64_t[6]){ 1, 0x1234, 0 });
	KT_ASSERT_STREQ(buf, "ioctl(1, 0x1234, 0)");
	syscall_format_call(buf, sizeof(buf), 302,
			    (const uint64_t[6]){ 0, 7, 0, 0x1000 });
	KT_ASSERT_STREQ(buf, "prlimit64(0, RLIMIT_NOFILE, NULL, 0x1000)");
	syscall_format_call(buf, sizeof(buf), 61,
			    (const uint64_t[6]){ (uint64_t)-1, 0, 3, 0 });
	KT_ASSERT_STREQ(buf, "wait4(-1, NULL, WNOHANG|WUNTRACED, NULL)");
	syscall_format_call(buf, sizeof(buf), 38,
			    (const uint64_t[6]){ 0, 0x1000, 0 });
	KT_ASSERT_STREQ(buf, "setitimer(ITIMER_REAL, 0x1000, NULL)");
	syscall_format_call(buf, sizeof(buf), 157,
			    (const uint64_t[6]){ 15, 0x1000, 0, 0, 0 });
	KT_ASSERT_STREQ(buf, "prctl(PR_SET_NAME, 0x1000, 0, 0, 0)");
}

KTEST(syscall_strace_read_shows_what_it_filled)
{
	static const char text[] = "root:x:0:0:root:/root:/bin/sh\nbin:x:1";
	struct frame_page *p = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct vm_space *s = vm_space_create();
	const uint64_t a[6] = { 3, USER_PAGE, 4096 };
	char before[128], ok[128], fail[128], part[128];
	struct vm_cursor c;
	bool fills = syscall_fills_buffer(0);

	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_NOT_NULL(s);
	KT_ASSERT_OK(frame_page_write(p, 0, text, sizeof(text)));
	KT_ASSERT_OK(vm_cursor_open(&c, s, uaddr_from_syscall_arg(USER_PAGE),
				    FRAME_PAGE_SIZE));
	KT_ASSERT_OK(vm_cursor_map(&c, p, VM_PROT_READ));
	vm_cursor_close(&c);
	vm_space_activate(s);
	syscall_format_call(before, sizeof(before), 0, a);
	syscall_format_done(ok, sizeof(ok), 0, a, 37);
	syscall_format_done(part, sizeof(part), 0, a, 5);
	syscall_format_done(fail, sizeof(fail), 0, a, -EBADF);
	vm_space_activate(NULL);
	vm_space_put(s);
	frame_page_put(p);

	KT_ASSERT(fills);
	KT_ASSERT(!syscall_fills_buffer(1));
	KT_ASSERT_STREQ(before, "read(3, 0x400000, 4096)");
	KT_ASSERT_STREQ(ok,
			"read(3, \"root:x:0:0:root:/root:/bin/sh\\nbi\"..., "
			"4096)");
	KT_ASSERT_STREQ(part, "read(3, \"root:\", 4096)");
	KT_ASSERT_STREQ(fail, "read(3, 0x400000, 4096)");
}
