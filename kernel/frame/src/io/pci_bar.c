/* SPDX-License-Identifier: MIT */
/* PCI BARs granted as windows and port ranges; bus mastering, DMA reach. */
#include "io/io.h"

#include <frame/compiler.h>
#include <frame/errno.h>

#include "io/pci_internal.h"
#include "mm/mm.h"

int pci_bar_info(const struct pci_dev *dev, unsigned int bar,
		 struct pci_bar_info *out)
{
	const struct pci_dev *d = pci_dev_check(dev);
	const struct pci_bar *b;

	if (bar >= d->nbars)
		return -EINVAL;
	b = &d->bars[bar];
	out->kind = (enum pci_bar_kind)b->kind;
	out->size = b->kind == PCI_BAR_NONE ? 0 : b->size;
	out->is_64bit = b->is_64bit;
	out->prefetchable = b->prefetchable;
	return 0;
}

/* Turn the command bits @set on. pci_lock held. */
static void command_set(struct pci_dev *dev, uint32_t set)
{
	uint32_t cmd = pci_cfg_read(dev, PCI_COMMAND, 2);

	if ((cmd & set) != set)
		pci_cfg_write(dev, PCI_COMMAND, 2, cmd | set);
}

/* Guards the BARs' mappings, made once each. */
static struct frame_spinlock bar_map_lock = FRAME_SPINLOCK_INIT;

void *pci_bar_va(struct pci_dev *dev, unsigned int bar)
{
	struct pci_bar *b = &dev->bars[bar];
	uint64_t flags = frame_spin_lock_irqsave(&bar_map_lock);
	void *va;

	if (!b->va)
		b->va = mm_iomap(b->addr, b->size);
	va = b->va;
	frame_spin_unlock_irqrestore(&bar_map_lock, flags);
	return va;
}

/* The parts of memory BAR @bar that hold the MSI-X table or pending bits. */
static unsigned int msix_holes(const struct pci_dev *dev, unsigned int bar,
			       struct io_mem_hole *holes)
{
	unsigned int n = 0;
	size_t entries = dev->info.msix_entries;

	if (!dev->msix_cap)
		return 0;
	if (dev->msix_table_bar == bar)
		holes[n++] = (struct io_mem_hole){
			dev->msix_table_off, dev->msix_table_off + entries * 16
		};
	if (dev->msix_pba_bar == bar)
		holes[n++] = (struct io_mem_hole){
			dev->msix_pba_off,
			dev->msix_pba_off + ALIGN_UP(entries, 64) / 8
		};
	return n;
}

int pci_bar_map(struct pci_dev *dev, unsigned int bar, struct io_mem **out)
{
	struct pci_dev *d = pci_dev_check(dev);
	struct io_mem_hole holes[IO_MEM_HOLES];
	struct pci_bar *b;
	unsigned int nholes;
	uint64_t flags;
	void *va;
	int ret;

	if (bar >= d->nbars)
		return -EINVAL;
	b = &d->bars[bar];
	if (b->kind != PCI_BAR_MEM)
		return -ENODEV;
	if (io_phys_is_frame(b->addr, b->size))
		return -EPERM;
	va = pci_bar_va(d, bar);
	if (!va)
		return -ENOMEM;
	nholes = msix_holes(d, bar, holes);
	ret = io_mem_grant(b->addr, b->size, va, holes, nholes, out);
	if (ret)
		return ret;
	flags = frame_spin_lock_irqsave(&pci_lock);
	command_set(d, PCI_COMMAND_MEMORY);
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return 0;
}

int pci_bar_ports(struct pci_dev *dev, unsigned int bar,
		  struct io_port_range **out)
{
	struct pci_dev *d = pci_dev_check(dev);
	struct pci_bar *b;
	uint64_t flags;
	int ret;

	if (bar >= d->nbars)
		return -EINVAL;
	b = &d->bars[bar];
	if (b->kind != PCI_BAR_IO)
		return -ENODEV;
	ret = io_port_grant((uint16_t)b->addr, (uint32_t)b->size, true, out);
	if (ret)
		return ret;
	flags = frame_spin_lock_irqsave(&pci_lock);
	command_set(d, PCI_COMMAND_IO);
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return 0;
}

bool pci_ports_are_bar(uint32_t base, uint32_t count)
{
	for (unsigned int n = 0; n < pci_dev_count(); n++)
		for (unsigned int i = 0; i < pci_dev_at(n)->nbars; i++) {
			const struct pci_bar *b = &pci_dev_at(n)->bars[i];

			if (b->kind == PCI_BAR_IO && base < b->addr + b->size &&
			    base + count > b->addr)
				return true;
		}
	return false;
}

int pci_dev_set_bus_master(struct pci_dev *dev, bool on)
{
	struct pci_dev *d = pci_dev_check(dev);
	uint64_t flags = frame_spin_lock_irqsave(&pci_lock);
	uint32_t cmd = pci_cfg_read(d, PCI_COMMAND, 2);

	if (on)
		cmd |= PCI_COMMAND_MASTER;
	else
		cmd &= ~PCI_COMMAND_MASTER;
	pci_cfg_write(d, PCI_COMMAND, 2, cmd);
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return 0;
}

bool pci_dev_bus_master(const struct pci_dev *dev)
{
	uint16_t cmd = 0;

	pci_config_read16(dev, PCI_COMMAND, &cmd);
	return cmd & PCI_COMMAND_MASTER;
}

int pci_dev_set_dma_bits(struct pci_dev *dev, unsigned int bits)
{
	struct pci_dev *d = pci_dev_check(dev);

	if (bits < 12 || bits > 64)
		return -EINVAL;
	__atomic_store_n(&d->dma_bits, (uint8_t)bits, __ATOMIC_RELAXED);
	return 0;
}

bool pci_dev_reaches(const struct pci_dev *dev, uint64_t addr, uint64_t len)
{
	unsigned int bits = __atomic_load_n(&dev->dma_bits, __ATOMIC_RELAXED);
	uint64_t last = addr + len - 1;

	return len && last >= addr && (bits == 64 || !(last >> bits));
}
