/* SPDX-License-Identifier: MIT */
/* leak.c - the fuzzer's leak check: the allocator's figures after writing
 * 3 to /proc/sys/vm/drop_caches, before the run and after it, and the
 * tolerance they are compared with (docs/fuzz.md).
 */
#include "fuzz.h"
#include "../abi/slurp.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Linux: MemFree may end this much lower (per-CPU page lists, slab
 * caches and the page cache that drop_caches leaves, grown by the run). */
#define LINUX_SLACK_KB (16L << 10)

/* The number after "@name" at the start of a line of @text, or -1. */
static long field(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, name, n))
			return strtol(p + n, NULL, 10);
	}
	return -1;
}

/* The lines of /proc/keel/allocator that say what a leak is made of. */
static const char *const kinds[FUZZ_MEM_KINDS] = {
	"heap_class_16",   "heap_class_32",   "heap_class_64",
	"heap_class_96",   "heap_class_128",  "heap_class_192",
	"heap_class_256",  "heap_class_512",  "heap_class_1024",
	"heap_class_2048", "heap_class_4096", "files",
	"inodes",	   "dentries",	      "mms",
	"vmas",		   "shmem",	      "processes",
};

static int drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	int ok;

	if (fd < 0)
		return -1;
	sync();
	ok = write(fd, "3\n", 2) == 2;
	close(fd);
	return ok ? 0 : -1;
}

int fuzz_mem_snapshot(struct fuzz_mem *m)
{
	static char buf[4096];

	memset(m, 0, sizeof(*m));
	if (drop_caches())
		return -1;
	if (slurp("/proc/keel/allocator", buf, sizeof(buf)) > 0) {
		m->keel = 1;
		m->managed = field(buf, "managed_pages ");
		m->free = field(buf, "free_pages ");
		m->slab = field(buf, "slab_pages ");
		m->large = field(buf, "large_pages ");
		m->large_allocs = field(buf, "large_allocations ");
		m->objects = field(buf, "heap_objects ");
		for (int i = 0; i < FUZZ_MEM_KINDS; i++) {
			char name[32];

			snprintf(name, sizeof(name), "%s ", kinds[i]);
			m->kind[i] = field(buf, name);
		}
	}
	if (slurp("/proc/meminfo", buf, sizeof(buf)) <= 0)
		return -1;
	m->memfree_kb = field(buf, "MemFree:");
	return m->memfree_kb < 0 ? -1 : 0;
}

void fuzz_mem_print(const char *label, const struct fuzz_mem *m)
{
	char b[640];
	int n;

	if (m->keel)
		n = snprintf(
			b, sizeof(b),
			"fuzz: memory %s: MemFree %ld kB; pages: free %ld, "
			"slab %ld, large %ld, other %ld; heap objects %ld, "
			"large allocations %ld\n",
			label, m->memfree_kb, m->free, m->slab, m->large,
			m->managed - m->free - m->slab - m->large, m->objects,
			m->large_allocs);
	else
		n = snprintf(b, sizeof(b), "fuzz: memory %s: MemFree %ld kB\n",
			     label, m->memfree_kb);
	if (write(1, b, (size_t)n) < 0 || !m->keel)
		return;
	/* what the objects are, one line more */
	n = snprintf(b, sizeof(b), "fuzz: memory %s: objects by kind:", label);
	for (int i = 0; i < FUZZ_MEM_KINDS && n < (int)sizeof(b) - 32; i++)
		if (m->kind[i] >= 0)
			n += snprintf(b + n, sizeof(b) - (size_t)n, " %s %ld",
				      kinds[i], m->kind[i]);
	if (n > (int)sizeof(b) - 2)
		n = (int)sizeof(b) - 2;
	b[n++] = '\n';
	if (write(1, b, (size_t)n) < 0)
		return;
}

/*
 * Keel: exact. Heap objects and large allocations come back to their
 * count, and so do the pages outside the heap (user memory, page tables,
 * kernel stacks, files): every worker is gone and its files removed.
 * Slab pages may differ, objects being spread over other slabs than
 * before, and are not compared; a leak of objects shows in their count.
 * Linux: MemFree may not end more than LINUX_SLACK_KB lower.
 */
int fuzz_mem_compare(const struct fuzz_mem *b, const struct fuzz_mem *a,
		     char *why, size_t n)
{
	size_t len = 0;
	long ob = b->managed - b->free - b->slab - b->large;
	long oa = a->managed - a->free - a->slab - a->large;

	why[0] = '\0';
	if (b->keel && a->keel) {
		if (a->objects != b->objects)
			len += (size_t)snprintf(why + len, n - len,
						"heap objects %ld -> %ld; ",
						b->objects, a->objects);
		if (a->large_allocs != b->large_allocs || a->large != b->large)
			len += (size_t)snprintf(
				why + len, n - len,
				"large allocations %ld (%ld pages) -> %ld "
				"(%ld pages); ",
				b->large_allocs, b->large, a->large_allocs,
				a->large);
		if (oa != ob && len < n)
			len += (size_t)snprintf(why + len, n - len,
						"pages outside the heap %ld -> "
						"%ld; ",
						ob, oa);
		/* what the leak is made of */
		for (int i = 0; i < FUZZ_MEM_KINDS && len < n; i++)
			if (a->kind[i] != b->kind[i])
				len += (size_t)snprintf(
					why + len, n - len, "%s %ld -> %ld; ",
					kinds[i], b->kind[i], a->kind[i]);
	} else if (a->memfree_kb < b->memfree_kb - LINUX_SLACK_KB) {
		len += (size_t)snprintf(why, n, "MemFree %ld kB -> %ld kB; ",
					b->memfree_kb, a->memfree_kb);
	}
	if (len >= 2 && len < n)
		why[len - 2] = '\0';
	return len > 0;
}
