/* SPDX-License-Identifier: MIT */
/* The bridge from renderers to synthetic files, and the types' registration. */
#include "procfs_internal.h"

#include <fs/synth.h>

#include <frame/errno.h>
#include <frame/heap.h>

int procfs_scratch_get(struct procfs_buf *b)
{
	char *data = frame_alloc(PROCFS_SCRATCH_SIZE);

	if (!data)
		return -ENOMEM;
	procfs_buf_init(b, data, PROCFS_SCRATCH_SIZE);
	return 0;
}

int procfs_scratch_put(struct procfs_buf *b, struct synth_buf *out, int err)
{
	if (!err || err == -ENOSPC)
		err = synth_write(out, b->data, b->len);
	frame_free(b->data);
	b->data = NULL;
	return err;
}

int procfs_init(void)
{
	static const struct fs_type proc = { .name = "proc",
					     .fill_super = procfs_proc_fill,
					     .root_ops = &procfs_root_ops };
	static const struct fs_type sysfs = { .name = "sysfs",
					      .fill_super = procfs_sysfs_fill };
	int err, err2;

	/* Each is mounted on its own: a missing /sys keeps /proc. */
	err = fs_register_type(&proc);
	err2 = fs_register_type(&sysfs);
	return err ? err : err2;
}
