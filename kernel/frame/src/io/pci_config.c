/* SPDX-License-Identifier: MIT */
/* PCI configuration access for drivers, less what the frame keeps. */
#include "io/io.h"

#include <frame/errno.h>

#include "io/pci_internal.h"

/* -ERANGE past the config space, -EINVAL misaligned, else 0. */
static int config_check(const struct pci_dev *dev, uint16_t offset,
			unsigned int width)
{
	unsigned int size = dev->ecam ? CONFIG_SIZE_ECAM : CONFIG_SIZE_LEGACY;

	if (offset >= size || size - offset < width)
		return -ERANGE;
	return offset % width ? -EINVAL : 0;
}

static int config_read(const struct pci_dev *dev, uint16_t offset,
		       unsigned int width, uint32_t *val)
{
	const struct pci_dev *d = pci_dev_check(dev);
	uint64_t flags;
	int ret = config_check(d, offset, width);

	if (ret)
		return ret;
	flags = frame_spin_lock_irqsave(&pci_lock);
	*val = pci_cfg_read(d, offset, width);
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return 0;
}

int pci_config_read8(const struct pci_dev *dev, uint16_t offset, uint8_t *val)
{
	uint32_t v;
	int ret = config_read(dev, offset, 1, &v);

	if (!ret)
		*val = (uint8_t)v;
	return ret;
}

int pci_config_read16(const struct pci_dev *dev, uint16_t offset, uint16_t *val)
{
	uint32_t v;
	int ret = config_read(dev, offset, 2, &v);

	if (!ret)
		*val = (uint16_t)v;
	return ret;
}

int pci_config_read32(const struct pci_dev *dev, uint16_t offset, uint32_t *val)
{
	return config_read(dev, offset, 4, val);
}

static bool touches(uint16_t offset, unsigned int width, unsigned int start,
		    unsigned int len)
{
	return offset < start + len && offset + width > start;
}

/* The command-register bits only the frame changes. */
#define COMMAND_KEPT                                                \
	(PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | \
	 PCI_COMMAND_INTX_OFF)

/*
 * Whether writing @val (@width bytes at @offset) would change something
 * the frame keeps (see <frame/pci.h>). pci_lock held, so that the command
 * register cannot change between this check and the write.
 */
static bool write_is_kept(const struct pci_dev *dev, uint16_t offset,
			  unsigned int width, uint32_t val)
{
	bool bridge = dev->info.header_type == 1;

	if (offset + width > CONFIG_SIZE_LEGACY)
		return true;
	if (bridge ? touches(offset, width, PCI_BAR0, 0x24) ||
			     touches(offset, width, PCI_ROM_BRIDGE, 8)
		   : touches(offset, width, PCI_BAR0, 0x18) ||
			     touches(offset, width, PCI_ROM_DEVICE, 4))
		return true;
	if (dev->msi_cap && touches(offset, width, dev->msi_cap, dev->msi_len))
		return true;
	if (dev->msix_cap && touches(offset, width, dev->msix_cap, 12))
		return true;
	if (touches(offset, width, PCI_COMMAND, 2)) {
		/* Splice the written bytes into the register as it is; only
		 * accesses at 0x04 (any width) and 0x05 (a byte) reach it. */
		uint32_t cur = pci_cfg_read(dev, PCI_COMMAND, 2), next;

		if (offset == PCI_COMMAND + 1)
			next = (cur & 0xff) | (val & 0xff) << 8;
		else if (width == 1)
			next = (cur & 0xff00) | (val & 0xff);
		else
			next = val & 0xffff;
		if ((next ^ cur) & COMMAND_KEPT)
			return true;
	}
	return false;
}

static int config_write(struct pci_dev *dev, uint16_t offset,
			unsigned int width, uint32_t val)
{
	struct pci_dev *d = pci_dev_check(dev);
	uint64_t flags;
	int ret = config_check(d, offset, width);

	if (ret)
		return ret;
	flags = frame_spin_lock_irqsave(&pci_lock);
	if (write_is_kept(d, offset, width, val))
		ret = -EPERM;
	else
		pci_cfg_write(d, offset, width, val);
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return ret;
}

int pci_config_write8(struct pci_dev *dev, uint16_t offset, uint8_t val)
{
	return config_write(dev, offset, 1, val);
}

int pci_config_write16(struct pci_dev *dev, uint16_t offset, uint16_t val)
{
	return config_write(dev, offset, 2, val);
}

int pci_config_write32(struct pci_dev *dev, uint16_t offset, uint32_t val)
{
	return config_write(dev, offset, 4, val);
}
