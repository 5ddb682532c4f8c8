/* SPDX-License-Identifier: MIT */
/* Loads of fields at any byte offset in firmware and boot-loader tables. */
#ifndef LIB_UNALIGNED_H
#define LIB_UNALIGNED_H

#include <frame/string.h>
#include <frame/types.h>

/*
 * The tables the frame parses at boot (ACPI's, Linux's boot_params) put
 * their fields at offsets their specifications give, often misaligned
 * for the field's size: a cast would be undefined behaviour, memcpy is
 * not, and compiles to one load. Native byte order, which is these
 * tables' on x86-64 (little-endian). @off is not checked against the
 * table's length: the caller has done that.
 */
static inline uint8_t rd_u8(const uint8_t *p, size_t off)
{
	return p[off];
}

static inline uint16_t rd_u16(const uint8_t *p, size_t off)
{
	uint16_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static inline uint32_t rd_u32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static inline uint64_t rd_u64(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

#endif /* LIB_UNALIGNED_H */
