/* SPDX-License-Identifier: MIT */
/* Driver for the 16550 UART on COM1: polled output, input for console/input.c.
 */
#include "console/serial.h"

#include <frame/compiler.h>
#include <frame/errno.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/layout.h"

/* Register offsets from the base port (DLAB = 0 unless noted). */
#define UART_DATA 0 /* RBR/THR; DLL when DLAB = 1 */
#define UART_IER  1 /* interrupt enable; DLM when DLAB = 1 */
#define UART_IIR  2 /* interrupt identification (read) */
#define UART_FCR  2 /* FIFO control (write) */
#define UART_LCR  3 /* line control */
#define UART_MCR  4 /* modem control */
#define UART_LSR  5 /* line status */
#define UART_SCR  7 /* scratch */

#define LCR_8N1		   0x03
#define LCR_DLAB	   0x80
#define IIR_FIFOS_ON	   0xc0 /* both bits set: the FIFOs are on */
#define FCR_ENABLE_1	   0x01 /* FIFOs on, 1-byte level, nothing cleared */
#define MCR_DTR_RTS_OUT2   0x0b
#define MCR_LOOP	   0x10
#define LSR_DATA_READY	   0x01
#define LSR_OVERRUN	   0x02
#define LSR_THR_EMPTY	   0x20
#define LSR_TX_EMPTY	   0x40 /* holding and shift registers both */
#define IER_RX_DATA	   0x01
#define IER_RX_LINE_STATUS 0x04

/* 115200 baud = the 1.8432 MHz UART clock / 16 / divisor 1. */
#define BAUD_DIVISOR 1

/* Bounded wait for the transmitter, so a wedged UART cannot hang a panic. */
#define TX_SPIN_LIMIT 1000000

static bool serial_present;
/* The loader left the FIFOs on (firmware does; power-on does not). */
static bool fifo_on;
/* Bytes the receiver lost because the one before was not read in time. */
static uint64_t overruns;

/* Read LSR, counting an overrun it reports (reading it clears the bit).
 * Only while serial_present: a missing port reads 0xff. */
static uint8_t lsr_read(void)
{
	uint8_t lsr = arch_inb(COM1_PORT + UART_LSR);

	if (lsr & LSR_OVERRUN)
		__atomic_fetch_add(&overruns, 1, __ATOMIC_RELAXED);
	return lsr;
}

/*
 * Whether a UART answers at @port: its scratch register keeps what is
 * written to it (a missing port reads 0xff whatever was written). The
 * data path is left alone: a loopback byte would overwrite a received
 * one in a UART whose FIFOs are off.
 */
static bool serial_probe(uint16_t port)
{
	static const uint8_t patterns[] = { 0x5a, 0xa5, 0x00 };

	for (size_t i = 0; i < ARRAY_SIZE(patterns); i++) {
		arch_outb(port + UART_SCR, patterns[i]);
		if (arch_inb(port + UART_SCR) != patterns[i])
			return false;
	}
	return true;
}

/*
 * Input typed ahead of the kernel stays in the UART (and in the host
 * behind it) until console input drains it: the set-up never resets the
 * receiver and never loops bytes back into it. Both lose input: on a
 * 16550, turning the FIFOs on or off resets them, and a byte that lands
 * in the receiver just before that is gone, whatever the kernel drained
 * first (QEMU hands the next byte over a few microseconds after each
 * read, or much later on a loaded host, so no wait closes the window);
 * and with the FIFOs off a loopback byte overwrites a received one. So
 * the FIFOs stay as the loader left them: off after power-on (a UART
 * that holds one byte; QEMU then holds the rest back until it is read),
 * or on, when only the trigger level is set, which resets nothing.
 */
int frame_serial_init(void)
{
	const uint16_t port = COM1_PORT;

	arch_outb(port + UART_IER, 0x00);
	serial_present = serial_probe(port);
	if (!serial_present)
		return -ENODEV;
	arch_outb(port + UART_LCR, LCR_DLAB);
	arch_outb(port + UART_DATA, BAUD_DIVISOR & 0xff);
	arch_outb(port + UART_IER, BAUD_DIVISOR >> 8);
	arch_outb(port + UART_LCR, LCR_8N1);
	fifo_on = (arch_inb(port + UART_IIR) & IIR_FIFOS_ON) == IIR_FIFOS_ON;
	if (fifo_on)
		arch_outb(port + UART_FCR, FCR_ENABLE_1);
	arch_outb(port + UART_MCR, MCR_DTR_RTS_OUT2);
	return 0;
}

static void serial_putc(char c)
{
	for (int i = 0; i < TX_SPIN_LIMIT; i++) {
		if (lsr_read() & LSR_THR_EMPTY)
			break;
		arch_cpu_relax();
	}
	arch_outb(COM1_PORT + UART_DATA, (uint8_t)c);
}

void frame_serial_write(const char *s, size_t n)
{
	if (!serial_present)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

bool frame_serial_present(void)
{
	return serial_present;
}

void frame_serial_write_raw(const char *s, size_t n)
{
	if (!serial_present)
		return;
	for (size_t i = 0; i < n; i++)
		serial_putc(s[i]);
}

void frame_serial_rx_enable(void)
{
	if (!serial_present)
		return;
	arch_outb(COM1_PORT + UART_IER, IER_RX_DATA | IER_RX_LINE_STATUS);
}

bool frame_serial_rx_poll(uint8_t *byte)
{
	if (!serial_present || !(lsr_read() & LSR_DATA_READY))
		return false;
	/* A read outside loopback mode is also what lets QEMU hand over
	 * the next byte it holds (see frame_serial_loopback()). */
	*byte = arch_inb(COM1_PORT + UART_DATA);
	return true;
}

bool frame_serial_rx_pending(void)
{
	return serial_present && (lsr_read() & LSR_DATA_READY);
}

uint64_t frame_serial_rx_overruns(void)
{
	return __atomic_load_n(&overruns, __ATOMIC_RELAXED);
}

bool frame_serial_fifo_on(void)
{
	return fifo_on;
}

void frame_serial_loopback(bool on)
{
	if (!serial_present)
		return;
	arch_outb(COM1_PORT + UART_MCR,
		  on ? MCR_DTR_RTS_OUT2 | MCR_LOOP : MCR_DTR_RTS_OUT2);
}

void frame_serial_tx_drain(void)
{
	for (int i = 0; serial_present && i < TX_SPIN_LIMIT; i++) {
		if (lsr_read() & LSR_TX_EMPTY)
			break;
		arch_cpu_relax();
	}
}
