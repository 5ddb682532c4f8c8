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

#define LCR_8N1	 0x03
#define LCR_DLAB 0x80
/* FIFOs on, 14-byte level. No clear bits: bytes typed ahead stay. */
#define FCR_ENABLE_14	   0xc1
#define MCR_DTR_RTS_OUT2   0x0b
#define MCR_LOOPBACK	   0x1e
#define LSR_DATA_READY	   0x01
#define LSR_THR_EMPTY	   0x20
#define LSR_TX_EMPTY	   0x40 /* holding and shift registers both */
#define FCR_ENABLE_1	   0x01 /* FIFOs on, 1-byte level, nothing cleared */
#define IER_RX_DATA	   0x01
#define IER_RX_LINE_STATUS 0x04
#define MCR_LOOP	   0x10

/* 115200 baud = the 1.8432 MHz UART clock / 16 / divisor 1. */
#define BAUD_DIVISOR 1

/* Bounded wait for the transmitter, so a wedged UART cannot hang a panic. */
#define TX_SPIN_LIMIT 1000000
/* Bounded wait for the loopback probe's byte (a character time is 87 us
 * at 115200 baud; a port read takes about 1 us). */
#define PROBE_SPIN_LIMIT 10000
#define PROBE_BYTE	 0xa5

static bool serial_present;

/*
 * Bytes received before console input is on: typed ahead while the UART
 * was being set up, they are taken out of the receiver so that the FIFO
 * reset of enabling the FIFOs and the loopback probe cannot lose them,
 * and frame_serial_rx_poll() hands them out before anything else. Only
 * frame_serial_init() fills it, before interrupts are on; the receive
 * side's lock serialises the taking.
 */
static struct {
	uint8_t buf[256];
	size_t len, pos;
} early;

/* Keep one received byte in the early buffer (dropped when it is full). */
static void early_keep(uint8_t b)
{
	if (early.len < sizeof(early.buf))
		early.buf[early.len++] = b;
}

/* Move what the receiver holds into the early buffer, while it has room
 * (the rest waits in the FIFO). */
static void early_drain(uint16_t port)
{
	while (early.len < sizeof(early.buf) &&
	       (arch_inb(port + UART_LSR) & LSR_DATA_READY))
		early_keep(arch_inb(port + UART_DATA));
}

/*
 * The loopback probe: send PROBE_BYTE to ourselves and wait for it,
 * keeping the received bytes queued ahead of it. A FIFO that filled up
 * again since the drain would drop the probe (an overrun): try again.
 */
static bool serial_probe(uint16_t port)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		early_drain(port);
		arch_outb(port + UART_DATA, PROBE_BYTE);
		for (int i = 0; i < PROBE_SPIN_LIMIT; i++) {
			uint8_t b;

			if (!(arch_inb(port + UART_LSR) & LSR_DATA_READY))
				continue;
			b = arch_inb(port + UART_DATA);
			if (b == PROBE_BYTE)
				return true;
			early_keep(b);
		}
	}
	return false;
}

int frame_serial_init(void)
{
	const uint16_t port = COM1_PORT;

	arch_outb(port + UART_IER, 0x00);
	arch_outb(port + UART_LCR, LCR_DLAB);
	arch_outb(port + UART_DATA, BAUD_DIVISOR & 0xff);
	arch_outb(port + UART_IER, BAUD_DIVISOR >> 8);
	arch_outb(port + UART_LCR, LCR_8N1);
	/* Turning the FIFOs on resets them on a 16550: take what came first. */
	early_drain(port);
	arch_outb(port + UART_FCR, FCR_ENABLE_14);

	/*
	 * A byte sent in loopback mode must come back, or there is no UART.
	 * It lines up behind whatever was received: keep those bytes.
	 */
	arch_outb(port + UART_MCR, MCR_LOOPBACK);
	serial_present = serial_probe(port);

	arch_outb(port + UART_MCR, MCR_DTR_RTS_OUT2);
	if (!serial_present)
		early.len = 0; /* what a missing port reads is not input */
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
	/* The FIFOs stay on, so this resets nothing: typed-ahead bytes are
	 * still there for the first drain. */
	arch_outb(COM1_PORT + UART_FCR, FCR_ENABLE_1);
	arch_outb(COM1_PORT + UART_IER, IER_RX_DATA | IER_RX_LINE_STATUS);
}

bool frame_serial_rx_poll(uint8_t *byte)
{
	if (early.pos < early.len) {
		*byte = early.buf[early.pos++];
		return true;
	}
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
