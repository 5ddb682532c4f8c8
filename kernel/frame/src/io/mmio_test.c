/* SPDX-License-Identifier: MIT */
/* ktests for MMIO windows: grants from BARs, bounds, widths, kept parts. */
#include "io/io.h"

#include <frame/errno.h>
#include <frame/ktest.h>

#include "arch/x86_64/acpi/madt.h"
#include "io/io_test.h"
#include "io/pci_internal.h"
#include "ktest/panic_probe.h"
#include "lib/handle.h"

KTEST(io_mem_edu_registers)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct io_mem *w, *again;
	uint32_t v = 0;
	uint64_t v64 = 0;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_OK(pci_bar_map(d, 0, &w));
	KT_ASSERT_EQ(io_mem_size(w), 0x100000);
	KT_ASSERT_OK(io_mem_read32(w, EDU_ID, &v));
	KT_ASSERT_EQ(v & 0xff, 0xed);
	KT_ASSERT_OK(io_mem_write32(w, EDU_LIVENESS, 0x12345678));
	KT_ASSERT_OK(io_mem_read32(w, EDU_LIVENESS, &v));
	KT_ASSERT_EQ(v, ~0x12345678u);
	KT_ASSERT_OK(io_mem_write64(w, EDU_DMA_SRC, 0x1122334455667788ull));
	KT_ASSERT_OK(io_mem_read64(w, EDU_DMA_SRC, &v64));
	KT_ASSERT_EQ(v64, 0x1122334455667788ull);
	KT_ASSERT_OK(io_mem_write64(w, EDU_DMA_SRC, 0));

	/* Granted once; released, granted again. */
	KT_ASSERT_ERR(pci_bar_map(d, 0, &again), -EBUSY);
	io_mem_release(w);
	KT_ASSERT_OK(pci_bar_map(d, 0, &w));
	KT_ASSERT_OK(io_mem_read32(w, EDU_ID, &v));
	KT_ASSERT_EQ(v & 0xff, 0xed);
	io_mem_release(w);

	KT_ASSERT_ERR(pci_bar_map(d, 1, &w), -ENODEV);
	KT_ASSERT_ERR(pci_bar_map(d, 6, &w), -EINVAL);
	KT_ASSERT_ERR(pci_bar_map(io_test_dev(E1000E_VENDOR, E1000E_DEVICE),
				  E1000E_BAR_IO, &w),
		      -ENODEV);
}

KTEST(io_mem_bounds_and_alignment)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	uint64_t v64 = 0xabababababababab;
	uint32_t v32 = 0xabababab;
	uint16_t v16 = 0xabab;
	uint8_t v8 = 0xab;
	struct io_mem *w;
	size_t size;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_OK(pci_bar_map(d, 0, &w));
	size = io_mem_size(w);
	KT_ASSERT_ERR(io_mem_read8(w, size, &v8), -ERANGE);
	KT_ASSERT_ERR(io_mem_read32(w, size - 2, &v32), -ERANGE);
	KT_ASSERT_ERR(io_mem_read64(w, size - 4, &v64), -ERANGE);
	KT_ASSERT_ERR(io_mem_read32(w, SIZE_MAX - 1, &v32), -ERANGE);
	KT_ASSERT_ERR(io_mem_write64(w, SIZE_MAX - 3, 0), -ERANGE);
	KT_ASSERT_ERR(io_mem_read16(w, 1, &v16), -EINVAL);
	KT_ASSERT_ERR(io_mem_read32(w, 2, &v32), -EINVAL);
	KT_ASSERT_ERR(io_mem_read64(w, EDU_DMA_SRC + 4, &v64), -EINVAL);
	KT_ASSERT_ERR(io_mem_write32(w, EDU_LIVENESS + 1, 0), -EINVAL);
	KT_ASSERT_EQ(v8, 0xab);
	KT_ASSERT_EQ(v16, 0xabab);
	KT_ASSERT_EQ(v32, 0xabababab);
	KT_ASSERT_EQ(v64, 0xabababababababab);
	/* The last word is in range. */
	KT_ASSERT_OK(io_mem_read32(w, size - 4, &v32));
	io_mem_release(w);
}

/* The VGA framebuffer is plain memory: every width, little-endian. */
KTEST(io_mem_every_width_on_the_vga_framebuffer)
{
	struct pci_dev *vga = io_test_dev(VGA_VENDOR, VGA_DEVICE);
	struct io_mem *w;
	uint64_t v64 = 0;
	uint32_t v32 = 0;
	uint16_t v16 = 0;
	uint8_t v8 = 0;

	KT_ASSERT_NOT_NULL(vga);
	KT_ASSERT_OK(pci_bar_map(vga, 0, &w));
	KT_ASSERT_OK(io_mem_write64(w, 0x1000, 0x0807060504030201ull));
	KT_ASSERT_OK(io_mem_read8(w, 0x1003, &v8));
	KT_ASSERT_EQ(v8, 0x04);
	KT_ASSERT_OK(io_mem_read16(w, 0x1006, &v16));
	KT_ASSERT_EQ(v16, 0x0807);
	KT_ASSERT_OK(io_mem_read32(w, 0x1004, &v32));
	KT_ASSERT_EQ(v32, 0x08070605);
	KT_ASSERT_OK(io_mem_write8(w, 0x1000, 0xaa));
	KT_ASSERT_OK(io_mem_write16(w, 0x1002, 0xccbb));
	KT_ASSERT_OK(io_mem_write32(w, 0x1004, 0x11223344));
	KT_ASSERT_OK(io_mem_read64(w, 0x1000, &v64));
	KT_ASSERT_EQ(v64, 0x11223344ccbb02aaull);
	/* The last byte of 16 MiB. */
	KT_ASSERT_OK(io_mem_write8(w, io_mem_size(w) - 1, 0x5a));
	KT_ASSERT_OK(io_mem_read8(w, io_mem_size(w) - 1, &v8));
	KT_ASSERT_EQ(v8, 0x5a);
	io_mem_release(w);
}

/* One register, through the I/O BAR's index/data pair and through MMIO. */
KTEST(io_port_and_mmio_reach_the_same_register)
{
	struct pci_dev *nic = io_test_dev(E1000E_VENDOR, E1000E_DEVICE);
	struct io_port_range *ports;
	struct io_mem *regs;
	uint32_t v = 0;

	KT_ASSERT_NOT_NULL(nic);
	KT_ASSERT_OK(pci_bar_ports(nic, E1000E_BAR_IO, &ports));
	KT_ASSERT_OK(pci_bar_map(nic, E1000E_BAR_MMIO, &regs));
	KT_ASSERT_OK(io_port_write32(ports, E1000E_IOADDR, E1000E_RDBAL));
	KT_ASSERT_OK(io_port_read32(ports, E1000E_IOADDR, &v));
	KT_ASSERT_EQ(v, E1000E_RDBAL);
	KT_ASSERT_OK(io_port_write32(ports, E1000E_IODATA, 0x12345600));
	KT_ASSERT_OK(io_mem_read32(regs, E1000E_RDBAL, &v));
	KT_ASSERT_EQ(v, 0x12345600);
	KT_ASSERT_OK(io_mem_write32(regs, E1000E_RDBAL, 0x0abcde00));
	KT_ASSERT_OK(io_port_read32(ports, E1000E_IODATA, &v));
	KT_ASSERT_EQ(v, 0x0abcde00);
	KT_ASSERT_OK(io_mem_write32(regs, E1000E_RDBAL, 0));
	io_mem_release(regs);
	io_port_release(ports);
}

KTEST(io_mem_msix_table_stays_the_frames)
{
	struct pci_dev *nic = io_test_dev(E1000E_VENDOR, E1000E_DEVICE);
	const struct pci_dev *d = pci_dev_check(nic);
	struct io_mem *w;
	uint32_t v = 0;
	uint64_t v64;

	KT_ASSERT_NOT_NULL(nic);
	KT_ASSERT_EQ(d->msix_table_bar, E1000E_BAR_MSIX);
	KT_ASSERT_OK(pci_bar_map(nic, E1000E_BAR_MSIX, &w));
	/* The table's first and last words, and the pending bits. */
	KT_ASSERT_ERR(io_mem_read32(w, d->msix_table_off, &v), -EPERM);
	KT_ASSERT_ERR(io_mem_write32(w, d->msix_table_off + 5 * 16 - 4, 0),
		      -EPERM);
	KT_ASSERT_ERR(io_mem_read64(w, d->msix_table_off + 5 * 16 - 8, &v64),
		      -EPERM);
	KT_ASSERT_EQ(d->msix_pba_bar, E1000E_BAR_MSIX);
	KT_ASSERT_ERR(io_mem_read8(w, d->msix_pba_off, (uint8_t *)&v), -EPERM);
	/* Just past the table is the driver's. */
	KT_ASSERT_OK(io_mem_read32(w, d->msix_table_off + 5 * 16, &v));
	io_mem_release(w);
}

KTEST(io_mem_never_covers_ram_or_the_frames_devices)
{
	uint64_t ecam, ecam_len;
	struct io_mem *w;
	char dummy;

	KT_ASSERT(io_phys_is_frame(0x100000, 0x1000)); /* RAM */
	KT_ASSERT(io_phys_is_frame(0xfee00000, 4));    /* local APIC */
	KT_ASSERT(io_phys_is_frame(arch_madt.ioapics[0].address, 4));
	KT_ASSERT(pci_ecam_range(&ecam, &ecam_len));
	KT_ASSERT(io_phys_is_frame(ecam + ecam_len - 1, 1));
	KT_ASSERT(io_phys_is_frame(~0ull - 4, 16)); /* wraps */
	KT_ASSERT(!io_phys_is_frame(ecam + ecam_len, 0x1000));
	KT_ASSERT_ERR(io_mem_grant(0x100000, 0x1000, &dummy, NULL, 0, &w),
		      -EPERM);
	KT_ASSERT_ERR(io_mem_grant(0xfee00000, 0x1000, &dummy, NULL, 0, &w),
		      -EPERM);
}

static void mem_size_of(void *arg)
{
	const struct io_mem *win = arg;

	(void)io_mem_size(win);
}

KTEST(io_mem_stale_handle_panics_after_its_slot_is_granted_again)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct io_mem *old, *now = NULL;
	char msg[128];

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_OK(pci_bar_map(d, 0, &old));
	io_mem_release(old);
	/* Grant and release until a live window sits in the old one's slot
	 * (next-fit: at most one turn of the table). */
	for (int i = 0; i <= 64; i++) {
		KT_ASSERT_OK(pci_bar_map(d, 0, &now));
		if (((uintptr_t)now & HANDLE_INDEX_MASK) ==
		    ((uintptr_t)old & HANDLE_INDEX_MASK))
			break;
		io_mem_release(now);
		now = NULL;
	}
	KT_ASSERT_NOT_NULL(now);
	KT_ASSERT_NE(now, old);
	KT_ASSERT_EQ(ktest_panic_probe(mem_size_of, old, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "released"));
	KT_ASSERT_EQ(io_mem_size(now), 0x100000);
	io_mem_release(now);
}
