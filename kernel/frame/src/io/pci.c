/* SPDX-License-Identifier: MIT */
/* PCI: the configuration mechanism, enumeration, BAR sizing, device handles. */
#include "io/io.h"

#include <frame/compiler.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/panic.h>

#include "arch/x86_64/acpi/acpi.h"
#include "arch/x86_64/cpu/portio.h"
#include "io/pci_internal.h"
#include "mm/mm.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA    0xcfc

#define PCI_SLOTS     32
#define PCI_FUNCTIONS 8
#define PCI_BUSES     256
#define PCI_DEVS_MAX  128

#define ECAM_BUS_SIZE (1ull << 20)

/* The MCFG table (PCI Firmware 3.0, 4.1.2): a header, 8 reserved bytes,
 * then one entry per ECAM region. */
struct mcfg_entry {
	uint64_t base; /* where bus 0 of the segment would be */
	uint16_t segment;
	uint8_t start_bus, end_bus;
	uint32_t reserved;
} __packed;

#define MCFG_ENTRIES_OFFSET (sizeof(struct acpi_sdt_header) + 8)

struct frame_spinlock pci_lock = FRAME_SPINLOCK_INIT;

static struct pci_dev devs[PCI_DEVS_MAX];
static unsigned int ndevs;
static bool devs_cut;

/* Segment 0's ECAM region, if the firmware has one; buses mapped lazily. */
static struct {
	bool present;
	uint64_t base;
	uint8_t start_bus, end_bus;
	volatile uint8_t *bus[PCI_BUSES];
} ecam;

static uint32_t legacy_address(const struct pci_dev_info *i, uint16_t offset)
{
	return 0x80000000u | (uint32_t)i->bus << 16 | (uint32_t)i->slot << 11 |
	       (uint32_t)i->function << 8 | (offset & 0xfc);
}

static uint32_t legacy_read(const struct pci_dev_info *i, uint16_t offset,
			    unsigned int width)
{
	uint16_t port = (uint16_t)(CONFIG_DATA + (offset & 3));

	arch_port_out32(CONFIG_ADDRESS, legacy_address(i, offset));
	if (width == 1)
		return arch_port_in8(port);
	if (width == 2)
		return arch_port_in16(port);
	return arch_port_in32(port);
}

static void legacy_write(const struct pci_dev_info *i, uint16_t offset,
			 unsigned int width, uint32_t val)
{
	uint16_t port = (uint16_t)(CONFIG_DATA + (offset & 3));

	arch_port_out32(CONFIG_ADDRESS, legacy_address(i, offset));
	if (width == 1)
		arch_port_out8(port, (uint8_t)val);
	else if (width == 2)
		arch_port_out16(port, (uint16_t)val);
	else
		arch_port_out32(port, val);
}

uint32_t pci_cfg_read(const struct pci_dev *dev, uint16_t offset,
		      unsigned int width)
{
	volatile uint8_t *p = dev->ecam + offset;

	if (!dev->ecam)
		return legacy_read(&dev->info, offset, width);
	if (width == 1)
		return *p;
	if (width == 2)
		return *(volatile uint16_t *)p;
	return *(volatile uint32_t *)p;
}

void pci_cfg_write(const struct pci_dev *dev, uint16_t offset,
		   unsigned int width, uint32_t val)
{
	volatile uint8_t *p = dev->ecam + offset;

	if (!dev->ecam)
		legacy_write(&dev->info, offset, width, val);
	else if (width == 1)
		*p = (uint8_t)val;
	else if (width == 2)
		*(volatile uint16_t *)p = (uint16_t)val;
	else
		*(volatile uint32_t *)p = val;
}

uint32_t pci_config_read_legacy(const struct pci_dev *dev, uint16_t offset)
{
	uint64_t flags = frame_spin_lock_irqsave(&pci_lock);
	uint32_t v = legacy_read(&pci_dev_check(dev)->info, offset, 4);

	frame_spin_unlock_irqrestore(&pci_lock, flags);
	return v;
}

bool pci_uses_ecam(void)
{
	return ecam.present;
}

bool pci_ecam_range(uint64_t *pa, uint64_t *len)
{
	if (!ecam.present)
		return false;
	*pa = ecam.base + ((uint64_t)ecam.start_bus << 20);
	*len = ((uint64_t)ecam.end_bus - ecam.start_bus + 1) * ECAM_BUS_SIZE;
	return true;
}

/* Take segment 0's region from the MCFG table, if there is one. */
static void ecam_init(void)
{
	const struct mcfg_entry *e;
	uint8_t *table;
	size_t len;

	if (arch_acpi_table_copy("MCFG", (void **)&table, &len))
		return;
	for (size_t off = MCFG_ENTRIES_OFFSET; off + sizeof(*e) <= len;
	     off += sizeof(*e)) {
		e = (const struct mcfg_entry *)(table + off);
		if (e->segment || e->start_bus > e->end_bus || !e->base ||
		    e->base % ECAM_BUS_SIZE)
			continue;
		ecam.present = true;
		ecam.base = e->base;
		ecam.start_bus = e->start_bus;
		ecam.end_bus = e->end_bus;
		break;
	}
	frame_free(table);
}

/*
 * The ECAM page of a function, mapping its bus on first use; NULL when the
 * bus is outside the region or cannot be mapped (then the ports serve).
 */
static volatile uint8_t *ecam_function(uint8_t bus, uint8_t slot, uint8_t fn)
{
	if (!ecam.present || bus < ecam.start_bus || bus > ecam.end_bus)
		return NULL;
	if (!ecam.bus[bus])
		ecam.bus[bus] =
			mm_iomap(ecam.base + (uint64_t)bus * ECAM_BUS_SIZE,
				 ECAM_BUS_SIZE);
	if (!ecam.bus[bus])
		return NULL;
	return ecam.bus[bus] + ((uint32_t)slot << 15 | (uint32_t)fn << 12);
}

/* Find the capability @id in @dev's list; 0 when it has none. */
static uint8_t find_cap(const struct pci_dev *dev, uint8_t id)
{
	uint8_t ptr;

	if (!(pci_cfg_read(dev, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST) ||
	    PCI_HEADER_KIND(dev->info.header_type) > 1)
		return 0;
	ptr = (uint8_t)pci_cfg_read(dev, PCI_CAP_PTR, 1);
	/* 48 capabilities fill the 192 bytes after the header: a longer
	 * list loops. */
	for (int n = 0; n < 48 && ptr >= 0x40; n++) {
		ptr &= 0xfc;
		if (pci_cfg_read(dev, ptr, 1) == id)
			return ptr;
		ptr = (uint8_t)pci_cfg_read(dev, ptr + 1, 1);
	}
	return 0;
}

/*
 * Size every BAR with decoding off (PCI 3.0, 6.2.5.1): write all ones,
 * read back which bits stick, put the address back.
 */
static void size_bars(struct pci_dev *dev)
{
	uint32_t cmd = pci_cfg_read(dev, PCI_COMMAND, 2);

	pci_cfg_write(dev, PCI_COMMAND, 2,
		      cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned int i = 0; i < dev->nbars; i++) {
		struct pci_bar *b = &dev->bars[i];
		uint16_t off = (uint16_t)(PCI_BAR0 + 4 * i);
		uint32_t orig = pci_cfg_read(dev, off, 4), lo, hi = 0;
		uint32_t orig_hi = 0;
		uint64_t mask;

		pci_cfg_write(dev, off, 4, ~0u);
		lo = pci_cfg_read(dev, off, 4);
		pci_cfg_write(dev, off, 4, orig);
		if (orig & 1) {
			mask = (lo & ~3u) | 0xffff0000u;
			b->kind = PCI_BAR_IO;
			b->addr = orig & 0xfffcu;
			b->size = (uint32_t)(~mask + 1);
		} else {
			b->is_64bit =
				((orig >> 1) & 3) == 2 && i + 1 < dev->nbars;
			b->prefetchable = orig & 8;
			if (b->is_64bit) {
				orig_hi = pci_cfg_read(dev, off + 4, 4);
				pci_cfg_write(dev, off + 4, 4, ~0u);
				hi = pci_cfg_read(dev, off + 4, 4);
				pci_cfg_write(dev, off + 4, 4, orig_hi);
			} else {
				hi = ~0u;
			}
			mask = (uint64_t)hi << 32 | (lo & ~0xfu);
			b->kind = PCI_BAR_MEM;
			b->addr = (uint64_t)orig_hi << 32 | (orig & ~0xfu);
			b->size = ~mask + 1;
		}
		/* Nothing sticks: not implemented; no address: unassigned. */
		if (!(lo & ~0xfu) || !b->addr || !b->size ||
		    (b->kind == PCI_BAR_IO && b->addr + b->size > 0x10000))
			b->kind = PCI_BAR_NONE;
		if (b->is_64bit)
			i++;
	}
	pci_cfg_write(dev, PCI_COMMAND, 2, cmd);
}

/* Where the MSI and MSI-X capabilities are, and how long. */
static void find_msi(struct pci_dev *dev)
{
	uint16_t ctrl;
	uint32_t table, pba;

	dev->msi_cap = find_cap(dev, PCI_CAP_MSI);
	if (dev->msi_cap) {
		ctrl = (uint16_t)pci_cfg_read(dev, dev->msi_cap + 2, 2);
		/* ID/next/control, address (+4 for 64-bit), data, and the
		 * mask and pending words with per-vector masking. */
		dev->msi_len = (uint8_t)(10 + ((ctrl & (1u << 7)) ? 4 : 0) +
					 ((ctrl & (1u << 8)) ? 10 : 0));
		dev->info.msi = true;
	}
	dev->msix_cap = find_cap(dev, PCI_CAP_MSIX);
	if (dev->msix_cap) {
		ctrl = (uint16_t)pci_cfg_read(dev, dev->msix_cap + 2, 2);
		table = pci_cfg_read(dev, dev->msix_cap + 4, 4);
		pba = pci_cfg_read(dev, dev->msix_cap + 8, 4);
		dev->info.msix_entries = (uint16_t)((ctrl & 0x7ff) + 1);
		dev->msix_table_bar = table & 7;
		dev->msix_table_off = table & ~7u;
		dev->msix_pba_bar = pba & 7;
		dev->msix_pba_off = pba & ~7u;
	}
}

static void scan_bus(uint8_t bus, unsigned int depth);

/* Record the function at @bus:@slot.@fn, if there is one. */
static bool probe_function(uint8_t bus, uint8_t slot, uint8_t fn,
			   unsigned int depth, bool *multi)
{
	struct pci_dev probe = { 0 }, *dev;
	struct pci_dev_info *i = &probe.info;
	uint32_t id, class;

	i->bus = bus;
	i->slot = slot;
	i->function = fn;
	probe.ecam = ecam_function(bus, slot, fn);
	id = pci_cfg_read(&probe, PCI_VENDOR_ID, 4);
	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return false;
	if (ndevs == ARRAY_SIZE(devs)) {
		devs_cut = true;
		return false;
	}
	i->vendor = (uint16_t)id;
	i->device = (uint16_t)(id >> 16);
	class = pci_cfg_read(&probe, PCI_REVISION, 4);
	i->revision = (uint8_t) class;
	i->prog_if = (uint8_t)(class >> 8);
	i->subclass = (uint8_t)(class >> 16);
	i->class_code = (uint8_t)(class >> 24);
	i->header_type = (uint8_t)pci_cfg_read(&probe, PCI_HEADER_TYPE, 1);
	*multi = i->header_type & PCI_HEADER_MULTI;
	i->header_type = PCI_HEADER_KIND(i->header_type);
	i->interrupt_pin =
		(uint8_t)pci_cfg_read(&probe, PCI_INTERRUPT_LINE + 1, 1);
	if (i->header_type == 0) {
		uint32_t sub = pci_cfg_read(&probe, PCI_SUBSYSTEM_VENDOR, 4);

		i->subsystem_vendor = (uint16_t)sub;
		i->subsystem = (uint16_t)(sub >> 16);
		probe.nbars = PCI_BARS_DEVICE;
	} else if (i->header_type == 1) {
		probe.nbars = PCI_BARS_BRIDGE;
	}
	probe.dma_bits = 32;
	dev = &devs[ndevs++];
	*dev = probe;
	size_bars(dev);
	find_msi(dev);
	/* No message interrupts but those the frame programs: firmware may
	 * have left MSI or MSI-X on, aimed at anything. */
	if (dev->msi_cap)
		pci_cfg_write(dev, dev->msi_cap + 2, 2,
			      pci_cfg_read(dev, dev->msi_cap + 2, 2) & ~1u);
	if (dev->msix_cap)
		pci_cfg_write(dev, dev->msix_cap + 2, 2,
			      pci_cfg_read(dev, dev->msix_cap + 2, 2) &
				      ~(1u << 15));
	/* No DMA until a driver asks: bridges forward their children's. */
	if (i->header_type != 1)
		pci_cfg_write(dev, PCI_COMMAND, 2,
			      pci_cfg_read(dev, PCI_COMMAND, 2) &
				      ~PCI_COMMAND_MASTER);
	else
		scan_bus((uint8_t)pci_cfg_read(dev, PCI_SECONDARY_BUS, 1),
			 depth + 1);
	return true;
}

static void scan_bus(uint8_t bus, unsigned int depth)
{
	static bool seen[PCI_BUSES];

	/* A bus behind two bridges, or a bridge naming bus 0, is a loop. */
	if (seen[bus] || depth > 32 || (depth && !bus))
		return;
	seen[bus] = true;
	for (uint8_t slot = 0; slot < PCI_SLOTS; slot++) {
		bool multi = false;

		if (!probe_function(bus, slot, 0, depth, &multi) || !multi)
			continue;
		for (uint8_t fn = 1; fn < PCI_FUNCTIONS; fn++)
			probe_function(bus, slot, fn, depth, &multi);
	}
}

void io_init(void)
{
	uint64_t flags;

	ecam_init();
	flags = frame_spin_lock_irqsave(&pci_lock);
	scan_bus(0, 0);
	frame_spin_unlock_irqrestore(&pci_lock, flags);
	for (unsigned int n = 0; n < ndevs; n++) {
		const struct pci_dev_info *i = &devs[n].info;

		log_debug("pci: %02x:%02x.%u %04x:%04x class %02x%02x%02x rev "
			  "%u%s%s",
			  i->bus, i->slot, i->function, i->vendor, i->device,
			  i->class_code, i->subclass, i->prog_if, i->revision,
			  i->msi ? " MSI" : "",
			  i->msix_entries ? " MSI-X" : "");
	}
	if (ecam.present)
		log_info("pci: %u function%s, configuration through ECAM at "
			 "0x%llx (buses %u-%u)%s",
			 ndevs, ndevs == 1 ? "" : "s",
			 (unsigned long long)ecam.base, ecam.start_bus,
			 ecam.end_bus, devs_cut ? ", more not recorded" : "");
	else
		log_info("pci: %u function%s, configuration through ports "
			 "0xcf8/0xcfc%s",
			 ndevs, ndevs == 1 ? "" : "s",
			 devs_cut ? ", more not recorded" : "");
}

struct pci_dev *pci_dev_check(const struct pci_dev *dev)
{
	uintptr_t p = (uintptr_t)dev, first = (uintptr_t)devs;

	if (p < first || p >= (uintptr_t)(devs + ndevs) ||
	    (p - first) % sizeof(devs[0]))
		frame_panic("pci: %p is not a PCI device", dev);
	return &devs[(p - first) / sizeof(devs[0])];
}

unsigned int pci_dev_count(void)
{
	return ndevs;
}

struct pci_dev *pci_dev_at(unsigned int index)
{
	return index < ndevs ? &devs[index] : NULL;
}

struct pci_dev *pci_dev_find(uint16_t vendor, uint16_t device,
			     const struct pci_dev *from)
{
	unsigned int n =
		from ? (unsigned int)(pci_dev_check(from) - devs) + 1 : 0;

	for (; n < ndevs; n++)
		if (devs[n].info.vendor == vendor &&
		    devs[n].info.device == device)
			return &devs[n];
	return NULL;
}

void pci_dev_info(const struct pci_dev *dev, struct pci_dev_info *out)
{
	*out = pci_dev_check(dev)->info;
}
