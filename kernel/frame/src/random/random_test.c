/* SPDX-License-Identifier: MIT */
/* ktests for the random generator: ChaCha20, each source, the fallback. */
#include "random/random.h"

#include <frame/cpu.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/cpuinfo.h"

/* RFC 8439, section 2.3.2: key 00..1f, nonce 0:0:0:9:0:0:0:4a:0:0:0:0,
 * block counter 1. */
KTEST(random_chacha20_matches_rfc8439)
{
	static const uint8_t expect[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f,
		0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7,
		0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4,
		0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09,
		0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12,
		0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8,
		0xa2, 0x50, 0x3c, 0x4e,
	};
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	uint8_t out[64];

	for (int i = 0; i < 8; i++)
		in[4 + i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
			    (uint32_t)(4 * i + 2) << 16 |
			    (uint32_t)(4 * i + 3) << 24;
	in[12] = 1;
	in[13] = 0x09000000;
	in[14] = 0x4a000000;
	in[15] = 0;
	chacha20_block(in, out);
	KT_ASSERT_EQ(memcmp(out, expect, sizeof(out)), 0);
}

/*
 * Output that is not obviously broken: two requests differ, no 64-bit
 * word repeats, and the bits of 4 KiB are balanced to within 8 standard
 * deviations (16384 +- 90 * 8): a stuck or zero generator fails, a
 * working one essentially never. Bits are counted by hand:
 * __builtin_popcountll needs libgcc on CPUs without POPCNT (qemu64).
 */
static int check_output(void)
{
	static uint64_t a[512], b[4];
	unsigned int ones = 0;

	frame_random_bytes(a, sizeof(a));
	frame_random_bytes(b, sizeof(b));
	if (!memcmp(a, b, sizeof(b)))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(a); i++) {
		for (uint64_t w = a[i]; w; w &= w - 1)
			ones++;
		for (size_t j = 0; j < i; j++) {
			if (a[j] == a[i])
				return -2;
		}
	}
	if (ones < 16384 - 720 || ones > 16384 + 720)
		return -3;
	return 0;
}

KTEST(random_source_follows_cpuid)
{
	enum frame_random_source s = frame_random_source();

	if (frame_cpu_has(FRAME_CPU_RDSEED))
		KT_ASSERT_EQ(s, FRAME_RANDOM_RDSEED);
	else if (frame_cpu_has(FRAME_CPU_RDRAND))
		KT_ASSERT_EQ(s, FRAME_RANDOM_RDRAND);
	else
		KT_ASSERT_EQ(s, FRAME_RANDOM_JITTER);
	KT_ASSERT_OK(check_output());
}

/* With RDRAND and RDSEED hidden the generator seeds from TSC jitter. */
KTEST(random_fallback_to_jitter_when_forced)
{
	uint64_t before = random_key_digest(), after_one, after_two;
	int out;

	arch_cpuinfo_override(FRAME_CPU_RDSEED, true);
	arch_cpuinfo_override(FRAME_CPU_RDRAND, true);
	random_reseed();
	after_one = random_key_digest();
	out = check_output();
	random_reseed();
	after_two = random_key_digest();
	KT_ASSERT_EQ(frame_random_source(), FRAME_RANDOM_JITTER);
	arch_cpuinfo_override(FRAME_CPU_RDSEED, false);
	arch_cpuinfo_override(FRAME_CPU_RDRAND, false);
	random_reseed();

	KT_ASSERT_OK(out);
	KT_ASSERT_NE(before, after_one);
	KT_ASSERT_NE(after_one, after_two);
	/* The timings really varied: the seed is not a constant. */
	KT_ASSERT_GT(random_jitter_distinct(), 1);
	/* And back on the hardware source, where there is one. */
	KT_ASSERT_EQ(frame_random_source() == FRAME_RANDOM_JITTER,
		     !frame_cpu_has(FRAME_CPU_RDRAND) &&
			     !frame_cpu_has(FRAME_CPU_RDSEED));
}

/* The instructions themselves, where CPUID lists them. */
KTEST(random_rdrand_and_rdseed_deliver)
{
	uint64_t v[4] = { 0 };
	bool ok = true;

	if (frame_cpu_has(FRAME_CPU_RDRAND)) {
		for (int i = 0; i < 4; i++) {
			bool got = false;

			for (int t = 0; t < 10 && !got; t++)
				got = arch_rdrand(&v[i]);
			ok &= got;
		}
		KT_ASSERT(ok);
		KT_ASSERT(v[0] != v[1] || v[1] != v[2] || v[2] != v[3]);
	}
	if (frame_cpu_has(FRAME_CPU_RDSEED)) {
		bool got = false;

		for (int t = 0; t < 1000 && !got; t++)
			got = arch_rdseed(&v[0]);
		KT_ASSERT(got);
	}
	KT_ASSERT_NE(frame_random_u64(), frame_random_u64());
	KT_ASSERT_STREQ(frame_random_source_name(FRAME_RANDOM_RDSEED),
			"RDSEED");
	KT_ASSERT_STREQ(frame_random_source_name(FRAME_RANDOM_RDRAND),
			"RDRAND");
	KT_ASSERT_STREQ(frame_random_source_name(FRAME_RANDOM_JITTER),
			"TSC jitter");
}

/* Odd lengths and lengths over a chunk are filled exactly. */
KTEST(random_fills_exact_lengths)
{
	static uint8_t buf[1000];

	for (size_t len = 0; len < 8; len++) {
		memset(buf, 0xa5, sizeof(buf));
		frame_random_bytes(buf + 1, len);
		KT_ASSERT_EQ(buf[0], 0xa5);
		KT_ASSERT_EQ(buf[1 + len], 0xa5);
	}
	memset(buf, 0, sizeof(buf));
	frame_random_bytes(buf, 999);
	KT_ASSERT_EQ(buf[999], 0);
	/* The tail of a 999-byte request is random too: some of the last
	 * 64 bytes are not zero. */
	{
		unsigned int nz = 0;

		for (size_t i = 935; i < 999; i++)
			nz += buf[i] != 0;
		KT_ASSERT_GT(nz, 32);
	}
}
