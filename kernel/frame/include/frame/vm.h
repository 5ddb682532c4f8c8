/* SPDX-License-Identifier: MIT */
/* User address spaces and the cursors that map pages into them. */
#ifndef FRAME_VM_H
#define FRAME_VM_H

#include <frame/compiler.h>
#include <frame/types.h>
#include <frame/user.h>

struct frame_page;
struct vm_as;

/*
 * A vm_space is one user address space: page tables whose lower half a
 * service fills with pages (struct frame_page blocks) and whose upper half
 * is the kernel, shared by all. Services decide what to map where (VMAs,
 * mmap, brk, copy-on-write); the frame owns the page tables and does only
 * the mechanical part, through a cursor over a locked range.
 *
 * Why in the frame: page tables are hardware structures in physical
 * memory, and a wrong entry gives user code the kernel's memory. The frame
 * builds every entry itself from a page handle the caller owns, keeps the
 * kernel half out of reach, and flushes TLBs before a page can be reused.
 * Safety contract: a mapping holds one reference on its block per 4 KiB
 * page mapped, so a block stays allocated while any page of it is mapped,
 * whatever the service does with its own handle.
 *
 * A space belongs to tasks, not to CPUs: each task has one (or none, for
 * a kernel task), set by vm_space_activate() or umode_run(), and the
 * context switch loads the next task's space into the CPU (lazily: not
 * when it is loaded already). User-memory access (<frame/user.h>) always
 * goes to the calling task's space, whichever CPU it runs on and whatever
 * ran there meanwhile.
 *
 * Handles: a struct vm_space pointer is a handle, not an address. It
 * carries a generation, so a handle used after the put that freed its
 * space is caught (the frame panics, naming it) even when a new space got
 * the same memory. Every handle the frame returns holds a reference of
 * its own that the caller must put.
 *
 * Sharing: one frame_page may be mapped in several spaces at once (shared
 * mappings, a page cache): each mapping of each 4 KiB page holds its own
 * reference and counts in the block's map count (frame_page_mapcount()),
 * and unmapping it from one space leaves the others as they are. Writes
 * through one mapping are seen through all of them and through
 * frame_page_read(), as for any shared memory.
 */
struct vm_space;

#define VM_PAGE_SIZE	  4096ul
#define VM_HUGE_PAGE_SIZE 0x200000ul /* a 2 MiB leaf, used when it fits */

/*
 * The user range a vm_space maps. The lowest 64 KiB stay unmapped so that
 * a kernel null-pointer dereference can never reach user data. The top
 * page of the lower half stays unmapped too: a syscall instruction at its
 * very end would leave a non-canonical return address, and SYSRET to one
 * faults in kernel mode on Intel CPUs.
 */
#define VM_USER_MIN 0x10000ul
#define VM_USER_MAX 0x00007ffffffff000ul /* exclusive */

/* Protections: PROT_* values. Every mapping is readable (x86 has no
 * write-only or execute-only pages), so VM_PROT_READ is required. */
#define VM_PROT_READ  0x1u
#define VM_PROT_WRITE 0x2u
#define VM_PROT_EXEC  0x4u

/*
 * vm_space_create() - a new, empty user address space
 *
 * Returns its handle with one reference, or NULL when memory is short.
 */
struct vm_space *vm_space_create(void);

/* vm_space_get() - one more reference */
void vm_space_get(struct vm_space *space);

/*
 * vm_space_put() - drop a reference; the last one unmaps everything
 * (dropping the page references the mappings held) and frees the tables.
 * A space is never freed while a task has it or a CPU has it loaded:
 * both hold a reference.
 */
void vm_space_put(struct vm_space *space);

/*
 * vm_space_activate() - make @space the calling task's address space
 * (NULL: none, the task becomes a kernel task again)
 *
 * The task takes a reference on @space and drops the one on its previous
 * space; its CPU loads @space at once, and every switch back to the task
 * loads it again. User readers, writers and copies made by the task go
 * to @space from now on. umode_run() calls it, so a service seldom needs
 * to; a task that exits gives up its space by itself.
 *
 * Why in the frame: loading page tables is a privileged instruction, and
 * which space a task's user accesses reach decides whose memory they
 * touch. Contract: task context (not an interrupt handler), and never
 * from a fault hook.
 */
void vm_space_activate(struct vm_space *space);

/*
 * vm_space_current() - the calling task's space, with a new reference
 * the caller must put; NULL when the task has none
 */
struct vm_space *vm_space_current(void);

/*
 * A fault hook resolves the faults that the frame's user accesses
 * (<frame/user.h>: readers, writers, copies, user atomics) take on behalf
 * of a syscall: a page that is not mapped yet (demand paging), or a write
 * to a page mapped read-only (copy-on-write). The service embeds the
 * struct in its own per-process object and recovers that with
 * container_of.
 *
 * resolve() gets the faulting space (the caller's; a handle it must not
 * put, valid during the call), the user address that faulted, and the
 * access (VM_PROT_READ or VM_PROT_WRITE). It maps or replaces what is
 * needed through a cursor and returns 0, after which the frame retries
 * the access; or it returns a negative errno (no such mapping, a write to
 * a read-only area, no memory), and the access fails with -EFAULT.
 *
 * Contract:
 * - resolve() runs in the task that made the access, in task context,
 *   with interrupts enabled and no frame lock held, so it may sleep and
 *   open cursors on the space (including the faulting one).
 * - It is only called from an access made where sleeping is allowed: an
 *   access made under a spinlock, with interrupts off, or in an interrupt
 *   handler fails with -EFAULT instead (as do the *_nofault copies
 *   anywhere). So is an access made from inside resolve(): no recursion.
 * - It must not call vm_space_activate() or umode_run().
 * - The frame retries an access at most VM_FAULT_RETRIES times after
 *   resolve() reported success without the access getting any further;
 *   then the access fails with -EFAULT. A hook that claims success
 *   without mapping anything cannot hang the task.
 * - The hook must stay valid as long as the space may be used with it:
 *   set it once before the space is used, and free it after the space.
 *
 * Why in the frame: the retry happens inside the frame's fault-tolerant
 * copy routines, between a fault the exception table caught and the next
 * attempt; only the frame can resume there.
 */
struct vm_fault_hook {
	int (*resolve)(struct vm_fault_hook *hook, struct vm_space *space,
		       uaddr_t addr, unsigned int access);
};

#define VM_FAULT_RETRIES 3

/*
 * vm_space_set_fault_hook() - the hook user accesses to @space call on a
 * fault (NULL: none, such accesses fail with -EFAULT)
 */
void vm_space_set_fault_hook(struct vm_space *space,
			     struct vm_fault_hook *hook);

/*
 * A cursor locks one space for as long as it is open, and has a position
 * in its range [start, start + len) that map, unmap and protect advance.
 * Other cursors on the same space wait: the lock is a spinlock, so keep
 * cursors short, never hold one across something that sleeps, and never
 * open a second cursor on a space while holding one (that deadlocks).
 * The members are private.
 */
struct __frame_nocopy vm_cursor {
	struct vm_as *space_;
	unsigned long start_, end_, pos_;
};

/* What vm_cursor_query() and vm_cursor_find() report about one leaf. */
struct vm_mapping {
	uaddr_t start;		 /* first address of the leaf */
	size_t size;		 /* VM_PAGE_SIZE or VM_HUGE_PAGE_SIZE */
	unsigned int prot;	 /* VM_PROT_* */
	bool accessed, dirty;	 /* as the CPU set them */
	struct frame_page *page; /* the block mapped, a reference of its own */
	size_t page_index;	 /* which of its 4 KiB pages is at start */
};

/*
 * vm_cursor_open() - lock [@start, @start + @len) of @space for changes
 *
 * 0, or -EINVAL when the range is not page-aligned, is empty, or is not
 * inside [VM_USER_MIN, VM_USER_MAX). The position starts at @start.
 */
int vm_cursor_open(struct vm_cursor *c, struct vm_space *space, uaddr_t start,
		   size_t len);

/* vm_cursor_close() - unlock the range */
void vm_cursor_close(struct vm_cursor *c);

/* vm_cursor_pos() - the cursor's position */
uaddr_t vm_cursor_pos(const struct vm_cursor *c);

/* vm_cursor_seek() - move to @addr: 0, or -EINVAL when it is unaligned or
 * outside the range (the end itself is allowed) */
int vm_cursor_seek(struct vm_cursor *c, uaddr_t addr);

/*
 * vm_cursor_map() - map the whole block @page at the position with @prot
 *
 * Equivalent to vm_cursor_map_pages(c, page, 0, all of its pages, prot).
 */
int vm_cursor_map(struct vm_cursor *c, struct frame_page *page,
		  unsigned int prot);

/*
 * vm_cursor_map_pages() - map @count pages of @page, from its page
 * @first, at the position, and advance past them
 *
 * Takes one reference on @page per page mapped; the caller keeps its own.
 * A run that is 2 MiB-aligned in both spaces is mapped with 2 MiB leaves.
 * All or nothing: 0; -EINVAL for a bad @prot, @count 0, pages outside the
 * block, or a run past the end of the range; -EEXIST when something is
 * mapped there already; -ENOMEM when page tables cannot be allocated.
 */
int vm_cursor_map_pages(struct vm_cursor *c, struct frame_page *page,
			size_t first, size_t count, unsigned int prot);

/*
 * vm_cursor_unmap() - unmap [pos, pos + @len) and advance past it
 *
 * Holes are skipped. A 2 MiB leaf that straddles an end is split first.
 * The pages' references are dropped after the TLB flush, so a page is
 * never freed while a CPU can still reach it. 0; -EINVAL when @len is
 * unaligned or runs past the range; -ENOMEM when a split cannot get a
 * table, with the range unmapped up to that leaf and the position not
 * moved (unmapping again finishes the job).
 */
int vm_cursor_unmap(struct vm_cursor *c, size_t len);

/*
 * vm_cursor_protect() - set @prot on every mapping in [pos, pos + @len)
 * and advance past it; holes stay holes. Errors as vm_cursor_unmap(),
 * plus -EINVAL for a bad @prot.
 */
int vm_cursor_protect(struct vm_cursor *c, size_t len, unsigned int prot);

/*
 * vm_cursor_query() - what is mapped at the position
 *
 * 0 and *@out filled, or -ENOENT when nothing is. out->page carries a
 * reference of its own, taken for the caller, who must frame_page_put()
 * it when done (the cursor may be closed first).
 */
int vm_cursor_query(const struct vm_cursor *c, struct vm_mapping *out);

/*
 * vm_cursor_find() - move to the next mapped leaf at or after the
 * position and report it as vm_cursor_query() does
 *
 * Skips unmapped space a table at a time, so walking a sparse space (for
 * fork) costs what is mapped, not the size of the range. The position
 * becomes the first address of the leaf inside the range. -ENOENT, with
 * the position at the end, when nothing is mapped in the rest of it.
 * out->page carries a reference for the caller to put, as above.
 */
int vm_cursor_find(struct vm_cursor *c, struct vm_mapping *out);

/*
 * vm_cursor_replace() - map page @index of @page at the position with
 * @prot, in place of the 4 KiB page mapped there now, and advance one page
 *
 * For copy-on-write: the entry changes in one store, so no CPU ever
 * finds it empty (no spurious fault in another thread), then the TLBs are
 * flushed once, and only then is the old page's reference dropped, so it
 * is never freed or reused while a CPU can still write it. Takes one
 * reference (and one map count) on @page. A 2 MiB leaf there is split
 * first. 0; -ENOENT when nothing is mapped at the position; -EINVAL for a
 * bad @prot, @index outside the block, or the position at the end;
 * -ENOMEM when a split cannot get a table (nothing changed).
 *
 * Why in the frame: the swap and the order of flush and release are what
 * make a copy-on-write break safe against other CPUs; unmap then map
 * would open a window where another thread faults on an empty entry.
 */
int vm_cursor_replace(struct vm_cursor *c, struct frame_page *page,
		      size_t index, unsigned int prot);

#endif /* FRAME_VM_H */
