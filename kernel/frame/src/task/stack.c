/* SPDX-License-Identifier: MIT */
/* Task stacks in the vmap window, each with unmapped guard pages below. */
#include "task/task.h"

#include <frame/errno.h>
#include <frame/panic.h>

#include "arch/x86_64/layout.h"
#include "mm/buddy.h"
#include "mm/mm.h"
#include "mm/page_meta.h"
#include "mm/pt.h"

/*
 * Stacks live in fixed slots of a region of the vmap window. Each slot is
 * STACK_STRIDE bytes of address space with the TASK_STACK_SIZE stack at
 * its top; the rest, below the stack, is never mapped. An overflow runs
 * into that gap and faults (the CPU then double-faults onto its IST
 * stack, since the #PF frame cannot be pushed either), and the trap code
 * asks task_stack_guard_owner() whose gap it was. The pages come from the
 * buddy allocator as one block, so that they can be given back whole.
 */
#define STACK_REGION (VMAP_BASE + (256ull << 30))
#define STACK_STRIDE (64ull << 10)
#define STACK_SLOTS  4096
#define STACK_ORDER  2 /* 2^2 pages = TASK_STACK_SIZE */

BUILD_BUG_ON((MM_PAGE_SIZE << STACK_ORDER) != TASK_STACK_SIZE);
BUILD_BUG_ON(STACK_STRIDE < 2 * TASK_STACK_SIZE);

static struct frame_spinlock slots_lock = FRAME_SPINLOCK_INIT;
static const struct task *slot_owner[STACK_SLOTS];

static uint64_t slot_top(int slot)
{
	return STACK_REGION + (uint64_t)(slot + 1) * STACK_STRIDE;
}

static int slot_take(struct task *t)
{
	uint64_t flags = frame_spin_lock_irqsave(&slots_lock);
	int slot = -ENOMEM;

	for (int i = 0; i < STACK_SLOTS; i++) {
		if (!slot_owner[i]) {
			slot_owner[i] = t;
			slot = i;
			break;
		}
	}
	frame_spin_unlock_irqrestore(&slots_lock, flags);
	return slot;
}

static void slot_give(int slot)
{
	uint64_t flags = frame_spin_lock_irqsave(&slots_lock);

	slot_owner[slot] = NULL;
	frame_spin_unlock_irqrestore(&slots_lock, flags);
}

int task_stack_alloc(struct task *t)
{
	struct frame_page *pages;
	int slot, err;

	slot = slot_take(t);
	if (slot < 0)
		return slot;
	pages = buddy_alloc(STACK_ORDER, PAGE_BLOCK);
	if (!pages) {
		err = -ENOMEM;
		goto out_slot;
	}
	err = mm_kernel_map(slot_top(slot) - TASK_STACK_SIZE,
			    page_to_phys(pages), TASK_STACK_SIZE, PT_WRITE);
	if (err)
		goto out_pages;
	t->stack_slot = slot;
	t->stack_pages = pages;
	t->stack_top = slot_top(slot);
	return 0;

out_pages:
	buddy_free(pages);
out_slot:
	slot_give(slot);
	return err;
}

void task_stack_free(struct task *t)
{
	if (t->stack_slot < 0)
		return;
	BUG_ON(mm_kernel_unmap(t->stack_top - TASK_STACK_SIZE,
			       TASK_STACK_SIZE));
	buddy_free(t->stack_pages);
	slot_give(t->stack_slot);
	t->stack_slot = -1;
}

const struct task *task_stack_guard_owner(uint64_t addr)
{
	uint64_t off, slot;

	if (addr < STACK_REGION || addr >= slot_top(STACK_SLOTS - 1))
		return NULL;
	off = addr - STACK_REGION;
	slot = off / STACK_STRIDE;
	/* Only the unmapped part of the slot, below its stack. */
	if (off % STACK_STRIDE >= STACK_STRIDE - TASK_STACK_SIZE)
		return NULL;
	/* Read without the lock: the panic path must not wait for it. */
	return __atomic_load_n(&slot_owner[slot], __ATOMIC_RELAXED);
}

bool task_stack_guard_unmapped(const struct task *t)
{
	uint64_t bottom = t->stack_top - TASK_STACK_SIZE;

	return mm_kernel_readable(bottom, TASK_STACK_SIZE) &&
	       !mm_kernel_readable(bottom - MM_PAGE_SIZE, 1) &&
	       !mm_kernel_readable(bottom - (STACK_STRIDE - TASK_STACK_SIZE),
				   1);
}
