/* SPDX-License-Identifier: MIT */
/* ktests for console input, driven through the 16550's loopback mode. */
#include "console/console.h"

#include <frame/console.h>
#include <frame/errno.h>
#include <frame/irq.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/cpu.h"
#include "console/serial.h"
#include "irq/irq.h"

/* Throw away whatever the host typed into QEMU's stdin. */
static void drain(void)
{
	char junk[64];

	while (frame_console_read(junk, sizeof(junk), FRAME_CONSOLE_NONBLOCK) >
	       0)
		;
}

/* Wait until the receive interrupt has taken the byte in the UART, for
 * at most a second. */
static bool wait_receiver_empty(void)
{
	uint64_t start = frame_clock_monotonic_ns();

	while (frame_serial_rx_pending()) {
		if (frame_clock_monotonic_ns() - start > FRAME_NSEC_PER_SEC)
			return false;
		arch_cpu_relax();
	}
	return true;
}

/*
 * Send @n bytes to ourselves, one at a time: loopback on, the byte out,
 * wait for the transmitter, loopback off, and wait until the receive
 * interrupt took it (the UART may hold only one byte: its FIFOs stay off
 * unless the loader turned them on). The console lock (interrupts off)
 * keeps log output out of the loop; the interrupt is taken once it drops.
 */
static void loop_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t flags = frame_console_lock();

		frame_serial_loopback(true);
		frame_serial_write_raw(s + i, 1);
		frame_serial_tx_drain();
		frame_serial_loopback(false);
		frame_console_unlock(flags);
		if (!wait_receiver_empty())
			return;
	}
}

/* Wait (halting) until @n bytes are queued, for at most a second. */
static bool wait_available(size_t n)
{
	uint64_t start = frame_clock_monotonic_ns();

	while (frame_console_rx_available() < n) {
		if (frame_clock_monotonic_ns() - start > FRAME_NSEC_PER_SEC)
			return false;
		task_sleep_ns(FRAME_NSEC_PER_MSEC);
	}
	return true;
}

KTEST(console_input_nonblocking_read_and_eagain)
{
	static const char msg[] = "ab\r\n\x00\x7f\xff";
	char buf[16];
	uint64_t irqs0;
	ssize_t n;

	KT_ASSERT(frame_console_present());
	KT_ASSERT_NOT_NULL(console_input_line());
	drain();
	KT_ASSERT_EQ(frame_console_rx_available(), 0);
	KT_ASSERT_ERR(
		frame_console_read(buf, sizeof(buf), FRAME_CONSOLE_NONBLOCK),
		-EAGAIN);
	KT_ASSERT_ERR(frame_console_read(buf, sizeof(buf), 1u << 5), -EINVAL);
	KT_ASSERT_EQ(frame_console_read(buf, 0, FRAME_CONSOLE_NONBLOCK), 0);

	irqs0 = irq_line_count(console_input_line());
	/* The bytes as they are, NUL and 0xff included. */
	loop_bytes(msg, sizeof(msg) - 1);
	KT_ASSERT(wait_available(sizeof(msg) - 1));
	/* They came through IRQ 4, not through anyone polling. */
	KT_ASSERT_GT(irq_line_count(console_input_line()), irqs0);

	n = frame_console_read(buf, 3, FRAME_CONSOLE_NONBLOCK);
	KT_ASSERT_EQ(n, 3);
	n += frame_console_read(buf + 3, sizeof(buf) - 3,
				FRAME_CONSOLE_NONBLOCK);
	KT_ASSERT_EQ(n, (ssize_t)sizeof(msg) - 1);
	KT_ASSERT_EQ(memcmp(buf, msg, sizeof(msg) - 1), 0);
	KT_ASSERT_ERR(
		frame_console_read(buf, sizeof(buf), FRAME_CONSOLE_NONBLOCK),
		-EAGAIN);
}

static struct {
	char buf[8];
	ssize_t n;
	uint64_t woke_at;
} reader;

static int reader_fn(struct task_entry *entry)
{
	(void)entry;
	reader.n = frame_console_read(reader.buf, sizeof(reader.buf), 0);
	reader.woke_at = frame_clock_monotonic_ns();
	return 0;
}

static struct task_entry reader_entry = TASK_ENTRY_INIT(reader_fn);

/* A blocking read sleeps until input arrives, then returns what came. */
KTEST(console_input_blocking_read_sleeps_until_input)
{
	struct task *t;
	uint64_t sent_at;

	drain();
	reader.n = 0;
	reader.woke_at = 0;
	t = task_spawn("ktest-reader", &reader_entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	/* Long enough for the reader to be asleep in the read. */
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_EQ(__atomic_load_n(&reader.woke_at, __ATOMIC_RELAXED), 0);
	sent_at = frame_clock_monotonic_ns();
	loop_bytes("xyz", 3);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_GE(reader.n, 1);
	KT_ASSERT_LE(reader.n, 3);
	KT_ASSERT_GE(reader.woke_at, sent_at);
	KT_ASSERT_EQ(memcmp(reader.buf, "xyz", (size_t)reader.n), 0);
	drain();
}

static struct probe {
	struct frame_console_listener listener;
	unsigned int calls;
	size_t seen;
	bool in_bh;
} probe;

static void probe_fn(struct frame_console_listener *l)
{
	struct probe *p = container_of(l, struct probe, listener);

	p->seen = frame_console_rx_available();
	p->in_bh = frame_in_interrupt() && frame_irqs_enabled();
	__atomic_fetch_add(&p->calls, 1, __ATOMIC_RELAXED);
}

/* Readiness for poll: the listener is called in a bottom half with the
 * bytes already queued, and not after it is removed. */
KTEST(console_input_listener_signals_readiness)
{
	unsigned int calls;

	drain();
	probe = (struct probe){ 0 };
	frame_console_listen(&probe.listener, probe_fn);
	loop_bytes("q", 1);
	KT_ASSERT(wait_available(1));
	task_sleep_ns(2 * FRAME_NSEC_PER_MSEC);
	frame_console_unlisten(&probe.listener);
	calls = probe.calls;
	KT_ASSERT_GE(calls, 1);
	KT_ASSERT_GE(probe.seen, 1);
	KT_ASSERT(probe.in_bh);
	drain();

	loop_bytes("r", 1);
	KT_ASSERT(wait_available(1));
	task_sleep_ns(2 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_EQ(probe.calls, calls);
	/* Removing twice is harmless. */
	frame_console_unlisten(&probe.listener);
	drain();
}

/* The wait queue a tty sleeps on with a timeout: woken by input. */
KTEST(console_input_waitq_times_out_then_wakes)
{
	int ret;

	drain();
	ret = FRAME_WAIT_EVENT_TIMEOUT(frame_console_rx_waitq(),
				       frame_console_rx_available() > 0,
				       2 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_ERR(ret, -ETIMEDOUT);
	loop_bytes("w", 1);
	ret = FRAME_WAIT_EVENT_TIMEOUT(frame_console_rx_waitq(),
				       frame_console_rx_available() > 0,
				       FRAME_NSEC_PER_SEC);
	KT_ASSERT_OK(ret);
	drain();
}

/* A full queue drops, counts, and keeps what it had. */
KTEST(console_input_overflow_drops_and_counts)
{
	static char chunk[64], buf[FRAME_CONSOLE_RX_SIZE];
	uint64_t dropped0;
	size_t total = 0;

	drain();
	dropped0 = frame_console_rx_dropped();
	for (size_t i = 0; i < sizeof(chunk); i++)
		chunk[i] = (char)('A' + i % 26);
	/* 16-byte pieces, each waited for. */
	while (total < FRAME_CONSOLE_RX_SIZE + 32) {
		size_t before = frame_console_rx_available();

		loop_bytes(chunk, 16);
		total += 16;
		if (before + 16 <= FRAME_CONSOLE_RX_SIZE)
			KT_ASSERT(wait_available(before + 16));
		else
			task_sleep_ns(2 * FRAME_NSEC_PER_MSEC);
	}
	KT_ASSERT_EQ(frame_console_rx_available(), FRAME_CONSOLE_RX_SIZE);
	KT_ASSERT_EQ(frame_console_rx_dropped() - dropped0, 32);
	KT_ASSERT_EQ(
		frame_console_read(buf, sizeof(buf), FRAME_CONSOLE_NONBLOCK),
		FRAME_CONSOLE_RX_SIZE);
	for (size_t i = 0; i < sizeof(buf); i++)
		KT_ASSERT_EQ(buf[i], chunk[i % 16]);
	drain();
}

KTEST(console_write_sends_raw_bytes)
{
	static const char msg[] = "a\nb";
	uint64_t dropped0;
	char buf[8];

	drain();
	dropped0 = frame_console_rx_dropped();
	/*
	 * Raw: "\n" stays "\n" (the log's writes add "\r"). A byte at a
	 * time, each taken before the next: an added "\r" would be overrun
	 * by its "\n" and show in the dropped count.
	 */
	for (size_t i = 0; i < sizeof(msg) - 1; i++) {
		uint64_t flags = frame_console_lock();

		frame_serial_loopback(true);
		frame_console_unlock(flags);
		/* The loop is on only while the console lock is free for
		 * this one write; a log line from another CPU would land in
		 * the queue. */
		frame_console_write(msg + i, 1);
		flags = frame_console_lock();
		frame_serial_tx_drain();
		frame_serial_loopback(false);
		frame_console_unlock(flags);
		KT_ASSERT(wait_receiver_empty());
	}
	KT_ASSERT(wait_available(3));
	KT_ASSERT_EQ(
		frame_console_read(buf, sizeof(buf), FRAME_CONSOLE_NONBLOCK),
		3);
	KT_ASSERT_EQ(memcmp(buf, msg, 3), 0);
	KT_ASSERT_EQ(frame_console_rx_dropped(), dropped0);
	drain();
}

/* Two bytes sent back to back while the UART holds one: the first is
 * overrun, and the loss is counted, not silent. */
/*
 * One byte more than the receiver holds, with its interrupt held off:
 * without FIFOs the receiver holds one byte and the next overwrites it
 * (the newer stays); with the 16-byte FIFO on (as UEFI firmware leaves
 * it) the byte that finds it full is the one lost.
 */
KTEST(console_input_uart_overrun_is_counted)
{
	static const char burst[] = "0123456789abcdefg";
	bool fifo = frame_serial_fifo_on();
	const char *sent = fifo ? burst : "12";
	size_t n = fifo ? sizeof(burst) - 1 : 2;
	const char *kept = fifo ? burst : "2";
	uint64_t dropped0, flags;
	char buf[32];

	drain();
	KT_ASSERT(!frame_serial_rx_pending());
	dropped0 = frame_console_rx_dropped();
	flags = frame_console_lock();
	frame_serial_loopback(true);
	frame_serial_write_raw(sent, n);
	frame_serial_tx_drain();
	frame_serial_loopback(false);
	frame_console_unlock(flags);
	KT_ASSERT(wait_receiver_empty());
	KT_ASSERT(wait_available(n - 1));
	KT_ASSERT_EQ(
		frame_console_read(buf, sizeof(buf), FRAME_CONSOLE_NONBLOCK),
		(ssize_t)(n - 1));
	KT_ASSERT(memcmp(buf, kept, n - 1) == 0);
	KT_ASSERT_EQ(frame_console_rx_dropped(), dropped0 + 1);
	drain();
}
