/* SPDX-License-Identifier: MIT */
/* Random bytes for getrandom, AT_RANDOM, stack canaries and hash seeds. */
#ifndef FRAME_RANDOM_H
#define FRAME_RANDOM_H

#include <frame/types.h>

/*
 * Why in the frame: the entropy sources are instructions a service may
 * not execute (RDSEED, RDRAND, RDTSC for the timing jitter of the
 * fallback), and one generator per machine, seeded once at boot, serves
 * every service without each keeping its own.
 *
 * The generator is ChaCha20 with fast key erasure: each request first
 * replaces the key with generator output, so a key read out of memory
 * later says nothing about bytes already handed out. Its seed, at boot,
 * comes from the best source CPUID lists: RDSEED, else RDRAND, else the
 * jitter of the time-stamp counter across a few thousand memory and CPUID
 * round trips (on hardware and under virtualisation that varies with
 * caches, interrupts and the host; it is the last resort, not an
 * entropy estimate anyone certified). With RDSEED or RDRAND, every
 * request also mixes in 256 fresh hardware bits (from RDRAND where there
 * is one, which the hardware reseeds from RDSEED's source) before it
 * generates.
 *
 * The generator is seeded before any service runs, so requests never
 * block and never fail: getrandom() with or without GRND_NONBLOCK and
 * GRND_RANDOM can be served from it. Every function is callable from any
 * context; a request keeps interrupts off for at most 256 bytes at a
 * time.
 */

/* frame_random_bytes() - fill @buf with @len random bytes */
void frame_random_bytes(void *buf, size_t len);

/* frame_random_u64() - one random 64-bit number */
uint64_t frame_random_u64(void);

/* Where the generator's seed (and per-request reseed) comes from. */
enum frame_random_source {
	FRAME_RANDOM_RDSEED, /* the CPU's entropy source */
	FRAME_RANDOM_RDRAND, /* the CPU's hardware generator */
	FRAME_RANDOM_JITTER, /* time-stamp counter jitter, once at boot */
};

/* frame_random_source() - the source in use, for a boot log or /proc */
enum frame_random_source frame_random_source(void);

/* frame_random_source_name() - "RDSEED", "RDRAND" or "TSC jitter" */
const char *frame_random_source_name(enum frame_random_source source);

#endif /* FRAME_RANDOM_H */
