/* SPDX-License-Identifier: MIT */
/* The 16550 UART on COM1 that carries the kernel console. */
#ifndef CONSOLE_SERIAL_H
#define CONSOLE_SERIAL_H

#include <frame/types.h>

/*
 * frame_serial_init() - program COM1 for 115200 baud, 8N1
 *
 * Returns 0, or -ENODEV when no UART answers (its scratch register does
 * not keep what is written); the write functions then drop their input
 * instead of polling a missing device. Loses no input typed ahead: the
 * receiver is never reset, so the FIFOs stay as the loader left them
 * (serial.c says why).
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

/* frame_serial_fifo_on() - whether the UART's 16-byte FIFOs are on (as
 * the loader left them: UEFI firmware turns them on) */
bool frame_serial_fifo_on(void);

/* frame_serial_write_raw() - send @n bytes as they are; caller serialises */
void frame_serial_write_raw(const char *s, size_t n);

/*
 * Receiving, for console/input.c. frame_serial_rx_enable() enables the
 * received-data interrupt (and the line-status one, so an overrun also
 * interrupts), resetting nothing; frame_serial_rx_poll() takes one byte
 * from the receiver, returning false when there is none;
 * frame_serial_rx_pending() says whether one is waiting there.
 * Called with the receive side's lock held or from its hard handler
 * (rx_pending: anywhere).
 */
void frame_serial_rx_enable(void);
bool frame_serial_rx_poll(uint8_t *byte);
bool frame_serial_rx_pending(void);

/* frame_serial_rx_overruns() - bytes the receiver lost since boot because
 * the one before them was not read in time (the overrun bit of LSR,
 * counted by every read of that register) */
uint64_t frame_serial_rx_overruns(void);

/*
 * frame_serial_loopback() - turn the 16550's loopback mode on or off:
 * while on, what is sent comes back to the receiver instead of leaving
 * the machine. For ktests of the receive path; the caller holds the
 * console lock throughout, so no console output goes into the loop, and
 * sends one byte at a time, each once the last was taken (with the FIFOs
 * off the receiver holds one byte, and a second overwrites it).
 * Reads made in loopback mode do not make QEMU hand over the host input
 * it holds back; reads outside it do.
 * frame_serial_tx_drain() waits (bounded) until the transmitter is empty.
 */
void frame_serial_loopback(bool on);
void frame_serial_tx_drain(void);

#endif /* CONSOLE_SERIAL_H */
