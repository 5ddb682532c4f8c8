/* SPDX-License-Identifier: MIT */
/* ktests of a stream's out-of-band bytes: marks, stops, FIONREAD, limit. */
#include "unix_conn.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

static const struct unix_cred oob_cred = { 42, 1000, 100 };

static ssize_t oob_send(struct unix_conn *c, const char *s, bool oob)
{
	uint8_t buf[16];
	size_t n = strnlen(s, sizeof(buf));
	struct unix_io io = { .kbuf = buf, .klen = n, .oob = oob };

	memcpy(buf, s, n);
	return unix_conn_send(c, 0, &io, true);
}

static ssize_t oob_recv(struct unix_conn *c, uint8_t *buf, bool inl)
{
	struct unix_io io = { .kbuf = buf, .klen = 16, .oob_inline = inl };
	size_t full;

	return unix_conn_recv(c, 1, &io, true, false, &full);
}

KTEST(unix_oob_byte_is_a_mark_reads_stop_at)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &oob_cred);
	uint8_t out[16], b;

	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(oob_send(c, "ab", false), 2);
	KT_ASSERT_EQ(oob_send(c, "c", true), 1);
	KT_ASSERT(!unix_conn_atmark(c, 1));
	KT_ASSERT_EQ(unix_conn_poll(c, 1) & UNIX_POLLPRI, UNIX_POLLPRI);
	KT_ASSERT_EQ(oob_recv(c, out, false), 2);
	KT_ASSERT(unix_conn_atmark(c, 1));
	KT_ASSERT_OK(unix_conn_recv_oob(c, 1, &b, false));
	KT_ASSERT_EQ(b, 'c');
	KT_ASSERT_ERR(unix_conn_recv_oob(c, 1, &b, false), -EINVAL);
	/* the taken byte's place is no data */
	KT_ASSERT_EQ(unix_conn_nread(c, 1), 0);
	KT_ASSERT_EQ(oob_recv(c, out, false), -EAGAIN);
	/* read inline, the byte is data after the stop */
	KT_ASSERT_EQ(oob_send(c, "d", false), 1);
	KT_ASSERT_EQ(oob_send(c, "e", true), 1);
	KT_ASSERT_EQ(oob_send(c, "f", false), 1);
	KT_ASSERT_EQ(oob_recv(c, out, true), 1);
	KT_ASSERT_EQ(oob_recv(c, out, true), 2);
	KT_ASSERT_EQ(memcmp(out, "ef", 2), 0);
	unix_conn_close(c, 0);
	unix_conn_close(c, 1);
}

KTEST(unix_oob_marks_are_bounded)
{
	struct unix_conn *c = unix_conn_create(UNIX_SOCK_STREAM, &oob_cred);
	uint8_t out[16], b;

	KT_ASSERT_NOT_NULL(c);
	/* taken bytes keep their marks until read past */
	for (int i = 0; i < UNIX_OOB_MARKS; i++) {
		KT_ASSERT_EQ(oob_send(c, "x", true), 1);
		KT_ASSERT_OK(unix_conn_recv_oob(c, 1, &b, false));
	}
	KT_ASSERT_EQ(oob_send(c, "y", true), -ENOBUFS);
	KT_ASSERT_EQ(oob_send(c, "z", false), 1);
	KT_ASSERT_EQ(oob_recv(c, out, false), 1);
	KT_ASSERT_EQ(out[0], 'z');
	KT_ASSERT_EQ(oob_send(c, "y", true), 1);
	unix_conn_close(c, 0);
	unix_conn_close(c, 1);
}
