/* SPDX-License-Identifier: MIT */
/* The line discipline: canonical editing, echo, ISIG, output processing. */
#include "ldisc.h"

#include <frame/string.h>

#include <signal/signal.h>

#define CTRL(c)	   ((uint8_t)((c)&0x1f))
#define DEL	   0x7f
#define LDISC_MASK (LDISC_BUF - 1)

BUILD_BUG_ON(LDISC_BUF &(LDISC_BUF - 1));

void tty_termios_default(struct tty_termios *t)
{
	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		     IEXTEN;
	t->c_cc[VINTR] = CTRL('C');
	t->c_cc[VQUIT] = CTRL('\\');
	t->c_cc[VERASE] = DEL;
	t->c_cc[VKILL] = CTRL('U');
	t->c_cc[VEOF] = CTRL('D');
	t->c_cc[VTIME] = 0;
	t->c_cc[VMIN] = 1;
	t->c_cc[VSTART] = CTRL('Q');
	t->c_cc[VSTOP] = CTRL('S');
	t->c_cc[VSUSP] = CTRL('Z');
	t->c_cc[VREPRINT] = CTRL('R');
	t->c_cc[VDISCARD] = CTRL('O');
	t->c_cc[VWERASE] = CTRL('W');
	t->c_cc[VLNEXT] = CTRL('V');
}

void ldisc_init(struct ldisc *ld, const struct ldisc_ops *ops)
{
	memset(ld, 0, sizeof(*ld));
	ld->ops = ops;
	tty_termios_default(&ld->termios);
}

static bool L(const struct ldisc *ld, uint32_t flag)
{
	return ld->termios.c_lflag & flag;
}

static bool I(const struct ldisc *ld, uint32_t flag)
{
	return ld->termios.c_iflag & flag;
}

static bool O(const struct ldisc *ld, uint32_t flag)
{
	return ld->termios.c_oflag & flag;
}

/* Whether @c is the (enabled) special character @idx. */
static bool is_cc(const struct ldisc *ld, uint8_t c, int idx)
{
	return ld->termios.c_cc[idx] != TTY_VDISABLE &&
	       c == ld->termios.c_cc[idx];
}

/* --- output --- */

/* Whether @c continues a UTF-8 character (IUTF8: it takes no column). */
static bool utf8_cont(const struct ldisc *ld, uint8_t c)
{
	return (ld->termios.c_iflag & IUTF8) && (c & 0xc0) == 0x80;
}

static void advance_column(struct ldisc *ld, uint8_t c)
{
	if (utf8_cont(ld, c))
		return;
	if (c == '\n' || c == '\r')
		ld->column = 0;
	else if (c == '\b')
		ld->column -= ld->column > 0;
	else if (c == '\t')
		ld->column = (ld->column | 7) + 1;
	else if (c >= 0x20 && c != DEL)
		ld->column++;
}

/* Append @c to @o (flushing when full), tracking the column. */
struct outbuf {
	uint8_t b[128];
	size_t n;
};

static void out_flush(struct ldisc *ld, struct outbuf *o)
{
	if (o->n && ld->ops && ld->ops->out)
		ld->ops->out(ld, o->b, o->n);
	o->n = 0;
}

static void out_raw(struct ldisc *ld, struct outbuf *o, uint8_t c)
{
	if (o->n == sizeof(o->b))
		out_flush(ld, o);
	o->b[o->n++] = c;
	advance_column(ld, c);
}

/* One byte through OPOST processing. */
static void out_char(struct ldisc *ld, struct outbuf *o, uint8_t c)
{
	if (!O(ld, OPOST)) {
		out_raw(ld, o, c);
		return;
	}
	switch (c) {
	case '\n':
		if (O(ld, ONLCR)) {
			out_raw(ld, o, '\r');
			out_raw(ld, o, '\n');
			return;
		}
		if (O(ld, ONLRET)) {
			out_raw(ld, o, '\n');
			ld->column = 0;
			return;
		}
		break;
	case '\r':
		if (O(ld, ONOCR) && ld->column == 0)
			return;
		if (O(ld, OCRNL)) {
			out_raw(ld, o, '\n');
			if (O(ld, ONLRET))
				ld->column = 0;
			return;
		}
		break;
	default:
		if (O(ld, OLCUC) && c >= 'a' && c <= 'z')
			c = (uint8_t)(c - 'a' + 'A');
		break;
	}
	out_raw(ld, o, c);
}

void ldisc_write(struct ldisc *ld, const uint8_t *src, size_t n)
{
	struct outbuf o = { .n = 0 };

	for (size_t i = 0; i < n; i++)
		out_char(ld, &o, src[i]);
	out_flush(ld, &o);
}

/* Whether @c echoes as ^X under ECHOCTL. */
static bool echoes_as_ctl(const struct ldisc *ld, uint8_t c)
{
	return L(ld, ECHOCTL) && (c < 0x20 || c == DEL) && c != '\t' &&
	       c != '\n' && !is_cc(ld, c, VSTART) && !is_cc(ld, c, VSTOP);
}

static void echo_char(struct ldisc *ld, struct outbuf *o, uint8_t c)
{
	if (echoes_as_ctl(ld, c)) {
		out_raw(ld, o, '^');
		out_raw(ld, o, c ^ 0x40);
	} else {
		out_char(ld, o, c);
	}
}

/* --- input --- */

static size_t edit_len(const struct ldisc *ld)
{
	return ld->head - ld->canon;
}

static size_t queued(const struct ldisc *ld)
{
	return ld->head - ld->tail;
}

static void put(struct ldisc *ld, uint8_t c, uint8_t mark)
{
	if (ld->head - ld->tail == LDISC_BUF)
		return;
	ld->buf[ld->head & LDISC_MASK] = c;
	ld->mark[ld->head & LDISC_MASK] = mark;
	ld->head++;
}

size_t ldisc_room(const struct ldisc *ld)
{
	return LDISC_BUF - queued(ld);
}

/* Echo @c as the first byte of the edit line: remember where it began. */
static void note_line_start(struct ldisc *ld)
{
	if (edit_len(ld) == 0)
		ld->line_start_column = ld->column;
}

/* The column the edit line reaches before its byte at @upto. */
static unsigned int column_before(const struct ldisc *ld, size_t upto)
{
	unsigned int col = ld->line_start_column;

	for (size_t i = ld->canon; i < upto; i++) {
		uint8_t c = ld->buf[i & LDISC_MASK];

		if (c == '\t')
			col = (col | 7) + 1;
		else if (utf8_cont(ld, c))
			continue;
		else if (echoes_as_ctl(ld, c))
			col += 2;
		else
			col++;
	}
	return col;
}

/* Take the last character off the edit line (with IUTF8, all the bytes of
 * a UTF-8 character), and off the screen with ECHOE. */
static void erase_one(struct ldisc *ld, struct outbuf *o, bool visual)
{
	uint8_t c = ld->buf[(ld->head - 1) & LDISC_MASK];

	ld->head--;
	while (utf8_cont(ld, c) && edit_len(ld)) {
		c = ld->buf[(ld->head - 1) & LDISC_MASK];
		ld->head--;
	}
	if (!visual)
		return;
	if (c == '\t') {
		unsigned int col = column_before(ld, ld->head);

		while (ld->column > col) {
			out_raw(ld, o, '\b');
		}
		return;
	}
	for (int i = echoes_as_ctl(ld, c) ? 2 : 1; i > 0; i--) {
		out_raw(ld, o, '\b');
		out_raw(ld, o, ' ');
		out_raw(ld, o, '\b');
	}
}

static bool is_word_char(uint8_t c)
{
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c >= 0x80;
}

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

static void erase(struct ldisc *ld, struct outbuf *o, uint8_t key,
		  enum erase_kind kind)
{
	bool echo = L(ld, ECHO);
	bool visual = echo && L(ld, ECHOE);

	if (!edit_len(ld))
		return;
	switch (kind) {
	case ERASE_CHAR:
		erase_one(ld, o, visual);
		if (echo && !visual)
			echo_char(ld, o, key);
		return;
	case ERASE_WORD:
		while (edit_len(ld) &&
		       !is_word_char(ld->buf[(ld->head - 1) & LDISC_MASK]))
			erase_one(ld, o, visual);
		while (edit_len(ld) &&
		       is_word_char(ld->buf[(ld->head - 1) & LDISC_MASK]))
			erase_one(ld, o, visual);
		if (echo && !visual)
			echo_char(ld, o, key);
		return;
	case ERASE_LINE:
		if (visual && L(ld, ECHOKE)) {
			while (edit_len(ld))
				erase_one(ld, o, true);
			return;
		}
		ld->head = ld->canon;
		if (echo) {
			echo_char(ld, o, key);
			if (L(ld, ECHOK))
				out_char(ld, o, '\n');
		}
		return;
	}
}

static void commit_line(struct ldisc *ld)
{
	ld->canon = ld->head;
}

void ldisc_flush_input(struct ldisc *ld)
{
	ld->head = ld->canon = ld->tail;
	ld->lnext = false;
}

static void raise_sig(struct ldisc *ld, struct outbuf *o, uint8_t c, int sig)
{
	if (!L(ld, NOFLSH))
		ldisc_flush_input(ld);
	if (L(ld, ECHO))
		echo_char(ld, o, c);
	ld->sigs |= 1u << sig;
}

static void reprint(struct ldisc *ld, struct outbuf *o, uint8_t key)
{
	echo_char(ld, o, key);
	out_char(ld, o, '\n');
	ld->line_start_column = ld->column;
	for (size_t i = ld->canon; i != ld->head; i++)
		echo_char(ld, o, ld->buf[i & LDISC_MASK]);
}

/* A byte in canonical mode, after input translation and ISIG. */
static void receive_canon(struct ldisc *ld, struct outbuf *o, uint8_t c)
{
	bool echo = L(ld, ECHO);
	bool ext = L(ld, IEXTEN);

	/* DEL and ^H both erase when either is VERASE: terminals differ in
	 * which one their backspace key sends. */
	if (is_cc(ld, c, VERASE) ||
	    ((c == DEL || c == '\b') && (ld->termios.c_cc[VERASE] == DEL ||
					 ld->termios.c_cc[VERASE] == '\b'))) {
		erase(ld, o, c, ERASE_CHAR);
		return;
	}
	if (is_cc(ld, c, VKILL)) {
		erase(ld, o, c, ERASE_LINE);
		return;
	}
	if (ext && is_cc(ld, c, VWERASE)) {
		erase(ld, o, c, ERASE_WORD);
		return;
	}
	if (ext && is_cc(ld, c, VREPRINT)) {
		if (echo)
			reprint(ld, o, c);
		return;
	}
	if (c == '\n') {
		put(ld, c, LDISC_MARK_EOL);
		if (echo || L(ld, ECHONL))
			out_char(ld, o, '\n');
		commit_line(ld);
		return;
	}
	if (is_cc(ld, c, VEOF)) {
		put(ld, c, LDISC_MARK_EOF);
		commit_line(ld);
		return;
	}
	if (is_cc(ld, c, VEOL) || (ext && is_cc(ld, c, VEOL2))) {
		put(ld, c, LDISC_MARK_EOL);
		if (echo)
			echo_char(ld, o, c);
		commit_line(ld);
		return;
	}
	/* An ordinary byte: one slot always stays free for a delimiter. */
	if (ldisc_room(ld) <= 1)
		return;
	if (echo) {
		note_line_start(ld);
		echo_char(ld, o, c);
	}
	put(ld, c, 0);
}

static void receive_one(struct ldisc *ld, struct outbuf *o, uint8_t c)
{
	bool canon = L(ld, ICANON);

	if (ld->lnext) {
		ld->lnext = false;
		if (L(ld, ECHO) && L(ld, ECHOCTL)) {
			out_raw(ld, o, '\b');
			out_raw(ld, o, '\b');
		}
		goto literal;
	}
	if (I(ld, ISTRIP))
		c &= 0x7f;
	if (c == '\r') {
		if (I(ld, IGNCR))
			return;
		if (I(ld, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(ld, INLCR)) {
		c = '\r';
	}
	if (I(ld, IXON) && (is_cc(ld, c, VSTART) || is_cc(ld, c, VSTOP)))
		return;
	if (L(ld, ISIG)) {
		if (is_cc(ld, c, VINTR)) {
			raise_sig(ld, o, c, SIGINT);
			return;
		}
		if (is_cc(ld, c, VQUIT)) {
			raise_sig(ld, o, c, SIGQUIT);
			return;
		}
		if (is_cc(ld, c, VSUSP)) {
			raise_sig(ld, o, c, SIGTSTP);
			return;
		}
	}
	if (L(ld, IEXTEN) && is_cc(ld, c, VLNEXT)) {
		ld->lnext = true;
		if (L(ld, ECHO) && L(ld, ECHOCTL)) {
			out_raw(ld, o, '^');
			out_raw(ld, o, '\b');
		}
		return;
	}
	if (canon) {
		receive_canon(ld, o, c);
		return;
	}
literal:
	if (canon) {
		/* A literal byte in a line: ordinary, whatever it is. */
		if (ldisc_room(ld) <= 1)
			return;
		if (L(ld, ECHO)) {
			note_line_start(ld);
			echo_char(ld, o, c);
		}
		put(ld, c, 0);
		return;
	}
	if (!ldisc_room(ld))
		return;
	if (L(ld, ECHO) || (c == '\n' && L(ld, ECHONL)))
		echo_char(ld, o, c);
	put(ld, c, 0);
	ld->canon = ld->head;
}

void ldisc_receive(struct ldisc *ld, const uint8_t *buf, size_t n)
{
	struct outbuf o = { .n = 0 };

	for (size_t i = 0; i < n; i++)
		receive_one(ld, &o, buf[i]);
	out_flush(ld, &o);
}

size_t ldisc_readable(const struct ldisc *ld)
{
	return ld->canon - ld->tail;
}

size_t ldisc_inq(const struct ldisc *ld)
{
	size_t n = 0;

	for (size_t i = ld->tail; i != ld->canon; i++)
		n += !(L(ld, ICANON) &&
		       ld->mark[i & LDISC_MASK] == LDISC_MARK_EOF);
	return n;
}

size_t ldisc_read(struct ldisc *ld, uint8_t *dst, size_t n, bool *line_end)
{
	bool canon = L(ld, ICANON);
	size_t got = 0;

	*line_end = false;
	while (got < n && ld->tail != ld->canon) {
		size_t i = ld->tail & LDISC_MASK;
		uint8_t mark = ld->mark[i];

		if (canon && mark == LDISC_MARK_EOF) {
			ld->tail++;
			*line_end = true;
			break;
		}
		dst[got++] = ld->buf[i];
		ld->tail++;
		if (canon && mark == LDISC_MARK_EOL) {
			*line_end = true;
			break;
		}
	}
	return got;
}

void ldisc_set_termios(struct ldisc *ld, const struct tty_termios *t)
{
	bool was_canon = L(ld, ICANON);

	ld->termios = *t;
	if (was_canon != L(ld, ICANON)) {
		/* The edit line becomes readable data; EOF marks left in raw
		 * mode are plain bytes from now on. */
		ld->canon = ld->head;
		ld->lnext = false;
	}
}

uint32_t ldisc_take_sigs(struct ldisc *ld)
{
	uint32_t s = ld->sigs;

	ld->sigs = 0;
	return s;
}
