/* SPDX-License-Identifier: MIT */
/* Device registers: I/O-port ranges and MMIO windows, granted as handles. */
#ifndef FRAME_IO_H
#define FRAME_IO_H

#include <frame/types.h>

/*
 * Why in the frame: an I/O port is reached with the in/out instructions
 * and device memory through an uncached kernel mapping, neither of which a
 * service may spell. More than that, the ports and the physical addresses
 * behind them are the machine itself: COM1, the PIT, the PICs, the CMOS
 * clock and the PCI configuration ports are the frame's, and a write to
 * the wrong physical address reprograms an interrupt controller or lands
 * in RAM. So a service never names a physical address and never touches a
 * register outside what it was granted: it holds an opaque handle for one
 * range, and every access goes through the frame, which checks the offset
 * against the range.
 *
 * Granted once. Each port and each MMIO window has at most one holder at
 * a time: a second claim fails with -EBUSY until the holder releases it.
 * That is what keeps two drivers from driving one device at cross
 * purposes, and a driver from reaching the frame's own devices.
 *
 * Accesses. The offset is counted from the start of the range; an access
 * of N bytes must lie wholly inside it (else -ERANGE) and be naturally
 * aligned, offset a multiple of N, counted from the start of the range
 * for MMIO and as an absolute port number for ports (else -EINVAL; a
 * device register is never misaligned, and an unaligned MMIO access may be
 * split or refused by the bus). Nothing is read or written on an error.
 * Every access is a single load or store of that width, in program order
 * with the caller's other accesses to device registers, uncached for MMIO.
 * Callable from any context, hard handlers included; they never sleep.
 *
 * Handles. A handle is valid from the call that granted it until its
 * release; passing a released or forged one panics, even after the
 * range or window was granted again (a handle names a slot of the frame's
 * table and the slot's generation, which a release moves on). The frame
 * keeps device memory mapped after a release, so a stale access races
 * with nothing but the device.
 */

/* A range of I/O ports; opaque. */
struct io_port_range;

/* A window of device memory (MMIO); opaque. */
struct io_mem;

/*
 * io_port_claim() - the ports @base .. @base + @count - 1, for a device at
 * a fixed, well-known address (a second serial port, the PS/2
 * controller). A PCI device's ports come from pci_bar_ports() instead.
 *
 * Returns 0 and the range in *@out; -EINVAL when @count is 0 or the range
 * runs past port 0xffff; -EPERM when it overlaps a port the frame uses
 * itself (COM1 0x3f8-0x3ff, the PICs 0x20-0x21 and 0xa0-0xa1, the PIT
 * 0x40-0x43 and port B 0x61, the CMOS clock 0x70-0x71, the exit port
 * 0xf4-0xf7, the PCI configuration ports 0xcf8-0xcff) or a PCI device's
 * port BAR (which pci_bar_ports() grants); -EBUSY when another holder has
 * one of its ports; -ENOSPC when the frame's table of ranges is full.
 */
int io_port_claim(uint16_t base, uint16_t count, struct io_port_range **out);

/*
 * io_port_release() - give the range back; the handle is dead afterwards
 * and the ports may be claimed again.
 */
void io_port_release(struct io_port_range *range);

/* io_port_count() - how many ports the range has */
uint16_t io_port_count(const struct io_port_range *range);

/*
 * Port reads and writes at @offset in @range: 0, -ERANGE outside the
 * range, -EINVAL misaligned (see above). A read stores the value in *@val
 * only on success.
 */
int io_port_read8(const struct io_port_range *range, uint16_t offset,
		  uint8_t *val);
int io_port_read16(const struct io_port_range *range, uint16_t offset,
		   uint16_t *val);
int io_port_read32(const struct io_port_range *range, uint16_t offset,
		   uint32_t *val);
int io_port_write8(struct io_port_range *range, uint16_t offset, uint8_t val);
int io_port_write16(struct io_port_range *range, uint16_t offset, uint16_t val);
int io_port_write32(struct io_port_range *range, uint16_t offset, uint32_t val);

/*
 * io_mem_release() - give the window back; the handle is dead afterwards
 * and the window may be granted again (pci_bar_map()). There is no
 * io_mem_claim(): a window comes from a PCI BAR the frame sized, never
 * from an address a service names.
 */
void io_mem_release(struct io_mem *win);

/* io_mem_size() - the window's length in bytes */
size_t io_mem_size(const struct io_mem *win);

/*
 * MMIO reads and writes at byte @offset in @win: 0, -ERANGE outside the
 * window, -EINVAL misaligned, -EPERM for an access that touches a part of
 * the window the frame keeps for itself (a PCI device's MSI-X table and
 * pending-bit array, which pci_msix_bind() programs). A read stores the
 * value in *@val only on success.
 */
int io_mem_read8(const struct io_mem *win, size_t offset, uint8_t *val);
int io_mem_read16(const struct io_mem *win, size_t offset, uint16_t *val);
int io_mem_read32(const struct io_mem *win, size_t offset, uint32_t *val);
int io_mem_read64(const struct io_mem *win, size_t offset, uint64_t *val);
int io_mem_write8(struct io_mem *win, size_t offset, uint8_t val);
int io_mem_write16(struct io_mem *win, size_t offset, uint16_t val);
int io_mem_write32(struct io_mem *win, size_t offset, uint32_t val);
int io_mem_write64(struct io_mem *win, size_t offset, uint64_t val);

#endif /* FRAME_IO_H */
