/* SPDX-License-Identifier: MIT */
/* /proc/meminfo: the system's memory, one "Name: value kB" line each. */
#include <procfs/procfs.h>

/*
 * Linux pads the name and its colon to 16 columns and right-aligns the
 * value in 8: "MemTotal:         262144 kB".
 */
static void meminfo_line(struct procfs_buf *b, const char *name, uint64_t bytes)
{
	char label[24];
	size_t n = 0;

	while (name[n] && n < sizeof(label) - 2) {
		label[n] = name[n];
		n++;
	}
	label[n++] = ':';
	label[n] = '\0';
	procfs_printf(b, "%-16s%8llu kB\n", label,
		      (unsigned long long)(bytes / 1024));
}

/*
 * The first lines of Linux's file, which free, top and ps read. Keel has no
 * swap, no buffer cache and no LRU lists, so those lines are 0 or, for
 * Active/Inactive, split as Linux would see ramfs pages (unevictable).
 */
int procfs_render_meminfo(struct procfs_buf *b, const struct procfs_mem *m)
{
	meminfo_line(b, "MemTotal", m->total);
	meminfo_line(b, "MemFree", m->free);
	meminfo_line(b, "MemAvailable", m->available);
	meminfo_line(b, "Buffers", 0);
	meminfo_line(b, "Cached", m->cached);
	meminfo_line(b, "SwapCached", 0);
	meminfo_line(b, "Active", 0);
	meminfo_line(b, "Inactive", 0);
	meminfo_line(b, "Unevictable", m->cached);
	meminfo_line(b, "Mlocked", 0);
	meminfo_line(b, "SwapTotal", 0);
	meminfo_line(b, "SwapFree", 0);
	meminfo_line(b, "Dirty", 0);
	meminfo_line(b, "Writeback", 0);
	meminfo_line(b, "Shmem", m->shmem);
	meminfo_line(b, "KernelStack", m->kernel_stack);
	meminfo_line(b, "PageTables", m->page_tables);
	return procfs_buf_status(b);
}
