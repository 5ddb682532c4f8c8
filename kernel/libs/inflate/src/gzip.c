/* SPDX-License-Identifier: MIT */
/* The gzip wrapper (RFC 1952): header, trailer CRC-32 and size checks. */
#include <inflate/inflate.h>

#include <frame/errno.h>

#define GZ_FTEXT     0x01
#define GZ_FHCRC     0x02
#define GZ_FEXTRA    0x04
#define GZ_FNAME     0x08
#define GZ_FCOMMENT  0x10
#define GZ_FRESERVED 0xe0

static uint32_t crc32_table[256];
static bool crc32_ready;

static void crc32_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc32_table[n] = c;
	}
	crc32_ready = true;
}

uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
	uint32_t c = crc ^ 0xffffffffu;

	if (!crc32_ready)
		crc32_init();
	for (size_t i = 0; i < n; i++)
		c = crc32_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

bool gzip_is_gzip(const uint8_t *in, size_t len)
{
	return len >= 3 && in[0] == 0x1f && in[1] == 0x8b && in[2] == 8;
}

static uint32_t gz_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Skip a NUL-terminated header field from *@pos. */
static int gz_skip_string(const uint8_t *in, size_t len, size_t *pos)
{
	while (*pos < len && in[*pos] != 0)
		(*pos)++;
	if (*pos >= len)
		return -EINVAL;
	(*pos)++;
	return 0;
}

int gzip_decompress(const uint8_t *in, size_t len, struct inflate_out *out,
		    size_t *used)
{
	size_t pos = 10, start = out->len, n;
	uint32_t crc, size;
	uint8_t flags;
	int err;

	if (len < 18 || !gzip_is_gzip(in, len))
		return -EINVAL;
	flags = in[3];
	if (flags & GZ_FRESERVED)
		return -EINVAL;
	if (flags & GZ_FEXTRA) {
		size_t xlen;

		if (len - pos < 2)
			return -EINVAL;
		xlen = (size_t)in[pos] | (size_t)in[pos + 1] << 8;
		pos += 2;
		if (len - pos < xlen)
			return -EINVAL;
		pos += xlen;
	}
	if ((flags & GZ_FNAME) && gz_skip_string(in, len, &pos))
		return -EINVAL;
	if ((flags & GZ_FCOMMENT) && gz_skip_string(in, len, &pos))
		return -EINVAL;
	if (flags & GZ_FHCRC) {
		if (len - pos < 2)
			return -EINVAL;
		if ((crc32_update(0, in, pos) & 0xffff) !=
		    ((uint32_t)in[pos] | (uint32_t)in[pos + 1] << 8))
			return -EINVAL;
		pos += 2;
	}
	if (out->sink) {
		/* the member's CRC and size, whatever came before */
		out->crc = 0;
		out->total = 0;
	}
	err = inflate_raw(in + pos, len - pos, out, &n);
	if (err)
		return err;
	pos += n;
	if (len - pos < 8)
		return -EINVAL;
	if (out->sink) {
		crc = out->crc;
		size = (uint32_t)out->total;
	} else {
		crc = crc32_update(0, out->buf + start, out->len - start);
		size = (uint32_t)(out->len - start);
	}
	if (gz_le32(in + pos) != crc || gz_le32(in + pos + 4) != size)
		return -EINVAL;
	*used = pos + 8;
	return 0;
}
