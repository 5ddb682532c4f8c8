/* SPDX-License-Identifier: MIT */
/* /proc/sys/vm/drop_caches and /proc/keel/allocator: memory to give back,
 * and the allocator's own figures for leak checks. */
#include "procfs_internal.h"

#include <fs/synth.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/page.h>
#include <fs/fs.h>
#include <mm/mm.h>
#include <process/process.h>

/*
 * The value Linux takes: 1 the page cache, 2 the reclaimable slab
 * objects, 3 both, 4 (alone or with the others) silences its log line.
 * Whitespace around the number is allowed, as sysctl's parser does.
 */
int procfs_vm_parse_drop(const char *s, size_t n, unsigned int *out)
{
	size_t i = 0;
	unsigned int v = 0;
	bool digits = false;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (unsigned int)(s[i] - '0');
		if (v > 4)
			return -EINVAL;
		digits = true;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (!digits || i != n || v < 1)
		return -EINVAL;
	*out = v;
	return 0;
}

/*
 * Keel keeps no page cache apart from ramfs contents, which are the files
 * themselves and cannot be dropped, so bit 1 has nothing to act on. Bit 2
 * gives back the empty slab each heap size class keeps: after it, the
 * heap holds only pages with live objects.
 */
static ssize_t vm_drop_caches_store(struct inode *node, const char *data,
				    size_t n)
{
	unsigned int v;
	int err;

	(void)node;
	err = procfs_vm_parse_drop(data, n, &v);
	if (err)
		return err;
	if (v & 2)
		frame_heap_trim();
	return (ssize_t)n;
}

static const struct synth_ops vm_drop_caches_ops = {
	.store = vm_drop_caches_store,
};

/*
 * One "name value" line per figure, in pages or objects. A leak check
 * compares them before and after a workload (tests/fuzz, docs/fuzz.md):
 * heap_objects and large_allocations come back exactly; pages outside
 * the heap (managed - free - slab - large) do too once the workload's
 * processes are gone. What follows says what a leak is made of: the
 * objects in use of each heap size class (heap_class_SIZE), and the
 * services' own objects (files, inodes, dentries, address spaces and
 * their areas, shared memory objects, processes).
 */
static int vm_allocator_show(struct inode *node, struct synth_buf *out)
{
	struct frame_page_stats ps;
	struct frame_heap_stats hs;
	struct fs_counts fc;
	struct mm_counts mc;
	int err;

	(void)node;
	frame_heap_stats(&hs);
	frame_page_stats(&ps);
	err = synth_printf(out,
			   "managed_pages %zu\nfree_pages %zu\n"
			   "slab_pages %zu\nlarge_pages %zu\n"
			   "large_allocations %zu\nheap_objects %zu\n",
			   ps.managed_pages, ps.free_pages, hs.slab_pages,
			   hs.large_pages, hs.large_allocations,
			   hs.objects_in_use);
	for (size_t i = 0; !err && i < FRAME_HEAP_CLASSES; i++) {
		struct frame_slab_stats cs;

		if (frame_heap_class_stats(i, &cs))
			break;
		err = synth_printf(out, "heap_class_%zu %zu\n",
				   cs.object_size, cs.in_use);
	}
	if (err)
		return err;
	fs_counts(&fc);
	mm_counts(&mc);
	return synth_printf(out,
			    "files %zu\ninodes %zu\ndentries %zu\n"
			    "mms %zu\nvmas %zu\nshmem %zu\nprocesses %u\n",
			    fc.files, fc.inodes, fc.dentries, mc.mms, mc.vmas,
			    mc.shmem, proc_count());
}

static const struct synth_ops vm_allocator_ops = {
	.show = vm_allocator_show,
};

int procfs_vm_fill(struct inode *root, struct inode *sys)
{
	struct inode *vm, *keel;
	int err;

	err = synth_mkdir(sys, "vm", 0555, NULL, NULL, 0, &vm);
	if (!err)
		err = synth_mkfile(vm, "drop_caches", 0200, &vm_drop_caches_ops,
				   NULL, 0, NULL);
	if (!err)
		err = synth_mkdir(root, "keel", 0555, NULL, NULL, 0, &keel);
	if (!err)
		err = synth_mkfile(keel, "allocator", 0444, &vm_allocator_ops,
				   NULL, 0, NULL);
	return err;
}
