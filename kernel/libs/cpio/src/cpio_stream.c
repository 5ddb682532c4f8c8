/* SPDX-License-Identifier: MIT */
/* The streaming cpio newc reader: header, name, data, padding, in pieces. */
#include <cpio/cpio.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/string.h>

enum {
	CS_HDR,	     /* collecting the 110-byte header */
	CS_NAME,     /* collecting namesize bytes */
	CS_NAME_PAD, /* skipping to a multiple of 4 */
	CS_DATA,     /* passing filesize bytes to the sink */
	CS_DATA_PAD,
	CS_DONE, /* after TRAILER!!! */
};

#define CS_TRAILER "TRAILER!!!"

void cpio_stream_init(struct cpio_stream *s, struct cpio_sink *sink)
{
	s->sink = sink;
	s->state = CS_HDR;
	s->have = 0;
	s->left = 0;
}

bool cpio_stream_done(const struct cpio_stream *s)
{
	return s->state == CS_DONE;
}

static bool cs_is_trailer(const struct cpio_stream *s)
{
	return s->e.namesize == sizeof(CS_TRAILER) &&
	       memcmp(s->name, CS_TRAILER, sizeof(CS_TRAILER)) == 0;
}

bool cpio_stream_between(const struct cpio_stream *s)
{
	/* the trailer's own padding may be cut off at the end */
	return (s->state == CS_HDR && s->have == 0) || s->state == CS_DONE ||
	       (s->state == CS_NAME_PAD && cs_is_trailer(s));
}

static size_t cs_pad4(size_t n)
{
	return (4 - n % 4) % 4;
}

/* The name is complete: check it, and start the member. */
static int cs_name_done(struct cpio_stream *s)
{
	struct cpio_entry *e = &s->e;

	if (s->name[e->namesize - 1] != '\0' ||
	    strnlen(s->name, e->namesize) != e->namesize - 1)
		return -EINVAL;
	e->name = s->name;
	s->left = cs_pad4(CPIO_HDR_LEN + e->namesize);
	s->state = CS_NAME_PAD;
	if (cs_is_trailer(s))
		return 0;
	return s->sink->begin(s->sink, e);
}

/* Move on from the parts that are complete: 0 or the sink's error. */
static int cs_advance(struct cpio_stream *s)
{
	int err;

	for (;;) {
		switch (s->state) {
		case CS_NAME_PAD:
			if (s->left)
				return 0;
			if (cs_is_trailer(s)) {
				s->state = CS_DONE;
				return 0;
			}
			s->state = CS_DATA;
			s->left = s->e.filesize;
			break;
		case CS_DATA:
			if (s->left)
				return 0;
			err = s->sink->end(s->sink);
			if (err)
				return err;
			s->state = CS_DATA_PAD;
			s->left = cs_pad4(s->e.filesize);
			break;
		case CS_DATA_PAD:
			if (s->left)
				return 0;
			s->state = CS_HDR;
			s->have = 0;
			return 0;
		default:
			return 0;
		}
	}
}

ssize_t cpio_stream_feed(struct cpio_stream *s, const uint8_t *p, size_t n)
{
	size_t used = 0;
	int err;

	while (used < n && s->state != CS_DONE) {
		size_t avail = n - used, take;

		switch (s->state) {
		case CS_HDR:
			take = MIN(avail, CPIO_HDR_LEN - s->have);
			memcpy(s->hdr + s->have, p + used, take);
			s->have += take;
			used += take;
			if (s->have < CPIO_HDR_LEN)
				break;
			if (cpio_parse_header(s->hdr, &s->e) ||
			    s->e.namesize == 0 || s->e.namesize > CPIO_NAME_MAX)
				return -EINVAL;
			s->have = 0;
			s->state = CS_NAME;
			break;
		case CS_NAME:
			take = MIN(avail, s->e.namesize - s->have);
			memcpy(s->name + s->have, p + used, take);
			s->have += take;
			used += take;
			if (s->have < s->e.namesize)
				break;
			s->name[s->e.namesize] = '\0';
			s->have = 0;
			err = cs_name_done(s);
			if (err)
				return err;
			break;
		case CS_NAME_PAD:
		case CS_DATA_PAD:
			take = MIN(avail, s->left);
			used += take;
			s->left -= take;
			break;
		case CS_DATA:
			take = MIN(avail, s->left);
			err = s->sink->data(s->sink, p + used, take);
			if (err)
				return err;
			used += take;
			s->left -= take;
			break;
		}
		err = cs_advance(s);
		if (err)
			return err;
	}
	return (ssize_t)used;
}
