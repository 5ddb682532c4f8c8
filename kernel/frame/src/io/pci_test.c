/* SPDX-License-Identifier: MIT */
/* ktests for PCI enumeration, configuration access and BAR sizing. */
#include "io/io.h"

#include <frame/errno.h>
#include <frame/ktest.h>

#include "io/io_test.h"
#include "io/pci_internal.h"

/* What QEMU's q35 machine always has. */
static const struct {
	uint8_t slot, function;
	uint16_t vendor, device;
	uint8_t class_code, subclass;
} q35_fixed[] = {
	{ 0x00, 0, 0x8086, 0x29c0, 0x06, 0x00 }, /* host bridge (MCH) */
	{ 0x1f, 0, 0x8086, 0x2918, 0x06, 0x01 }, /* LPC/ISA bridge */
	{ 0x1f, 2, 0x8086, 0x2922, 0x01, 0x06 }, /* SATA (AHCI) */
	{ 0x1f, 3, 0x8086, 0x2930, 0x0c, 0x05 }, /* SMBus */
};

KTEST(pci_enumerates_the_q35_chipset)
{
	unsigned int n = pci_dev_count();
	struct pci_dev_info i;

	KT_ASSERT_GE(n, ARRAY_SIZE(q35_fixed) + 3); /* + edu, NIC, VGA */
	KT_ASSERT_NULL(pci_dev_at(n));
	for (size_t k = 0; k < ARRAY_SIZE(q35_fixed); k++) {
		struct pci_dev *d =
			io_test_dev(q35_fixed[k].vendor, q35_fixed[k].device);

		KT_ASSERT_NOT_NULL(d);
		KT_ASSERT_NULL(pci_dev_find(q35_fixed[k].vendor,
					    q35_fixed[k].device, d));
		pci_dev_info(d, &i);
		KT_ASSERT_EQ(i.bus, 0);
		KT_ASSERT_EQ(i.slot, q35_fixed[k].slot);
		KT_ASSERT_EQ(i.function, q35_fixed[k].function);
		KT_ASSERT_EQ(i.class_code, q35_fixed[k].class_code);
		KT_ASSERT_EQ(i.subclass, q35_fixed[k].subclass);
		KT_ASSERT_EQ(i.header_type, 0);
	}
	/* The AHCI controller says so in its programming interface. */
	pci_dev_info(io_test_dev(0x8086, 0x2922), &i);
	KT_ASSERT_EQ(i.prog_if, 0x01);
	KT_ASSERT(i.msi);

	pci_dev_info(io_test_dev(EDU_VENDOR, EDU_DEVICE), &i);
	KT_ASSERT_EQ(i.class_code, 0x00);
	KT_ASSERT_EQ(i.subclass, 0xff);
	KT_ASSERT(i.msi);
	KT_ASSERT_EQ(i.msix_entries, 0);
	KT_ASSERT_EQ(i.revision, 0x10);
	pci_dev_info(io_test_dev(E1000E_VENDOR, E1000E_DEVICE), &i);
	KT_ASSERT_EQ(i.class_code, 0x02);
	KT_ASSERT_EQ(i.msix_entries, 5);
	KT_ASSERT_EQ(i.interrupt_pin, 1);
	KT_ASSERT_EQ(i.subsystem_vendor, 0x8086);
}

KTEST(pci_ecam_agrees_with_the_config_ports)
{
	static const uint16_t regs[] = { 0x00, 0x08, 0x0c, 0x10, 0x2c, 0x3c };
	uint32_t v;

	KT_ASSERT(pci_uses_ecam());
	for (unsigned int n = 0; n < pci_dev_count(); n++)
		for (size_t k = 0; k < ARRAY_SIZE(regs); k++) {
			KT_ASSERT_OK(
				pci_config_read32(pci_dev_at(n), regs[k], &v));
			KT_ASSERT_EQ(v, pci_config_read_legacy(pci_dev_at(n),
							       regs[k]));
		}
	/* ECAM reaches the extended space, which the ports cannot. */
	KT_ASSERT_OK(pci_config_read32(
		io_test_dev(E1000E_VENDOR, E1000E_DEVICE), 0x100, &v));
	KT_ASSERT_NE(v, 0xffffffff);
}

KTEST(pci_config_bounds_and_alignment)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	uint32_t v32 = 0xabababab;
	uint16_t v16 = 0xabab;
	uint8_t v8 = 0xab;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_ERR(pci_config_read16(d, 1, &v16), -EINVAL);
	KT_ASSERT_ERR(pci_config_read32(d, 2, &v32), -EINVAL);
	KT_ASSERT_ERR(pci_config_read8(d, 4096, &v8), -ERANGE);
	KT_ASSERT_ERR(pci_config_read32(d, 4094, &v32), -ERANGE);
	KT_ASSERT_ERR(pci_config_write16(d, 0x3d, 0), -EINVAL);
	KT_ASSERT_ERR(pci_config_write8(d, 0xffff, 0), -ERANGE);
	KT_ASSERT_EQ(v8, 0xab);
	KT_ASSERT_EQ(v16, 0xabab);
	KT_ASSERT_EQ(v32, 0xabababab);
	KT_ASSERT_OK(pci_config_read16(d, 0, &v16));
	KT_ASSERT_EQ(v16, EDU_VENDOR);
	KT_ASSERT_OK(pci_config_read8(d, 2, &v8));
	KT_ASSERT_EQ(v8, EDU_DEVICE & 0xff);
}

/* The offset of capability @id, walked through the public reads. */
static uint8_t cap_of(const struct pci_dev *d, uint8_t id)
{
	uint8_t ptr = 0, cur = 0;

	pci_config_read8(d, PCI_CAP_PTR, &ptr);
	for (int n = 0; n < 48 && ptr >= 0x40; n++) {
		pci_config_read8(d, ptr, &cur);
		if (cur == id)
			return ptr;
		pci_config_read8(d, ptr + 1, &ptr);
	}
	return 0;
}

KTEST(pci_config_writes_the_frame_keeps)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct pci_dev *nic = io_test_dev(E1000E_VENDOR, E1000E_DEVICE);
	uint32_t bar = 0, after = 0;
	uint16_t cmd = 0, now = 0;
	uint8_t msi, msix, line = 0;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_NOT_NULL(nic);
	KT_ASSERT_OK(pci_config_read32(d, 0x10, &bar));
	KT_ASSERT_ERR(pci_config_write32(d, 0x10, 0xfee00000), -EPERM);
	KT_ASSERT_ERR(pci_config_write8(d, 0x13, 0), -EPERM);
	KT_ASSERT_ERR(pci_config_write32(d, 0x24, 0), -EPERM);
	KT_ASSERT_ERR(pci_config_write32(d, 0x30, ~0u), -EPERM);
	KT_ASSERT_OK(pci_config_read32(d, 0x10, &after));
	KT_ASSERT_EQ(after, bar);

	/* The command register: only the frame flips decode, mastering and
	 * INTx; rewriting what is there, or the status, is fine. */
	KT_ASSERT_OK(pci_config_read16(d, PCI_COMMAND, &cmd));
	KT_ASSERT_ERR(
		pci_config_write16(d, PCI_COMMAND, cmd | PCI_COMMAND_MASTER),
		-EPERM);
	KT_ASSERT_ERR(
		pci_config_write16(d, PCI_COMMAND, cmd ^ PCI_COMMAND_INTX_OFF),
		-EPERM);
	KT_ASSERT_ERR(pci_config_write8(d, PCI_COMMAND,
					(uint8_t)(cmd ^ PCI_COMMAND_MEMORY)),
		      -EPERM);
	KT_ASSERT_ERR(
		pci_config_write8(d, PCI_COMMAND + 1,
				  (uint8_t)((cmd ^ PCI_COMMAND_INTX_OFF) >> 8)),
		-EPERM);
	KT_ASSERT_ERR(pci_config_write32(d, PCI_COMMAND,
					 (uint32_t)(cmd ^ PCI_COMMAND_IO)),
		      -EPERM);
	KT_ASSERT_OK(pci_config_write16(d, PCI_COMMAND, cmd));
	KT_ASSERT_OK(pci_config_write32(d, PCI_COMMAND, cmd));
	KT_ASSERT_OK(pci_config_read16(d, PCI_COMMAND, &now));
	KT_ASSERT_EQ(now, cmd);

	/* MSI and MSI-X capabilities, and the extended space. */
	msi = cap_of(d, PCI_CAP_MSI);
	msix = cap_of(nic, PCI_CAP_MSIX);
	KT_ASSERT_NE(msi, 0);
	KT_ASSERT_NE(msix, 0);
	KT_ASSERT_ERR(pci_config_write16(d, msi + 2, 1), -EPERM);
	KT_ASSERT_ERR(pci_config_write32(d, msi + 4, 0xfee00000), -EPERM);
	KT_ASSERT_ERR(pci_config_write16(nic, msix + 2, 0x8000), -EPERM);
	KT_ASSERT_ERR(pci_config_write32(nic, msix + 8, 0), -EPERM);
	KT_ASSERT_ERR(pci_config_write32(nic, 0x100, 0), -EPERM);

	/* The interrupt line register is the driver's scratch byte. */
	KT_ASSERT_OK(pci_config_write8(d, PCI_INTERRUPT_LINE, 0x5a));
	KT_ASSERT_OK(pci_config_read8(d, PCI_INTERRUPT_LINE, &line));
	KT_ASSERT_EQ(line, 0x5a);
}

KTEST(pci_bars_sized_by_the_frame)
{
	static const struct {
		uint16_t vendor, device;
		unsigned int bar;
		enum pci_bar_kind kind;
		uint64_t size;
		bool prefetchable;
	} want[] = {
		{ EDU_VENDOR, EDU_DEVICE, 0, PCI_BAR_MEM, 0x100000, false },
		{ EDU_VENDOR, EDU_DEVICE, 1, PCI_BAR_NONE, 0, false },
		{ E1000E_VENDOR, E1000E_DEVICE, 0, PCI_BAR_MEM, 0x20000,
		  false },
		{ E1000E_VENDOR, E1000E_DEVICE, 2, PCI_BAR_IO, 0x20, false },
		{ E1000E_VENDOR, E1000E_DEVICE, 3, PCI_BAR_MEM, 0x4000, false },
		{ VGA_VENDOR, VGA_DEVICE, 0, PCI_BAR_MEM, 0x1000000, true },
	};
	struct pci_bar_info b;

	for (size_t k = 0; k < ARRAY_SIZE(want); k++) {
		struct pci_dev *d = io_test_dev(want[k].vendor, want[k].device);

		KT_ASSERT_NOT_NULL(d);
		KT_ASSERT_OK(pci_bar_info(d, want[k].bar, &b));
		KT_ASSERT_EQ(b.kind, want[k].kind);
		KT_ASSERT_EQ(b.size, want[k].size);
		KT_ASSERT_EQ(b.prefetchable, want[k].prefetchable);
	}
	KT_ASSERT_ERR(pci_bar_info(io_test_dev(EDU_VENDOR, EDU_DEVICE), 6, &b),
		      -EINVAL);
}

KTEST(pci_bus_master_off_at_boot_and_switchable)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	uint16_t cmd = 0;

	KT_ASSERT_NOT_NULL(d);
	for (unsigned int n = 0; n < pci_dev_count(); n++) {
		struct pci_dev_info i;

		pci_dev_info(pci_dev_at(n), &i);
		if (i.header_type == 0)
			KT_ASSERT(!pci_dev_bus_master(pci_dev_at(n)));
	}
	KT_ASSERT_OK(pci_dev_set_bus_master(d, true));
	KT_ASSERT(pci_dev_bus_master(d));
	KT_ASSERT_OK(pci_config_read16(d, PCI_COMMAND, &cmd));
	KT_ASSERT(cmd & PCI_COMMAND_MASTER);
	KT_ASSERT_OK(pci_dev_set_bus_master(d, false));
	KT_ASSERT(!pci_dev_bus_master(d));
}

/* The PCIe root port and the virtio RNG on the bus behind it. */
KTEST(pci_walks_the_bus_behind_a_bridge)
{
	struct pci_dev *port = io_test_dev(0x1b36, 0x000c);
	struct pci_dev *rng = io_test_dev(0x1af4, 0x1044);
	struct pci_dev_info pi, ri;
	struct pci_bar_info b;
	uint8_t secondary = 0;

	KT_ASSERT_NOT_NULL(port);
	KT_ASSERT_NOT_NULL(rng);
	pci_dev_info(port, &pi);
	pci_dev_info(rng, &ri);
	KT_ASSERT_EQ(pi.header_type, 1);
	KT_ASSERT_EQ(pi.class_code, 0x06);
	KT_ASSERT_EQ(pi.subclass, 0x04);
	KT_ASSERT_OK(pci_config_read8(port, PCI_SECONDARY_BUS, &secondary));
	KT_ASSERT_NE(secondary, 0);
	KT_ASSERT_EQ(ri.bus, secondary);
	KT_ASSERT_EQ(ri.slot, 0);
	KT_ASSERT_NE(ri.msix_entries, 0);
	/* The bridge's routing is the frame's: bus numbers, windows, the
	 * bridge control; it has two BARs, not six. */
	KT_ASSERT_ERR(pci_config_write8(port, PCI_SECONDARY_BUS, 7), -EPERM);
	KT_ASSERT_ERR(pci_config_write32(port, 0x20, 0), -EPERM);
	KT_ASSERT_ERR(pci_config_write16(port, 0x3e, 0), -EPERM);
	KT_ASSERT_ERR(pci_bar_info(port, 2, &b), -EINVAL);
	KT_ASSERT_OK(pci_bar_info(port, 1, &b));
}

KTEST(pci_msi_and_msix_off_at_boot)
{
	for (unsigned int n = 0; n < pci_dev_count(); n++) {
		const struct pci_dev *d = pci_dev_check(pci_dev_at(n));
		uint16_t ctrl = 0;

		if (d->msi_cap) {
			KT_ASSERT_OK(
				pci_config_read16(d, d->msi_cap + 2, &ctrl));
			KT_ASSERT(!(ctrl & 1));
		}
		if (d->msix_cap) {
			KT_ASSERT_OK(
				pci_config_read16(d, d->msix_cap + 2, &ctrl));
			KT_ASSERT(!(ctrl & 0x8000));
		}
	}
}
