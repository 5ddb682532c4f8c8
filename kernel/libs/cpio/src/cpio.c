/* SPDX-License-Identifier: MIT */
/* cpio newc decoding with every offset checked against the buffer. */
#include <cpio/cpio.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/string.h>

#define CPIO_TRAILER "TRAILER!!!"

void cpio_reader_init(struct cpio_reader *r, const uint8_t *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->off = 0;
}

size_t cpio_reader_offset(const struct cpio_reader *r)
{
	return r->off;
}

/* Eight hex digits at @p; -EINVAL for anything else. */
static int cpio_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* @off rounded up to 4, or false when that overflows */
static bool cpio_align4(size_t off, size_t *out)
{
	if (off > SIZE_MAX - 3)
		return false;
	*out = (off + 3) & ~(size_t)3;
	return true;
}

int cpio_parse_header(const uint8_t *h, struct cpio_entry *e)
{
	uint32_t f[13];

	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return -EINVAL;
	for (int i = 0; i < 13; i++)
		if (cpio_hex8(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	/* f[12] is the check field, meaningful only for 070702's sums. */
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	e->filesize = f[6];
	e->devmajor = f[7];
	e->devminor = f[8];
	e->rdevmajor = f[9];
	e->rdevminor = f[10];
	e->namesize = f[11];
	e->name = NULL;
	e->data = NULL;
	return 0;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	size_t name_off, data_off, end;
	const uint8_t *h;

	/* Archives may be padded with NULs to a block boundary, and more
	 * archives may follow (the kernel's initramfs rules). */
	while (r->off < r->len && r->buf[r->off] == 0)
		r->off++;
	if (r->off >= r->len)
		return 0;
	if (r->len - r->off < CPIO_HDR_LEN)
		return -EINVAL;
	h = r->buf + r->off;
	if (cpio_parse_header(h, e))
		return -EINVAL;
	if (e->namesize == 0)
		return -EINVAL;
	name_off = r->off + CPIO_HDR_LEN;
	if (e->namesize > r->len - name_off)
		return -EINVAL;
	e->name = (const char *)(r->buf + name_off);
	if (e->name[e->namesize - 1] != '\0' ||
	    strnlen(e->name, e->namesize) != e->namesize - 1)
		return -EINVAL;
	if (!cpio_align4(name_off + e->namesize, &data_off))
		return -EINVAL;
	if (data_off > r->len || e->filesize > r->len - data_off) {
		/* The trailer's padding may be cut off at the very end. */
		if (e->filesize == 0 && e->namesize == sizeof(CPIO_TRAILER) &&
		    memcmp(e->name, CPIO_TRAILER, sizeof(CPIO_TRAILER)) == 0) {
			r->off = r->len;
			return 0;
		}
		return -EINVAL;
	}
	e->data = r->buf + data_off;
	if (!cpio_align4(data_off + e->filesize, &end))
		return -EINVAL;
	r->off = MIN(end, r->len);
	if (e->namesize == sizeof(CPIO_TRAILER) &&
	    memcmp(e->name, CPIO_TRAILER, sizeof(CPIO_TRAILER)) == 0)
		return 0;
	return 1;
}
