/* SPDX-License-Identifier: MIT */
/* What the io/ ktests share: the test devices the frame's manifest adds. */
#ifndef IO_IO_TEST_H
#define IO_IO_TEST_H

#include <frame/io.h>
#include <frame/pci.h>
#include <frame/time.h>

/*
 * QEMU's "edu" device (docs/specs/edu.rst in QEMU): BAR 0 is 1 MiB of
 * 32-bit registers (64-bit from 0x80), a DMA engine between RAM and a
 * 4 KiB buffer inside the device, and one MSI vector.
 */
#define EDU_VENDOR	   0x1234
#define EDU_DEVICE	   0x11e8
#define EDU_ID		   0x00 /* 0xRRrr00ed: major, minor, "ed" */
#define EDU_LIVENESS	   0x04 /* reads back the complement */
#define EDU_IRQ_STATUS	   0x24
#define EDU_IRQ_RAISE	   0x60
#define EDU_IRQ_ACK	   0x64
#define EDU_DMA_SRC	   0x80
#define EDU_DMA_DST	   0x88
#define EDU_DMA_COUNT	   0x90
#define EDU_DMA_CMD	   0x98
#define EDU_DMA_START	   1u
#define EDU_DMA_TO_RAM	   2u	   /* else RAM to device */
#define EDU_DMA_BUFFER	   0x40000 /* the device's buffer, in its space */
#define EDU_DMA_BUFFER_LEN 4096

/* The e1000e NIC (Intel 82574): its register window and I/O BAR. */
#define E1000E_VENDOR	  0x8086
#define E1000E_DEVICE	  0x10d3
#define E1000E_BAR_MMIO	  0
#define E1000E_BAR_IO	  2
#define E1000E_BAR_MSIX	  3
#define E1000E_IOADDR	  0x00 /* I/O BAR: register index */
#define E1000E_IODATA	  0x04 /* I/O BAR: the register it names */
#define E1000E_RDBAL	  0x2800
#define E1000E_ICR	  0x00c0
#define E1000E_ICS	  0x00c8
#define E1000E_IMS	  0x00d0
#define E1000E_IMC	  0x00d8
#define E1000E_IVAR	  0x00e4
#define E1000E_ICR_RXQ0	  (1u << 20)
#define E1000E_ICR_TXQ0	  (1u << 22)
#define E1000E_IVAR_VALID 0x8u

/* The standard VGA: BAR 0 is its framebuffer, plain memory. */
#define VGA_VENDOR 0x1234
#define VGA_DEVICE 0x1111

/* The first device @vendor:@device; NULL when the machine has none. */
static inline struct pci_dev *io_test_dev(uint16_t vendor, uint16_t device)
{
	return pci_dev_find(vendor, device, NULL);
}

/*
 * Poll the 32-bit register at @off of @win until (value & @mask) ==
 * @want, for up to a second. Returns whether it got there.
 */
static inline bool io_test_poll32(struct io_mem *win, size_t off, uint32_t mask,
				  uint32_t want)
{
	uint64_t start = frame_clock_monotonic_ns();
	uint32_t v = 0;

	while (frame_clock_monotonic_ns() - start < FRAME_NSEC_PER_SEC) {
		if (io_mem_read32(win, off, &v))
			return false;
		if ((v & mask) == want)
			return true;
	}
	return false;
}

#endif /* IO_IO_TEST_H */
