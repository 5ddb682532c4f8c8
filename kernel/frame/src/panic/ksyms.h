/* SPDX-License-Identifier: MIT */
/* Looking up function names in the symbol table osdk links in. */
#ifndef PANIC_KSYMS_H
#define PANIC_KSYMS_H

#include <frame/types.h>

/*
 * The table's layout is fixed by docs/internals/kernel-contract.md; osdk
 * generates it from the first link's function symbols, sorted by address.
 */
struct ksym {
	uint64_t addr;
	uint32_t size;
	uint32_t name; /* offset into __ksyms_names */
};

extern const uint64_t __ksyms_count;
extern const struct ksym __ksyms[];
extern const char __ksyms_names[];

/* A function that contains some address. */
struct frame_ksym_info {
	const char *name;
	uint64_t start;
	uint64_t size; /* 0 when the symbol has no size (hand-written asm) */
};

/*
 * frame_ksyms_lookup() - the function containing @addr
 *
 * A symbol covers [addr, addr + size); one without a size covers up to
 * the next symbol. Returns false when no symbol covers @addr, which is also
 * the answer in the first of osdk's two links (empty table).
 */
bool frame_ksyms_lookup(uint64_t addr, struct frame_ksym_info *out);

/*
 * frame_ksyms_format() - "name+0xoff/0xsize", or "0x<addr>" when unknown
 * @addr: a code address
 * @is_return: @addr is a return address; symbolize the call before it, so
 *             that a call at the very end of a function still names it
 * @buf, @size: output, always NUL-terminated
 */
void frame_ksyms_format(uint64_t addr, bool is_return, char *buf, size_t size);

#endif /* PANIC_KSYMS_H */
