/* SPDX-License-Identifier: MIT */
/* What the /proc and /sys trees share: node keys and the buffer bridge. */
#ifndef PROCFS_INTERNAL_H
#define PROCFS_INTERNAL_H

#include <procfs/procfs.h>

struct inode;
struct synth_buf;
struct synth_fill;
struct synth_ops;

/* The most one rendering may produce: a synthetic file's own cap. */
#define PROCFS_SCRATCH_SIZE 65536u

/*
 * procfs_scratch_get() - @b over a fresh heap buffer of PROCFS_SCRATCH_SIZE
 * bytes; 0 or -ENOMEM. procfs_scratch_put() copies what was rendered into
 * @out when @err is 0 or -ENOSPC (the text cut at the cap, which reads
 * see truncated, as any synthetic file past its cap), frees the buffer
 * and returns @err or the copy's error. Renderers work on a private
 * buffer so that a failed one leaves the file empty, never half-made.
 */
int procfs_scratch_get(struct procfs_buf *b);
int procfs_scratch_put(struct procfs_buf *b, struct synth_buf *out, int err);

/*
 * A node's key says what it shows: the process in the low 32 bits (0
 * for system files), and which of the node's siblings it is (an index
 * into a table, or a descriptor number plus 1) in the high ones. The
 * /proc/PID directory's own key is the bare pid, so synth_parent_key()
 * of anything below it has the pid in its low bits too.
 */
static inline uint64_t procfs_key(int32_t pid, uint32_t item)
{
	return (uint64_t)(uint32_t)pid | ((uint64_t)item << 32);
}

static inline int32_t procfs_key_pid(uint64_t key)
{
	return (int32_t)(uint32_t)key;
}

static inline uint32_t procfs_key_item(uint64_t key)
{
	return (uint32_t)(key >> 32);
}

/* The fill_super of the "proc" and "sysfs" types. */
int procfs_proc_fill(struct inode *root);
int procfs_sysfs_fill(struct inode *root);

/* /proc/sys/vm (drop_caches) under @sys and /proc/keel (allocator). */
int procfs_vm_fill(struct inode *root, struct inode *sys);

/* A write to drop_caches: 0 and *@out in 1..4, or -EINVAL. */
int procfs_vm_parse_drop(const char *s, size_t n, unsigned int *out);

/* /proc's root (its populate lists the processes) and /proc/PID's. */
extern const struct synth_ops procfs_root_ops;
extern const struct synth_ops procfs_pid_dir_ops;

/* /proc/PID's entries other than the rendered files (proc_pid_links.c,
 * proc_pid_mem.c): declared by the directory's populate. */
int procfs_pid_fill_links(struct synth_fill *fill, int32_t pid);
int procfs_pid_fill_mem(struct synth_fill *fill, int32_t pid);

/* The size of a path or link target procfs renders. */
#define PROCFS_PATH_MAX 4096u

#endif /* PROCFS_INTERNAL_H */
