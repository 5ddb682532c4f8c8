/* SPDX-License-Identifier: MIT */
/* User address spaces: VMAs, demand paging, copy-on-write, brk, stack. */
#ifndef MM_MM_H
#define MM_MM_H

#include <frame/types.h>
#include <frame/user.h>

struct frame_page;
struct task;
struct vm_space;

/*
 * A struct mm is one process's address space: the frame's vm_space (page
 * tables) plus the list of areas (VMAs) that say what may be mapped where
 * and how pages are found when they are first touched. Threads of one
 * process share it (CLONE_VM); fork copies it (mm_fork).
 *
 * Pages are mapped on demand: a first access to an area faults, and the
 * fault (mm_fault() for user mode, the vm_space fault hook for the
 * frame's user copies) maps a zeroed page (anonymous), the object's page
 * (MAP_SHARED file or shared anonymous memory), or a private copy of it
 * (MAP_PRIVATE file, on the first write). After fork, private pages are
 * shared read-only and copied on the first write of either side.
 *
 * Locking: each mm has a sleeping lock (a frame mutex) that guards its
 * areas; every function here takes it itself, so none may be called with
 * it held, and none may be called from an interrupt handler or under a
 * spinlock.
 */
struct mm;

/* Linux's protection and mapping flags (x86-64 values). */
#define PROT_NONE      0x0u
#define PROT_READ      0x1u
#define PROT_WRITE     0x2u
#define PROT_EXEC      0x4u
#define PROT_SEM       0x8u /* accepted, no effect */
#define PROT_GROWSDOWN 0x01000000u
#define PROT_GROWSUP   0x02000000u

#define MAP_SHARED	    0x01u
#define MAP_PRIVATE	    0x02u
#define MAP_SHARED_VALIDATE 0x03u
#define MAP_TYPE	    0x0fu
#define MAP_FIXED	    0x10u
#define MAP_ANONYMOUS	    0x20u
#define MAP_32BIT	    0x40u
#define MAP_GROWSDOWN	    0x100u
#define MAP_DENYWRITE	    0x800u
#define MAP_EXECUTABLE	    0x1000u
#define MAP_LOCKED	    0x2000u
#define MAP_NORESERVE	    0x4000u
#define MAP_POPULATE	    0x8000u
#define MAP_NONBLOCK	    0x10000u
#define MAP_STACK	    0x20000u
#define MAP_HUGETLB	    0x40000u
#define MAP_SYNC	    0x80000u
#define MAP_FIXED_NOREPLACE 0x100000u
#define MAP_UNINITIALIZED   0x4000000u

#define MM_PAGE_SIZE 4096ul

/*
 * Layout. The stack's top is fixed; the stack area may grow down to
 * MM_STACK_MAX below it, and mmap() places areas top-down from
 * MM_MMAP_TOP, which leaves that room and a guard gap. A growing stack
 * keeps MM_STACK_GUARD bytes free below it (Linux's stack_guard_gap).
 */
#define MM_STACK_TOP   0x00007ffffffff000ul
#define MM_STACK_MAX   (8ul << 20)
#define MM_STACK_GUARD (256ul * MM_PAGE_SIZE)
#define MM_MMAP_TOP    0x00007fff00000000ul

/*
 * mm_create() - a new, empty address space (no areas, vDSO not mapped,
 * brk base 0), with one reference; NULL when memory is short
 */
struct mm *mm_create(void);

/*
 * mm_fork() - a copy of @parent for a child process, with one reference
 *
 * Private areas are copied on write: their pages become read-only in both
 * spaces and the first write of either side copies the page. MAP_SHARED
 * areas (files and shared anonymous memory) stay shared: both see each
 * other's writes. The brk and stack state is copied. NULL when memory is
 * short (the parent is unchanged apart from write protection).
 */
struct mm *mm_fork(struct mm *parent);

/* mm_get() / mm_put() - references; the last put frees the areas, drops
 * the backings and puts the vm_space */
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);

/*
 * mm_space() - the frame space of @mm, for umode_run() and
 * vm_space_activate(); no new reference (valid while @mm is)
 */
struct vm_space *mm_space(struct mm *mm);

/*
 * Per-task: mm_attach() stores @mm as @t's address space (taking a
 * reference; dropping the one on the previous mm; NULL detaches). It does
 * not activate the space: the user loop passes mm_space() to umode_run().
 * mm_current() - the calling task's mm, without a new reference (valid
 * while the task stays attached), or NULL. The reference is dropped when
 * the task ends. Attach and detach only @t itself or a task that does not
 * run yet (a new thread), as the slot is read without a lock.
 */
void mm_attach(struct task *t, struct mm *mm);
struct mm *mm_current(void);

/*
 * A file-backed mapping's object, implemented by the file system. See
 * get_page's contract below. The mm takes a reference (get) for every
 * area that uses a backing and puts it when the area goes.
 */
struct mm_backing;

struct mm_backing_ops {
	/*
	 * get_page() - page @pgoff of the object: one 4 KiB block (order 0)
	 * with a reference for the caller, who puts it. -EIO when @pgoff is
	 * beyond the end (SIGBUS), -ENOMEM. For MAP_SHARED the page
	 * returned IS the object's page (writes through the mapping reach
	 * the file). May sleep.
	 */
	int (*get_page)(struct mm_backing *b, uint64_t pgoff,
			struct frame_page **out);
	void (*get)(struct mm_backing *b);
	void (*put)(struct mm_backing *b);
	/*
	 * describe() - optional: what /proc/PID/maps names the object by:
	 * its path into @buf (@size bytes, NUL-terminated), its device
	 * (Linux's encoding) and inode number. 0 or -errno (the area is then
	 * shown without a name). May sleep; called with no mm lock held.
	 */
	int (*describe)(struct mm_backing *b, char *buf, size_t size,
			uint32_t *dev, uint64_t *ino);
};

struct mm_backing {
	const struct mm_backing_ops *ops;
};

/*
 * A kernel-made mapping (exec, the stack): the same rules and errors as
 * mmap(2). @prot PROT_*, @flags MAP_* (MAP_ANONYMOUS or a @backing with
 * MAP_SHARED/MAP_PRIVATE; MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN,
 * MAP_POPULATE as for mmap; otherwise @addr is a hint). @offset is in
 * bytes and page-aligned. mm_map takes its own reference on @backing.
 * 0 and *@out the address chosen, or -EINVAL, -ENOMEM, -EEXIST, -EPERM.
 */
struct mm_map_req {
	uaddr_t addr;
	size_t len;
	unsigned int prot, flags;
	struct mm_backing *backing;
	uint64_t offset;
	/* A shared mapping of an object the caller may not write (a file
	 * opened read-only): PROT_WRITE can never be added (mprotect
	 * -EACCES), as Linux clears VM_MAYWRITE. */
	bool no_write;
	/* A file on a noexec mount: PROT_EXEC can never be added (mprotect
	 * -EACCES), as Linux clears VM_MAYEXEC. */
	bool no_exec;
};

int mm_map(struct mm *mm, const struct mm_map_req *req, uaddr_t *out);

/* mm_unmap() - munmap(2) on @mm: 0, -EINVAL (unaligned or out of range) */
int mm_unmap(struct mm *mm, uaddr_t addr, size_t len);

/*
 * mm_protect() - mprotect(2) on @mm: 0, -EINVAL, -ENOMEM (a hole in the
 * range, or no memory to split an area), -EACCES (PROT_WRITE on part of a
 * shared area mapped with no_write, PROT_EXEC on part of an area mapped
 * with no_exec; nothing is changed then).
 */
int mm_protect(struct mm *mm, uaddr_t addr, size_t len, unsigned int prot);

/*
 * Access to a (not necessarily active) mm, faulting pages in: exec builds
 * the new image and stack with these before switching; /proc and tests
 * read with mm_read. Like Linux's forced access, mm_write writes private
 * areas even when they are not writable (it copies the page first, as a
 * write fault would; the area keeps its protection), but not read-only
 * shared ones. 0; -EFAULT when part of the range is not in an area (or
 * not writable as above; what came before it is written); -ENOMEM; -EIO.
 */
int mm_write(struct mm *mm, uaddr_t dst, const void *src, size_t n);
int mm_zero(struct mm *mm, uaddr_t dst, size_t n);
int mm_read(struct mm *mm, uaddr_t src, void *dst, size_t n);

/*
 * mm_set_brk_base() - the program break starts at @start (rounded up to
 * a page), after the image; brk(2) moves it from there. Resets the break.
 * mm_brk() - the current break.
 */
void mm_set_brk_base(struct mm *mm, uaddr_t start);
uaddr_t mm_brk(struct mm *mm);

/*
 * mm_map_stack() - the main thread's stack: a MAP_GROWSDOWN read-write
 * anonymous area of @size bytes (rounded up to pages) ending at
 * MM_STACK_TOP, which grows on faults below it down to MM_STACK_MAX,
 * keeping MM_STACK_GUARD free below it. 0 and *@top = MM_STACK_TOP;
 * -ENOMEM; -EEXIST when the range is taken. mm_stack_top() - the top.
 */
int mm_map_stack(struct mm *mm, size_t size, uaddr_t *top);
uaddr_t mm_stack_top(struct mm *mm);

/*
 * mm_map_vdso() - map the frame's vDSO at an address mm picks (below the
 * mmap areas); *@out is the ELF image's address, AT_SYSINFO_EHDR. The
 * area is copied on fork, cannot be written, and is unmapped like any
 * other. 0, -ENOMEM.
 */
int mm_map_vdso(struct mm *mm, uaddr_t *out);

/* Bits of the x86 page-fault error code that mm_fault() reads. */
#define MM_PF_PRESENT 0x01u /* protection fault (else: not present) */
#define MM_PF_WRITE   0x02u
#define MM_PF_USER    0x04u
#define MM_PF_INSTR   0x10u /* instruction fetch */

#define MM_SEGV_MAPERR 1
#define MM_SEGV_ACCERR 2
#define MM_BUS_ADRERR  2

/*
 * mm_fault() - resolve a user-mode page fault at @addr with the CPU's
 * error code @pf_error
 *
 * 0: resolved (run the thread again). -EFAULT: SIGSEGV, *@si_code is
 * SEGV_MAPERR (no area) or SEGV_ACCERR (the area forbids the access).
 * -EIO: SIGBUS with BUS_ADRERR (a file page beyond the end). -ENOMEM: no
 * memory; the caller runs the OOM killer. Faults below a MAP_GROWSDOWN
 * area grow it (within MM_STACK_MAX and keeping the guard gap).
 */
int mm_fault(struct mm *mm, uint64_t addr, unsigned int pf_error, int *si_code);

/*
 * mm_rss_pages() - 4 KiB pages mapped in @mm now (resident set, shared
 * pages included), for the OOM killer and /proc
 */
size_t mm_rss_pages(const struct mm *mm);

/* What an area of an address space is, as /proc/PID/maps tells. */
enum mm_area_kind {
	MM_AREA_ANON,  /* private anonymous memory */
	MM_AREA_FILE,  /* a backing: a file, or shared anonymous memory */
	MM_AREA_HEAP,  /* the program break's area: [heap] */
	MM_AREA_STACK, /* the main thread's stack: [stack] */
	MM_AREA_VDSO,  /* [vdso] */
};

struct mm_area {
	uint64_t start, end; /* [start, end), page-aligned */
	unsigned int prot;   /* PROT_READ | PROT_WRITE | PROT_EXEC */
	bool shared;	     /* MAP_SHARED */
	enum mm_area_kind kind;
	uint64_t offset;	    /* bytes into the backing */
	struct mm_backing *backing; /* referenced, or NULL */
};

/*
 * mm_area_next() - the first area of @mm that ends above @addr into
 * *@out, its backing referenced (mm_area_release() drops it): walking
 * with @addr = the previous area's end lists them all. 0 or -ENOENT
 * (none left).
 */
int mm_area_next(struct mm *mm, uint64_t addr, struct mm_area *out);
void mm_area_release(struct mm_area *a);

/*
 * mmap(2) of a descriptor: mm cannot see descriptors (fs is above it),
 * so fs registers a resolver at init. Until then mmap() of a descriptor
 * fails with -EBADF.
 */
struct mm_file_resolver {
	/*
	 * resolve() - the backing of @fd for a mapping with @prot/@flags,
	 * with a reference for mm: -EBADF, -EACCES (fd not readable, or
	 * PROT_WRITE on MAP_SHARED without write access), -ENODEV (not
	 * mappable). *@anon true: the object is /dev/zero, map anonymous
	 * memory instead (*@out is then not set).
	 */
	int (*resolve)(int fd, unsigned int prot, unsigned int flags,
		       struct mm_backing **out, bool *anon);
};

void mm_set_file_resolver(const struct mm_file_resolver *r);

/*
 * mm_shmem_create() - a shared anonymous object of @size bytes (what
 * MAP_SHARED|MAP_ANONYMOUS maps; fs may use it for memfd or shm), as a
 * backing with one reference; its pages are allocated zeroed on first
 * use and live as long as it does. NULL when memory is short.
 */
struct mm_backing *mm_shmem_create(uint64_t size);

/* How many of mm's objects exist now, for leak reports
 * (/proc/keel/allocator): each comes back to its count once what was
 * made since is gone. */
struct mm_counts {
	size_t mms;   /* address spaces */
	size_t vmas;  /* their areas, spares for a split included */
	size_t shmem; /* shared anonymous memory objects */
};

void mm_counts(struct mm_counts *out);

#endif /* MM_MM_H */
