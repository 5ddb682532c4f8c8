/* SPDX-License-Identifier: MIT */
/* ksyms.h - the kernel's own symbol table, filled in after the link. */
#ifndef OSDK_CORE_KSYMS_H
#define OSDK_CORE_KSYMS_H

#include <stddef.h>

struct elf_syms;
struct strbuf;

/*
 * The `.ksyms` section of docs/internals/kernel-contract.md is linked with
 * room for `n` entries and `names` bytes of names, all zero, so that the
 * kernel is linked once: its functions are then read from the linked ELF
 * and the table is written into that room (ksyms_encode), which moves
 * nothing. Unused entries past __ksyms_count stay zero.
 */

/* Assembly source for the section, with room for n entries and names
 * bytes of names (at least one). */
void ksyms_emit_room(size_t n, size_t names, struct strbuf *out);

/* The bytes the names of syms take, a NUL after each. */
size_t ksyms_names_size(const struct elf_syms *syms);

/*
 * The table's contents for syms: the 8-byte count, the entries (16 bytes
 * each: address, size, name offset) and the names, little-endian, as the
 * three symbols __ksyms_count, __ksyms and __ksyms_names hold them.
 */
void ksyms_encode(const struct elf_syms *syms, struct strbuf *count,
		  struct strbuf *entries, struct strbuf *names);

#endif
