/* SPDX-License-Identifier: MIT */
/* Frame-internal device plumbing: granting ports and windows, PCI bring-up. */
#ifndef IO_IO_H
#define IO_IO_H

#include <frame/dma.h>
#include <frame/io.h>
#include <frame/pci.h>
#include <frame/types.h>

/*
 * io_init() - find the PCI configuration mechanism (ECAM from the ACPI
 * MCFG table, else the configuration ports), enumerate every function,
 * size its BARs and turn its bus mastering off. Needs mm_init() and
 * irq_init() (which found the ACPI tables); called once at boot.
 */
void io_init(void);

/*
 * io_port_grant() - make a port range handle, as io_port_claim() but for
 * the frame: @bar says the range is a PCI device's I/O BAR, which
 * io_port_claim() refuses and pci_bar_ports() grants through here. The
 * frame's own ports are refused either way. Errors as io_port_claim().
 */
int io_port_grant(uint16_t base, uint32_t count, bool bar,
		  struct io_port_range **out);

/* io_port_is_frame() - whether [@base, @base + @count) has a frame port */
bool io_port_is_frame(uint32_t base, uint32_t count);

/* A part of a window the frame keeps: byte offsets [start, end). */
struct io_mem_hole {
	size_t start, end;
};

#define IO_MEM_HOLES 2

/*
 * io_mem_grant() - make a window handle for @size bytes of device memory
 * at physical @pa, which the caller has mapped uncached at @va, with up to
 * IO_MEM_HOLES parts the frame keeps (@holes may be NULL when @nholes is
 * 0). -EBUSY when a live window overlaps [@pa, @pa + @size), -EPERM when
 * the range is the frame's (io_phys_is_frame()), -ENOSPC when the table
 * is full. The mapping is the caller's and outlives the handle.
 */
int io_mem_grant(uint64_t pa, size_t size, void *va,
		 const struct io_mem_hole *holes, unsigned int nholes,
		 struct io_mem **out);

/*
 * io_phys_is_frame() - whether [@pa, @pa + @len) overlaps what no window
 * may cover: RAM and the ACPI ranges of the memory map, the local APIC
 * page, the I/O APICs, the ECAM region.
 */
bool io_phys_is_frame(uint64_t pa, uint64_t len);

/* pci_ports_are_bar() - whether [@base, @base + @count) overlaps a port BAR */
bool pci_ports_are_bar(uint32_t base, uint32_t count);

/* pci_ecam_range() - the ECAM region, its start and length; false without one
 */
bool pci_ecam_range(uint64_t *pa, uint64_t *len);

/*
 * pci_config_read_legacy() - a 32-bit read through the configuration
 * ports, whatever mechanism the frame chose: for the ktests that check
 * ECAM against it.
 */
uint32_t pci_config_read_legacy(const struct pci_dev *dev, uint16_t offset);

/* pci_uses_ecam() - whether configuration space goes through ECAM */
bool pci_uses_ecam(void);

/*
 * pci_dev_reaches() - whether @dev can address [@addr, @addr + @len) with
 * the bits pci_dev_set_dma_bits() gave it
 */
bool pci_dev_reaches(const struct pci_dev *dev, uint64_t addr, uint64_t len);

/* pci_dev_check() - the device behind a service's pointer; panics if none */
struct pci_dev *pci_dev_check(const struct pci_dev *dev);

#endif /* IO_IO_H */
