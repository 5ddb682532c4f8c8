/* SPDX-License-Identifier: MIT */
/* DEFLATE (RFC 1951) and gzip (RFC 1952) decompression. */
#ifndef INFLATE_INFLATE_H
#define INFLATE_INFLATE_H

#include <frame/types.h>

/*
 * The output buffer. The decoder writes into @buf[0, @cap); when it needs
 * more it calls @grow(out, want) with the total size it needs at least,
 * which must enlarge @buf/@cap (keeping the bytes written, e.g. with a new
 * allocation and a copy) and return 0, or return -ENOMEM / -EFBIG. With
 * @grow NULL the buffer cannot grow. @limit caps the output (0: no cap
 * beyond what @grow allows): @want never exceeds it, and output that
 * would pass it fails with -EFBIG. @len
 * is how many bytes are written so far. The struct is embedded in the
 * caller's object, which @grow finds with container_of().
 */
struct inflate_out {
	uint8_t *buf;
	size_t cap, len, limit;
	int (*grow)(struct inflate_out *out, size_t want);
	/*
	 * Streaming: with @sink set, @buf is only a window of at least
	 * INFLATE_WINDOW_MIN bytes (@grow unused): the decoder keeps the
	 * last 32 KiB it needs for back-references there and hands every
	 * byte to @sink(out, p, n) once, in order, as it leaves the window
	 * or when the stream ends. @limit then caps the total. Start with
	 * @len, @emitted, @total and @crc 0.
	 */
	int (*sink)(struct inflate_out *out, const uint8_t *p, size_t n);
	size_t emitted; /* decoder's: bytes of @buf already sunk */
	uint64_t total; /* bytes sunk so far */
	uint32_t crc;	/* CRC-32 of those bytes */
};

#define INFLATE_WINDOW_MIN (64u * 1024)

/*
 * inflate_raw() - decode a raw DEFLATE stream from @in[0, @len), appending
 * to @out. *@used receives how many input bytes the stream took (to the
 * end of its final block, rounded up to a byte). 0, -EINVAL for a corrupt
 * or truncated stream, -EFBIG past the limit, or @grow's error.
 */
int inflate_raw(const uint8_t *in, size_t len, struct inflate_out *out,
		size_t *used);

/*
 * gzip_decompress() - one gzip member (header, DEFLATE, CRC32, ISIZE):
 * the header's flags (FEXTRA, FNAME, FCOMMENT, FHCRC) are skipped, the
 * trailer's CRC32 and size are checked (-EINVAL on a mismatch). *@used as
 * for inflate_raw(), counting the header and trailer.
 */
int gzip_decompress(const uint8_t *in, size_t len, struct inflate_out *out,
		    size_t *used);

/* gzip_is_gzip() - whether @in starts with gzip's magic (1f 8b 08) */
bool gzip_is_gzip(const uint8_t *in, size_t len);

/* crc32_update() - the CRC-32 of gzip (ISO 3309), continued from @crc
 * (start with 0) */
uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n);

#endif /* INFLATE_INFLATE_H */
