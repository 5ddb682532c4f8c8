/* SPDX-License-Identifier: MIT */
/* elf.h - the little of ELF64 osdk needs: function symbols and checks. */
#ifndef OSDK_CORE_ELF_H
#define OSDK_CORE_ELF_H

#include <stddef.h>
#include <stdint.h>

struct osdk_err;

struct elf_sym {
	uint64_t addr;
	uint64_t size;
	char *name;
};

struct elf_syms {
	struct elf_sym *v;
	size_t n;
};

/*
 * The defined function symbols (STT_FUNC, non-zero address) of the ELF64
 * little-endian x86-64 file `path`, sorted by address then name. Every
 * offset read from the file is bounds-checked: a truncated or hostile file
 * is -EINVAL with a message, never a crash.
 */
int elf_read_functions(const char *path, struct elf_syms *out,
		       struct osdk_err *err);

/* Same, from a buffer (for tests). */
int elf_parse_functions(const void *data, size_t len, const char *what,
			struct elf_syms *out, struct osdk_err *err);

void elf_syms_release(struct elf_syms *s);

/*
 * How many defined function symbols (STT_FUNC) the ELF64 x86-64 file `path`
 * holds, whatever their value (an object file's start at 0), into *n, and
 * the bytes their names take with a terminating NUL each into *names. A
 * kernel linked from such objects holds at most as many: the link adds no
 * function and may only drop some.
 */
int elf_count_functions(const char *path, size_t *n, size_t *names,
			struct osdk_err *err);

/* Same, from a buffer (for tests). */
int elf_count_functions_mem(const void *data, size_t len, const char *what,
			    size_t *n, size_t *names, struct osdk_err *err);

/*
 * Where the bytes of the symbol `name` lie in the file: *off is the file
 * offset of its address, *room the bytes from there to the end of its
 * section. -ENOENT when there is no such defined symbol, -EINVAL when its
 * section has no bytes in the file (SHT_NOBITS) or the file is malformed.
 */
int elf_symbol_place(const void *data, size_t len, const char *what,
		     const char *name, uint64_t *off, uint64_t *room,
		     struct osdk_err *err);

/*
 * Whether the ELF64 x86-64 shared object in data can run where it is
 * mapped without a loader, as a vDSO must (`what` names it in messages,
 * quoted as it should appear there): ET_DYN with a PT_DYNAMIC and a
 * symbol hash table (DT_HASH or DT_GNU_HASH, which libcs use to find its
 * symbols), no PT_INTERP, no DT_NEEDED, no relocations (DT_RELA, DT_REL,
 * DT_JMPREL, DT_RELR with a non-zero size) and no text relocations.
 * 0, or -EINVAL with the first reason in err. For user images
 * (user_image.c).
 */
int elf_check_loader_free(const void *data, size_t len, const char *what,
			  struct osdk_err *err);

#endif
