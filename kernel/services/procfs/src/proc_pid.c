/* SPDX-License-Identifier: MIT */
/* /proc/PID: the directory and its files rendered from proc_info_get(). */
#include "procfs_internal.h"

#include <fs/synth.h>
#include <mm/mm.h>
#include <process/process.h>

#include <frame/errno.h>
#include <frame/page.h>
#include <frame/string.h>

/* The address-space figures of the snapshot, summed over the areas. */
static void pid_task_mem(int32_t pid, struct procfs_task *t)
{
	struct proc_strings s;
	struct mm_area a;
	struct mm *mm;
	uint64_t addr = 0;

	if (proc_mm_get(pid, &mm, &s))
		return;
	t->arg_start = s.arg_start;
	t->arg_end = s.arg_end;
	t->env_start = s.env_start;
	t->env_end = s.env_end;
	while (!mm_area_next(mm, addr, &a)) {
		uint64_t len = a.end - a.start;

		t->vsize += len;
		if (a.kind == MM_AREA_STACK) {
			t->stack += len;
			t->start_stack = s.arg_start;
		}
		/* Linux's VmData: private writable memory and the stack */
		if (!a.shared && (a.prot & PROT_WRITE))
			t->data += len;
		if (a.kind == MM_AREA_FILE && (a.prot & PROT_EXEC) &&
		    !t->text) {
			t->text = len;
			t->start_code = a.start;
			t->end_code = a.end;
		}
		addr = a.end;
		mm_area_release(&a);
	}
	mm_put(mm);
}

/*
 * The renderers' view of a snapshot. Signal masks, fault counts and the
 * controlling terminal are not in the snapshot yet: they print 0 (and
 * tpgid -1, "no terminal").
 */
static void pid_task_from_info(const struct proc_info *in,
			       struct procfs_task *t)
{
	memset(t, 0, sizeof(*t));
	t->pid = t->tid = in->pid;
	t->ppid = in->ppid;
	t->pgrp = in->pgid;
	t->session = in->sid;
	t->tpgid = -1;
	t->state = in->state;
	memcpy(t->comm, in->comm, sizeof(t->comm));
	t->comm[sizeof(t->comm) - 1] = '\0';
	t->umask = 022;
	memcpy(t->uid, in->uid, sizeof(t->uid));
	memcpy(t->gid, in->gid, sizeof(t->gid));
	t->threads = in->threads;
	t->fd_size = 64;
	t->nice = in->nice;
	t->cpu = in->cpu < 0 ? 0 : (unsigned int)in->cpu;
	t->utime_ns = in->utime_ns;
	t->stime_ns = in->stime_ns;
	t->cutime_ns = in->cutime_ns;
	t->cstime_ns = in->cstime_ns;
	t->start_ns = in->start_ns;
	t->rss = in->rss_pages * FRAME_PAGE_SIZE;
	t->exit_signal = in->exit_signal;
	if (in->state == 'Z')
		t->exit_code = in->exit_status;
	else
		pid_task_mem(in->pid, t);
	t->vm_peak = t->vsize;
}

static int pid_render_comm(struct procfs_buf *b, const struct procfs_task *t)
{
	return procfs_render_line(b, t->comm);
}

typedef int (*pid_render_fn)(struct procfs_buf *b, const struct procfs_task *t);

static const struct {
	const char *name;
	pid_render_fn render;
} pid_files[] = {
	{ "stat", procfs_render_stat },
	{ "status", procfs_render_status },
	{ "statm", procfs_render_statm },
	{ "comm", pid_render_comm },
};

/* A rendered file of /proc/PID; its key names the process and the file. */
static int pid_show(struct inode *node, struct synth_buf *out)
{
	uint64_t key = synth_key(node);
	uint32_t item = procfs_key_item(key);
	struct proc_info in;
	struct procfs_task t;
	struct procfs_buf b;
	int err;

	if (item == 0 || item > ARRAY_SIZE(pid_files))
		return -ENOENT;
	err = proc_info_get(procfs_key_pid(key), &in);
	if (err)
		return err == -ESRCH ? -ENOENT : err;
	pid_task_from_info(&in, &t);
	err = procfs_scratch_get(&b);
	if (err)
		return err;
	return procfs_scratch_put(&b, out, pid_files[item - 1].render(&b, &t));
}

static const struct synth_ops pid_file_ops = { .show = pid_show };

/* mounts and mountinfo: one table for every process (no namespaces) */
static int pid_mounts_show(struct inode *node, struct synth_buf *out)
{
	return procfs_key_item(synth_key(node)) ? fs_mountinfo_show(out)
						: fs_mounts_show(out);
}

static const struct synth_ops pid_mounts_ops = { .show = pid_mounts_show };

static int pid_populate(struct inode *dir, struct synth_fill *fill)
{
	int32_t pid = procfs_key_pid(synth_key(dir));
	uint32_t uid, gid;
	int err = 0;

	/* Everything below is the process's own, as on Linux. */
	if (proc_owner(pid, &uid, &gid))
		return 0; /* gone: the directory empties as it goes */
	synth_fill_owner(fill, uid, gid);
	for (uint32_t i = 0; !err && i < ARRAY_SIZE(pid_files); i++)
		err = synth_fill_file(fill, pid_files[i].name, 0444,
				      &pid_file_ops, NULL,
				      procfs_key(pid, i + 1));
	if (!err)
		err = synth_fill_file(fill, "mounts", 0444, &pid_mounts_ops,
				      NULL, procfs_key(pid, 0));
	if (!err)
		err = synth_fill_file(fill, "mountinfo", 0444, &pid_mounts_ops,
				      NULL, procfs_key(pid, 1));
	if (!err)
		err = procfs_pid_fill_mem(fill, pid);
	if (!err)
		err = procfs_pid_fill_links(fill, pid);
	return err;
}

const struct synth_ops procfs_pid_dir_ops = { .populate = pid_populate };
