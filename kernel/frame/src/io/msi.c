/* SPDX-License-Identifier: MIT */
/* MSI and MSI-X: the frame writes the message, the driver holds the line. */
#include "io/io.h"

#include <frame/errno.h>
#include <frame/irq.h>

#include "io/pci_internal.h"

/* MSI capability (PCI 3.0, 6.8.1): control word bits. */
#define MSI_ENABLE   (1u << 0)
#define MSI_MME_MASK (7u << 4) /* vectors enabled, log2 */
#define MSI_64BIT    (1u << 7)
#define MSI_PVM	     (1u << 8) /* per-vector masking */

/* MSI-X capability (PCI 3.0, 6.8.2). */
#define MSIX_FUNCTION_MASK (1u << 14)
#define MSIX_ENABLE	   (1u << 15)
#define MSIX_ENTRY_SIZE	   16
#define MSIX_ADDR_LO	   0
#define MSIX_ADDR_HI	   4
#define MSIX_DATA	   8
#define MSIX_CONTROL	   12
#define MSIX_MASKED	   (1u << 0)

static void command_update(struct pci_dev *dev, uint32_t set, uint32_t clear)
{
	uint32_t cmd = pci_cfg_read(dev, PCI_COMMAND, 2);

	pci_cfg_write(dev, PCI_COMMAND, 2, (cmd | set) & ~clear);
}

int pci_msi_enable(struct pci_dev *dev, struct irq_line *line)
{
	struct pci_dev *d = pci_dev_check(dev);
	struct irq_msi_message msg;
	uint16_t cap = d->msi_cap, mask_reg;
	uint32_t ctrl;
	uint64_t flags;
	int ret;

	if (!cap)
		return -ENODEV;
	ret = irq_line_msi_message(line, &msg);
	if (ret)
		return ret;
	flags = frame_spin_lock_irqsave(&pci_lock);
	if (d->msi_on || d->msix_on) {
		ret = -EBUSY;
		goto out_unlock;
	}
	ctrl = pci_cfg_read(d, cap + 2, 2);
	pci_cfg_write(d, cap + 4, 4, (uint32_t)msg.address);
	if (ctrl & MSI_64BIT) {
		pci_cfg_write(d, cap + 8, 4, (uint32_t)(msg.address >> 32));
		pci_cfg_write(d, cap + 12, 2, msg.data);
		mask_reg = cap + 16;
	} else {
		pci_cfg_write(d, cap + 8, 2, msg.data);
		mask_reg = cap + 12;
	}
	if (ctrl & MSI_PVM)
		pci_cfg_write(d, mask_reg, 4,
			      pci_cfg_read(d, mask_reg, 4) & ~1u);
	/* One vector: multiple-message enable 0. */
	pci_cfg_write(d, cap + 2, 2, (ctrl & ~MSI_MME_MASK) | MSI_ENABLE);
	command_update(d, PCI_COMMAND_INTX_OFF, 0);
	d->msi_on = true;
out_unlock:
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return ret;
}

int pci_msi_disable(struct pci_dev *dev)
{
	struct pci_dev *d = pci_dev_check(dev);
	uint64_t flags;
	int ret = 0;

	flags = frame_spin_lock_irqsave(&pci_lock);
	if (!d->msi_on) {
		ret = -EINVAL;
		goto out_unlock;
	}
	pci_cfg_write(d, d->msi_cap + 2, 2,
		      pci_cfg_read(d, d->msi_cap + 2, 2) & ~MSI_ENABLE);
	command_update(d, 0, PCI_COMMAND_INTX_OFF);
	d->msi_on = false;
out_unlock:
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return ret;
}

static volatile uint32_t *msix_reg(const struct pci_dev *dev,
				   unsigned int entry, unsigned int reg)
{
	return (volatile uint32_t *)(dev->msix_table +
				     (size_t)entry * MSIX_ENTRY_SIZE + reg);
}

static void msix_mask(const struct pci_dev *dev, unsigned int entry)
{
	*msix_reg(dev, entry, MSIX_CONTROL) |= MSIX_MASKED;
}

int pci_msix_enable(struct pci_dev *dev)
{
	struct pci_dev *d = pci_dev_check(dev);
	unsigned int entries = d->info.msix_entries;
	const struct pci_bar *b;
	uint16_t cap = d->msix_cap;
	uint8_t *va;
	uint32_t ctrl;
	uint64_t flags;
	int ret = 0;

	if (!cap)
		return -ENODEV;
	/* The table must lie inside one of the device's memory BARs. */
	if (d->msix_table_bar >= d->nbars)
		return -EPERM;
	b = &d->bars[d->msix_table_bar];
	if (b->kind != PCI_BAR_MEM || d->msix_table_off > b->size ||
	    b->size - d->msix_table_off < (uint64_t)entries * MSIX_ENTRY_SIZE)
		return -EPERM;
	va = pci_bar_va(d, d->msix_table_bar);
	if (!va)
		return -ENOMEM;

	flags = frame_spin_lock_irqsave(&pci_lock);
	if (d->msi_on || d->msix_on) {
		ret = -EBUSY;
		goto out_unlock;
	}
	/* Memory decoding for the table, the function masked while every
	 * entry is masked one by one (PCI 3.0, 6.8.2.3). */
	command_update(d, PCI_COMMAND_MEMORY | PCI_COMMAND_INTX_OFF, 0);
	ctrl = pci_cfg_read(d, cap + 2, 2);
	pci_cfg_write(d, cap + 2, 2, ctrl | MSIX_FUNCTION_MASK | MSIX_ENABLE);
	d->msix_table = va + d->msix_table_off;
	for (unsigned int i = 0; i < entries; i++)
		msix_mask(d, i);
	pci_cfg_write(d, cap + 2, 2,
		      (ctrl | MSIX_ENABLE) & ~MSIX_FUNCTION_MASK);
	d->msix_on = true;
out_unlock:
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return ret;
}

int pci_msix_bind(struct pci_dev *dev, unsigned int entry,
		  struct irq_line *line)
{
	struct pci_dev *d = pci_dev_check(dev);
	struct irq_msi_message msg;
	uint64_t flags;
	int ret;

	ret = irq_line_msi_message(line, &msg);
	if (ret)
		return ret;
	flags = frame_spin_lock_irqsave(&pci_lock);
	if (!d->msix_on || entry >= d->info.msix_entries) {
		ret = -EINVAL;
		goto out_unlock;
	}
	/* Masked while the message changes, so no half-written one fires. */
	msix_mask(d, entry);
	*msix_reg(d, entry, MSIX_ADDR_LO) = (uint32_t)msg.address;
	*msix_reg(d, entry, MSIX_ADDR_HI) = (uint32_t)(msg.address >> 32);
	*msix_reg(d, entry, MSIX_DATA) = msg.data;
	*msix_reg(d, entry, MSIX_CONTROL) &= ~MSIX_MASKED;
out_unlock:
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return ret;
}

int pci_msix_unbind(struct pci_dev *dev, unsigned int entry)
{
	struct pci_dev *d = pci_dev_check(dev);
	uint64_t flags;
	int ret = 0;

	flags = frame_spin_lock_irqsave(&pci_lock);
	if (!d->msix_on || entry >= d->info.msix_entries)
		ret = -EINVAL;
	else
		msix_mask(d, entry);
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return ret;
}

int pci_msix_disable(struct pci_dev *dev)
{
	struct pci_dev *d = pci_dev_check(dev);
	uint64_t flags;
	int ret = 0;

	flags = frame_spin_lock_irqsave(&pci_lock);
	if (!d->msix_on) {
		ret = -EINVAL;
		goto out_unlock;
	}
	for (unsigned int i = 0; i < d->info.msix_entries; i++)
		msix_mask(d, i);
	pci_cfg_write(d, d->msix_cap + 2, 2,
		      pci_cfg_read(d, d->msix_cap + 2, 2) & ~MSIX_ENABLE);
	command_update(d, 0, PCI_COMMAND_INTX_OFF);
	d->msix_on = false;
out_unlock:
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return ret;
}
