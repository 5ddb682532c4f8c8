/* SPDX-License-Identifier: MIT */
/* The top of /proc: system files, self links and one directory per process. */
#include "procfs_internal.h"

#include <fs/synth.h>
#include <process/process.h>
#include <time/time.h>

#include <frame/cpu.h>
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/page.h>
#include <frame/smp.h>
#include <frame/string.h>
#include <frame/time.h>

/* The processes /proc lists at once; more are left out of a listing. */
#define PROC_ROOT_MAX_PIDS 512u

static int root_meminfo(struct procfs_buf *b)
{
	struct frame_page_stats st;
	struct procfs_mem m = { 0 };

	frame_page_stats(&st);
	m.total = (uint64_t)st.managed_pages * FRAME_PAGE_SIZE;
	m.free = (uint64_t)st.free_pages * FRAME_PAGE_SIZE;
	/* Nothing is reclaimable: ramfs pages are the files themselves. */
	m.available = m.free;
	return procfs_render_meminfo(b, &m);
}

static int root_uptime(struct procfs_buf *b)
{
	struct smp_cpu_times ct;
	uint64_t idle = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < frame_cpu_count(); cpu++)
		if (!smp_cpu_times((int)cpu, &ct))
			idle += ct.idle_ns;
	return procfs_render_uptime(b, frame_clock_monotonic_ns(), idle);
}

/* Keel keeps no load history: the averages are 0, as sysinfo says. */
static int root_loadavg(struct procfs_buf *b)
{
	struct procfs_load l = { .running = 1 };
	int pids[PROC_ROOT_MAX_PIDS];
	unsigned int n = proc_pid_list(pids, PROC_ROOT_MAX_PIDS);

	l.threads = n;
	l.last_pid =
		n ? pids[(n < PROC_ROOT_MAX_PIDS ? n : PROC_ROOT_MAX_PIDS) - 1]
		  : 0;
	return procfs_render_loadavg(b, &l);
}

static int root_version(struct procfs_buf *b)
{
	const struct procfs_uts u = { TIME_UTS_SYSNAME, TIME_UTS_RELEASE,
				      TIME_UTS_VERSION };

	return procfs_render_version(b, &u);
}

/* The flags line: the feature names the frame knows, as Linux names them. */
static int root_cpu_flags(char *flags, size_t cap)
{
	struct procfs_buf fb;

	procfs_buf_init(&fb, flags, cap - 1);
	for (unsigned int f = 0; f < FRAME_CPU_FEATURE_COUNT; f++)
		if (frame_cpu_has((enum frame_cpu_feature)f))
			procfs_printf(&fb, "%s%s", fb.len ? " " : "",
				      frame_cpu_feature_name(
					      (enum frame_cpu_feature)f));
	flags[fb.len] = '\0';
	return procfs_buf_status(&fb);
}

static int root_cpuinfo(struct procfs_buf *b)
{
	struct procfs_cpuinfo c;
	struct frame_cpu_id id;
	char *flags = frame_alloc(2048);
	int err;

	if (!flags)
		return -ENOMEM;
	frame_cpu_id(&id);
	c.ncpus = frame_cpu_count();
	c.vendor = id.vendor_string;
	c.model_name = id.model_name;
	c.family = id.family;
	c.model = id.model;
	c.stepping = id.stepping;
	c.khz = frame_cpu_tsc_hz() / 1000;
	c.flags = flags;
	err = root_cpu_flags(flags, 2048);
	if (!err)
		err = procfs_render_cpuinfo(b, &c);
	frame_free(flags);
	return err;
}

static int root_hostname(struct procfs_buf *b)
{
	char name[65];

	time_hostname(name, sizeof(name));
	return procfs_render_line(b, name);
}

static int root_ostype(struct procfs_buf *b)
{
	return procfs_render_line(b, TIME_UTS_SYSNAME);
}

static int root_osrelease(struct procfs_buf *b)
{
	return procfs_render_line(b, TIME_UTS_RELEASE);
}

static int root_pid_max(struct procfs_buf *b)
{
	return procfs_render_number(b, PROC_PID_MAX);
}

/* /proc/stat: the CPUs' times since boot and the process counters. */
static int root_stat(struct procfs_buf *b)
{
	struct procfs_cpu_times cpus[PROCFS_STAT_CPUS];
	struct procfs_sysstat st = { 0 };
	struct smp_cpu_times ct;
	int pids[1];

	st.ncpus = frame_cpu_count();
	if (st.ncpus > PROCFS_STAT_CPUS)
		st.ncpus = PROCFS_STAT_CPUS;
	for (unsigned int cpu = 0; cpu < st.ncpus; cpu++) {
		memset(&cpus[cpu], 0, sizeof(cpus[cpu]));
		if (smp_cpu_times((int)cpu, &ct))
			continue;
		cpus[cpu].user_ns = ct.user_ns;
		cpus[cpu].system_ns = ct.system_ns;
		cpus[cpu].idle_ns = ct.idle_ns;
		cpus[cpu].irq_ns = ct.irq_ns;
	}
	st.cpus = cpus;
	st.boot_time_s =
		(frame_clock_realtime_ns() - frame_clock_monotonic_ns()) /
		FRAME_NSEC_PER_SEC;
	st.processes = proc_pid_list(pids, 0);
	st.running = 1;
	return procfs_render_sysstat(b, &st);
}

/* The types mount(2) would know; all are in memory ("nodev"). */
static int root_filesystems(struct procfs_buf *b)
{
	static const char *const types[] = { "sysfs", "tmpfs", "proc",
					     "ramfs" };

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		procfs_printf(b, "nodev\t%s\n", types[i]);
	return procfs_buf_status(b);
}

typedef int (*root_render_fn)(struct procfs_buf *b);

/* The system files, in the key order of their nodes (item i + 1). */
static const struct {
	const char *name;
	root_render_fn render;
	bool sys_kernel; /* in /proc/sys/kernel, not /proc */
} root_files[] = {
	{ "meminfo", root_meminfo, false },
	{ "uptime", root_uptime, false },
	{ "loadavg", root_loadavg, false },
	{ "version", root_version, false },
	{ "cpuinfo", root_cpuinfo, false },
	{ "stat", root_stat, false },
	{ "filesystems", root_filesystems, false },
	{ "hostname", root_hostname, true },
	{ "ostype", root_ostype, true },
	{ "osrelease", root_osrelease, true },
	{ "pid_max", root_pid_max, true },
};

/* A system file: its key's item is its index in root_files + 1. */
static int root_show(struct inode *node, struct synth_buf *out)
{
	uint32_t item = procfs_key_item(synth_key(node));
	struct procfs_buf b;
	int err;

	if (item == 0 || item > ARRAY_SIZE(root_files))
		return -ENOENT;
	err = procfs_scratch_get(&b);
	if (err)
		return err;
	return procfs_scratch_put(&b, out, root_files[item - 1].render(&b));
}

/* Linux's /proc files without a write handler fail a write with EIO. */
static ssize_t root_store(struct inode *node, const char *data, size_t n)
{
	(void)node;
	(void)data;
	(void)n;
	return -EIO;
}

static const struct synth_ops root_file_ops = { .show = root_show,
						.store = root_store };

static int root_self_link(struct inode *node, struct synth_buf *out)
{
	(void)node;
	return synth_printf(out, "%d", proc_current_pid());
}

static int root_thread_self_link(struct inode *node, struct synth_buf *out)
{
	struct proc_thread *t = proc_thread_current();

	(void)node;
	return synth_printf(out, "%d/task/%d", proc_current_pid(),
			    t ? proc_thread_tid(t) : 0);
}

static const struct synth_ops root_self_ops = { .link = root_self_link };
static const struct synth_ops root_thread_self_ops = {
	.link = root_thread_self_link,
};

/* /proc/self/mounts is the same table: Linux links it. */
static int root_mounts_link(struct inode *node, struct synth_buf *out)
{
	(void)node;
	return synth_printf(out, "self/mounts");
}

static const struct synth_ops root_mounts_link_ops = {
	.link = root_mounts_link,
};

/* One directory per process, named by its pid and keyed by it. */
static int root_populate(struct inode *dir, struct synth_fill *fill)
{
	int pids[PROC_ROOT_MAX_PIDS];
	unsigned int n, i;
	char name[16];
	int err = 0;

	(void)dir;
	n = proc_pid_list(pids, PROC_ROOT_MAX_PIDS);
	if (n > PROC_ROOT_MAX_PIDS)
		n = PROC_ROOT_MAX_PIDS;
	for (i = 0; !err && i < n; i++) {
		uint32_t uid, gid;

		if (proc_owner(pids[i], &uid, &gid))
			continue; /* reaped since the listing */
		synth_fill_owner(fill, uid, gid);
		frame_snprintf(name, sizeof(name), "%d", pids[i]);
		err = synth_fill_dir(fill, name, 0555, &procfs_pid_dir_ops,
				     NULL, (uint64_t)pids[i]);
	}
	return err;
}

const struct synth_ops procfs_root_ops = { .populate = root_populate };

static int root_add(struct inode *dir, bool sys_kernel)
{
	int err = 0;

	for (uint32_t i = 0; !err && i < ARRAY_SIZE(root_files); i++)
		if (root_files[i].sys_kernel == sys_kernel)
			err = synth_mkfile(dir, root_files[i].name, 0444,
					   &root_file_ops, NULL,
					   procfs_key(0, i + 1), NULL);
	return err;
}

int procfs_proc_fill(struct inode *root)
{
	struct inode *sys, *kernel;
	int err;

	err = root_add(root, false);
	if (!err)
		err = synth_mklink(root, "mounts", &root_mounts_link_ops, NULL,
				   0, NULL);
	if (!err)
		err = synth_mklink(root, "self", &root_self_ops, NULL, 0, NULL);
	if (!err)
		err = synth_mklink(root, "thread-self", &root_thread_self_ops,
				   NULL, 0, NULL);
	if (!err)
		err = synth_mkdir(root, "sys", 0555, NULL, NULL, 0, &sys);
	if (!err)
		err = synth_mkdir(sys, "kernel", 0555, NULL, NULL, 0, &kernel);
	if (!err)
		err = root_add(kernel, true);
	if (!err)
		err = procfs_vm_fill(root, sys);
	return err;
}
