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

#endif /* CONSOLE_SERIAL_H */
