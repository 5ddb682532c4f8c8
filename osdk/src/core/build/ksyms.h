/* SPDX-License-Identifier: MIT */
/* ksyms.h - the kernel's own symbol table, generated between two links. */
#ifndef OSDK_CORE_KSYMS_H
#define OSDK_CORE_KSYMS_H

struct elf_syms;
struct strbuf;

/*
 * Assembly source for the `.ksyms` section described in
 * docs/internals/kernel-contract.md, holding `syms` (NULL: an empty table
 * for the first link).
 */
void ksyms_emit(const struct elf_syms *syms, struct strbuf *out);

#endif
