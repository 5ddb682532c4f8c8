/* SPDX-License-Identifier: MIT */
/* DEFLATE decoding (RFC 1951): stored, fixed and dynamic Huffman blocks. */
#include <inflate/inflate.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/string.h>

#define INFL_MAXBITS  15
#define INFL_NLITLEN  288
#define INFL_NDIST    30
#define INFL_NCODELEN 19

/* A canonical Huffman code: how many codes of each length, and the
 * symbols ordered by (length, value), as RFC 1951 3.2.2 assigns them. */
struct infl_huff {
	uint16_t count[INFL_MAXBITS + 1];
	uint16_t symbol[INFL_NLITLEN];
};

struct infl_state {
	const uint8_t *in;
	size_t len, pos; /* next input byte */
	uint32_t bitbuf; /* bits not consumed yet, LSB first */
	unsigned int bitcnt;
	struct inflate_out *out;
};

/* Take @n (<= 16) bits, LSB first; -EINVAL when the input ends. */
static int infl_bits(struct infl_state *s, unsigned int n, uint32_t *v)
{
	while (s->bitcnt < n) {
		if (s->pos >= s->len)
			return -EINVAL;
		s->bitbuf |= (uint32_t)s->in[s->pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	*v = s->bitbuf & ((1u << n) - 1);
	s->bitbuf >>= n;
	s->bitcnt -= n;
	return 0;
}

/*
 * Build @h from the code lengths @lens[0, @n). Returns 0 for a complete
 * code, or for an incomplete one (allowed for a lone distance code),
 * -EINVAL for an over-subscribed one.
 */
static int infl_build(struct infl_huff *h, const uint8_t *lens, unsigned int n)
{
	uint16_t offs[INFL_MAXBITS + 1];
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (unsigned int i = 0; i < n; i++)
		h->count[lens[i]]++;
	if (h->count[0] == n)
		return 0; /* no codes: decoding any symbol fails */
	for (unsigned int len = 1; len <= INFL_MAXBITS; len++) {
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return -EINVAL;
	}
	offs[1] = 0;
	for (unsigned int len = 1; len < INFL_MAXBITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (unsigned int i = 0; i < n; i++)
		if (lens[i])
			h->symbol[offs[lens[i]]++] = (uint16_t)i;
	return 0;
}

/* Decode one symbol of @h, bit by bit (codes are stored MSB first). */
static int infl_decode(struct infl_state *s, const struct infl_huff *h)
{
	int code = 0, first = 0, index = 0;

	for (unsigned int len = 1; len <= INFL_MAXBITS; len++) {
		uint32_t bit;
		int count;

		if (infl_bits(s, 1, &bit))
			return -EINVAL;
		code |= (int)bit;
		count = h->count[len];
		if (code - count < first)
			return h->symbol[index + (code - first)];
		index += count;
		first += count;
		first <<= 1;
		code <<= 1;
	}
	return -EINVAL;
}

#define INFL_HISTORY 32768u

/*
 * Streaming: sink what the window holds that was not sunk yet, then keep
 * only its last @keep bytes (the history back-references may reach).
 */
static int infl_flush(struct inflate_out *o, size_t keep)
{
	int err;

	if (o->len > o->emitted) {
		size_t n = o->len - o->emitted;

		o->crc = crc32_update(o->crc, o->buf + o->emitted, n);
		o->total += n;
		err = o->sink(o, o->buf + o->emitted, n);
		if (err)
			return err;
		o->emitted = o->len;
	}
	if (o->len > keep) {
		memmove(o->buf, o->buf + o->len - keep, keep);
		o->len = keep;
		o->emitted = keep;
	}
	return 0;
}

/* Room for @n more output bytes. */
static int infl_reserve(struct inflate_out *o, size_t n)
{
	size_t want;
	int err;

	if (o->sink) {
		if (o->limit && o->total + (o->len - o->emitted) + n > o->limit)
			return -EFBIG;
		if (o->len + n > o->cap) {
			err = infl_flush(o, INFL_HISTORY);
			if (err)
				return err;
		}
		return o->len + n <= o->cap ? 0 : -EFBIG;
	}

	if (n > SIZE_MAX - o->len)
		return -EFBIG;
	want = o->len + n;
	if (want <= o->cap)
		return 0;
	if (o->limit && want > o->limit)
		return -EFBIG;
	if (!o->grow)
		return -EFBIG;
	err = o->grow(o, want);
	if (err)
		return err;
	return want <= o->cap ? 0 : -EFBIG;
}

static int infl_stored(struct infl_state *s)
{
	uint16_t len, nlen;
	int err;

	/* Skip to the byte boundary; whole bytes in the bit buffer go back. */
	s->bitbuf = 0;
	s->pos -= s->bitcnt / 8;
	s->bitcnt = 0;
	if (s->len - s->pos < 4)
		return -EINVAL;
	len = (uint16_t)(s->in[s->pos] | s->in[s->pos + 1] << 8);
	nlen = (uint16_t)(s->in[s->pos + 2] | s->in[s->pos + 3] << 8);
	s->pos += 4;
	if ((uint32_t)len + nlen != 0xffffu)
		return -EINVAL;
	if (s->len - s->pos < len)
		return -EINVAL;
	/* In pieces, so that a streaming window need not hold 64 KiB. */
	while (len) {
		uint16_t piece = (uint16_t)MIN(len, 4096u);

		err = infl_reserve(s->out, piece);
		if (err)
			return err;
		memcpy(s->out->buf + s->out->len, s->in + s->pos, piece);
		s->out->len += piece;
		s->pos += piece;
		len -= piece;
	}
	return 0;
}

static const uint16_t infl_len_base[29] = { 3,	 4,   5,   6,	7,  8,	9,  10,
					    11,	 13,  15,  17,	19, 23, 27, 31,
					    35,	 43,  51,  59,	67, 83, 99, 115,
					    131, 163, 195, 227, 258 };
static const uint8_t infl_len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
					    1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
					    4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t infl_dist_base[30] = {
	1,    2,    3,	  4,	5,    7,    9,	  13,	 17,	25,
	33,   49,   65,	  97,	129,  193,  257,  385,	 513,	769,
	1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577
};
static const uint8_t infl_dist_extra[30] = { 0,	 0,  0,	 0,  1,	 1, 2,	2,
					     3,	 3,  4,	 4,  5,	 5, 6,	6,
					     7,	 7,  8,	 8,  9,	 9, 10, 10,
					     11, 11, 12, 12, 13, 13 };

/* The literal/length and distance symbols of one Huffman block. */
static int infl_codes(struct infl_state *s, const struct infl_huff *lit,
		      const struct infl_huff *dist)
{
	struct inflate_out *o = s->out;

	for (;;) {
		int sym = infl_decode(s, lit);
		uint32_t extra;
		size_t len, d;
		int err;

		if (sym < 0)
			return -EINVAL;
		if (sym < 256) {
			err = infl_reserve(o, 1);
			if (err)
				return err;
			o->buf[o->len++] = (uint8_t)sym;
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return -EINVAL;
		if (infl_bits(s, infl_len_extra[sym], &extra))
			return -EINVAL;
		len = infl_len_base[sym] + extra;
		sym = infl_decode(s, dist);
		if (sym < 0 || sym >= 30)
			return -EINVAL;
		if (infl_bits(s, infl_dist_extra[sym], &extra))
			return -EINVAL;
		d = infl_dist_base[sym] + extra;
		if (d > o->len)
			return -EINVAL; /* reaches before the output's start */
		err = infl_reserve(o, len);
		if (err)
			return err;
		/* Byte by byte: the copy may overlap what it writes. */
		for (size_t i = 0; i < len; i++) {
			o->buf[o->len] = o->buf[o->len - d];
			o->len++;
		}
	}
}

static int infl_fixed(struct infl_state *s)
{
	struct infl_huff lit, dist;
	uint8_t lens[INFL_NLITLEN];
	unsigned int i;

	for (i = 0; i < 144; i++)
		lens[i] = 8;
	for (; i < 256; i++)
		lens[i] = 9;
	for (; i < 280; i++)
		lens[i] = 7;
	for (; i < INFL_NLITLEN; i++)
		lens[i] = 8;
	infl_build(&lit, lens, INFL_NLITLEN);
	for (i = 0; i < INFL_NDIST; i++)
		lens[i] = 5;
	infl_build(&dist, lens, INFL_NDIST);
	return infl_codes(s, &lit, &dist);
}

static const uint8_t infl_clen_order[INFL_NCODELEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

static int infl_dynamic(struct infl_state *s)
{
	struct infl_huff lit, dist, clen;
	uint8_t lens[INFL_NLITLEN + INFL_NDIST];
	uint32_t hlit, hdist, hclen, v;
	unsigned int i;

	if (infl_bits(s, 5, &hlit) || infl_bits(s, 5, &hdist) ||
	    infl_bits(s, 4, &hclen))
		return -EINVAL;
	hlit += 257;
	hdist += 1;
	hclen += 4;
	if (hlit > 286 || hdist > 30)
		return -EINVAL;
	memset(lens, 0, sizeof(lens));
	for (i = 0; i < hclen; i++) {
		if (infl_bits(s, 3, &v))
			return -EINVAL;
		lens[infl_clen_order[i]] = (uint8_t)v;
	}
	if (infl_build(&clen, lens, INFL_NCODELEN))
		return -EINVAL;
	for (i = 0; i < hlit + hdist;) {
		int sym = infl_decode(s, &clen);
		uint8_t fill = 0;
		uint32_t rep;

		if (sym < 0)
			return -EINVAL;
		if (sym < 16) {
			lens[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0 || infl_bits(s, 2, &rep))
				return -EINVAL;
			fill = lens[i - 1];
			rep += 3;
		} else if (sym == 17) {
			if (infl_bits(s, 3, &rep))
				return -EINVAL;
			rep += 3;
		} else {
			if (infl_bits(s, 7, &rep))
				return -EINVAL;
			rep += 11;
		}
		if (i + rep > hlit + hdist)
			return -EINVAL;
		while (rep--)
			lens[i++] = fill;
	}
	if (lens[256] == 0)
		return -EINVAL; /* no end-of-block code */
	if (infl_build(&lit, lens, hlit) ||
	    infl_build(&dist, lens + hlit, hdist))
		return -EINVAL;
	return infl_codes(s, &lit, &dist);
}

int inflate_raw(const uint8_t *in, size_t len, struct inflate_out *out,
		size_t *used)
{
	struct infl_state s = { .in = in, .len = len, .out = out };
	uint32_t final, type;
	int err;

	if (out->sink && out->cap < INFLATE_WINDOW_MIN)
		return -EINVAL;
	do {
		if (infl_bits(&s, 1, &final) || infl_bits(&s, 2, &type))
			return -EINVAL;
		switch (type) {
		case 0:
			err = infl_stored(&s);
			break;
		case 1:
			err = infl_fixed(&s);
			break;
		case 2:
			err = infl_dynamic(&s);
			break;
		default:
			err = -EINVAL;
			break;
		}
		if (err)
			return err;
	} while (!final);
	if (out->sink) {
		err = infl_flush(out, INFL_HISTORY);
		if (err)
			return err;
	}
	/* Whole unused bytes in the bit buffer belong to what follows. */
	*used = s.pos - s.bitcnt / 8;
	return 0;
}
