/* SPDX-License-Identifier: MIT */
/* The console terminal: output to the frame console, an input task feeding it.
 */
#include "console.h"

#include <frame/console.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/task.h>

#include "tty_core.h"

static struct tty console_tty;
static bool console_started;
static struct task_entry console_rx_entry;

static void console_write(struct tty *tty, const uint8_t *buf, size_t n)
{
	(void)tty;
	frame_console_write(buf, n);
}

static const struct tty_driver console_driver = { .write = console_write };

/*
 * The input task: move bytes from the frame's receive queue into the line
 * discipline as soon as they come, so that ^C reaches a busy foreground
 * group and echo does not wait for a reader. When the discipline is full
 * (non-canonical input nobody reads), bytes stay in the frame's queue.
 */
static int console_rx_run(struct task_entry *entry)
{
	struct tty *tty = &console_tty;
	uint8_t buf[64];

	(void)entry;
	for (;;) {
		size_t room;
		ssize_t n;

		FRAME_WAIT_EVENT_TIMEOUT(&tty->room_wq, tty_input_room(tty) > 0,
					 FRAME_WAIT_FOREVER);
		FRAME_WAIT_EVENT_TIMEOUT(frame_console_rx_waitq(),
					 frame_console_rx_available() > 0,
					 FRAME_WAIT_FOREVER);
		room = MIN(tty_input_room(tty), sizeof(buf));
		n = frame_console_read(buf, room, FRAME_CONSOLE_NONBLOCK);
		if (n > 0)
			tty_input(tty, buf, (size_t)n);
	}
	return 0;
}

int tty_console_start(void)
{
	struct task *t;

	if (console_started)
		return 0;
	tty_setup(&console_tty, &console_driver);
	__atomic_store_n(&console_started, true, __ATOMIC_RELEASE);
	if (!frame_console_present()) {
		log_warn("no console input: the console is write-only");
		return 0;
	}
	task_entry_init(&console_rx_entry, console_rx_run);
	t = task_spawn("tty-console", &console_rx_entry, TASK_PRIO_NORMAL + 1);
	if (!t)
		return -ENOMEM;
	task_detach(t);
	return 0;
}

struct tty *tty_console(void)
{
	return __atomic_load_n(&console_started, __ATOMIC_ACQUIRE)
		       ? &console_tty
		       : NULL;
}

int tty_init(void)
{
	int err = tty_console_start();

	if (err)
		return err;
	return tty_dev_register();
}
