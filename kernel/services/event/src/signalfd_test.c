/* SPDX-License-Identifier: MIT */
/* ktests of signalfd: the record layout, the set and signalfd4's checks. */
#include "signalfd.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/task.h>

#include <event/syscalls.h>
#include <fs/fs.h>

KTEST(signalfd_info_layouts)
{
	struct signalfd_info out;
	struct ksiginfo info;
	uint8_t b[SIGNALFD_INFO_SIZE];

	ksiginfo_init(&info, SIGUSR1, -1 /* SI_QUEUE */);
	info.pid = 42;
	info.uid = 7;
	info.value = 0x1122334455667788ull;
	signalfd_info_from(&info, &out);
	KT_ASSERT_EQ(out.signo, SIGUSR1);
	KT_ASSERT_EQ(out.code, -1);
	KT_ASSERT_EQ(out.pid, 42);
	KT_ASSERT_EQ(out.uid, 7);
	KT_ASSERT_EQ(out.ptr, 0x1122334455667788ull);
	KT_ASSERT_EQ((uint32_t)out.int_, 0x55667788u);
	/* Linux's offsets: ssi_pid at 12, ssi_ptr at 48, ssi_addr at 72. */
	memcpy(b, &out, sizeof(b));
	KT_ASSERT_EQ(b[12], 42);
	KT_ASSERT_EQ(b[48], 0x88);

	ksiginfo_init(&info, SIGSEGV, 1 /* SEGV_MAPERR */);
	info.addr = 0xdead000;
	info.pid = 9;
	signalfd_info_from(&info, &out);
	KT_ASSERT_EQ(out.addr, 0xdead000);
	KT_ASSERT_EQ(out.pid, 0);
	memcpy(b, &out, sizeof(b));
	KT_ASSERT_EQ(b[72 + 1], 0xd0);
}

KTEST(signalfd4_checks_and_updates)
{
	struct fd_table *t = fd_table_create();
	uint64_t a[6] = { (uint64_t)-1, 0x10000, 8, 0x80, 0, 0 };
	struct file *f;
	long fd;

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_ERR(sys_signalfd4(a), -EINVAL);
	a[3] = SFD_NONBLOCK;
	a[2] = 4;
	KT_ASSERT_ERR(sys_signalfd4(a), -EINVAL);
	a[2] = 8;
	/* A kernel task has no user space: the set cannot be read. */
	KT_ASSERT_ERR(sys_signalfd4(a), -EFAULT);

	KT_ASSERT_OK(
		signalfd_file_create(sigset_bit(SIGUSR1), SFD_NONBLOCK, &f));
	KT_ASSERT_NOT_NULL(signalfd_of(f));
	KT_ASSERT(file_flags(f) & O_NONBLOCK);
	/* No signal thread: nothing to poll. */
	KT_ASSERT_EQ(file_ops_of(f)->poll(f, NULL), 0);
	KT_ASSERT_OK(fs_attach(task_current(), t, NULL));
	fd = fd_install(t, f, fd_rights_for_oflags(O_RDWR), false);
	file_put(f);
	KT_ASSERT(fd >= 0);
	KT_ASSERT_OK(fd_close(t, (int)fd));
	KT_ASSERT_OK(fs_attach(task_current(), NULL, NULL));
	fd_table_put(t);
}
