/* SPDX-License-Identifier: MIT */
/* ktests for MSI (the edu device) and MSI-X (the e1000e) set up by the frame.
 */
#include "io/io.h"

#include <frame/errno.h>
#include <frame/irq.h>
#include <frame/ktest.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/cpu.h"
#include "io/io_test.h"
#include "io/pci_internal.h"
#include "irq/irq.h"

/* What the hard handlers saw; the tests own one device at a time. */
static struct {
	struct io_mem *win;
	unsigned int calls;
	uint32_t status;
} seen;

/* Wait until seen.calls reaches @want, or @ms milliseconds have passed. */
static bool wait_calls(unsigned int want, uint64_t ms)
{
	uint64_t start = frame_clock_monotonic_ns();

	while (__atomic_load_n(&seen.calls, __ATOMIC_ACQUIRE) < want) {
		if (frame_clock_monotonic_ns() - start > ms * 1000000)
			return false;
		arch_irq_enable_and_halt();
	}
	return true;
}

/* The edu device's interrupt: read the cause, acknowledge it. */
static void edu_irq(struct irq_handler *handler, struct irq_line *line)
{
	uint32_t status = 0;

	(void)line;
	(void)handler;
	io_mem_read32(seen.win, EDU_IRQ_STATUS, &status);
	io_mem_write32(seen.win, EDU_IRQ_ACK, status);
	seen.status = status;
	__atomic_fetch_add(&seen.calls, 1, __ATOMIC_RELEASE);
}

static struct irq_handler edu_irq_handler = IRQ_HANDLER_INIT(edu_irq);

KTEST(pci_msi_delivers_the_edu_interrupt)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	const struct pci_dev *raw = pci_dev_check(d);
	struct irq_line *line;
	uint16_t ctrl = 0, cmd = 0;
	uint32_t data = 0;

	KT_ASSERT_NOT_NULL(d);
	seen.calls = 0;
	KT_ASSERT_OK(pci_bar_map(d, 0, &seen.win));
	KT_ASSERT_OK(irq_line_alloc(&line));
	KT_ASSERT_OK(irq_line_request(line, &edu_irq_handler));
	KT_ASSERT_OK(pci_msi_enable(d, line));
	KT_ASSERT_OK(pci_dev_set_bus_master(d, true));

	/* The frame wrote the capability: enabled, the line's vector in
	 * the data word (64-bit layout), INTx off. */
	KT_ASSERT_OK(pci_config_read16(d, raw->msi_cap + 2, &ctrl));
	KT_ASSERT(ctrl & 1);
	KT_ASSERT_OK(pci_config_read32(d, raw->msi_cap + 12, &data));
	KT_ASSERT_EQ(data & 0xffff, irq_line_vector(line));
	KT_ASSERT_OK(pci_config_read16(d, PCI_COMMAND, &cmd));
	KT_ASSERT(cmd & PCI_COMMAND_INTX_OFF);

	KT_ASSERT_OK(io_mem_write32(seen.win, EDU_IRQ_RAISE, 0x5));
	KT_ASSERT(wait_calls(1, 1000));
	KT_ASSERT_EQ(seen.status, 0x5);
	KT_ASSERT_OK(io_mem_write32(seen.win, EDU_IRQ_RAISE, 0x40));
	KT_ASSERT(wait_calls(2, 1000));
	KT_ASSERT_EQ(seen.status, 0x40);
	KT_ASSERT_EQ(irq_line_count(line), 2);

	/* A second enable, or MSI-X besides, is refused. */
	KT_ASSERT_ERR(pci_msi_enable(d, line), -EBUSY);
	KT_ASSERT_ERR(pci_msix_enable(d), -ENODEV);

	KT_ASSERT_OK(pci_msi_disable(d));
	KT_ASSERT_ERR(pci_msi_disable(d), -EINVAL);
	KT_ASSERT_OK(pci_config_read16(d, PCI_COMMAND, &cmd));
	KT_ASSERT(!(cmd & PCI_COMMAND_INTX_OFF));
	KT_ASSERT_OK(pci_dev_set_bus_master(d, false));
	irq_line_free(line);
	io_mem_release(seen.win);
}

/* MSI is a memory write: without bus mastering it never arrives. */
KTEST(pci_msi_needs_bus_mastering)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct irq_line *line;

	KT_ASSERT_NOT_NULL(d);
	seen.calls = 0;
	KT_ASSERT_OK(pci_bar_map(d, 0, &seen.win));
	KT_ASSERT_OK(irq_line_alloc(&line));
	KT_ASSERT_OK(irq_line_request(line, &edu_irq_handler));
	KT_ASSERT_OK(pci_msi_enable(d, line));
	KT_ASSERT_OK(io_mem_write32(seen.win, EDU_IRQ_RAISE, 0x1));
	KT_ASSERT(!wait_calls(1, 50));
	KT_ASSERT_OK(io_mem_write32(seen.win, EDU_IRQ_ACK, 0x1));
	KT_ASSERT_OK(pci_msi_disable(d));
	irq_line_free(line);
	io_mem_release(seen.win);
}

KTEST(pci_msi_rules)
{
	struct pci_dev *edu = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct pci_dev *host = io_test_dev(0x8086, 0x29c0);
	struct irq_line *plain, *pin;

	KT_ASSERT_NOT_NULL(edu);
	KT_ASSERT_NOT_NULL(host);
	KT_ASSERT_OK(irq_line_alloc(&plain));
	KT_ASSERT_OK(irq_line_alloc_gsi(
		22, IRQ_LINE_LEVEL | IRQ_LINE_ACTIVE_LOW, &pin));
	/* A pin-backed line has no message. */
	KT_ASSERT_ERR(pci_msi_enable(edu, pin), -EINVAL);
	KT_ASSERT_ERR(pci_msi_enable(host, plain), -ENODEV);
	KT_ASSERT_ERR(pci_msix_enable(host), -ENODEV);
	KT_ASSERT_ERR(pci_msix_bind(edu, 0, plain), -EINVAL);
	KT_ASSERT_ERR(pci_msix_unbind(edu, 0), -EINVAL);
	KT_ASSERT_ERR(pci_msix_disable(edu), -EINVAL);
	irq_line_free(pin);
	irq_line_free(plain);
}

/* The e1000e's interrupt: read the causes, clear them (write 1s). */
static void nic_irq(struct irq_handler *handler, struct irq_line *line)
{
	uint32_t icr = 0;

	(void)line;
	(void)handler;
	io_mem_read32(seen.win, E1000E_ICR, &icr);
	io_mem_write32(seen.win, E1000E_ICR, icr);
	seen.status = icr;
	__atomic_fetch_add(&seen.calls, 1, __ATOMIC_RELEASE);
}

static struct irq_handler nic_irq_handler = IRQ_HANDLER_INIT(nic_irq);

/*
 * MSI-X on the e1000e: the receive and transmit queue 0 causes routed
 * (IVAR) to table entry 1, raised by writing the cause-set register.
 * Unbinding masks the entry; the device then holds the message pending
 * and sends it when the entry is bound (unmasked) again. (The second
 * interrupt uses another cause: the e1000e model sends one message per
 * new cause.)
 */
KTEST(pci_msix_delivers_the_e1000e_interrupt)
{
	struct pci_dev *nic = io_test_dev(E1000E_VENDOR, E1000E_DEVICE);
	const struct pci_dev *raw = pci_dev_check(nic);
	struct irq_line *line, *other;
	uint16_t ctrl = 0;

	KT_ASSERT_NOT_NULL(nic);
	seen.calls = 0;
	KT_ASSERT_OK(pci_bar_map(nic, E1000E_BAR_MMIO, &seen.win));
	KT_ASSERT_OK(irq_line_alloc(&line));
	KT_ASSERT_OK(irq_line_alloc(&other));
	KT_ASSERT_OK(irq_line_request(line, &nic_irq_handler));
	KT_ASSERT_ERR(pci_msix_bind(nic, 1, line), -EINVAL); /* not on yet */
	KT_ASSERT_OK(pci_msix_enable(nic));
	KT_ASSERT_ERR(pci_msix_enable(nic), -EBUSY);
	KT_ASSERT_ERR(pci_msi_enable(nic, other), -EBUSY);
	KT_ASSERT_ERR(pci_msix_bind(nic, 5, line), -EINVAL);
	KT_ASSERT_OK(pci_msix_bind(nic, 0, other));
	KT_ASSERT_OK(pci_msix_bind(nic, 1, line));
	KT_ASSERT_OK(pci_config_read16(nic, raw->msix_cap + 2, &ctrl));
	KT_ASSERT(ctrl & 0x8000);
	KT_ASSERT(!(ctrl & 0x4000));
	KT_ASSERT_OK(pci_dev_set_bus_master(nic, true));

	KT_ASSERT_OK(io_mem_write32(seen.win, E1000E_IVAR,
				    (E1000E_IVAR_VALID | 1) |
					    (E1000E_IVAR_VALID | 1) << 8));
	KT_ASSERT_OK(io_mem_write32(seen.win, E1000E_IMS,
				    E1000E_ICR_RXQ0 | E1000E_ICR_TXQ0));
	KT_ASSERT_OK(io_mem_write32(seen.win, E1000E_ICS, E1000E_ICR_RXQ0));
	KT_ASSERT(wait_calls(1, 1000));
	KT_ASSERT(seen.status & E1000E_ICR_RXQ0);
	KT_ASSERT_EQ(irq_line_count(line), 1);
	KT_ASSERT_EQ(irq_line_count(other), 0);

	/* Masked: held pending, delivered on the next bind. */
	KT_ASSERT_OK(pci_msix_unbind(nic, 1));
	KT_ASSERT_OK(io_mem_write32(seen.win, E1000E_ICS, E1000E_ICR_TXQ0));
	KT_ASSERT(!wait_calls(2, 50));
	KT_ASSERT_OK(pci_msix_bind(nic, 1, line));
	KT_ASSERT(wait_calls(2, 1000));
	KT_ASSERT(seen.status & E1000E_ICR_TXQ0);
	KT_ASSERT_EQ(irq_line_count(line), 2);

	KT_ASSERT_OK(io_mem_write32(seen.win, E1000E_IMC, ~0u));
	KT_ASSERT_OK(pci_dev_set_bus_master(nic, false));
	KT_ASSERT_OK(pci_msix_disable(nic));
	KT_ASSERT_ERR(pci_msix_disable(nic), -EINVAL);
	KT_ASSERT_OK(pci_config_read16(nic, raw->msix_cap + 2, &ctrl));
	KT_ASSERT(!(ctrl & 0x8000));
	irq_line_free(other);
	irq_line_free(line);
	io_mem_release(seen.win);
}
