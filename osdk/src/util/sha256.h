/* SPDX-License-Identifier: MIT */
/* sha256.h - SHA-256 digests as hex text. */
#ifndef OSDK_UTIL_SHA256_H
#define OSDK_UTIL_SHA256_H

#include <stddef.h>

/* SHA-256 of data as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
