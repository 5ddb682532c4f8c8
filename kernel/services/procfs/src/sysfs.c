/* SPDX-License-Identifier: MIT */
/* The /sys tree: the CPU lists common tools read, and nothing invented. */
#include "procfs_internal.h"

#include <fs/synth.h>

#include <frame/cpu.h>

static int sysfs_cpu_list_show(struct inode *node, struct synth_buf *out)
{
	struct procfs_buf b;
	int err;

	(void)node;
	err = procfs_scratch_get(&b);
	if (err)
		return err;
	return procfs_scratch_put(
		&b, out, procfs_render_cpu_list(&b, frame_cpu_count()));
}

static const struct synth_ops sysfs_cpu_list_ops = {
	.show = sysfs_cpu_list_show,
};

/*
 * /sys/devices/system/cpu/{online,possible,present}: the frame brings
 * every CPU it finds online at boot and none comes or goes, so the three
 * lists are the same.
 */
int procfs_sysfs_fill(struct inode *root)
{
	static const char *const lists[] = { "online", "possible", "present" };
	struct inode *devices, *system, *cpu;
	unsigned int i;
	int err;

	err = synth_mkdir(root, "devices", 0755, NULL, NULL, 0, &devices);
	if (!err)
		err = synth_mkdir(devices, "system", 0755, NULL, NULL, 0,
				  &system);
	if (!err)
		err = synth_mkdir(system, "cpu", 0755, NULL, NULL, 0, &cpu);
	for (i = 0; !err && i < ARRAY_SIZE(lists); i++)
		err = synth_mkfile(cpu, lists[i], 0444, &sysfs_cpu_list_ops,
				   NULL, 0, NULL);
	if (!err)
		err = synth_mkdir(root, "kernel", 0755, NULL, NULL, 0, NULL);
	return err;
}
