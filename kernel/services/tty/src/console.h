/* SPDX-License-Identifier: MIT */
/* The console terminal: the one struct tty over the frame's serial console. */
#ifndef TTY_CONSOLE_H
#define TTY_CONSOLE_H

#include <frame/types.h>

struct tty;

/* tty_console_start() - set the console terminal up and start the task
 * that feeds it the console's input. 0 or -ENOMEM. */
int tty_console_start(void);

/* tty_console() - the console terminal, NULL before tty_console_start() */
struct tty *tty_console(void);

/* tty_current_is_root() - whether the caller holds privilege (euid 0) */
bool tty_current_is_root(void);

/* tty_dev_register() - the /dev nodes of the console terminal */
int tty_dev_register(void);

#endif /* TTY_CONSOLE_H */
