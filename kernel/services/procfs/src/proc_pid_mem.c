/* SPDX-License-Identifier: MIT */
/* /proc/PID/{cmdline,environ,maps}: read from the process's address space. */
#include "procfs_internal.h"

#include <fs/synth.h>
#include <mm/mm.h>
#include <process/process.h>

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/user.h>

/* Bytes of the strings copied at a time. */
#define MEM_CHUNK 4096u

/* Linux pads a maps line's prefix to this column before the name. */
#define MAPS_NAME_COLUMN 73

enum { MEM_CMDLINE = 1, MEM_ENVIRON, MEM_MAPS };

/* Copy [@start, @end) of @mm into @out (capped at SYNTH_BUF_MAX). */
static int mem_copy(struct mm *mm, uint64_t start, uint64_t end,
		    struct synth_buf *out)
{
	char *chunk = frame_alloc(MEM_CHUNK);
	int err = 0;

	if (!chunk)
		return -ENOMEM;
	while (!err && start < end) {
		size_t n = end - start < MEM_CHUNK ? (size_t)(end - start)
						   : MEM_CHUNK;

		err = mm_read(mm, uaddr_from_syscall_arg(start), chunk, n);
		if (!err)
			err = synth_write(out, chunk, n);
		start += n;
	}
	frame_free(chunk);
	/* strings unmapped since exec read as what came before them */
	return err == -EFAULT ? 0 : err;
}

/*
 * cmdline and environ: the strings exec put on the stack, NUL-separated,
 * as they are now (a program may rewrite them). A zombie's are empty.
 */
static int mem_strings_show(struct inode *node, struct synth_buf *out)
{
	uint64_t key = synth_key(node);
	struct proc_strings s;
	struct mm *mm;
	int err;

	/* another's environment is as private as its memory */
	if (procfs_key_item(key) == MEM_ENVIRON) {
		err = proc_may_inspect(procfs_key_pid(key));
		if (err)
			return err == -ESRCH ? -ENOENT : err;
	}
	err = proc_mm_get(procfs_key_pid(key), &mm, &s);
	if (err)
		return err == -ENOENT ? 0 : -ENOENT;
	if (procfs_key_item(key) == MEM_CMDLINE)
		err = mem_copy(mm, s.arg_start, s.arg_end, out);
	else
		err = mem_copy(mm, s.env_start, s.env_end, out);
	mm_put(mm);
	return err;
}

/* The name column of a maps line: a file's path or a special area's. */
static int maps_name(struct mm_area *a, char *path, uint32_t *dev,
		     uint64_t *ino)
{
	static const char *const special[] = {
		[MM_AREA_HEAP] = "[heap]",
		[MM_AREA_STACK] = "[stack]",
		[MM_AREA_VDSO] = "[vdso]",
	};
	const char *s = a->kind < ARRAY_SIZE(special) ? special[a->kind] : NULL;

	*dev = 0;
	*ino = 0;
	path[0] = '\0';
	if (s)
		return frame_snprintf(path, PROCFS_PATH_MAX, "%s", s);
	if (a->kind != MM_AREA_FILE || !a->backing->ops->describe ||
	    a->backing->ops->describe(a->backing, path, PROCFS_PATH_MAX, dev,
				      ino)) {
		path[0] = '\0';
		*dev = 0;
		*ino = 0;
	}
	return (int)strnlen(path, PROCFS_PATH_MAX);
}

/* One line: "start-end perms offset major:minor inode [padding name]". */
static int maps_line(struct synth_buf *out, struct mm_area *a, char *path)
{
	uint64_t off = a->kind == MM_AREA_FILE ? a->offset : 0;
	size_t before = out->len;
	uint32_t dev;
	uint64_t ino;
	int err, name_len = maps_name(a, path, &dev, &ino);

	err = synth_printf(
		out, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
		(unsigned long long)a->start, (unsigned long long)a->end,
		a->prot & PROT_READ ? 'r' : '-',
		a->prot & PROT_WRITE ? 'w' : '-',
		a->prot & PROT_EXEC ? 'x' : '-', a->shared ? 's' : 'p',
		(unsigned long long)off, (dev >> 8) & 0xfffu, dev & 0xffu,
		(unsigned long long)ino);
	if (!err && name_len > 0) {
		size_t col = out->len - before;

		while (!err && col++ < MAPS_NAME_COLUMN)
			err = synth_write(out, " ", 1);
		if (!err)
			err = synth_write(out, path, (size_t)name_len);
	}
	if (!err)
		err = synth_write(out, "\n", 1);
	return err;
}

static int mem_maps_show(struct inode *node, struct synth_buf *out)
{
	struct proc_strings s;
	struct mm_area a;
	struct mm *mm;
	uint64_t addr = 0;
	char *path;
	int err;

	err = proc_may_inspect(procfs_key_pid(synth_key(node)));
	if (!err)
		err = proc_mm_get(procfs_key_pid(synth_key(node)), &mm, &s);
	if (err == -EACCES)
		return err;
	if (err)
		return err == -ENOENT ? 0 : -ENOENT;
	path = frame_alloc(PROCFS_PATH_MAX);
	if (!path) {
		err = -ENOMEM;
		goto out_put_mm;
	}
	while (!err && !mm_area_next(mm, addr, &a)) {
		err = maps_line(out, &a, path);
		addr = a.end;
		mm_area_release(&a);
	}
	frame_free(path);
out_put_mm:
	mm_put(mm);
	return err;
}

static const struct synth_ops mem_strings_ops = { .show = mem_strings_show };
static const struct synth_ops mem_maps_ops = { .show = mem_maps_show };

/* environ is its owner's only, as on Linux. */
int procfs_pid_fill_mem(struct synth_fill *fill, int32_t pid)
{
	int err;

	err = synth_fill_file(fill, "cmdline", 0444, &mem_strings_ops, NULL,
			      procfs_key(pid, MEM_CMDLINE));
	if (!err)
		err = synth_fill_file(fill, "environ", 0400, &mem_strings_ops,
				      NULL, procfs_key(pid, MEM_ENVIRON));
	if (!err)
		err = synth_fill_file(fill, "maps", 0444, &mem_maps_ops, NULL,
				      procfs_key(pid, MEM_MAPS));
	return err;
}
