/* SPDX-License-Identifier: MIT */
/* ktests of the mounted trees: /proc and /sys files read through fs. */
#include "procfs_internal.h"

#include <fs/abi.h>
#include <fs/file.h>
#include <fs/fs.h>
#include <process/test_env.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "procfs_test.h"

/* Bring fs and process up and mount /proc and /sys (once per boot). */
static int mt_setup(struct proc_test_env *e)
{
	int err = proc_test_env_up(e, 1);

	if (!err)
		err = procfs_init();
	return err == -EEXIST ? 0 : err;
}

/* Read @path whole into @buf (NUL-terminated): the length or -errno. */
static long mt_read(const char *path, char *buf, size_t cap)
{
	struct file *f;
	ssize_t n;
	int err = fs_open_path(path, O_RDONLY, &f);

	if (err)
		return err;
	n = file_kernel_read(f, 0, buf, cap - 1);
	file_put(f);
	if (n < 0)
		return n;
	buf[n] = '\0';
	return n;
}

KTEST(procfs_mounted_system_files)
{
	struct proc_test_env e = { 0 };
	static char buf[4096];

	KT_ASSERT_OK(mt_setup(&e));
	KT_ASSERT_GT(mt_read("/proc/meminfo", buf, sizeof(buf)), 0);
	KT_ASSERT(!strncmp(buf, "MemTotal:", 9));
	KT_ASSERT(procfs_test_has(buf, "\nMemFree:"));
	KT_ASSERT_GT(mt_read("/proc/stat", buf, sizeof(buf)), 0);
	KT_ASSERT(!strncmp(buf, "cpu  ", 5));
	KT_ASSERT(procfs_test_has(buf, "\ncpu0 "));
	KT_ASSERT(procfs_test_has(buf, "\nprocs_running 1\n"));
	KT_ASSERT_EQ(mt_read("/proc/sys/kernel/ostype", buf, sizeof(buf)), 6);
	KT_ASSERT_STREQ(buf, "Linux\n");
	KT_ASSERT_GT(mt_read("/proc/filesystems", buf, sizeof(buf)), 0);
	KT_ASSERT(procfs_test_has(buf, "nodev\tproc\n"));
	KT_ASSERT_GT(
		mt_read("/sys/devices/system/cpu/online", buf, sizeof(buf)), 1);
	KT_ASSERT(buf[0] == '0');
	proc_test_env_down(&e);
}

KTEST(procfs_mounted_missing_entries)
{
	struct proc_test_env e = { 0 };
	char buf[64];

	KT_ASSERT_OK(mt_setup(&e));
	KT_ASSERT_EQ(mt_read("/proc/999999/stat", buf, sizeof(buf)), -ENOENT);
	KT_ASSERT_EQ(mt_read("/proc/nosuch", buf, sizeof(buf)), -ENOENT);
	/* a kernel task is no process: /proc/self leads nowhere */
	KT_ASSERT_EQ(mt_read("/proc/self/stat", buf, sizeof(buf)), -ENOENT);
	KT_ASSERT_EQ(procfs_init(), -EEXIST);
	proc_test_env_down(&e);
}

KTEST(procfs_keys_hold_pid_and_item)
{
	uint64_t k = procfs_key(4194304, 1025);

	KT_ASSERT_EQ(procfs_key_pid(k), 4194304);
	KT_ASSERT_EQ(procfs_key_item(k), 1025u);
	KT_ASSERT_EQ(procfs_key(42, 0), 42u);
}

KTEST(procfs_sysstat_lines)
{
	static const struct procfs_cpu_times cpus[2] = {
		{ 1000000000ull, 20000000ull, 3000000000ull, 0 },
		{ 500000000ull, 0, 4000000000ull, 10000000ull },
	};
	struct procfs_sysstat s = { cpus, 2, 1700000000ull, 57, 1, 0 };
	struct procfs_test_out o;

	KT_ASSERT_OK(procfs_render_sysstat(procfs_test_buf(&o), &s));
	KT_ASSERT_STREQ(procfs_test_str(&o),
			"cpu  150 0 2 700 0 1 0 0 0 0\n"
			"cpu0 100 0 2 300 0 0 0 0 0 0\n"
			"cpu1 50 0 0 400 0 1 0 0 0 0\n"
			"intr 0\nctxt 0\nbtime 1700000000\n"
			"processes 57\nprocs_running 1\nprocs_blocked 0\n"
			"softirq 0 0 0 0 0 0 0 0 0 0 0\n");
}
