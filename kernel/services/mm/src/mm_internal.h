/* SPDX-License-Identifier: MIT */
/* mm's private declarations, shared by its source files. */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <frame/errno.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/vm.h>
#include <mm/mm.h>

/* Area flags. */
#define MM_VMA_SHARED	 0x1u /* MAP_SHARED: pages are the backing's */
#define MM_VMA_GROWSDOWN 0x2u /* a stack: grows on faults below it */
#define MM_VMA_VDSO	 0x4u /* the frame's vDSO pages, mapped eagerly */
#define MM_VMA_NOWRITE	 0x8u /* shared, may never be made writable */
#define MM_VMA_NOEXEC	 0x10u /* a noexec file: never executable */

/*
 * One area: [start, end), page-aligned, non-empty. Private areas without
 * a backing are anonymous memory; private areas with one copy its pages
 * on the first write; shared areas map the backing's pages themselves
 * (shared anonymous memory is a shmem backing).
 */
struct mm_vma {
	struct mm_vma *prev, *next;
	unsigned long start, end;
	unsigned int prot;  /* PROT_READ | PROT_WRITE | PROT_EXEC */
	unsigned int flags; /* MM_VMA_* */
	struct mm_backing *backing;
	uint64_t pgoff; /* the backing's page at start */
};

struct mm {
	struct frame_spinlock ref_lock;
	unsigned long refs;

	/* Stored in the slot of every attached task (one object for all:
	 * the frame only keeps the pointer and writes its key). */
	struct task_data td;
	struct vm_fault_hook hook;
	struct vm_space *space;

	struct frame_mutex lock;
	/* Under lock: */
	struct mm_vma *vmas; /* sorted by start, non-overlapping */
	unsigned long brk_start, brk;
	bool lock_future;	  /* mlockall(MCL_FUTURE) */
	struct mm_parked *parked; /* pages of PROT_NONE areas (park.c) */
};

/* Access kinds of the fault core. */
#define MM_ACC_READ  0x1u
#define MM_ACC_WRITE 0x2u
#define MM_ACC_EXEC  0x4u
#define MM_ACC_FORCE 0x8u /* write private areas even when read-only */

static inline unsigned long mm_page_down(unsigned long a)
{
	return a & ~(MM_PAGE_SIZE - 1);
}

/* Round @len up to pages; false when that overflows. */
static inline bool mm_page_up(unsigned long len, unsigned long *out)
{
	if (len > ~0ul - (MM_PAGE_SIZE - 1))
		return false;
	*out = (len + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1);
	return true;
}

/* The page-table protection of an area's PROT_* bits. */
static inline unsigned int mm_vm_prot(unsigned int prot)
{
	return VM_PROT_READ | (prot & PROT_WRITE ? VM_PROT_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_PROT_EXEC : 0);
}

static inline uaddr_t mm_uaddr(unsigned long a)
{
	return uaddr_from_syscall_arg(a);
}

/* vma.c: the area list; callers hold mm->lock. */
struct mm_vma *mm_vma_alloc(void);
void mm_vma_free(struct mm_vma *v);
struct mm_vma *mm_vma_find(struct mm *mm, unsigned long addr);
void mm_vma_insert(struct mm *mm, struct mm_vma *v);
void mm_vma_unlink(struct mm *mm, struct mm_vma *v);
struct mm_vma *mm_vma_split(struct mm *mm, struct mm_vma *v, unsigned long addr,
			    struct mm_vma *spare);
bool mm_vma_merge_next(struct mm *mm, struct mm_vma *v);
void mm_vma_merge_around(struct mm *mm, struct mm_vma *v);
bool mm_range_free(struct mm *mm, unsigned long start, unsigned long end);
bool mm_in_stack_guard(struct mm *mm, unsigned long end);
bool mm_range_covered(struct mm *mm, unsigned long start, unsigned long end);
int mm_find_free(struct mm *mm, unsigned long len, unsigned long lo,
		 unsigned long hi, unsigned long *out);

/* Spare areas taken before an operation so that it cannot fail halfway. */
#define MM_SPARES 4
struct mm_spares {
	struct mm_vma *v[MM_SPARES];
	int n;
};
int mm_spares_get(struct mm_spares *s, int n);
struct mm_vma *mm_spares_take(struct mm_spares *s);
void mm_spares_put(struct mm_spares *s);
struct mm_vma *mm_isolate(struct mm *mm, unsigned long start, unsigned long end,
			  struct mm_spares *s);

/* map.c: the operations behind the syscalls; callers hold mm->lock. */
void mm_unmap_pages(struct mm *mm, unsigned long start, unsigned long end);
void mm_unmap_locked(struct mm *mm, unsigned long start, unsigned long end,
		     struct mm_spares *s);
int mm_map_locked(struct mm *mm, const struct mm_map_req *req, uaddr_t *out);
int mm_populate_locked(struct mm *mm, unsigned long start, unsigned long end);

/* fault.c */
int mm_fault_locked(struct mm *mm, unsigned long addr, unsigned int access,
		    int *si_code);
int mm_fault_hook_resolve(struct vm_fault_hook *hook, struct vm_space *space,
			  uaddr_t addr, unsigned int access);

/* park.c */
struct mm_parked;
int mm_park_range(struct mm *mm, unsigned long start, unsigned long end);
struct frame_page *mm_park_find(struct mm *mm, unsigned long addr,
				size_t *index);
void mm_park_drop(struct mm *mm, unsigned long start, unsigned long end);
void mm_park_move(struct mm *mm, unsigned long from, unsigned long len,
		  unsigned long to, unsigned long keep);
int mm_park_fork(struct mm *parent, struct mm *child);

/* resolver.c */
const struct mm_file_resolver *mm_get_file_resolver(void);
int mm_resolve_fd(int fd, unsigned int prot, unsigned int flags,
		  struct mm_backing **out, bool *anon);
/*
 * mm_resolve_fd_for_map() - mmap(2)'s resolution of @fd for @req: sets
 * req->backing (referenced; untouched when *@anon), req->no_write
 * (a shared mapping the descriptor could not have made writable) and
 * req->no_exec (a file on a noexec mount).
 */
int mm_resolve_fd_for_map(int fd, struct mm_map_req *req, bool *anon);

/* syscalls: the calling task's mm, or NULL */
static inline struct mm *mm_sys_current(void)
{
	return mm_current();
}

/* mm_counts()'s live counts, kept where the objects are made and freed */
extern size_t mm_nr_vmas, mm_nr_shmem;

#endif /* MM_INTERNAL_H */
