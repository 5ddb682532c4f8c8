/* SPDX-License-Identifier: MIT */
/* MMIO windows: device memory granted once, checked on every access. */
#include "io/io.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/sync.h>

#include "arch/x86_64/acpi/madt.h"
#include "arch/x86_64/apic/lapic.h"
#include "lib/handle.h"
#include "mm/mm.h"
#include "mm/phys.h"

#define WINDOWS 64

/*
 * Every handle names a slot of windows[] and its generation, as for port
 * ranges. A slot is live while @size is not 0. Grants and releases take
 * windows_lock; accessors read the slot without it, as for port ranges. The
 * mapping at @va is the granter's and stays after a release.
 */
struct io_mem {
	uint64_t pa;
	size_t size; /* 0: free slot */
	volatile uint8_t *va;
	unsigned int nholes;
	struct io_mem_hole holes[IO_MEM_HOLES];
	uint32_t gen;
};

static struct io_mem windows[WINDOWS];
static struct frame_spinlock windows_lock = FRAME_SPINLOCK_INIT;
/* Next-fit, as for port ranges: a released slot is reused last. */
static size_t windows_next;

/* An I/O APIC's register window is 4 KiB at most (two registers used). */
#define IOAPIC_WINDOW 0x1000ull

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

bool io_phys_is_frame(uint64_t pa, uint64_t len)
{
	uint64_t ecam, ecam_len;

	if (!len || pa + len < pa)
		return true;
	if (phys_range_overlaps(&phys_layout.ram, pa, pa + len) ||
	    phys_range_overlaps(&phys_layout.mapped, pa, pa + len))
		return true;
	if (overlaps(pa, len, arch_lapic_base(), MM_PAGE_SIZE) ||
	    overlaps(pa, len, ARCH_LAPIC_DEFAULT_BASE, MM_PAGE_SIZE))
		return true;
	for (unsigned int i = 0; i < arch_madt.ioapic_count; i++)
		if (overlaps(pa, len, arch_madt.ioapics[i].address,
			     IOAPIC_WINDOW))
			return true;
	return pci_ecam_range(&ecam, &ecam_len) &&
	       overlaps(pa, len, ecam, ecam_len);
}

int io_mem_grant(uint64_t pa, size_t size, void *va,
		 const struct io_mem_hole *holes, unsigned int nholes,
		 struct io_mem **out)
{
	struct io_mem *slot = NULL;
	uint64_t flags;
	int ret = 0;

	if (!size || !va || nholes > IO_MEM_HOLES)
		return -EINVAL;
	if (io_phys_is_frame(pa, size))
		return -EPERM;
	flags = frame_spin_lock_irqsave(&windows_lock);
	for (size_t i = 0; i < ARRAY_SIZE(windows); i++) {
		size_t k = (windows_next + i) % ARRAY_SIZE(windows);

		if (!windows[k].size) {
			if (!slot)
				slot = &windows[k];
		} else if (overlaps(pa, size, windows[k].pa, windows[k].size)) {
			ret = -EBUSY;
			goto out_unlock;
		}
	}
	if (!slot) {
		ret = -ENOSPC;
		goto out_unlock;
	}
	windows_next = (size_t)(slot - windows) + 1;
	slot->pa = pa;
	slot->va = va;
	slot->nholes = nholes;
	for (unsigned int i = 0; i < nholes; i++)
		slot->holes[i] = holes[i];
	__atomic_store_n(&slot->size, size, __ATOMIC_RELEASE);
	*out = (struct io_mem *)handle_make(HANDLE_IO_MEM, slot->gen,
					    (uint32_t)(slot - windows));
out_unlock:
	frame_spin_unlock_irqrestore(&windows_lock, flags);
	return ret;
}

/* The window behind a service's pointer; panics for anything else. */
static struct io_mem *win_check(const struct io_mem *win)
{
	struct io_mem *w;
	uint32_t gen = 0, index = 0;

	if (!handle_slot_index((uintptr_t)win, HANDLE_IO_MEM,
			       ARRAY_SIZE(windows), &gen, &index))
		frame_panic("io: %p is not an MMIO window", win);
	w = &windows[index];
	if (__atomic_load_n(&w->gen, __ATOMIC_ACQUIRE) != gen ||
	    !__atomic_load_n(&w->size, __ATOMIC_ACQUIRE))
		frame_panic("io: MMIO window %p was released", win);
	return w;
}

void io_mem_release(struct io_mem *win)
{
	struct io_mem *w = win_check(win);
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&windows_lock);
	__atomic_store_n(&w->gen, handle_next_gen(w->gen), __ATOMIC_RELEASE);
	__atomic_store_n(&w->size, 0, __ATOMIC_RELEASE);
	frame_spin_unlock_irqrestore(&windows_lock, flags);
}

size_t io_mem_size(const struct io_mem *win)
{
	return win_check(win)->size;
}

/*
 * The kernel address for a @width-byte access at @offset, or a negative
 * errno: -ERANGE outside the window, -EINVAL misaligned, -EPERM in a hole.
 */
static int reg_of(const struct io_mem *win, size_t offset, unsigned int width,
		  volatile void **reg)
{
	const struct io_mem *w = win_check(win);

	if (offset >= w->size || w->size - offset < width)
		return -ERANGE;
	if (offset % width)
		return -EINVAL;
	for (unsigned int i = 0; i < w->nholes; i++)
		if (offset < w->holes[i].end &&
		    offset + width > w->holes[i].start)
			return -EPERM;
	*reg = w->va + offset;
	return 0;
}

/* clang-format off */
#define IO_MEM_ACCESSORS(bits)                                             \
int io_mem_read##bits(const struct io_mem *win, size_t offset,             \
		      uint##bits##_t *val)                                 \
{                                                                          \
	volatile void *reg;                                                \
	int ret = reg_of(win, offset, bits / 8, &reg);                     \
                                                                           \
	if (!ret)                                                          \
		*val = *(volatile uint##bits##_t *)reg;                    \
	return ret;                                                        \
}                                                                          \
                                                                           \
int io_mem_write##bits(struct io_mem *win, size_t offset,                  \
		       uint##bits##_t val)                                 \
{                                                                          \
	volatile void *reg;                                                \
	int ret = reg_of(win, offset, bits / 8, &reg);                     \
                                                                           \
	if (!ret)                                                          \
		*(volatile uint##bits##_t *)reg = val;                     \
	return ret;                                                        \
}
/* clang-format on */

IO_MEM_ACCESSORS(8)
IO_MEM_ACCESSORS(16)
IO_MEM_ACCESSORS(32)
IO_MEM_ACCESSORS(64)
