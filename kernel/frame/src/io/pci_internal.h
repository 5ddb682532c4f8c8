/* SPDX-License-Identifier: MIT */
/* What pci.c and msi.c share: the device record and raw config access. */
#ifndef IO_PCI_INTERNAL_H
#define IO_PCI_INTERNAL_H

#include <frame/pci.h>
#include <frame/sync.h>
#include <frame/types.h>

/* Configuration header registers (PCI Local Bus 3.0, 6.1). */
#define PCI_VENDOR_ID	     0x00
#define PCI_COMMAND	     0x04
#define PCI_STATUS	     0x06
#define PCI_REVISION	     0x08
#define PCI_HEADER_TYPE	     0x0e
#define PCI_BAR0	     0x10
#define PCI_SUBSYSTEM_VENDOR 0x2c
#define PCI_ROM_DEVICE	     0x30
#define PCI_CAP_PTR	     0x34
#define PCI_ROM_BRIDGE	     0x38
#define PCI_INTERRUPT_LINE   0x3c
#define PCI_SECONDARY_BUS    0x19

#define PCI_COMMAND_IO	     (1u << 0)
#define PCI_COMMAND_MEMORY   (1u << 1)
#define PCI_COMMAND_MASTER   (1u << 2)
#define PCI_COMMAND_INTX_OFF (1u << 10)
#define PCI_STATUS_CAP_LIST  (1u << 4)
#define PCI_HEADER_MULTI     0x80
#define PCI_HEADER_KIND(h)   ((h)&0x7f)

/* Capability IDs. */
#define PCI_CAP_MSI  0x05
#define PCI_CAP_MSIX 0x11

/* Config space per function: 256 bytes through the ports, 4 KiB in ECAM. */
#define CONFIG_SIZE_LEGACY 0x100u
#define CONFIG_SIZE_ECAM   0x1000u

#define PCI_BARS_DEVICE 6
#define PCI_BARS_BRIDGE 2

struct pci_bar {
	uint8_t kind; /* enum pci_bar_kind */
	bool is_64bit, prefetchable;
	uint64_t addr, size;
	void *va; /* the frame's uncached mapping, made on first use, kept */
};

/*
 * One per function found at boot, in devs[] (pci.c); a struct pci_dev *
 * always points there. @info and the BARs never change after boot; the
 * MSI state is guarded by pci_lock.
 */
struct pci_dev {
	struct pci_dev_info info;
	volatile uint8_t *ecam; /* its 4 KiB of ECAM, NULL: config ports */
	unsigned int nbars;
	struct pci_bar bars[PCI_BARS_DEVICE];
	uint8_t msi_cap, msi_len; /* 0 without */
	uint8_t msix_cap;	  /* 0 without */
	uint8_t msix_table_bar, msix_pba_bar;
	uint32_t msix_table_off, msix_pba_off;
	volatile uint8_t *msix_table; /* the frame's mapping, made on enable */
	bool msi_on, msix_on;
	uint8_t dma_bits; /* address bits it drives: 32 until told */
};

/*
 * Every configuration access, and every read-modify-write the frame does,
 * under this lock: the configuration ports are an index/data pair.
 */
extern struct frame_spinlock pci_lock;

/* Raw accesses; @offset aligned and in range. pci_lock held. */
uint32_t pci_cfg_read(const struct pci_dev *dev, uint16_t offset,
		      unsigned int width);
void pci_cfg_write(const struct pci_dev *dev, uint16_t offset,
		   unsigned int width, uint32_t val);

/* pci_bar_va() - the frame's mapping of memory BAR @bar, made if needed */
void *pci_bar_va(struct pci_dev *dev, unsigned int bar);

#endif /* IO_PCI_INTERNAL_H */
