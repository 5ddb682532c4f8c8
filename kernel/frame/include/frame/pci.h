/* SPDX-License-Identifier: MIT */
/* PCI devices: enumeration, configuration space, BARs, bus mastering, MSI. */
#ifndef FRAME_PCI_H
#define FRAME_PCI_H

#include <frame/types.h>

struct io_mem;
struct io_port_range;
struct irq_line;

/*
 * Why in the frame: configuration space is reached through the PCI
 * configuration ports (0xcf8/0xcfc) or the memory-mapped ECAM region that
 * the ACPI MCFG table names, both the frame's. And several of its
 * registers are the keys to the machine: a BAR says which physical
 * addresses a device answers, so writing one can lay a device over RAM or
 * the APIC; bus mastering lets the device read and write memory on its
 * own (DMA); the MSI and MSI-X capabilities say which memory write the
 * device makes to interrupt, which is an arbitrary write too. So the
 * frame enumerates the devices at boot, sizes their BARs itself, and
 * keeps those registers: a service reads configuration space freely,
 * writes the rest of it, and reaches the kept registers only through the
 * dedicated calls below.
 *
 * Device handles. A struct pci_dev * names one PCI function; the frame
 * finds them all at boot (no hot plug) and they live as long as the
 * kernel, so a handle never goes stale and needs no reference. A pointer
 * that is not one panics.
 *
 * No IOMMU yet: a device with bus mastering on can reach all of memory,
 * whatever address a driver writes into it. The frame hands out
 * device-visible addresses only for its DMA buffers (<frame/dma.h>) and
 * keeps bus mastering off until a driver asks for it, but it cannot stop
 * a driver from programming a device with an address it made up.
 */

/* One PCI function; opaque. */
struct pci_dev;

/* What identifies a function: its address and configuration header. */
struct pci_dev_info {
	uint16_t segment; /* PCI segment group (ECAM), 0 without MCFG */
	uint8_t bus, slot, function;
	uint16_t vendor, device;
	uint16_t subsystem_vendor, subsystem; /* 0 for bridges */
	uint8_t class_code, subclass, prog_if, revision;
	uint8_t header_type;   /* 0 device, 1 PCI-to-PCI bridge, 2 CardBus */
	uint8_t interrupt_pin; /* 0 none, 1..4 INTA..INTD */
	bool msi;	       /* has an MSI capability */
	uint16_t msix_entries; /* entries of its MSI-X table, 0 without */
};

/* pci_dev_count() - how many functions the frame found at boot */
unsigned int pci_dev_count(void);

/*
 * pci_dev_at() - the function with index @index (0 .. pci_dev_count()-1),
 * or NULL past the end: for enumerating. The order is the frame's walk:
 * bus 0 by slot and function, the bus behind each bridge right after it.
 */
struct pci_dev *pci_dev_at(unsigned int index);

/*
 * pci_dev_find() - the next function after @from (NULL: the first) with
 * vendor ID @vendor and device ID @device, or NULL when there is none.
 */
struct pci_dev *pci_dev_find(uint16_t vendor, uint16_t device,
			     const struct pci_dev *from);

/* pci_dev_info() - fill @out with what identifies @dev */
void pci_dev_info(const struct pci_dev *dev, struct pci_dev_info *out);

/*
 * Configuration reads and writes at byte @offset of @dev's configuration
 * space: 0..4095 through ECAM, 0..255 through the configuration ports
 * (-ERANGE beyond). An access must be naturally aligned (-EINVAL).
 *
 * Writes the frame keeps for itself fail with -EPERM and change nothing:
 * the BARs and the expansion ROM BAR (0x10-0x27 and 0x30-0x33 of a
 * device; 0x10-0x33 and 0x38-0x3f of a bridge, whose bus numbers,
 * windows and VGA/ISA forwarding bits route addresses too), the I/O-space,
 * memory-space, bus-master and INTx-disable bits of the command register (the
 * rest of it and the status register may be written), the MSI and MSI-X
 * capabilities, and everything from 0x100 up (the extended capabilities:
 * SR-IOV, resizable BARs and the like reprogram addresses too).
 */
int pci_config_read8(const struct pci_dev *dev, uint16_t offset, uint8_t *val);
int pci_config_read16(const struct pci_dev *dev, uint16_t offset,
		      uint16_t *val);
int pci_config_read32(const struct pci_dev *dev, uint16_t offset,
		      uint32_t *val);
int pci_config_write8(struct pci_dev *dev, uint16_t offset, uint8_t val);
int pci_config_write16(struct pci_dev *dev, uint16_t offset, uint16_t val);
int pci_config_write32(struct pci_dev *dev, uint16_t offset, uint32_t val);

/* What a BAR decodes, as the frame sized it at boot. */
enum pci_bar_kind {
	PCI_BAR_NONE, /* not implemented, or left unassigned by firmware */
	PCI_BAR_MEM,  /* memory: pci_bar_map() */
	PCI_BAR_IO,   /* I/O ports: pci_bar_ports() */
};

struct pci_bar_info {
	enum pci_bar_kind kind;
	uint64_t size;	   /* bytes (or ports) */
	bool is_64bit;	   /* memory BAR that takes two slots */
	bool prefetchable; /* memory BAR without read side effects */
};

/*
 * pci_bar_info() - what BAR @bar (0..5; 0..1 for a bridge) of @dev is.
 * The upper half of a 64-bit BAR reads as PCI_BAR_NONE. No address: a
 * service never needs one. -EINVAL for a BAR number out of range.
 */
int pci_bar_info(const struct pci_dev *dev, unsigned int bar,
		 struct pci_bar_info *out);

/*
 * pci_bar_map() - the window of memory BAR @bar of @dev, mapped uncached,
 * with the device's memory decoding on. Granted once: -EBUSY while another
 * handle to it lives (io_mem_release() ends it). -EINVAL for a bar out of
 * range, -ENODEV when it is not a memory BAR, -EPERM when it overlaps RAM
 * or the frame's own devices (firmware bug), -ENOMEM when it cannot be
 * mapped. If the BAR holds the MSI-X table or pending bits, those bytes
 * stay the frame's: accesses to them fail with -EPERM.
 */
int pci_bar_map(struct pci_dev *dev, unsigned int bar, struct io_mem **out);

/*
 * pci_bar_ports() - the port range of I/O BAR @bar of @dev, with the
 * device's I/O decoding on. Granted once, like pci_bar_map(); -ENODEV
 * when it is not an I/O BAR, -EPERM when it overlaps the frame's ports.
 */
int pci_bar_ports(struct pci_dev *dev, unsigned int bar,
		  struct io_port_range **out);

/*
 * pci_dev_set_bus_master() - let @dev read and write memory on its own
 * (DMA, and the memory write that is an MSI), or stop it. Off at boot for
 * every device the frame found, except bridges, which forward their
 * children's DMA (MSI and MSI-X are off at boot too). 0.
 */
int pci_dev_set_bus_master(struct pci_dev *dev, bool on);

/* pci_dev_bus_master() - whether @dev has bus mastering on */
bool pci_dev_bus_master(const struct pci_dev *dev);

/*
 * pci_dev_set_dma_bits() - how many address bits @dev drives when it
 * reads or writes memory: 32 at boot (what every PCI device can do), up
 * to 64 for a device that says it can. A device with fewer bits than a
 * buffer's address would reach other memory (it drops the high bits),
 * so <frame/dma.h> only hands @dev buffers it can address. -EINVAL
 * outside 12..64.
 */
int pci_dev_set_dma_bits(struct pci_dev *dev, unsigned int bits);

/*
 * MSI. pci_msi_enable() programs @dev's MSI capability with the message
 * that raises @line (one vector), enables it and turns the device's INTx
 * pin off; from then on the device's interrupt arrives as @line, whose
 * handler the driver requests as for any line. @line must come from
 * irq_line_alloc() (a line with a pin: -EINVAL). The device delivers the
 * message by writing memory, so it needs bus mastering on as well.
 * -ENODEV without an MSI capability; -EBUSY when MSI or MSI-X is already
 * on; -ERANGE when the message cannot name the CPU (see irq.h).
 *
 * pci_msi_disable() turns MSI off and the INTx pin back on; -EINVAL when
 * MSI was not on. Disable before freeing the line: a device left enabled
 * would raise whichever line gets the vector next.
 */
int pci_msi_enable(struct pci_dev *dev, struct irq_line *line);
int pci_msi_disable(struct pci_dev *dev);

/*
 * MSI-X. pci_msix_enable() turns @dev's MSI-X on with every entry of its
 * table masked, and INTx off; pci_msix_bind() writes the message of @line
 * (from irq_line_alloc()) into table entry @entry and unmasks it;
 * pci_msix_unbind() masks the entry again; pci_msix_disable() masks every
 * entry and turns MSI-X off. The table lives in a BAR, and the frame
 * keeps it: a window of that BAR refuses accesses to it.
 *
 * Errors: -ENODEV without an MSI-X capability; -EBUSY for enabling while
 * MSI or MSI-X is on; -EINVAL for an entry beyond the table, binding or
 * unbinding while MSI-X is off, a line with a pin, or disabling what is
 * off; -ENOMEM when the table cannot be mapped; -EPERM when the table is
 * not inside a memory BAR of the device; -ERANGE as for MSI.
 */
int pci_msix_enable(struct pci_dev *dev);
int pci_msix_bind(struct pci_dev *dev, unsigned int entry,
		  struct irq_line *line);
int pci_msix_unbind(struct pci_dev *dev, unsigned int entry);
int pci_msix_disable(struct pci_dev *dev);

#endif /* FRAME_PCI_H */
