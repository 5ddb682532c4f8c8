/* SPDX-License-Identifier: MIT */
/* ktests of the line discipline: editing, echo, canonical reads, ISIG. */
#include "ldisc.h"

#include <frame/ktest.h>
#include <frame/string.h>

#include <signal/signal.h>

/* A discipline whose terminal output is captured. */
struct ld_probe {
	struct ldisc ld;
	char out[512];
	size_t nout;
};

static void probe_out(struct ldisc *ld, const uint8_t *buf, size_t n)
{
	struct ld_probe *p = container_of(ld, struct ld_probe, ld);

	for (size_t i = 0; i < n && p->nout < sizeof(p->out) - 1; i++)
		p->out[p->nout++] = (char)buf[i];
	p->out[p->nout] = '\0';
}

static const struct ldisc_ops probe_ops = { .out = probe_out };

static struct ld_probe probe;

static struct ldisc *fresh(void)
{
	ldisc_init(&probe.ld, &probe_ops);
	probe.nout = 0;
	probe.out[0] = '\0';
	return &probe.ld;
}

static void type(struct ldisc *ld, const char *s)
{
	ldisc_receive(ld, (const uint8_t *)s, strnlen(s, 4096));
}

static void clear_out(void)
{
	probe.nout = 0;
	probe.out[0] = '\0';
}

/* Read what one read(2) would return, NUL-terminated. */
static size_t read_str(struct ldisc *ld, char *buf, size_t size, bool *end)
{
	size_t n = ldisc_read(ld, (uint8_t *)buf, size - 1, end);

	buf[n] = '\0';
	return n;
}

KTEST(tty_ldisc_defaults_match_linux)
{
	struct ldisc *ld = fresh();

	KT_ASSERT_EQ(ld->termios.c_iflag, 0x500u);
	KT_ASSERT_EQ(ld->termios.c_oflag, 0x5u);
	KT_ASSERT_EQ(ld->termios.c_lflag, 0x8a3bu);
	KT_ASSERT_EQ(ld->termios.c_cc[VERASE], 0x7f);
	KT_ASSERT_EQ(ld->termios.c_cc[VMIN], 1);
}

KTEST(tty_canon_line_is_readable_only_when_complete)
{
	struct ldisc *ld = fresh();
	char buf[64];
	bool end;

	type(ld, "hello");
	KT_ASSERT_EQ(ldisc_readable(ld), 0);
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 0);
	type(ld, "\r");
	KT_ASSERT_EQ(ldisc_readable(ld), 6);
	KT_ASSERT_EQ(ldisc_inq(ld), 6);
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 6);
	KT_ASSERT(end);
	KT_ASSERT_STREQ(buf, "hello\n"); /* ICRNL */
	/* Echo with ONLCR. */
	KT_ASSERT_STREQ(probe.out, "hello\r\n");
}

KTEST(tty_canon_read_stops_at_each_line)
{
	struct ldisc *ld = fresh();
	char buf[64];
	bool end;

	type(ld, "one\ntwo\nthr");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 4);
	KT_ASSERT_STREQ(buf, "one\n");
	/* A short buffer takes part of a line, the rest stays. */
	KT_ASSERT_EQ(read_str(ld, buf, 3, &end), 2);
	KT_ASSERT(!end);
	KT_ASSERT_STREQ(buf, "tw");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 2);
	KT_ASSERT_STREQ(buf, "o\n");
	KT_ASSERT_EQ(ldisc_readable(ld), 0);
}

KTEST(tty_erase_del_and_backspace_with_echoe)
{
	struct ldisc *ld = fresh();
	char buf[64];
	bool end;

	type(ld, "abc\x7f");
	KT_ASSERT_STREQ(probe.out, "abc\b \b");
	type(ld, "\bX\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 3);
	KT_ASSERT_STREQ(buf, "aX\n");
	/* Erasing an empty line does nothing, prints nothing. */
	clear_out();
	type(ld, "\x7f\x7f");
	KT_ASSERT_EQ(probe.nout, 0);
	/* A control byte echoed as ^A takes two columns to erase. */
	type(ld, "\x01\x7f\n");
	KT_ASSERT_STREQ(probe.out, "^A\b \b\b \b\r\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 1);
	KT_ASSERT_STREQ(buf, "\n");
}

KTEST(tty_erase_without_echoe_echoes_the_key)
{
	struct ldisc *ld = fresh();
	char buf[16];
	bool end;

	ld->termios.c_lflag &= ~(uint32_t)(ECHOE | ECHOCTL);
	type(ld, "ab\x7f\n");
	KT_ASSERT_STREQ(probe.out, "ab\x7f\r\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 2);
	KT_ASSERT_STREQ(buf, "a\n");
}

KTEST(tty_kill_and_werase)
{
	struct ldisc *ld = fresh();
	char buf[64];
	bool end;

	type(ld, "junk line\x15ls -l  foo  \x17\x17"
		 "bar\n");
	/* The second ^W takes the blanks, then "l", and stops at "-". */
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 8);
	KT_ASSERT_STREQ(buf, "ls -bar\n");
	/* ^W stops at punctuation: "-" is not a word byte. */
	type(ld, "a-b\x17\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 3);
	KT_ASSERT_STREQ(buf, "a-\n");
}

KTEST(tty_kill_with_echok_without_echoke)
{
	struct ldisc *ld = fresh();

	ld->termios.c_lflag &= ~(uint32_t)ECHOKE;
	type(ld, "xy\x15");
	KT_ASSERT_STREQ(probe.out, "xy^U\r\n");
	KT_ASSERT_EQ(ldisc_readable(ld), 0);
}

KTEST(tty_eof_on_empty_line_reads_zero)
{
	struct ldisc *ld = fresh();
	char buf[16];
	bool end;

	type(ld, "abc\x04");
	/* VEOF after bytes: those bytes, the EOF byte not delivered. */
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 3);
	KT_ASSERT(end);
	KT_ASSERT_STREQ(buf, "abc");
	KT_ASSERT_EQ(ldisc_readable(ld), 0);
	type(ld, "\x04");
	KT_ASSERT_EQ(ldisc_readable(ld), 1);
	KT_ASSERT_EQ(ldisc_inq(ld), 0);
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 0);
	KT_ASSERT(end);
	KT_ASSERT_EQ(ldisc_readable(ld), 0);
	/* No echo of ^D. */
	KT_ASSERT_STREQ(probe.out, "abc");
}

KTEST(tty_eol_and_echonl)
{
	struct ldisc *ld = fresh();
	char buf[16];
	bool end;

	ld->termios.c_cc[VEOL] = ';';
	type(ld, "a;b");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 2);
	KT_ASSERT_STREQ(buf, "a;");
	/* Without ECHO, ECHONL still echoes the newline. */
	ldisc_flush_input(ld);
	ld->termios.c_lflag &= ~(uint32_t)ECHO;
	ld->termios.c_lflag |= ECHONL;
	clear_out();
	type(ld, "pw\n");
	KT_ASSERT_STREQ(probe.out, "\r\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 3);
	KT_ASSERT_STREQ(buf, "pw\n");
}

KTEST(tty_input_translation_icrnl_inlcr_igncr)
{
	struct ldisc *ld = fresh();
	char buf[16];
	bool end;

	ld->termios.c_lflag &= ~(uint32_t)(ICANON | ECHO);
	ld->termios.c_iflag = INLCR;
	type(ld, "\n\r");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 2);
	KT_ASSERT_STREQ(buf, "\r\r");
	ld->termios.c_iflag = IGNCR | ICRNL;
	type(ld, "a\rb");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 2);
	KT_ASSERT_STREQ(buf, "ab");
	ld->termios.c_iflag = 0;
	type(ld, "\r");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 1);
	KT_ASSERT_STREQ(buf, "\r");
}

KTEST(tty_echoctl_shows_control_bytes)
{
	struct ldisc *ld = fresh();

	type(ld, "\x01\x1b\t");
	KT_ASSERT_STREQ(probe.out, "^A^[\t");
	ld->termios.c_lflag &= ~(uint32_t)ECHOCTL;
	clear_out();
	type(ld, "\x01");
	KT_ASSERT_STREQ(probe.out, "\x01");
}

KTEST(tty_output_processing_onlcr_opost)
{
	struct ldisc *ld = fresh();

	ldisc_write(ld, (const uint8_t *)"a\nb", 3);
	KT_ASSERT_STREQ(probe.out, "a\r\nb");
	clear_out();
	ld->termios.c_oflag = 0; /* no OPOST: raw */
	ldisc_write(ld, (const uint8_t *)"a\nb", 3);
	KT_ASSERT_STREQ(probe.out, "a\nb");
	clear_out();
	ld->termios.c_oflag = OPOST | OCRNL | OLCUC;
	ldisc_write(ld, (const uint8_t *)"x\ry", 3);
	KT_ASSERT_STREQ(probe.out, "X\nY");
	ld = fresh();
	ld->termios.c_oflag = OPOST | ONOCR;
	ldisc_write(ld, (const uint8_t *)"\rz\r", 3);
	KT_ASSERT_STREQ(probe.out, "z\r");
}

KTEST(tty_isig_raises_and_flushes)
{
	struct ldisc *ld = fresh();
	char buf[16];
	bool end;

	type(ld, "half a line\x03");
	KT_ASSERT_EQ(ldisc_take_sigs(ld), 1u << SIGINT);
	KT_ASSERT_EQ(ldisc_take_sigs(ld), 0);
	KT_ASSERT_STREQ(probe.out, "half a line^C");
	type(ld, "ok\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 3);
	KT_ASSERT_STREQ(buf, "ok\n");
	type(ld, "\x1c\x1a");
	KT_ASSERT_EQ(ldisc_take_sigs(ld), (1u << SIGQUIT) | (1u << SIGTSTP));
	/* NOFLSH keeps the line; without ISIG ^C is a byte. */
	ld->termios.c_lflag |= NOFLSH;
	type(ld, "kept\x03\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 5);
	KT_ASSERT_STREQ(buf, "kept\n");
	KT_ASSERT_EQ(ldisc_take_sigs(ld), 1u << SIGINT);
	ld->termios.c_lflag &= ~(uint32_t)ISIG;
	type(ld, "\x03\n");
	KT_ASSERT_EQ(ldisc_take_sigs(ld), 0);
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 2);
	KT_ASSERT_EQ(buf[0], 3);
}

KTEST(tty_lnext_makes_the_next_byte_literal)
{
	struct ldisc *ld = fresh();
	char buf[16];
	bool end;

	type(ld, "\x16\x03\x16\x7f\n");
	KT_ASSERT_EQ(ldisc_take_sigs(ld), 0);
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 3);
	KT_ASSERT_EQ(buf[0], 3);
	KT_ASSERT_EQ(buf[1], 0x7f);
}

KTEST(tty_raw_mode_delivers_every_byte)
{
	struct ldisc *ld = fresh();
	struct tty_termios t = ld->termios;
	char buf[16];
	bool end;

	type(ld, "par");
	t.c_lflag &= ~(uint32_t)(ICANON | ECHO);
	/* Leaving canonical mode makes the edit line readable. */
	ldisc_set_termios(ld, &t);
	KT_ASSERT_EQ(ldisc_readable(ld), 3);
	type(ld, "\x7f\x04x");
	KT_ASSERT_EQ(ldisc_readable(ld), 6);
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 6);
	KT_ASSERT_EQ(memcmp(buf, "par\x7f\x04x", 6), 0);
	KT_ASSERT_STREQ(probe.out, "par");
}

KTEST(tty_raw_buffer_full_stops_taking)
{
	static uint8_t big[LDISC_BUF + 10];
	struct ldisc *ld = fresh();
	struct tty_termios t = ld->termios;

	t.c_lflag = 0;
	ldisc_set_termios(ld, &t);
	memset(big, 'z', sizeof(big));
	KT_ASSERT_EQ(ldisc_room(ld), LDISC_BUF);
	ldisc_receive(ld, big, sizeof(big));
	KT_ASSERT_EQ(ldisc_room(ld), 0);
	KT_ASSERT_EQ(ldisc_readable(ld), LDISC_BUF);
}

KTEST(tty_canon_full_line_keeps_room_for_newline)
{
	static uint8_t big[LDISC_BUF + 10];
	static char buf[LDISC_BUF + 1];
	struct ldisc *ld = fresh();
	bool end;

	ld->termios.c_lflag &= ~(uint32_t)ECHO;
	memset(big, 'q', sizeof(big));
	ldisc_receive(ld, big, sizeof(big));
	KT_ASSERT_EQ(ldisc_room(ld), 1);
	type(ld, "\x7f\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), LDISC_BUF - 1);
	KT_ASSERT(end);
	KT_ASSERT_EQ(buf[LDISC_BUF - 2], '\n');
}

KTEST(tty_iutf8_erases_whole_characters)
{
	struct ldisc *ld = fresh();
	char buf[16];
	bool end;

	ld->termios.c_iflag |= IUTF8;
	/* "a", e-acute (2 bytes), euro sign (3 bytes) */
	type(ld, "a\xc3\xa9\xe2\x82\xac");
	clear_out();
	type(ld, "\x7f");
	KT_ASSERT_STREQ(probe.out, "\b \b");
	type(ld, "\x7f\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 2);
	KT_ASSERT_STREQ(buf, "a\n");
	/* Without IUTF8 DEL takes one byte. */
	ld->termios.c_iflag &= ~(uint32_t)IUTF8;
	type(ld, "\xc3\xa9\x7f\n");
	KT_ASSERT_EQ(read_str(ld, buf, sizeof(buf), &end), 2);
	KT_ASSERT_EQ((uint8_t)buf[0], 0xc3);
}

KTEST(tty_reprint_and_tab_erase)
{
	struct ldisc *ld = fresh();

	type(ld, "ab\x12");
	KT_ASSERT_STREQ(probe.out, "ab^R\r\nab");
	/* A tab after 3 columns takes 5: erasing it backs up 5. */
	ldisc_flush_input(ld);
	ld->column = 0;
	clear_out();
	type(ld, "abc\t\x7f");
	KT_ASSERT_STREQ(probe.out, "abc\t\b\b\b\b\b");
	KT_ASSERT_EQ(ld->column, 3);
}
