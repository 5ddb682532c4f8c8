/* SPDX-License-Identifier: MIT */
/* ktests for I/O-port ranges: grants, refusals, bounds, real devices. */
#include "io/io.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/time.h>

#include "arch/x86_64/acpi/acpi.h"
#include "io/io_test.h"
#include "ktest/panic_probe.h"
#include "lib/handle.h"

KTEST(io_port_frame_ports_refused)
{
	static const struct {
		uint16_t base, count;
	} frame_owned[] = {
		{ 0x3f8, 1 }, { 0x3ff, 1 }, { 0x3f0, 16 }, { 0x20, 1 },
		{ 0x21, 1 },  { 0x40, 4 },  { 0x43, 1 },   { 0x61, 1 },
		{ 0x70, 2 },  { 0x71, 1 },  { 0xa0, 2 },   { 0xcf8, 4 },
		{ 0xcfc, 4 }, { 0xcff, 1 }, { 0xf4, 1 },   { 0x0, 0x100 },
	};
	struct io_port_range *r;

	for (size_t i = 0; i < ARRAY_SIZE(frame_owned); i++)
		KT_ASSERT_ERR(io_port_claim(frame_owned[i].base,
					    frame_owned[i].count, &r),
			      -EPERM);
	/* Just beside them is fine. */
	KT_ASSERT_OK(io_port_claim(0x3f0, 8, &r));
	io_port_release(r);
}

KTEST(io_port_bad_ranges)
{
	struct io_port_range *r;

	KT_ASSERT_ERR(io_port_claim(0x3c0, 0, &r), -EINVAL);
	KT_ASSERT_ERR(io_port_claim(0xffff, 2, &r), -EINVAL);
	KT_ASSERT_ERR(io_port_claim(0xff00, 0xffff, &r), -EINVAL);
	/* The very last port is a port. */
	KT_ASSERT_OK(io_port_claim(0xfff0, 16, &r));
	KT_ASSERT_EQ(io_port_count(r), 16);
	io_port_release(r);
}

KTEST(io_port_granted_once)
{
	struct io_port_range *a, *b;

	KT_ASSERT_OK(io_port_claim(0x3c4, 2, &a));
	KT_ASSERT_ERR(io_port_claim(0x3c4, 2, &b), -EBUSY);
	KT_ASSERT_ERR(io_port_claim(0x3c5, 1, &b), -EBUSY);
	KT_ASSERT_ERR(io_port_claim(0x3c0, 8, &b), -EBUSY);
	KT_ASSERT_OK(io_port_claim(0x3c6, 2, &b)); /* adjacent */
	io_port_release(b);
	io_port_release(a);
	KT_ASSERT_OK(io_port_claim(0x3c5, 1, &b));
	io_port_release(b);
}

KTEST(io_port_bounds_and_alignment)
{
	struct io_port_range *r;
	uint32_t v32 = 0xabababab;
	uint16_t v16 = 0xabab;
	uint8_t v8 = 0xab;

	KT_ASSERT_OK(io_port_claim(0x3c4, 4, &r));
	KT_ASSERT_ERR(io_port_read8(r, 4, &v8), -ERANGE);
	KT_ASSERT_ERR(io_port_read16(r, 3, &v16), -ERANGE);
	KT_ASSERT_ERR(io_port_read32(r, 2, &v32), -ERANGE);
	KT_ASSERT_ERR(io_port_read16(r, 0xffff, &v16), -ERANGE);
	KT_ASSERT_ERR(io_port_read16(r, 1, &v16), -EINVAL);
	KT_ASSERT_ERR(io_port_write16(r, 1, 0), -EINVAL);
	KT_ASSERT_ERR(io_port_write32(r, 4, 0), -ERANGE);
	KT_ASSERT_ERR(io_port_write8(r, 4, 0), -ERANGE);
	/* Failed reads leave the result alone. */
	KT_ASSERT_EQ(v8, 0xab);
	KT_ASSERT_EQ(v16, 0xabab);
	KT_ASSERT_EQ(v32, 0xabababab);
	io_port_release(r);
}

/*
 * The VGA sequencer's index/data pair at 0x3c4: register 2 (the plane
 * mask) keeps the low four bits written to it. A 16-bit write sets index
 * and data at once, the classic VGA idiom.
 */
KTEST(io_port_vga_sequencer_8_and_16_bit)
{
	struct io_port_range *r;
	uint16_t v16;
	uint8_t v8;

	KT_ASSERT_OK(io_port_claim(0x3c4, 2, &r));
	KT_ASSERT_OK(io_port_write16(r, 0, 0x0502));
	KT_ASSERT_OK(io_port_read8(r, 0, &v8));
	KT_ASSERT_EQ(v8, 2);
	KT_ASSERT_OK(io_port_read8(r, 1, &v8));
	KT_ASSERT_EQ(v8, 0x05);
	KT_ASSERT_OK(io_port_write8(r, 1, 0x0a));
	KT_ASSERT_OK(io_port_read16(r, 0, &v16));
	KT_ASSERT_EQ(v16, 0x0a02);
	KT_ASSERT_OK(io_port_write8(r, 1, 0x0f)); /* all planes, as before */
	io_port_release(r);
}

/* The FADT's PM_TMR_BLK: the ACPI power-management timer's port. */
#define FADT_PM_TMR_BLK 76

/* The ACPI PM timer counts at 3.58 MHz: two 32-bit reads 1 ms apart. */
KTEST(io_port_acpi_pm_timer_32_bit)
{
	struct io_port_range *r;
	uint32_t port = 0, t0 = 0, t1 = 0;
	uint8_t *fadt;
	size_t len;

	KT_ASSERT_OK(arch_acpi_table_copy("FACP", (void **)&fadt, &len));
	if (len >= FADT_PM_TMR_BLK + 4)
		memcpy(&port, fadt + FADT_PM_TMR_BLK, 4);
	frame_free(fadt);
	KT_ASSERT_NE(port, 0);
	KT_ASSERT_OK(io_port_claim((uint16_t)port, 4, &r));
	KT_ASSERT_OK(io_port_read32(r, 0, &t0));
	frame_delay_us(1000);
	KT_ASSERT_OK(io_port_read32(r, 0, &t1));
	io_port_release(r);
	/* 24 bits at least; 1 ms is about 3580 counts (wrap aside). */
	KT_ASSERT_NE((t1 - t0) & 0xffffff, 0);
}

KTEST(io_port_bar_granted_once_and_refused_to_claim)
{
	struct pci_dev *nic = io_test_dev(E1000E_VENDOR, E1000E_DEVICE);
	struct io_port_range *r, *again;
	struct pci_bar_info bar;
	uint32_t raw;

	KT_ASSERT_NOT_NULL(nic);
	KT_ASSERT_OK(pci_bar_info(nic, E1000E_BAR_IO, &bar));
	KT_ASSERT_EQ(bar.kind, PCI_BAR_IO);
	KT_ASSERT_EQ(bar.size, 32);
	KT_ASSERT_OK(pci_config_read32(nic, 0x10 + 4 * E1000E_BAR_IO, &raw));
	/* A service cannot claim a device's ports by number... */
	KT_ASSERT_ERR(io_port_claim((uint16_t)(raw & ~3u), 1, &r), -EPERM);
	/* ...only through the device, once. */
	KT_ASSERT_OK(pci_bar_ports(nic, E1000E_BAR_IO, &r));
	KT_ASSERT_EQ(io_port_count(r), 32);
	KT_ASSERT_ERR(pci_bar_ports(nic, E1000E_BAR_IO, &again), -EBUSY);
	KT_ASSERT_ERR(pci_bar_ports(nic, E1000E_BAR_MMIO, &again), -ENODEV);
	KT_ASSERT_ERR(pci_bar_ports(nic, 6, &again), -EINVAL);
	io_port_release(r);
	KT_ASSERT_OK(pci_bar_ports(nic, E1000E_BAR_IO, &r));
	io_port_release(r);
}

/* One more than the frame's table holds. */
static struct io_port_range *all[65];

KTEST(io_port_table_fills_and_reuses_slots_last)
{
	struct io_port_range *extra, *first, *again;
	unsigned int n = 0;
	int ret;

	/* One port each, from 0x1000 up (nothing of the frame's there). */
	while (n < ARRAY_SIZE(all) &&
	       !(ret = io_port_claim((uint16_t)(0x1000 + n), 1, &all[n])))
		n++;
	KT_ASSERT_EQ(ret, -ENOSPC);
	KT_ASSERT_GT(n, 0);
	KT_ASSERT_ERR(io_port_claim(0x2000, 1, &extra), -ENOSPC);
	for (unsigned int i = 0; i < n; i++)
		io_port_release(all[i]);

	/* A released slot is not the next one handed out. */
	KT_ASSERT_OK(io_port_claim(0x3c4, 1, &first));
	io_port_release(first);
	KT_ASSERT_OK(io_port_claim(0x3c4, 1, &again));
	KT_ASSERT_NE(again, first);
	io_port_release(again);
}

static void port_count_of(void *arg)
{
	const struct io_port_range *range = arg;

	(void)io_port_count(range);
}

KTEST(io_port_stale_handle_panics_after_its_slot_is_granted_again)
{
	struct io_port_range *old, *now = NULL;
	char msg[128];

	KT_ASSERT_OK(io_port_claim(0x3c4, 1, &old));
	io_port_release(old);
	/* Claim and release until a live range sits in the old one's slot:
	 * a plain pointer to the slot would pass for it now. */
	for (int i = 0; i < (int)ARRAY_SIZE(all); i++) {
		KT_ASSERT_OK(io_port_claim(0x3c4, 1, &now));
		if (((uintptr_t)now & HANDLE_INDEX_MASK) ==
		    ((uintptr_t)old & HANDLE_INDEX_MASK))
			break;
		io_port_release(now);
		now = NULL;
	}
	KT_ASSERT_NOT_NULL(now);
	KT_ASSERT_NE(now, old);
	KT_ASSERT_EQ(ktest_panic_probe(port_count_of, old, msg, sizeof(msg)),
		     1);
	KT_ASSERT(ktest_msg_has(msg, "released"));
	KT_ASSERT_EQ(io_port_count(now), 1);
	io_port_release(now);
}
