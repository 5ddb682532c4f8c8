/* SPDX-License-Identifier: MIT */
/* Pseudo-terminals: a master file and a slave terminal sharing one ldisc. */
#ifndef TTY_PTY_H
#define TTY_PTY_H

#include <frame/sync.h>
#include <frame/types.h>

#include "tty_core.h"

/* As many ptys as Linux's first slave major holds. */
#define PTY_MAX 256
/* Linux's numbers: slaves are 136:N, /dev/ptmx is 5:2. */
#define PTY_SLAVE_MAJOR 136
#define PTY_PTMX_MAJOR	5
#define PTY_PTMX_MINOR	2
/* What the slave wrote and the master has not read yet. */
#define PTY_OBUF 8192

/*
 * One pseudo-terminal. The slave side is @tty, with the console's line
 * discipline and job control: what the master writes is its input, and
 * its output (echo, processed writes) lands in @obuf for the master to
 * read. The members below @tty are guarded by @tty.lock, except @refs
 * and @index (pty_lock). A pty lives while its master or a slave file
 * is open; its number is free again when it ends.
 */
struct pty {
	struct tty tty;
	struct file_priv master_priv; /* the master's file */
	struct frame_waitq master_wq; /* output to read, or the slave closed */
	unsigned int index;
	unsigned int refs;
	uint32_t uid, gid; /* the slave node's owner: who opened ptmx */

	uint8_t obuf[PTY_OBUF];
	size_t ohead, otail; /* free-running */
	bool locked;	     /* slave opens fail (TIOCSPTLCK) */
	bool master_open;
	unsigned int slaves; /* open slave files */
	bool other_closed;   /* the last slave file closed */
};

/* pty_lock guards the table of ptys by number and their @refs. */
extern struct frame_mutex pty_lock;
extern struct pty *pty_table[PTY_MAX];

/* pty_create() - a new pty, locked, owned by the caller's fs ids, with
 * one reference (the master's); -ENOSPC when every number is taken,
 * -ENOMEM */
int pty_create(struct pty **out);

/* pty_get_locked() - the pty numbered @index whose master is open,
 * referenced, or NULL (pty_lock held) */
struct pty *pty_get_locked(unsigned int index);

/* pty_put() - drop a reference; the last frees the pty and its number */
void pty_put(struct pty *pty);

/* pty_slave_open() - a slave file @f opens on @pty (referenced by the
 * caller, a reference the file keeps on success): -EIO when locked or the
 * master is gone; acquires it as controlling terminal unless O_NOCTTY */
int pty_slave_open(struct pty *pty, struct file *f);

/* pty_from_tty() - the pty whose slave is @tty, NULL for another tty */
struct pty *pty_from_tty(struct tty *tty);

/* pty_slave_release() - a slave file of @tty's pty closes */
void pty_slave_release(struct tty *tty);

/* pty_open_current_ctty() - /dev/tty for a session whose controlling
 * terminal is a pty slave: open @f on it (0), or -ENXIO */
int pty_open_current_ctty(struct file *f);

/* pty_session_exit() - the leader of session @sid exits: the pty it
 * controls (if any) is released */
void pty_session_exit(int sid);

/* pty_take() - the master reads up to @n bytes of the slave's output
 * into @dst; how many (the caller wakes tty.write_wq) */
size_t pty_take(struct pty *pty, uint8_t *dst, size_t n);

/* pty_master_fops - the master's file operations */
extern const struct file_ops pty_master_fops;

/* pty_dev_register() - /dev/ptmx, the slaves' major and devpts on
 * /dev/pts. 0 or -errno. */
int pty_dev_register(void);

#endif /* TTY_PTY_H */
