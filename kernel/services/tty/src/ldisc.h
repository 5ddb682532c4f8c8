/* SPDX-License-Identifier: MIT */
/* The line discipline: input editing, echo and output processing. */
#ifndef TTY_LDISC_H
#define TTY_LDISC_H

#include <frame/types.h>

#include <tty/termios.h>

/*
 * A line discipline is pure state: bytes come in through ldisc_receive(),
 * cooked bytes go out through ldisc_read(), and everything it prints (echo,
 * processed output) goes through @out. It neither sleeps nor locks; its
 * owner (struct tty) serialises the calls and does the waiting. Signals
 * it raises (ISIG) are collected in @sigs for the owner to send once it
 * has dropped its lock.
 *
 * The input buffer is a ring of LDISC_BUF bytes indexed by free-running
 * counters: [tail, canon) is readable, [canon, head) is the line being
 * edited (always empty in non-canonical mode). A per-byte mark says
 * where a line ends: LDISC_MARK_EOL on a delimiter that is delivered
 * ('\n', VEOL, VEOL2), LDISC_MARK_EOF on a VEOF that is not.
 */
#define LDISC_BUF 4096

#define LDISC_MARK_EOL 1
#define LDISC_MARK_EOF 2

struct ldisc;

struct ldisc_ops {
	/* Print @n bytes (already processed) on the terminal. */
	void (*out)(struct ldisc *ld, const uint8_t *buf, size_t n);
};

struct ldisc {
	struct tty_termios termios;
	const struct ldisc_ops *ops;
	uint8_t buf[LDISC_BUF];
	uint8_t mark[LDISC_BUF];
	size_t head, canon, tail;
	unsigned int column;		/* output column, for erasing tabs */
	unsigned int line_start_column; /* column where the edit line began */
	bool lnext;			/* the next byte is literal (VLNEXT) */
	uint32_t sigs;			/* 1 << signo raised by ISIG, to send */
};

/* ldisc_init() - Linux's default settings, empty buffer */
void ldisc_init(struct ldisc *ld, const struct ldisc_ops *ops);

/* ldisc_room() - how many bytes ldisc_receive() takes now without
 * dropping any (in canonical mode editing keys and delimiters are always
 * taken; ordinary bytes beyond a full line are dropped, as Linux does) */
size_t ldisc_room(const struct ldisc *ld);

/* ldisc_receive() - process @n bytes typed on the terminal */
void ldisc_receive(struct ldisc *ld, const uint8_t *buf, size_t n);

/* ldisc_readable() - bytes a read can take now: in canonical mode those of
 * the completed lines (an EOF counts as one so that a read returns), in
 * non-canonical mode all queued */
size_t ldisc_readable(const struct ldisc *ld);

/* ldisc_inq() - FIONREAD: the bytes a read would deliver (EOF marks are
 * not counted) */
size_t ldisc_inq(const struct ldisc *ld);

/*
 * ldisc_read() - take up to @n readable bytes into @dst; returns how many.
 * In canonical mode it stops after a line's delimiter or at an EOF mark,
 * which it consumes without delivering (*@line_end set either way): VEOF
 * after "abc" reads as "abc", VEOF on an empty line as 0 bytes, the end
 * of file. As in Linux, a read that stops just short of an EOF mark
 * leaves it for the next read, which then returns 0.
 */
size_t ldisc_read(struct ldisc *ld, uint8_t *dst, size_t n, bool *line_end);

/* ldisc_write() - print @n bytes with output processing (OPOST, ONLCR,
 * OCRNL, ONOCR, ONLRET, OLCUC) */
void ldisc_write(struct ldisc *ld, const uint8_t *src, size_t n);

/* ldisc_set_termios() - new settings; switching canonical mode on or off
 * makes the line being edited readable as it is */
void ldisc_set_termios(struct ldisc *ld, const struct tty_termios *t);

/* ldisc_flush_input() - drop every queued byte (TCFLSH, TCSETSF, ISIG) */
void ldisc_flush_input(struct ldisc *ld);

/* ldisc_take_sigs() - the signals raised since the last call, as a mask */
uint32_t ldisc_take_sigs(struct ldisc *ld);

#endif /* TTY_LDISC_H */
