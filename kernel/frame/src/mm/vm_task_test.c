/* SPDX-License-Identifier: MIT */
/* ktests for address spaces owned by tasks: switches, preemption, handles. */
#include <frame/vm.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/smp.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/time.h>
#include <frame/user.h>

#include "mm/page_meta.h"
#include "mm/vm_task.h"

#define XS_PROCS      2
#define XS_TASKS      3 /* per process: 6 tasks, more than 4 CPUs */
#define XS_REGION     (64ul * 1024)
#define XS_BASE	      0x20000000ul /* the same address in every space */
#define XS_MIN_ROUNDS 8
#define XS_NS	      (400ull * 1000 * 1000)
#define XS_ORDER      6 /* 256 KiB: room for XS_TASKS regions */

struct xs_proc {
	struct vm_space *space;
	struct frame_page *block;
};

struct xs_task {
	struct xs_proc *proc;
	int proc_index, index;
	uint64_t deadline;
	unsigned int rounds;
	unsigned int errors;
	uint8_t last;
	char *buf, *check;
	struct task_entry entry;
};

static uaddr_t ua(unsigned long v)
{
	return uaddr_from_syscall_arg(v);
}

/* A byte no other task (of either process) ever writes. */
static uint8_t xs_pattern(int proc, int index, unsigned int round)
{
	return (uint8_t)(1 + proc * 100 + index * 25 + round % 25);
}

/*
 * One task of one process: write its region of its space, yield or be
 * preempted, read it back through a reader made before the switch, and
 * compare. Every copy is 64 KiB, long enough for the tick to preempt it
 * in the middle, and the other tasks on the CPU belong to the other
 * process half of the time.
 */
static int xs_fn(struct task_entry *entry)
{
	struct xs_task *t = container_of(entry, struct xs_task, entry);
	unsigned long base = XS_BASE + (unsigned long)t->index * XS_REGION;
	struct vm_reader r;

	vm_space_activate(t->proc->space);
	while (t->rounds < XS_MIN_ROUNDS ||
	       frame_clock_monotonic_ns() < t->deadline) {
		uint8_t v = xs_pattern(t->proc_index, t->index, t->rounds);

		memset(t->buf, v, XS_REGION);
		if (frame_copy_to_user(ua(base), t->buf, XS_REGION))
			t->errors++;
		if (vm_reader_init(&r, ua(base), XS_REGION))
			t->errors++;
		/* Odd tasks yield now and then; the others never do, so the
		 * tick must take the CPU from them when their slice ends,
		 * whatever the host's speed. */
		if (t->index % 2 && t->rounds % 3 == 0)
			task_yield();
		memset(t->check, 0, XS_REGION);
		if (vm_reader_read(&r, t->check, XS_REGION) ||
		    memcmp(t->check, t->buf, XS_REGION))
			t->errors++;
		t->last = v;
		t->rounds++;
	}
	/* Exiting gives the space up: the process's memory is not held by
	 * a finished task. */
	return 0;
}

/* Whether every byte of @n at @off in @block is @v. */
static bool block_holds(struct frame_page *block, size_t off, size_t n,
			uint8_t v)
{
	uint8_t chunk[256];

	for (size_t done = 0; done < n; done += sizeof(chunk)) {
		if (frame_page_read(block, off + done, chunk, sizeof(chunk)))
			return false;
		for (size_t i = 0; i < sizeof(chunk); i++) {
			if (chunk[i] != v)
				return false;
		}
	}
	return true;
}

KTEST(vm_two_processes_preempting_each_other_keep_their_bytes)
{
	static struct xs_proc procs[XS_PROCS];
	static struct xs_task tasks[XS_PROCS * XS_TASKS];
	struct task *handles[XS_PROCS * XS_TASKS];
	struct task_stats before, after;
	int ncpu = smp_cpu_count();
	uint64_t deadline = frame_clock_monotonic_ns() + XS_NS;

	for (int p = 0; p < XS_PROCS; p++) {
		struct vm_cursor c;

		procs[p].space = vm_space_create();
		procs[p].block = frame_page_alloc(XS_ORDER, FRAME_PAGE_ZERO);
		KT_ASSERT_NOT_NULL(procs[p].space);
		KT_ASSERT_NOT_NULL(procs[p].block);
		KT_ASSERT_OK(vm_cursor_open(&c, procs[p].space, ua(XS_BASE),
					    frame_page_size(procs[p].block)));
		KT_ASSERT_OK(vm_cursor_map(&c, procs[p].block,
					   VM_PROT_READ | VM_PROT_WRITE));
		vm_cursor_close(&c);
	}
	task_stats(&before);
	for (int i = 0; i < XS_PROCS * XS_TASKS; i++) {
		struct xs_task *t = &tasks[i];

		*t = (struct xs_task){ .proc = &procs[i % XS_PROCS],
				       .proc_index = i % XS_PROCS,
				       .index = i / XS_PROCS,
				       .deadline = deadline };
		t->buf = frame_alloc(XS_REGION);
		t->check = frame_alloc(XS_REGION);
		KT_ASSERT_NOT_NULL(t->buf);
		KT_ASSERT_NOT_NULL(t->check);
	}
	/*
	 * Pinned round-robin: with one CPU all six share it; with four, CPUs
	 * 0 and 1 each run a task of both processes.
	 */
	for (int i = 0; i < XS_PROCS * XS_TASKS; i++) {
		task_entry_init(&tasks[i].entry, xs_fn);
		handles[i] = task_spawn_on("xspace", &tasks[i].entry,
					   TASK_PRIO_NORMAL, i % ncpu);
		KT_ASSERT_NOT_NULL(handles[i]);
	}
	for (int i = 0; i < XS_PROCS * XS_TASKS; i++)
		KT_ASSERT_OK(task_join(handles[i]));
	task_stats(&after);

	for (int i = 0; i < XS_PROCS * XS_TASKS; i++) {
		struct xs_task *t = &tasks[i];

		KT_ASSERT_EQ(t->errors, 0);
		KT_ASSERT_GE(t->rounds, XS_MIN_ROUNDS);
		/* Each region of each space holds its own task's last bytes:
		 * nothing of the other process landed there. */
		KT_ASSERT(block_holds(t->proc->block,
				      (size_t)t->index * XS_REGION, XS_REGION,
				      t->last));
		frame_free(t->buf);
		frame_free(t->check);
	}
	/* The tick did take the CPU from tasks in the middle of their work. */
	KT_ASSERT_GT(after.preemptions, before.preemptions);
	for (int p = 0; p < XS_PROCS; p++) {
		/* The tasks gave their spaces up: only the test holds them
		 * (and maybe a CPU that still has one loaded). */
		vm_space_put(procs[p].space);
		frame_page_put(procs[p].block);
	}
}

struct lazy_task {
	struct vm_space *space;
	int rounds;
	struct task_entry entry;
};

static int lazy_fn(struct task_entry *entry)
{
	struct lazy_task *t = container_of(entry, struct lazy_task, entry);

	vm_space_activate(t->space);
	for (int i = 0; i < t->rounds; i++)
		task_yield();
	return 0;
}

KTEST(vm_switch_between_tasks_of_one_space_keeps_cr3)
{
	struct vm_space *s = vm_space_create();
	struct lazy_task lt = { .rounds = 50,
				.entry = TASK_ENTRY_INIT(lazy_fn) };
	struct task *a, *b;
	uint64_t writes;

	KT_ASSERT_NOT_NULL(s);
	lt.space = s;
	writes = vm_task_cr3_writes();
	/* Two threads of one process on one CPU, yielding to each other. */
	a = task_spawn_on("lazy-a", &lt.entry, TASK_PRIO_NORMAL, 0);
	b = task_spawn_on("lazy-b", &lt.entry, TASK_PRIO_NORMAL, 0);
	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_OK(task_join(a));
	KT_ASSERT_OK(task_join(b));
	/* About 100 switches between them; CR3 was loaded a few times (the
	 * first activation, the exits), not at each. */
	KT_ASSERT_LT(vm_task_cr3_writes() - writes, 10);
	vm_space_put(s);
}

KTEST(vm_reader_made_in_one_space_fails_in_another)
{
	struct vm_space *a = vm_space_create(), *b = vm_space_create();
	struct frame_page *pa = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct frame_page *pb = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct vm_reader r;
	struct vm_writer w;
	struct vm_cursor c;
	char buf[8];

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_NOT_NULL(pa);
	KT_ASSERT_NOT_NULL(pb);
	KT_ASSERT_OK(frame_page_write(pa, 0, "space-a", 8));
	KT_ASSERT_OK(frame_page_write(pb, 0, "space-b", 8));
	KT_ASSERT_OK(vm_cursor_open(&c, a, ua(XS_BASE), 4096));
	KT_ASSERT_OK(vm_cursor_map(&c, pa, VM_PROT_READ | VM_PROT_WRITE));
	vm_cursor_close(&c);
	KT_ASSERT_OK(vm_cursor_open(&c, b, ua(XS_BASE), 4096));
	KT_ASSERT_OK(vm_cursor_map(&c, pb, VM_PROT_READ | VM_PROT_WRITE));
	vm_cursor_close(&c);

	/* No space: the task is a kernel task, every access fails. */
	KT_ASSERT_ERR(frame_copy_from_user(buf, ua(XS_BASE), 8), -EFAULT);
	vm_space_activate(a);
	KT_ASSERT_OK(vm_reader_init(&r, ua(XS_BASE), 8));
	KT_ASSERT_OK(vm_writer_init(&w, ua(XS_BASE), 8));
	vm_space_activate(b);
	/* Same address, mapped in both: the reader still refuses. */
	KT_ASSERT_ERR(vm_reader_read(&r, buf, 8), -EFAULT);
	KT_ASSERT_ERR(vm_writer_write(&w, "written", 8), -EFAULT);
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(XS_BASE), 8));
	KT_ASSERT_STREQ(buf, "space-b");
	vm_space_activate(a);
	KT_ASSERT_OK(vm_reader_read(&r, buf, 8));
	KT_ASSERT_STREQ(buf, "space-a");
	vm_space_activate(NULL);
	KT_ASSERT_ERR(frame_copy_from_user(buf, ua(XS_BASE), 8), -EFAULT);
	KT_ASSERT_OK(frame_page_read(pb, 0, buf, 8));
	KT_ASSERT_STREQ(buf, "space-b");

	vm_space_put(a);
	vm_space_put(b);
	frame_page_put(pa);
	frame_page_put(pb);
}

KTEST(vm_space_handles_of_a_freed_space_are_stale)
{
	const uintptr_t addr_bits = (1ull << PAGE_HANDLE_GEN_SHIFT) - 1;
	struct vm_space *old = vm_space_create(), *held[16];
	bool reused = false;
	int n = 0;

	KT_ASSERT_NOT_NULL(old);
	KT_ASSERT(vm_space_valid(old));
	vm_space_put(old);
	KT_ASSERT(!vm_space_valid(old));
	/* The allocator soon hands the same page out for a new space: its
	 * handle differs in the generation only, and the old one stays
	 * stale. */
	while (n < 16 && !reused) {
		struct vm_space *s = vm_space_create();

		KT_ASSERT_NOT_NULL(s);
		held[n++] = s;
		KT_ASSERT(vm_space_valid(s));
		KT_ASSERT_NE((void *)s, (void *)old);
		reused = (((uintptr_t)s ^ (uintptr_t)old) & addr_bits) == 0;
	}
	KT_ASSERT(reused);
	KT_ASSERT(!vm_space_valid(old));
	while (n > 0)
		vm_space_put(held[--n]);
}
