/* SPDX-License-Identifier: MIT */
/* I/O-port ranges: granted once, checked on every access. */
#include "io/io.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/sync.h>

#include "arch/x86_64/cpu/portio.h"
#include "arch/x86_64/layout.h"
#include "lib/handle.h"

#define PORT_SPACE  0x10000u
#define PORT_RANGES 64

/*
 * Every handle names a slot of ranges[] and the slot's generation, which
 * a release moves on (lib/handle.h): a stale handle panics even after its
 * slot was granted again. A slot is live while @count is not 0. Claims and
 * releases take ranges_lock; accessors read the slot without it (a release
 * racing with an access is the holder's own bug, and the ports stay ports).
 */
struct io_port_range {
	uint16_t base;
	uint32_t count; /* 0: free slot */
	uint32_t gen;
};

static struct io_port_range ranges[PORT_RANGES];
static struct frame_spinlock ranges_lock = FRAME_SPINLOCK_INIT;
/* Where the search for a free slot starts: next-fit, so that slots are
 * reused in turn (a stale handle is caught by its generation either way). */
static size_t ranges_next;

/* The ports the frame drives itself (see <frame/io.h>). */
static const struct {
	uint16_t first, last;
} frame_ports[] = {
	{ 0x20, 0x21 }, /* PIC 1 */
	{ 0x40, 0x43 }, /* PIT */
	{ 0x61, 0x61 }, /* port B: PIT channel 2 gate */
	{ 0x70, 0x71 }, /* CMOS index and data */
	{ 0xa0, 0xa1 }, /* PIC 2 */
	{ DEBUG_CON_PORT, DEBUG_CON_PORT },	  /* debugcon: exit record */
	{ DEBUG_EXIT_PORT, DEBUG_EXIT_PORT + 3 }, /* isa-debug-exit */
	{ COV_PORT, COV_PORT },			  /* coverage counters */
	{ 0xcf8, 0xcff }, /* PCI configuration address and data */
	{ COM1_PORT, COM1_PORT + 7 },
};

bool io_port_is_frame(uint32_t base, uint32_t count)
{
	for (size_t i = 0; i < ARRAY_SIZE(frame_ports); i++)
		if (base <= frame_ports[i].last &&
		    base + count > frame_ports[i].first)
			return true;
	return false;
}

/* A live range overlapping [base, base + count)? Lock held. */
static bool ports_taken(uint32_t base, uint32_t count)
{
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++)
		if (ranges[i].count &&
		    base < ranges[i].base + ranges[i].count &&
		    base + count > ranges[i].base)
			return true;
	return false;
}

int io_port_grant(uint16_t base, uint32_t count, bool bar,
		  struct io_port_range **out)
{
	struct io_port_range *slot = NULL;
	uint64_t flags;
	int ret = 0;

	if (!count || base + count > PORT_SPACE)
		return -EINVAL;
	if (io_port_is_frame(base, count) ||
	    (!bar && pci_ports_are_bar(base, count)))
		return -EPERM;
	flags = frame_spin_lock_irqsave(&ranges_lock);
	if (ports_taken(base, count)) {
		ret = -EBUSY;
		goto out_unlock;
	}
	for (size_t i = 0; i < ARRAY_SIZE(ranges) && !slot; i++) {
		size_t k = (ranges_next + i) % ARRAY_SIZE(ranges);

		if (!ranges[k].count) {
			slot = &ranges[k];
			ranges_next = k + 1;
		}
	}
	if (!slot) {
		ret = -ENOSPC;
		goto out_unlock;
	}
	slot->base = base;
	slot->count = count;
	*out = (struct io_port_range *)handle_make(HANDLE_IO_PORT, slot->gen,
						   (uint32_t)(slot - ranges));
out_unlock:
	frame_spin_unlock_irqrestore(&ranges_lock, flags);
	return ret;
}

int io_port_claim(uint16_t base, uint16_t count, struct io_port_range **out)
{
	return io_port_grant(base, count, false, out);
}

/* The range behind a service's pointer; panics for anything else. */
static struct io_port_range *range_check(const struct io_port_range *range)
{
	struct io_port_range *r;
	uint32_t gen = 0, index = 0;

	if (!handle_slot_index((uintptr_t)range, HANDLE_IO_PORT,
			       ARRAY_SIZE(ranges), &gen, &index))
		frame_panic("io: %p is not a port range", range);
	r = &ranges[index];
	if (__atomic_load_n(&r->gen, __ATOMIC_ACQUIRE) != gen ||
	    !__atomic_load_n(&r->count, __ATOMIC_RELAXED))
		frame_panic("io: port range %p was released", range);
	return r;
}

void io_port_release(struct io_port_range *range)
{
	struct io_port_range *r = range_check(range);
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&ranges_lock);
	__atomic_store_n(&r->gen, handle_next_gen(r->gen), __ATOMIC_RELEASE);
	__atomic_store_n(&r->count, 0, __ATOMIC_RELAXED);
	frame_spin_unlock_irqrestore(&ranges_lock, flags);
}

uint16_t io_port_count(const struct io_port_range *range)
{
	return (uint16_t)range_check(range)->count;
}

/*
 * The port for a @width-byte access at @offset, or a negative errno:
 * -ERANGE when it does not fit, -EINVAL when the port is not a multiple
 * of @width.
 */
static int port_of(const struct io_port_range *range, uint16_t offset,
		   unsigned int width, uint16_t *port)
{
	const struct io_port_range *r = range_check(range);

	if ((uint32_t)offset + width > r->count)
		return -ERANGE;
	if ((r->base + offset) % width)
		return -EINVAL;
	*port = (uint16_t)(r->base + offset);
	return 0;
}

int io_port_read8(const struct io_port_range *range, uint16_t offset,
		  uint8_t *val)
{
	uint16_t port;
	int ret = port_of(range, offset, 1, &port);

	if (!ret)
		*val = arch_port_in8(port);
	return ret;
}

int io_port_read16(const struct io_port_range *range, uint16_t offset,
		   uint16_t *val)
{
	uint16_t port;
	int ret = port_of(range, offset, 2, &port);

	if (!ret)
		*val = arch_port_in16(port);
	return ret;
}

int io_port_read32(const struct io_port_range *range, uint16_t offset,
		   uint32_t *val)
{
	uint16_t port;
	int ret = port_of(range, offset, 4, &port);

	if (!ret)
		*val = arch_port_in32(port);
	return ret;
}

int io_port_write8(struct io_port_range *range, uint16_t offset, uint8_t val)
{
	uint16_t port;
	int ret = port_of(range, offset, 1, &port);

	if (!ret)
		arch_port_out8(port, val);
	return ret;
}

int io_port_write16(struct io_port_range *range, uint16_t offset, uint16_t val)
{
	uint16_t port;
	int ret = port_of(range, offset, 2, &port);

	if (!ret)
		arch_port_out16(port, val);
	return ret;
}

int io_port_write32(struct io_port_range *range, uint16_t offset, uint32_t val)
{
	uint16_t port;
	int ret = port_of(range, offset, 4, &port);

	if (!ret)
		arch_port_out32(port, val);
	return ret;
}
