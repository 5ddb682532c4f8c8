/* SPDX-License-Identifier: MIT */
/* ktests of drop_caches' parser and of /proc/keel/allocator's figures. */
#include "procfs_internal.h"

#include <fs/abi.h>
#include <fs/file.h>
#include <fs/fs.h>
#include <process/test_env.h>

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "procfs_test.h"

KTEST(procfs_drop_caches_values)
{
	static const char *const bad[] = {
		"", "0", "5", "12", "-1", "x", "1x", "3 3", "\n", "99999999999"
	};
	unsigned int v = 0;

	KT_ASSERT_OK(procfs_vm_parse_drop("3", 1, &v));
	KT_ASSERT_EQ(v, 3);
	KT_ASSERT_OK(procfs_vm_parse_drop("1\n", 2, &v));
	KT_ASSERT_EQ(v, 1);
	KT_ASSERT_OK(procfs_vm_parse_drop(" 4 \n", 4, &v));
	KT_ASSERT_EQ(v, 4);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		KT_ASSERT_ERR(
			procfs_vm_parse_drop(bad[i], strnlen(bad[i], 16), &v),
			-EINVAL);
}

/* The value of the line "@name N" in @text, or -1. */
static long vt_figure(const char *text, const char *name)
{
	size_t n = strnlen(name, 32);
	long v = 0;

	for (const char *p = text; *p;) {
		if (!strncmp(p, name, n) && p[n] == ' ') {
			for (p += n + 1; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			return v;
		}
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++;
	}
	return -1;
}

KTEST(procfs_keel_allocator_figures)
{
	struct proc_test_env e = { 0 };
	struct frame_heap_stats hs;
	static char buf[2048];
	struct file *f;
	ssize_t n;
	int err;

	err = proc_test_env_up(&e, 1);
	if (!err)
		err = procfs_init();
	KT_ASSERT(!err || err == -EEXIST);
	KT_ASSERT_OK(fs_open_path("/proc/keel/allocator", O_RDONLY, &f));
	n = file_kernel_read(f, 0, buf, sizeof(buf) - 1);
	file_put(f);
	KT_ASSERT_GT(n, 0);
	buf[n] = '\0';
	frame_heap_stats(&hs);
	KT_ASSERT_GT(vt_figure(buf, "managed_pages"), 0);
	KT_ASSERT_GT(vt_figure(buf, "free_pages"), 0);
	KT_ASSERT_GE(vt_figure(buf, "slab_pages"), 0);
	KT_ASSERT_GE(vt_figure(buf, "large_pages"), 0);
	KT_ASSERT_GE(vt_figure(buf, "large_allocations"), 1);
	/* the figures are of the moment the file was opened */
	KT_ASSERT_GT(vt_figure(buf, "heap_objects"), 0);
	KT_ASSERT_LE(vt_figure(buf, "heap_objects"),
		     (long)hs.objects_in_use + 64);
	/* the objects of each size class add up to heap_objects, give or
	 * take what was allocated between the two readings */
	{
		static const int sizes[] = { 16,  32,  64,   96,   128, 192,
					     256, 512, 1024, 2048, 4096 };
		char name[32];
		long sum = 0, v;

		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			frame_snprintf(name, sizeof(name), "heap_class_%d",
				       sizes[i]);
			v = vt_figure(buf, name);
			KT_ASSERT_GE(v, 0);
			sum += v;
		}
		KT_ASSERT_LE(sum, vt_figure(buf, "heap_objects") + 64);
		KT_ASSERT_GE(sum + 64, vt_figure(buf, "heap_objects"));
	}
	/* the services' objects: the file being read is one of them */
	KT_ASSERT_GE(vt_figure(buf, "files"), 1);
	KT_ASSERT_GE(vt_figure(buf, "inodes"), 1);
	KT_ASSERT_GE(vt_figure(buf, "dentries"), 1);
	KT_ASSERT_GE(vt_figure(buf, "vmas"), 0);
	KT_ASSERT_GE(vt_figure(buf, "shmem"), 0);
	KT_ASSERT_GE(vt_figure(buf, "processes"), 0);
	/* drop_caches is written, not read: root's open for writing works */
	KT_ASSERT_OK(fs_open_path("/proc/sys/vm/drop_caches", O_WRONLY, &f));
	file_put(f);
	proc_test_env_down(&e);
}

/* A file held open counts in "files" until it is put: the figure names
 * the kind of object a leak is made of. */
KTEST(procfs_keel_allocator_counts_open_files)
{
	struct proc_test_env e = { 0 };
	static char b1[2048], b2[2048];
	struct file *f1, *f2, *f3;
	ssize_t n;
	int err;

	err = proc_test_env_up(&e, 1);
	if (!err)
		err = procfs_init();
	KT_ASSERT(!err || err == -EEXIST);
	KT_ASSERT_OK(fs_open_path("/proc/keel/allocator", O_RDONLY, &f1));
	KT_ASSERT_OK(fs_open_path("/proc/keel/allocator", O_RDONLY, &f2));
	n = file_kernel_read(f1, 0, b1, sizeof(b1) - 1);
	KT_ASSERT_GT(n, 0);
	b1[n] = '\0';
	n = file_kernel_read(f2, 0, b2, sizeof(b2) - 1);
	KT_ASSERT_GT(n, 0);
	b2[n] = '\0';
	KT_ASSERT_EQ(vt_figure(b2, "files"), vt_figure(b1, "files") + 1);
	file_put(f2);
	file_put(f1);
	KT_ASSERT_OK(fs_open_path("/proc/keel/allocator", O_RDONLY, &f3));
	n = file_kernel_read(f3, 0, b2, sizeof(b2) - 1);
	file_put(f3);
	KT_ASSERT_GT(n, 0);
	b2[n] = '\0';
	KT_ASSERT_EQ(vt_figure(b2, "files"), vt_figure(b1, "files"));
	proc_test_env_down(&e);
}
