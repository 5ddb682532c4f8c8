/* SPDX-License-Identifier: MIT */
/* The I/O APICs: routing global system interrupts (GSIs) to vectors. */
#ifndef ARCH_X86_64_IOAPIC_H
#define ARCH_X86_64_IOAPIC_H

#include <frame/types.h>

/*
 * A redirection table entry (Intel 82093AA datasheet, 3.2.4), one 64-bit
 * word per pin, built and read only through these helpers.
 */
#define IOAPIC_RTE_VECTOR_MASK 0xffull
#define IOAPIC_RTE_DELIVERY    (7ull << 8)  /* 000: fixed */
#define IOAPIC_RTE_LOGICAL     (1ull << 11) /* destination mode */
#define IOAPIC_RTE_PENDING     (1ull << 12) /* delivery status, read-only */
#define IOAPIC_RTE_ACTIVE_LOW  (1ull << 13)
#define IOAPIC_RTE_REMOTE_IRR  (1ull << 14) /* read-only */
#define IOAPIC_RTE_LEVEL       (1ull << 15)
#define IOAPIC_RTE_MASKED      (1ull << 16)
#define IOAPIC_RTE_DEST_SHIFT  56

/* A masked entry for fixed delivery of @vector to the APIC ID @dest. */
static inline uint64_t ioapic_rte_make(unsigned int vector, uint32_t dest,
				       bool level, bool active_low)
{
	return (uint64_t)(vector & IOAPIC_RTE_VECTOR_MASK) |
	       (level ? IOAPIC_RTE_LEVEL : 0) |
	       (active_low ? IOAPIC_RTE_ACTIVE_LOW : 0) | IOAPIC_RTE_MASKED |
	       (uint64_t)(dest & 0xff) << IOAPIC_RTE_DEST_SHIFT;
}

static inline unsigned int ioapic_rte_vector(uint64_t rte)
{
	return (unsigned int)(rte & IOAPIC_RTE_VECTOR_MASK);
}

static inline uint32_t ioapic_rte_dest(uint64_t rte)
{
	return (uint32_t)(rte >> IOAPIC_RTE_DEST_SHIFT);
}

/*
 * arch_ioapic_init() - map every I/O APIC arch_madt lists, read its pin
 * count, and mask every pin. An I/O APIC that cannot be mapped or does
 * not answer is skipped with a warning. Returns how many are usable.
 */
unsigned int arch_ioapic_init(void);

/* arch_ioapic_has_gsi() - whether some I/O APIC has a pin for @gsi */
bool arch_ioapic_has_gsi(uint32_t gsi);

/* arch_ioapic_pins() - the total pin count, for the boot log */
unsigned int arch_ioapic_pins(void);

/*
 * arch_ioapic_route() - point @gsi's pin at @vector on the CPU with APIC
 * ID @dest, with the given trigger mode and polarity, masked. Physical
 * destination mode takes 8-bit IDs; larger ones need interrupt remapping,
 * which the frame does not do (-ERANGE). -ENODEV when no pin has @gsi.
 */
int arch_ioapic_route(uint32_t gsi, unsigned int vector, uint32_t dest,
		      bool level, bool active_low);

/* arch_ioapic_set_masked() - mask or unmask @gsi's pin (-ENODEV) */
int arch_ioapic_set_masked(uint32_t gsi, bool masked);

/* arch_ioapic_read_rte() - @gsi's entry as the I/O APIC has it (-ENODEV) */
int arch_ioapic_read_rte(uint32_t gsi, uint64_t *rte);

#endif /* ARCH_X86_64_IOAPIC_H */
