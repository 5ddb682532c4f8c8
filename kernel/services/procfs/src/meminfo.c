/* SPDX-License-Identifier: MIT */
/* /proc/meminfo: the system's memory, one "Name: value kB" line each. */
#include <procfs/procfs.h>

#include <frame/string.h>

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

/* A count line of the huge-page block: "HugePages_Total:       0". */
static void meminfo_count(struct procfs_buf *b, const char *name, uint64_t n)
{
	procfs_printf(b, "%s:%*llu\n", name, 23 - (int)strnlen(name, 20),
		      (unsigned long long)n);
}

/*
 * Linux 6.1's lines for x86-64, in its order. Keel has no swap, no page
 * cache beyond ramfs, no LRU lists, no slab accounting and no huge
 * pages for users: those lines are 0, as a Linux without them shows.
 * The commit limit is Linux's default (half of RAM plus swap).
 */
int procfs_render_meminfo(struct procfs_buf *b, const struct procfs_mem *m)
{
	static const char *const zero_mid[] = {
		"Zswap",     "Zswapped",  "Dirty",
		"Writeback", "AnonPages", "Mapped",
	};
	static const char *const zero_late[] = {
		"NFS_Unstable",
		"Bounce",
		"WritebackTmp",
	};
	static const char *const zero_huge[] = {
		"AnonHugePages", "ShmemHugePages", "ShmemPmdMapped",
		"FileHugePages", "FilePmdMapped",
	};
	size_t i;

	meminfo_line(b, "MemTotal", m->total);
	meminfo_line(b, "MemFree", m->free);
	meminfo_line(b, "MemAvailable", m->available);
	meminfo_line(b, "Buffers", 0);
	meminfo_line(b, "Cached", m->cached);
	meminfo_line(b, "SwapCached", 0);
	meminfo_line(b, "Active", 0);
	meminfo_line(b, "Inactive", 0);
	meminfo_line(b, "Active(anon)", 0);
	meminfo_line(b, "Inactive(anon)", 0);
	meminfo_line(b, "Active(file)", 0);
	meminfo_line(b, "Inactive(file)", 0);
	meminfo_line(b, "Unevictable", m->cached);
	meminfo_line(b, "Mlocked", 0);
	meminfo_line(b, "SwapTotal", 0);
	meminfo_line(b, "SwapFree", 0);
	for (i = 0; i < ARRAY_SIZE(zero_mid); i++)
		meminfo_line(b, zero_mid[i], 0);
	meminfo_line(b, "Shmem", m->shmem);
	meminfo_line(b, "KReclaimable", 0);
	meminfo_line(b, "Slab", 0);
	meminfo_line(b, "SReclaimable", 0);
	meminfo_line(b, "SUnreclaim", 0);
	meminfo_line(b, "KernelStack", m->kernel_stack);
	meminfo_line(b, "PageTables", m->page_tables);
	meminfo_line(b, "SecPageTables", 0);
	for (i = 0; i < ARRAY_SIZE(zero_late); i++)
		meminfo_line(b, zero_late[i], 0);
	meminfo_line(b, "CommitLimit", m->total / 2);
	meminfo_line(b, "Committed_AS", 0);
	/* the x86-64 vmalloc area of 4-level paging: 32 TiB */
	meminfo_line(b, "VmallocTotal", 34359738367ull * 1024);
	meminfo_line(b, "VmallocUsed", 0);
	meminfo_line(b, "VmallocChunk", 0);
	meminfo_line(b, "Percpu", 0);
	meminfo_line(b, "HardwareCorrupted", 0);
	for (i = 0; i < ARRAY_SIZE(zero_huge); i++)
		meminfo_line(b, zero_huge[i], 0);
	meminfo_count(b, "HugePages_Total", 0);
	meminfo_count(b, "HugePages_Free", 0);
	meminfo_count(b, "HugePages_Rsvd", 0);
	meminfo_count(b, "HugePages_Surp", 0);
	meminfo_line(b, "Hugepagesize", 2048 * 1024);
	meminfo_line(b, "Hugetlb", 0);
	/* how the kernel maps RAM for itself: not a figure the frame gives */
	meminfo_line(b, "DirectMap4k", 0);
	meminfo_line(b, "DirectMap2M", 0);
	meminfo_line(b, "DirectMap1G", 0);
	return procfs_buf_status(b);
}
