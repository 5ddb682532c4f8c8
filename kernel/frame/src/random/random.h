/* SPDX-License-Identifier: MIT */
/* Frame-internal side of <frame/random.h>: seeding, and hooks for ktests. */
#ifndef RANDOM_RANDOM_H
#define RANDOM_RANDOM_H

#include <frame/random.h>
#include <frame/types.h>

/*
 * random_init() - pick the source CPUID offers (RDSEED, RDRAND, else TSC
 * jitter) and seed the generator from it; logs which. Needs the clock
 * (time_init()) for the jitter fallback; before it, requests panic.
 */
void random_init(void);

/*
 * random_reseed() - what random_init() does, again: for ktests that hide
 * RDRAND and RDSEED (arch_cpuinfo_override()) to force the fallback, and
 * unhide them afterwards. The old key is mixed in, not dropped.
 */
void random_reseed(void);

/*
 * chacha20_block() - the ChaCha20 block function of RFC 8439: 20 rounds
 * over the 16-word @in (constants, key, counter, nonce), added to @in,
 * serialised little-endian into @out. Exposed for its test vector.
 */
void chacha20_block(const uint32_t in[16], uint8_t out[64]);

/* random_key_digest() - a 64-bit digest of the current key, for ktests
 * that check a reseed changed it */
uint64_t random_key_digest(void);

/* random_jitter_distinct() - how many distinct TSC deltas the last jitter
 * seeding saw among its samples (0 when it has not run) */
unsigned int random_jitter_distinct(void);

#endif /* RANDOM_RANDOM_H */
