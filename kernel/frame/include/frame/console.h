/* SPDX-License-Identifier: MIT */
/* The serial console as a byte stream, for a tty service: input and output. */
#ifndef FRAME_CONSOLE_H
#define FRAME_CONSOLE_H

#include <frame/compiler.h>
#include <frame/sync.h>
#include <frame/types.h>

/*
 * Why in the frame: the console is the 16550 UART on COM1, reached
 * through I/O ports that only the frame may touch, and the frame's log
 * and panic reports share it. Its receive interrupt (ISA IRQ 4) is taken
 * by the frame, which drains the UART into a receive queue of
 * FRAME_CONSOLE_RX_SIZE bytes; a service reads from the queue. Bytes are
 * raw: no echo, no line editing, no CR/LF translation, in either
 * direction. That is the tty service's line discipline.
 *
 * When the queue is full, further bytes are dropped and counted
 * (frame_console_rx_dropped()). Without a UART, or when the frame could
 * not have its interrupt (frame_console_present() false), reads fail with
 * -ENODEV; without a UART writes are dropped.
 */

#define FRAME_CONSOLE_RX_SIZE 4096

/* frame_console_present() - whether console input is on: a UART answered
 * at boot and its receive interrupt is the frame's */
bool frame_console_present(void);

/* Flags of frame_console_read(). */
#define FRAME_CONSOLE_NONBLOCK (1u << 0) /* -EAGAIN instead of sleeping */

/*
 * frame_console_read() - take up to @len received bytes into @buf
 *
 * Returns how many it took (at least 1 unless @len is 0). When none are
 * queued it sleeps until some arrive, or with FRAME_CONSOLE_NONBLOCK
 * returns -EAGAIN. -EINVAL for unknown flags, -ENODEV without a UART.
 * The sleeping form is for task context (not under a spinlock, not in an
 * interrupt); the non-blocking one is callable from any context. Several
 * readers may race: each byte goes to exactly one of them.
 */
ssize_t frame_console_read(void *buf, size_t len, unsigned int flags);

/* frame_console_rx_available() - bytes queued now (poll's POLLIN) */
size_t frame_console_rx_available(void);

/* frame_console_rx_dropped() - bytes lost since boot: to a full queue,
 * or in the UART, when a byte came before the last was read (an
 * overrun) */
uint64_t frame_console_rx_dropped(void);

/*
 * frame_console_rx_waitq() - the wait queue woken (wake-all) whenever
 * bytes arrive, for a tty service that sleeps on more than the console
 * (a read with a timeout, VMIN/VTIME):
 *
 *	FRAME_WAIT_EVENT_TIMEOUT(frame_console_rx_waitq(),
 *				 frame_console_rx_available() > 0, ns);
 *
 * The queue is the frame's and lives forever; a service only waits on it.
 */
struct frame_waitq *frame_console_rx_waitq(void);

/*
 * A readiness callback, for poll and epoll: a service embeds a listener
 * in its object, and the frame calls @fn(listener) in bottom-half context
 * (<frame/irq.h>: must not sleep) after each batch of received bytes; the
 * function finds its object with container_of() and wakes its pollers.
 * The members are the frame's.
 */
struct __frame_nocopy frame_console_listener {
	struct frame_console_listener *next_;
	void (*fn_)(struct frame_console_listener *listener);
	bool added_;
};

/*
 * frame_console_listen() - start calling @fn for @l. @l must not be
 * listening already (BUG) and must stay valid until
 * frame_console_unlisten(). Task context or bottom half, but not from a
 * listener's own callback (the list's lock is held while they run).
 */
void frame_console_listen(struct frame_console_listener *l,
			  void (*fn)(struct frame_console_listener *listener));

/*
 * frame_console_unlisten() - stop calling @l; when it returns, @l's
 * callback is not running on any CPU and will not run again, so @l may be
 * freed. Not from a listener's callback. Does nothing for a listener that
 * is not listening.
 */
void frame_console_unlisten(struct frame_console_listener *l);

/*
 * frame_console_write() - send @len bytes as they are, in one piece with
 * respect to log lines. Spins on the console lock with interrupts off for
 * the write (about 87 us a byte at 115200 baud under real hardware), so a
 * tty service writes in chunks. Callable from any context.
 */
void frame_console_write(const void *buf, size_t len);

#endif /* FRAME_CONSOLE_H */
