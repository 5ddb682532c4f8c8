/* SPDX-License-Identifier: MIT */
/* Polling driver for the 16550 UART on COM1. */
#include "console/serial.h"

#include <frame/errno.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/layout.h"

/* Register offsets from the base port (DLAB = 0 unless noted). */
#define UART_DATA 0 /* RBR/THR; DLL when DLAB = 1 */
#define UART_IER  1 /* interrupt enable; DLM when DLAB = 1 */
#define UART_FCR  2 /* FIFO control (write) */
#define UART_LCR  3 /* line control */
#define UART_MCR  4 /* modem control */
#define UART_LSR  5 /* line status */

#define LCR_8N1		    0x03
#define LCR_DLAB	    0x80
#define FCR_ENABLE_CLEAR_14 0xc7 /* FIFOs on, both cleared, 14-byte level */
#define MCR_DTR_RTS_OUT2    0x0b
#define MCR_LOOPBACK	    0x1e
#define LSR_DATA_READY	    0x01
#define LSR_THR_EMPTY	    0x20
#define LSR_TX_EMPTY	    0x40 /* holding and shift registers both */
#define FCR_ENABLE_CLEAR_1  0x07 /* FIFOs on, both cleared, 1-byte level */
#define IER_RX_DATA	    0x01
#define IER_RX_LINE_STATUS  0x04
#define MCR_LOOP	    0x10

/* 115200 baud = the 1.8432 MHz UART clock / 16 / divisor 1. */
#define BAUD_DIVISOR 1

/* Bounded wait for the transmitter, so a wedged UART cannot hang a panic. */
#define TX_SPIN_LIMIT 1000000

static bool serial_present;

int frame_serial_init(void)
{
	const uint16_t port = COM1_PORT;

	arch_outb(port + UART_IER, 0x00);
	arch_outb(port + UART_LCR, LCR_DLAB);
	arch_outb(port + UART_DATA, BAUD_DIVISOR & 0xff);
	arch_outb(port + UART_IER, BAUD_DIVISOR >> 8);
	arch_outb(port + UART_LCR, LCR_8N1);
	arch_outb(port + UART_FCR, FCR_ENABLE_CLEAR_14);

	/* A byte sent in loopback mode must come back, or there is no UART. */
	arch_outb(port + UART_MCR, MCR_LOOPBACK);
	arch_outb(port + UART_DATA, 0xa5);
	serial_present = arch_inb(port + UART_DATA) == 0xa5;

	arch_outb(port + UART_MCR, MCR_DTR_RTS_OUT2);
	return serial_present ? 0 : -ENODEV;
}

static void serial_putc(char c)
{
	for (int i = 0; i < TX_SPIN_LIMIT; i++) {
		if (arch_inb(COM1_PORT + UART_LSR) & LSR_THR_EMPTY)
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
	arch_outb(COM1_PORT + UART_FCR, FCR_ENABLE_CLEAR_1);
	arch_outb(COM1_PORT + UART_IER, IER_RX_DATA | IER_RX_LINE_STATUS);
}

bool frame_serial_rx_poll(uint8_t *byte)
{
	if (!serial_present ||
	    !(arch_inb(COM1_PORT + UART_LSR) & LSR_DATA_READY))
		return false;
	*byte = arch_inb(COM1_PORT + UART_DATA);
	return true;
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
		if (arch_inb(COM1_PORT + UART_LSR) & LSR_TX_EMPTY)
			break;
		arch_cpu_relax();
	}
}
