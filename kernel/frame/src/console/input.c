/* SPDX-License-Identifier: MIT */
/* Console input: COM1's receive interrupt feeding a queue that tasks read. */
#include "console/console.h"

#include <frame/console.h>
#include <frame/errno.h>
#include <frame/irq.h>
#include <frame/log.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/sync.h>

#include "console/serial.h"

/* COM1's legacy interrupt. */
#define COM1_IRQ 4
/* Bytes taken from the UART per interrupt at most: a stuck "data ready"
 * must not hold the CPU for ever. Far above the 16-byte FIFO. */
#define RX_BATCH_MAX 256

BUILD_BUG_ON(FRAME_CONSOLE_RX_SIZE &(FRAME_CONSOLE_RX_SIZE - 1));

/*
 * The queue: a ring indexed by free-running counters (head - tail bytes
 * are queued), guarded by rx_lock, which the hard handler takes with
 * interrupts already off and everyone else with irqsave.
 */
static struct {
	uint8_t buf[FRAME_CONSOLE_RX_SIZE];
	size_t head, tail;
	uint64_t dropped;
} rx;
static struct frame_spinlock rx_lock = FRAME_SPINLOCK_INIT;
static struct frame_waitq rx_waitq = FRAME_WAITQ_INIT(rx_waitq);
static struct irq_line *rx_line;
static bool rx_ready;

/* Listeners, called from rx_work with listen_lock held. */
static struct frame_console_listener *listeners;
static struct frame_spinlock listen_lock = FRAME_SPINLOCK_INIT;
static struct frame_work rx_work;

/* Drain the UART into the queue; true when a byte arrived. Lock held. */
static bool rx_drain_locked(void)
{
	bool got = false;
	uint8_t b;

	for (int i = 0; i < RX_BATCH_MAX && frame_serial_rx_poll(&b); i++) {
		got = true;
		if (rx.head - rx.tail == FRAME_CONSOLE_RX_SIZE) {
			rx.dropped++;
			continue;
		}
		rx.buf[rx.head++ % FRAME_CONSOLE_RX_SIZE] = b;
	}
	return got;
}

static void rx_interrupt(struct irq_handler *handler, struct irq_line *line)
{
	bool got;

	(void)line;
	(void)handler;
	frame_spin_lock(&rx_lock);
	got = rx_drain_locked();
	frame_spin_unlock(&rx_lock);
	if (!got)
		return;
	frame_waitq_wake_all(&rx_waitq);
	frame_defer(&rx_work);
}

static struct irq_handler rx_interrupt_handler = IRQ_HANDLER_INIT(rx_interrupt);

static void rx_notify(struct frame_work *work)
{
	(void)work;
	frame_spin_lock(&listen_lock);
	for (struct frame_console_listener *l = listeners; l; l = l->next_)
		l->fn_(l);
	frame_spin_unlock(&listen_lock);
}

void console_input_init(void)
{
	uint64_t flags;
	int ret;

	frame_work_init(&rx_work, rx_notify);
	if (!frame_serial_present())
		return;
	ret = irq_line_alloc_isa(COM1_IRQ, &rx_line);
	if (!ret)
		ret = irq_line_request(rx_line, &rx_interrupt_handler);
	if (ret) {
		log_warn("console: no receive interrupt (%s); console input "
			 "is off",
			 frame_errno_name(ret));
		return;
	}
	flags = frame_spin_lock_irqsave(&rx_lock);
	frame_serial_rx_enable();
	/* Whatever arrived before the interrupt was on is input too (and
	 * reading it lets QEMU hand over the next byte it holds). */
	(void)rx_drain_locked();
	__atomic_store_n(&rx_ready, true, __ATOMIC_RELEASE);
	frame_spin_unlock_irqrestore(&rx_lock, flags);
}

struct irq_line *console_input_line(void)
{
	return rx_line;
}

bool frame_console_present(void)
{
	return __atomic_load_n(&rx_ready, __ATOMIC_ACQUIRE);
}

/* Take up to @len queued bytes; returns how many. */
static size_t rx_take(uint8_t *buf, size_t len)
{
	uint64_t flags = frame_spin_lock_irqsave(&rx_lock);
	size_t n = MIN(len, rx.head - rx.tail);

	for (size_t i = 0; i < n; i++)
		buf[i] = rx.buf[rx.tail++ % FRAME_CONSOLE_RX_SIZE];
	frame_spin_unlock_irqrestore(&rx_lock, flags);
	return n;
}

ssize_t frame_console_read(void *buf, size_t len, unsigned int flags)
{
	size_t n;

	if (flags & ~FRAME_CONSOLE_NONBLOCK)
		return -EINVAL;
	if (!frame_console_present())
		return -ENODEV;
	if (!len)
		return 0;
	while (!(n = rx_take(buf, len))) {
		if (flags & FRAME_CONSOLE_NONBLOCK)
			return -EAGAIN;
		FRAME_WAIT_EVENT_TIMEOUT(&rx_waitq,
					 frame_console_rx_available() > 0,
					 FRAME_WAIT_FOREVER);
	}
	return (ssize_t)n;
}

size_t frame_console_rx_available(void)
{
	uint64_t flags = frame_spin_lock_irqsave(&rx_lock);
	size_t n = rx.head - rx.tail;

	frame_spin_unlock_irqrestore(&rx_lock, flags);
	return n;
}

uint64_t frame_console_rx_dropped(void)
{
	uint64_t flags = frame_spin_lock_irqsave(&rx_lock);
	uint64_t n = rx.dropped;

	frame_spin_unlock_irqrestore(&rx_lock, flags);
	return n + frame_serial_rx_overruns();
}

struct frame_waitq *frame_console_rx_waitq(void)
{
	return &rx_waitq;
}

void frame_console_listen(struct frame_console_listener *l,
			  void (*fn)(struct frame_console_listener *listener))
{
	uint64_t flags;

	BUG_ON(!fn);
	flags = frame_spin_lock_irqsave(&listen_lock);
	BUG_ON(l->added_);
	l->fn_ = fn;
	l->next_ = listeners;
	l->added_ = true;
	listeners = l;
	frame_spin_unlock_irqrestore(&listen_lock, flags);
}

void frame_console_unlisten(struct frame_console_listener *l)
{
	uint64_t flags = frame_spin_lock_irqsave(&listen_lock);

	if (l->added_) {
		struct frame_console_listener **pp = &listeners;

		while (*pp != l)
			pp = &(*pp)->next_;
		*pp = l->next_;
		l->next_ = NULL;
		l->added_ = false;
	}
	frame_spin_unlock_irqrestore(&listen_lock, flags);
}
