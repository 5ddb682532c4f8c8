/* SPDX-License-Identifier: MIT */
/* ktests for SHA-384: known answers, and one-shot against chunked input. */
#include "lib/sha384.h"

#include <frame/ktest.h>
#include <frame/string.h>

static void hex(const uint8_t *d, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SHA384_DIGEST_SIZE; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * SHA384_DIGEST_SIZE] = 0;
}

/* FIPS 180-4's examples ("abc"; the empty message) and the extension of
 * an all-zero RTMR by an all-zero digest (96 zero bytes). */
KTEST(sha384_known_answers)
{
	static const uint8_t zeros[96];
	uint8_t d[SHA384_DIGEST_SIZE];
	char s[2 * SHA384_DIGEST_SIZE + 1];

	sha384("abc", 3, d);
	hex(d, s);
	KT_ASSERT_STREQ(s, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
			   "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
	sha384("", 0, d);
	hex(d, s);
	KT_ASSERT_STREQ(s, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743"
			   "4c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b");
	sha384(zeros, sizeof(zeros), d);
	hex(d, s);
	KT_ASSERT_STREQ(s, "f57bb7ed82c6ae4a29e6c9879338c592c7d42a39135583e8"
			   "ccbe3940f2344b0eb6eb8503db0ffd6a39ddd00cd07d8317");
}

/* 1000 'a's fed 7 bytes at a time cross every block boundary case, and
 * 112-byte messages need the extra padding block. */
KTEST(sha384_chunked_matches_one_shot)
{
	static uint8_t a[1000];
	uint8_t one[SHA384_DIGEST_SIZE], chunked[SHA384_DIGEST_SIZE];
	char s[2 * SHA384_DIGEST_SIZE + 1];
	struct sha384_ctx c;

	memset(a, 'a', sizeof(a));
	sha384(a, sizeof(a), one);
	hex(one, s);
	KT_ASSERT_STREQ(s, "f54480689c6b0b11d0303285d9a81b21a93bca6ba5a1b447"
			   "2765dca4da45ee328082d469c650cd3b61b16d3266ab8ced");
	sha384_init(&c);
	for (size_t i = 0; i < sizeof(a); i += 7)
		sha384_update(&c, a + i, sizeof(a) - i < 7 ? sizeof(a) - i : 7);
	sha384_final(&c, chunked);
	KT_ASSERT(memcmp(one, chunked, sizeof(one)) == 0);
	/* 111 bytes leave room for the length; 112 need another block. */
	sha384(a, 111, one);
	hex(one, s);
	KT_ASSERT_STREQ(s, "3c37955051cb5c3026f94d551d5b5e2ac38d572ae4e07172"
			   "085fed81f8466b8f90dc23a8ffcdea0b8d8e58e8fdacc80a");
	sha384(a, 112, one);
	hex(one, s);
	KT_ASSERT_STREQ(s, "187d4e07cb306103c69967bf544d0dfbe9042577599c73c3"
			   "30abc0cb64c61236d5ed565ee19119d8c31779a38f791fcd");
	for (size_t n = 110; n <= 113; n++) {
		sha384(a, n, one);
		sha384_init(&c);
		sha384_update(&c, a, 1);
		sha384_update(&c, a + 1, n - 1);
		sha384_final(&c, chunked);
		KT_ASSERT(memcmp(one, chunked, sizeof(one)) == 0);
	}
}
