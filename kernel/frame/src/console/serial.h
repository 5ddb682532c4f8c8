/* SPDX-License-Identifier: MIT */
/* The 16550 UART on COM1 that carries the kernel console. */
#ifndef CONSOLE_SERIAL_H
#define CONSOLE_SERIAL_H

#include <frame/types.h>

/*
 * frame_serial_init() - program COM1 for 115200 baud, 8N1, FIFOs on
 *
 * Returns 0, or -ENODEV when no UART answers the loopback test; the write
 * functions then drop their input instead of polling a missing device.
 */
int frame_serial_init(void);

/*
 * frame_serial_write() - send @n bytes, turning "\n" into "\r\n"
 *
 * Polls the transmitter; the caller serialises (the console lock).
 */
void frame_serial_write(const char *s, size_t n);

/* frame_serial_present() - whether frame_serial_init() found a UART */
bool frame_serial_present(void);

/* frame_serial_write_raw() - send @n bytes as they are; caller serialises */
void frame_serial_write_raw(const char *s, size_t n);

/*
 * Receiving, for console/input.c. frame_serial_rx_enable() sets the
 * receive FIFO's trigger level to one byte (a console wants every key at
 * once) and enables the received-data interrupt (and the line-status one,
 * so an overrun also interrupts), without resetting the receive FIFO;
 * frame_serial_rx_poll() takes one byte, first from those that
 * frame_serial_init() took out of the receiver during setup (input typed
 * ahead of the kernel), then from the receiver, returning false when
 * there is none.
 * Called with the receive side's lock held or from its hard handler.
 */
void frame_serial_rx_enable(void);
bool frame_serial_rx_poll(uint8_t *byte);

/*
 * frame_serial_loopback() - turn the 16550's loopback mode on or off:
 * while on, what is sent comes back to the receiver instead of leaving
 * the machine. For ktests of the receive path; the caller holds the
 * console lock throughout, so no console output goes into the loop.
 * frame_serial_tx_drain() waits (bounded) until the transmitter is empty.
 */
void frame_serial_loopback(bool on);
void frame_serial_tx_drain(void);

#endif /* CONSOLE_SERIAL_H */
