/* SPDX-License-Identifier: MIT */
/* A reader of cpio "newc" archives (070701/070702) held in a byte buffer. */
#ifndef CPIO_CPIO_H
#define CPIO_CPIO_H

#include <frame/types.h>

/*
 * One member of an archive. @name points into the buffer (NUL-terminated
 * there, @namesize counts the NUL); @data and @filesize likewise. Numbers
 * are the header's fields, decoded from hexadecimal.
 */
struct cpio_entry {
	const char *name;
	size_t namesize;
	const uint8_t *data;
	size_t filesize;
	uint32_t ino, mode, uid, gid, nlink, mtime;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
};

/* A cursor over [buf, buf + len); make it with cpio_reader_init(). */
struct cpio_reader {
	const uint8_t *buf;
	size_t len, off;
};

void cpio_reader_init(struct cpio_reader *r, const uint8_t *buf, size_t len);

/*
 * cpio_next() - decode the next member into *@e
 *
 * Returns 1 with *@e filled, 0 at the end (the TRAILER!!! member, or the
 * end of the buffer at a member boundary; NUL padding between
 * concatenated archives is skipped), or -EINVAL for a malformed header:
 * a bad magic, a non-hexadecimal field, a name without its NUL or of
 * size 0, or a name or data running past the buffer. The reader never
 * reads outside the buffer. cpio_reader_offset() tells where the next
 * archive starts once 0 came back (after TRAILER!!! and its padding).
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);
size_t cpio_reader_offset(const struct cpio_reader *r);

/* The size of a newc header, and the longest name a stream accepts. */
#define CPIO_HDR_LEN  110
#define CPIO_NAME_MAX 4096

/*
 * cpio_parse_header() - decode the 110-byte header at @h into @e (the
 * numbers, namesize and filesize; name and data are left NULL). 0, or
 * -EINVAL for a bad magic or a field that is not hexadecimal.
 */
int cpio_parse_header(const uint8_t *h, struct cpio_entry *e);

/*
 * A streaming reader, for archives that never sit whole in memory (a
 * decompressor's output, a boot module read piece by piece). The caller
 * feeds bytes in any pieces; the reader calls the sink, which the caller
 * embeds in its own object and finds again with container_of():
 * @begin(e) for each member (e->name valid until @end, e->data NULL),
 * @data(p, n) with the member's contents in order, @end() after them.
 * Any of them returning an error stops the stream with it.
 */
struct cpio_sink {
	int (*begin)(struct cpio_sink *s, const struct cpio_entry *e);
	int (*data)(struct cpio_sink *s, const uint8_t *p, size_t n);
	int (*end)(struct cpio_sink *s);
};

struct cpio_stream {
	struct cpio_sink *sink;
	int state;
	size_t have; /* bytes of the current part collected */
	size_t left; /* data or padding bytes still to come */
	struct cpio_entry e;
	uint8_t hdr[CPIO_HDR_LEN];
	char name[CPIO_NAME_MAX + 1];
};

void cpio_stream_init(struct cpio_stream *s, struct cpio_sink *sink);

/*
 * cpio_stream_feed() - take up to @n bytes: how many were taken (fewer
 * than @n only when the archive's TRAILER!!! ended in them), or -EINVAL
 * for a malformed member (as cpio_next() checks them, and a name over
 * CPIO_NAME_MAX), or the sink's error.
 */
ssize_t cpio_stream_feed(struct cpio_stream *s, const uint8_t *p, size_t n);

/* cpio_stream_done() - the trailer has been read */
bool cpio_stream_done(const struct cpio_stream *s);

/* cpio_stream_between() - at a member boundary (where input may end) */
bool cpio_stream_between(const struct cpio_stream *s);

#endif /* CPIO_CPIO_H */
