/* SPDX-License-Identifier: MIT */
/* The Linux signal numbers the terminal raises. */
#ifndef TTY_SIGNO_H
#define TTY_SIGNO_H

#define TTY_SIGHUP  1
#define TTY_SIGINT  2
#define TTY_SIGQUIT 3
#define TTY_SIGCONT 18
#define TTY_SIGTSTP 20
#define TTY_SIGTTIN 21
#define TTY_SIGTTOU 22

#endif /* TTY_SIGNO_H */
