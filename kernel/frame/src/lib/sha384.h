/* SPDX-License-Identifier: MIT */
/* SHA-384 (FIPS 180-4), for tdx-sim's runtime measurement registers. */
#ifndef LIB_SHA384_H
#define LIB_SHA384_H

#include <frame/types.h>

#define SHA384_DIGEST_SIZE 48
#define SHA384_BLOCK_SIZE  128

/* A running hash: sha384_init(), any number of sha384_update(), then
 * sha384_final(), which leaves the context to be initialised again. */
struct sha384_ctx {
	uint64_t h[8];
	uint64_t bytes; /* hashed so far (messages under 2^64 bytes) */
	uint8_t buf[SHA384_BLOCK_SIZE];
	size_t used; /* bytes of @buf waiting for a full block */
};

void sha384_init(struct sha384_ctx *c);
void sha384_update(struct sha384_ctx *c, const void *data, size_t n);
void sha384_final(struct sha384_ctx *c, uint8_t out[SHA384_DIGEST_SIZE]);

/* The digest of @n bytes at @data in one call. */
void sha384(const void *data, size_t n, uint8_t out[SHA384_DIGEST_SIZE]);

#endif /* LIB_SHA384_H */
