/* SPDX-License-Identifier: MIT */
/* The frame's random generator: ChaCha20, seeded by RDSEED/RDRAND/jitter. */
#include "random/random.h"

#include <frame/compiler.h>
#include <frame/cpu.h>
#include <frame/log.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/sync.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/cpu.h"

/* The most bytes generated with interrupts off, per lock hold. */
#define CHUNK 256
/* Tries of RDSEED/RDRAND before calling the source dry for now: Intel
 * says ten RDRAND retries failing means a broken CPU; RDSEED may be
 * exhausted for longer, so it gets more. */
#define RDRAND_TRIES 10
#define RDSEED_TRIES 64
/* Timing samples for the jitter seed, and how many per pool mix. */
#define JITTER_SAMPLES 4096
#define JITTER_PER_MIX 64

static struct {
	uint32_t key[8];
	uint64_t counter;
	enum frame_random_source source;
	bool seeded;
	unsigned int jitter_distinct;
} gen;
static struct frame_spinlock gen_lock = FRAME_SPINLOCK_INIT;

static uint32_t rotl32(uint32_t v, unsigned int n)
{
	return v << n | v >> (32 - n);
}

static uint64_t rotl64(uint64_t v, unsigned int n)
{
	return v << n | v >> (64 - n);
}

/* clang-format off */
#define QR(a, b, c, d)                                       \
	do {                                                 \
		a += b; d ^= a; d = rotl32(d, 16);           \
		c += d; b ^= c; b = rotl32(b, 12);           \
		a += b; d ^= a; d = rotl32(d, 8);            \
		c += d; b ^= c; b = rotl32(b, 7);            \
	} while (0)
/* clang-format on */

void chacha20_block(const uint32_t in[16], uint8_t out[64])
{
	uint32_t x[16];

	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t v = x[i] + in[i];

		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
	memset(x, 0, sizeof(x));
}

/* One block of the generator's stream: key, 64-bit counter, zero nonce. */
static void gen_block(uint8_t out[64])
{
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };

	memcpy(in + 4, gen.key, sizeof(gen.key));
	in[12] = (uint32_t)gen.counter;
	in[13] = (uint32_t)(gen.counter >> 32);
	gen.counter++;
	chacha20_block(in, out);
	memset(in, 0, sizeof(in));
}

/* Replace the key with the next 32 bytes of the stream (key erasure). */
static void gen_rekey(void)
{
	uint8_t block[64];

	gen_block(block);
	memcpy(gen.key, block, sizeof(gen.key));
	memset(block, 0, sizeof(block));
}

/* Fold 256 bits into the key: ChaCha20 keyed by key ^ input is one-way. */
static void gen_mix(const uint64_t in[4])
{
	for (int i = 0; i < 4; i++) {
		gen.key[2 * i] ^= (uint32_t)in[i];
		gen.key[2 * i + 1] ^= (uint32_t)(in[i] >> 32);
	}
	gen_rekey();
}

/* Four words from the hardware source; false when it ran dry. */
static bool hw_words(enum frame_random_source src, uint64_t out[4])
{
	for (int i = 0; i < 4; i++) {
		int tries = src == FRAME_RANDOM_RDSEED ? RDSEED_TRIES
						       : RDRAND_TRIES;
		bool ok = false;

		while (!ok && tries--) {
			ok = src == FRAME_RANDOM_RDSEED ? arch_rdseed(&out[i])
							: arch_rdrand(&out[i]);
			if (!ok)
				arch_cpu_relax();
		}
		/* An exhausted RDSEED leaves RDRAND, which reseeds from it. */
		if (!ok && src == FRAME_RANDOM_RDSEED &&
		    frame_cpu_has(FRAME_CPU_RDRAND)) {
			tries = RDRAND_TRIES;
			while (!ok && tries--)
				ok = arch_rdrand(&out[i]);
		}
		if (!ok)
			return false;
	}
	return true;
}

/*
 * Mix 256 hardware bits into the key before a request: from RDRAND when
 * the CPU has it (fast, and reseeded by the hardware from its entropy
 * source), else from RDSEED. Nothing for the jitter source, which seeds
 * once. A source that runs dry leaves the key as it is: the generator
 * stays seeded, only this request's extra mixing is lost.
 */
static void hw_reseed(void)
{
	uint64_t w[4];

	if (gen.source == FRAME_RANDOM_JITTER)
		return;
	if (hw_words(frame_cpu_has(FRAME_CPU_RDRAND) ? FRAME_RANDOM_RDRAND
						     : FRAME_RANDOM_RDSEED,
		     w))
		gen_mix(w);
	memset(w, 0, sizeof(w));
}

/*
 * Seed from timing jitter: time a small workload (a CPUID, which traps to
 * the hypervisor under virtualisation, and a cache-unfriendly walk) with
 * the TSC, and fold every delta into a pool that is mixed into the key
 * every JITTER_PER_MIX samples. Counts distinct deltas among the first
 * ones, to warn when the machine looks deterministic.
 */
static void jitter_seed(void)
{
	static uint8_t walk[8192];
	uint64_t pool[4] = { 0 }, seen[64];
	unsigned int distinct = 0;

	for (unsigned int i = 0; i < JITTER_SAMPLES; i++) {
		uint64_t t0 = arch_rdtsc(), t1, d;
		bool known = false;

		if (i % 4 == 0)
			(void)arch_cpuid(0, 0);
		for (unsigned int j = 0; j < 16; j++)
			walk[(t0 + j * 4099) % sizeof(walk)] += (uint8_t)j;
		t1 = arch_rdtsc();
		d = t1 - t0;
		pool[i % 4] = rotl64(pool[i % 4], 13) ^ d ^ rotl64(t1, 29);
		for (unsigned int k = 0; k < distinct && !known; k++)
			known = seen[k] == d;
		if (!known && distinct < ARRAY_SIZE(seen))
			seen[distinct++] = d;
		if (i % JITTER_PER_MIX == JITTER_PER_MIX - 1) {
			gen_mix(pool);
			memset(pool, 0, sizeof(pool));
		}
	}
	gen.jitter_distinct = distinct;
}

static enum frame_random_source pick_source(void)
{
	if (frame_cpu_has(FRAME_CPU_RDSEED))
		return FRAME_RANDOM_RDSEED;
	if (frame_cpu_has(FRAME_CPU_RDRAND))
		return FRAME_RANDOM_RDRAND;
	return FRAME_RANDOM_JITTER;
}

/* Seed (or reseed) from the source CPUID offers; lock held. */
static void seed_locked(void)
{
	uint64_t boot[4] = { arch_rdtsc(), frame_clock_realtime_ns(),
			     frame_clock_monotonic_ns(), gen.counter };

	gen.source = pick_source();
	gen_mix(boot);
	if (gen.source == FRAME_RANDOM_JITTER) {
		jitter_seed();
	} else {
		/* 512 bits from the seed source, more than the key holds;
		 * a source that never delivers is no source. */
		bool ok = true;

		for (int i = 0; i < 2 && ok; i++) {
			ok = hw_words(gen.source, boot);
			if (ok)
				gen_mix(boot);
		}
		if (!ok) {
			gen.source = FRAME_RANDOM_JITTER;
			jitter_seed();
		}
		memset(boot, 0, sizeof(boot));
	}
	gen.seeded = true;
}

void random_init(void)
{
	uint64_t flags = frame_spin_lock_irqsave(&gen_lock);
	unsigned int distinct;

	seed_locked();
	distinct = gen.jitter_distinct;
	frame_spin_unlock_irqrestore(&gen_lock, flags);
	log_info("random: seeded from %s",
		 frame_random_source_name(gen.source));
	if (gen.source == FRAME_RANDOM_JITTER && distinct < 8)
		log_warn("random: the TSC barely jitters (%u distinct "
			 "timings); the seed may be guessable",
			 distinct);
}

void random_reseed(void)
{
	uint64_t flags = frame_spin_lock_irqsave(&gen_lock);

	seed_locked();
	frame_spin_unlock_irqrestore(&gen_lock, flags);
}

void frame_random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf, block[64];

	while (len) {
		size_t chunk = MIN(len, (size_t)CHUNK);
		uint64_t flags = frame_spin_lock_irqsave(&gen_lock);

		BUG_ON(!gen.seeded);
		hw_reseed();
		for (size_t done = 0; done < chunk; done += sizeof(block)) {
			gen_block(block);
			memcpy(p + done, block,
			       MIN(sizeof(block), chunk - done));
		}
		gen_rekey();
		frame_spin_unlock_irqrestore(&gen_lock, flags);
		p += chunk;
		len -= chunk;
	}
	memset(block, 0, sizeof(block));
}

uint64_t frame_random_u64(void)
{
	uint64_t v;

	frame_random_bytes(&v, sizeof(v));
	return v;
}

enum frame_random_source frame_random_source(void)
{
	return __atomic_load_n(&gen.source, __ATOMIC_RELAXED);
}

const char *frame_random_source_name(enum frame_random_source source)
{
	switch (source) {
	case FRAME_RANDOM_RDSEED:
		return "RDSEED";
	case FRAME_RANDOM_RDRAND:
		return "RDRAND";
	case FRAME_RANDOM_JITTER:
		return "TSC jitter";
	}
	return "?";
}

uint64_t random_key_digest(void)
{
	uint64_t flags = frame_spin_lock_irqsave(&gen_lock), d = 0;

	for (int i = 0; i < 8; i++)
		d = rotl64(d, 32) ^ gen.key[i];
	frame_spin_unlock_irqrestore(&gen_lock, flags);
	return d;
}

unsigned int random_jitter_distinct(void)
{
	return __atomic_load_n(&gen.jitter_distinct, __ATOMIC_RELAXED);
}
