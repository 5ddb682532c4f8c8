/* SPDX-License-Identifier: MIT */
/* /proc/PID: the directory and its files rendered from proc_info_get(). */
#include "procfs_internal.h"

#include <fs/fs.h>
#include <fs/synth.h>
#include <mm/mm.h>
#include <process/process.h>

#include <frame/cpu.h>
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/page.h>
#include <frame/string.h>

/* Linux 6.1's capabilities: 0 to CAP_CHECKPOINT_RESTORE (40). */
#define PROCFS_CAP_FULL ((1ull << 41) - 1)

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
			/* Linux gives argc's address, just below the strings */
			t->start_stack = s.arg_start;
		}
		/* Linux's VmData: private writable memory but the stack */
		if (!a.shared && (a.prot & PROT_WRITE) &&
		    a.kind != MM_AREA_STACK)
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
	t->umask = in->umask;
	memcpy(t->uid, in->uid, sizeof(t->uid));
	memcpy(t->gid, in->gid, sizeof(t->gid));
	t->threads = in->threads;
	/* Linux's table starts at 64 slots and grows by powers of two */
	t->fd_size = 64;
	while (in->max_fd >= 0 && t->fd_size <= (unsigned int)in->max_fd)
		t->fd_size *= 2;
	t->nice = in->nice;
	t->cpu = in->cpu < 0 ? 0 : (unsigned int)in->cpu;
	t->utime_ns = in->utime_ns;
	t->stime_ns = in->stime_ns;
	t->cutime_ns = in->cutime_ns;
	t->cstime_ns = in->cstime_ns;
	t->start_ns = in->start_ns;
	t->rss = in->rss_pages * FRAME_PAGE_SIZE;
	t->exit_signal = in->exit_signal;
	t->sigq_limit = in->sigq_limit;
	t->sig_pending = in->sig_pending;
	t->sig_shared_pending = in->sig_shared_pending;
	t->sig_blocked = in->sig_blocked;
	t->sig_ignored = in->sig_ignored;
	t->sig_caught = in->sig_caught;
	t->cap_inh = in->cap_inh;
	t->cap_prm = in->cap_prm;
	t->cap_eff = in->cap_eff;
	/* no bounding or ambient sets in Keel: every capability, none */
	t->cap_bnd = PROCFS_CAP_FULL;
	t->no_new_privs = in->no_new_privs;
	t->ncpus = frame_cpu_count();
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

/*
 * A rendered file's key: the process, and in the item the thread (0 for
 * /proc/PID's own files) above PID_FILE_BITS and the file's index + 1.
 */
#define PID_FILE_BITS 8
#define PID_FILE_MASK ((1u << PID_FILE_BITS) - 1)

static uint64_t pid_file_key(int32_t pid, int32_t tid, uint32_t index)
{
	return procfs_key(pid, ((uint32_t)tid << PID_FILE_BITS) | index);
}

/* Whether @tid is a live thread of @pid. */
static bool pid_has_thread(int32_t pid, int32_t tid)
{
	int tids[64];
	int n = proc_tid_list(pid, tids, ARRAY_SIZE(tids));

	for (int i = 0; i < n && i < (int)ARRAY_SIZE(tids); i++)
		if (tids[i] == tid)
			return true;
	/* more threads than listed: the directory's existence vouches */
	return n > (int)ARRAY_SIZE(tids);
}

/* A rendered file of /proc/PID or /proc/PID/task/TID. */
static int pid_show(struct inode *node, struct synth_buf *out)
{
	uint64_t key = synth_key(node);
	uint32_t item = procfs_key_item(key);
	uint32_t index = item & PID_FILE_MASK;
	int32_t pid = procfs_key_pid(key);
	int32_t tid = (int32_t)(item >> PID_FILE_BITS);
	struct proc_info in;
	struct procfs_task t;
	struct procfs_buf b;
	int err;

	if (index == 0 || index > ARRAY_SIZE(pid_files))
		return -ENOENT;
	err = proc_info_get(pid, &in);
	if (err)
		return err == -ESRCH ? -ENOENT : err;
	if (tid && !pid_has_thread(pid, tid))
		return -ENOENT;
	pid_task_from_info(&in, &t);
	/* a thread shows its group's figures under its own id */
	if (tid)
		t.tid = tid;
	err = procfs_scratch_get(&b);
	if (err)
		return err;
	return procfs_scratch_put(&b, out, pid_files[index - 1].render(&b, &t));
}

static const struct synth_ops pid_file_ops = { .show = pid_show };

/* mounts and mountinfo: one table (no namespaces), as the process sees it
 * from its root */
static int pid_mounts_show(struct inode *node, struct synth_buf *out)
{
	struct fs_ctx *c = proc_fs_get(procfs_key_pid(synth_key(node)));
	int err;

	if (!c)
		return -ENOENT;
	err = procfs_key_item(synth_key(node)) ? fs_mountinfo_show_ctx(c, out)
					       : fs_mounts_show_ctx(c, out);
	fs_ctx_put(c);
	return err;
}

static const struct synth_ops pid_mounts_ops = { .show = pid_mounts_show };

/* The rendered files of a process (@tid 0) or of one of its threads. */
static int pid_fill_files(struct synth_fill *fill, int32_t pid, int32_t tid)
{
	int err = 0;

	for (uint32_t i = 0; !err && i < ARRAY_SIZE(pid_files); i++)
		err = synth_fill_file(fill, pid_files[i].name, 0444,
				      &pid_file_ops, NULL,
				      pid_file_key(pid, tid, i + 1));
	return err;
}

/* The owner of what is below /proc/PID, as on Linux: 0, or -ESRCH. */
static int pid_fill_owner(struct synth_fill *fill, int32_t pid)
{
	uint32_t uid, gid;
	int err = proc_owner(pid, &uid, &gid);

	if (!err)
		synth_fill_owner(fill, uid, gid);
	return err;
}

/* task/TID: a thread's own files; the key holds the pid and the tid. */
static int pid_thread_populate(struct inode *dir, struct synth_fill *fill)
{
	uint64_t key = synth_key(dir);
	int32_t pid = procfs_key_pid(key);

	if (pid_fill_owner(fill, pid))
		return 0;
	return pid_fill_files(fill, pid,
			      (int32_t)(procfs_key_item(key) >> PID_FILE_BITS));
}

static const struct synth_ops pid_thread_ops = {
	.populate = pid_thread_populate,
};

/* task/: one directory per live thread. */
static int pid_task_populate(struct inode *dir, struct synth_fill *fill)
{
	int32_t pid = procfs_key_pid(synth_key(dir));
	int tids[64];
	char name[16];
	int n, err = 0;

	if (pid_fill_owner(fill, pid))
		return 0;
	n = proc_tid_list(pid, tids, ARRAY_SIZE(tids));
	for (int i = 0; !err && i < n && i < (int)ARRAY_SIZE(tids); i++) {
		frame_snprintf(name, sizeof(name), "%d", tids[i]);
		err = synth_fill_dir(fill, name, 0555, &pid_thread_ops, NULL,
				     pid_file_key(pid, tids[i], 0));
	}
	return err;
}

static const struct synth_ops pid_task_ops = { .populate = pid_task_populate };

static int pid_populate(struct inode *dir, struct synth_fill *fill)
{
	int32_t pid = procfs_key_pid(synth_key(dir));
	int err;

	/* Everything below is the process's own, as on Linux. */
	if (pid_fill_owner(fill, pid))
		return 0; /* gone: the directory empties as it goes */
	err = pid_fill_files(fill, pid, 0);
	if (!err)
		err = synth_fill_dir(fill, "task", 0555, &pid_task_ops, NULL,
				     procfs_key(pid, 0));
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
