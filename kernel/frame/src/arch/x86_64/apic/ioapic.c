/* SPDX-License-Identifier: MIT */
/* The I/O APICs: routing global system interrupts (GSIs) to vectors. */
#include "arch/x86_64/apic/ioapic.h"

#include <frame/errno.h>
#include <frame/log.h>

#include "arch/x86_64/acpi/madt.h"
#include "mm/mm.h"
#include "sync/spinlock.h"

/* Indirect registers behind IOREGSEL/IOWIN (82093AA datasheet, 3.0). */
#define IOAPIC_IOREGSEL		  0x00 /* byte offsets in the MMIO page */
#define IOAPIC_IOWIN		  0x10
#define IOAPIC_REG_VERSION	  0x01
#define IOAPIC_REG_RTE(pin)	  (0x10 + 2 * (pin)) /* low word; high is +1 */
#define IOAPIC_VERSION_MAX_RTE(v) (((v) >> 16) & 0xffu)

#define IOAPIC_MMIO_SIZE 0x20

struct ioapic {
	volatile uint32_t *mmio;
	uint32_t gsi_base;
	unsigned int pins;
};

static struct ioapic ioapics[ARCH_MAX_IOAPICS];
static unsigned int ioapic_count;
/* The select-then-access register pair must not interleave. */
static struct frame_spinlock ioapic_lock = FRAME_SPINLOCK_INIT;

static uint32_t ioapic_read(struct ioapic *io, uint32_t reg)
{
	io->mmio[IOAPIC_IOREGSEL / 4] = reg;
	return io->mmio[IOAPIC_IOWIN / 4];
}

static void ioapic_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->mmio[IOAPIC_IOREGSEL / 4] = reg;
	io->mmio[IOAPIC_IOWIN / 4] = v;
}

static uint64_t rte_read(struct ioapic *io, unsigned int pin)
{
	uint32_t lo = ioapic_read(io, IOAPIC_REG_RTE(pin));
	uint32_t hi = ioapic_read(io, IOAPIC_REG_RTE(pin) + 1);

	return (uint64_t)hi << 32 | lo;
}

/*
 * Write the high word first with the entry masked, so that the pin never
 * delivers with a half-written destination.
 */
static void rte_write(struct ioapic *io, unsigned int pin, uint64_t rte)
{
	ioapic_write(io, IOAPIC_REG_RTE(pin), IOAPIC_RTE_MASKED);
	ioapic_write(io, IOAPIC_REG_RTE(pin) + 1, (uint32_t)(rte >> 32));
	ioapic_write(io, IOAPIC_REG_RTE(pin), (uint32_t)rte);
}

/* The I/O APIC and pin of @gsi, or NULL. */
static struct ioapic *ioapic_find(uint32_t gsi, unsigned int *pin)
{
	for (unsigned int i = 0; i < ioapic_count; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi - io->gsi_base < io->pins) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

unsigned int arch_ioapic_init(void)
{
	for (unsigned int i = 0; i < arch_madt.ioapic_count; i++) {
		const struct arch_madt_ioapic *m = &arch_madt.ioapics[i];
		struct ioapic *io = &ioapics[ioapic_count];
		uint32_t version;

		io->mmio = mm_iomap(m->address, IOAPIC_MMIO_SIZE);
		if (!io->mmio) {
			log_warn("ioapic: cannot map the I/O APIC at 0x%llx",
				 (unsigned long long)m->address);
			continue;
		}
		version = ioapic_read(io, IOAPIC_REG_VERSION);
		if (version == 0xffffffffu) {
			log_warn("ioapic: nothing answers at 0x%llx",
				 (unsigned long long)m->address);
			mm_iounmap((void *)(uintptr_t)io->mmio,
				   IOAPIC_MMIO_SIZE);
			continue;
		}
		io->gsi_base = m->gsi_base;
		io->pins = IOAPIC_VERSION_MAX_RTE(version) + 1;
		for (unsigned int pin = 0; pin < io->pins; pin++)
			rte_write(io, pin, IOAPIC_RTE_MASKED);
		ioapic_count++;
	}
	return ioapic_count;
}

bool arch_ioapic_has_gsi(uint32_t gsi)
{
	unsigned int pin;

	return ioapic_find(gsi, &pin);
}

unsigned int arch_ioapic_pins(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < ioapic_count; i++)
		n += ioapics[i].pins;
	return n;
}

int arch_ioapic_route(uint32_t gsi, unsigned int vector, uint32_t dest,
		      bool level, bool active_low)
{
	struct ioapic *io;
	unsigned int pin;
	uint64_t flags;

	io = ioapic_find(gsi, &pin);
	if (!io)
		return -ENODEV;
	if (dest > 0xff)
		return -ERANGE;
	flags = frame_spin_lock_irqsave(&ioapic_lock);
	rte_write(io, pin, ioapic_rte_make(vector, dest, level, active_low));
	frame_spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

int arch_ioapic_set_masked(uint32_t gsi, bool masked)
{
	struct ioapic *io;
	unsigned int pin;
	uint64_t flags, rte;

	io = ioapic_find(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = frame_spin_lock_irqsave(&ioapic_lock);
	rte = rte_read(io, pin);
	rte = masked ? rte | IOAPIC_RTE_MASKED : rte & ~IOAPIC_RTE_MASKED;
	/* The low word holds the mask; the destination stays as it is. */
	ioapic_write(io, IOAPIC_REG_RTE(pin), (uint32_t)rte);
	frame_spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

int arch_ioapic_read_rte(uint32_t gsi, uint64_t *rte)
{
	struct ioapic *io;
	unsigned int pin;
	uint64_t flags;

	io = ioapic_find(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = frame_spin_lock_irqsave(&ioapic_lock);
	*rte = rte_read(io, pin);
	frame_spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}
