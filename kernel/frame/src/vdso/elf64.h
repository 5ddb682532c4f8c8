/* SPDX-License-Identifier: MIT */
/* The few ELF64 structures and constants the vDSO's readers need. */
#ifndef VDSO_ELF64_H
#define VDSO_ELF64_H

#include <frame/types.h>

/* From the System V ABI (gABI) and the GNU extensions to it. */
#define ELF64_PT_LOAD	 1
#define ELF64_PT_DYNAMIC 2
#define ELF64_ET_DYN	 3
#define ELF64_EM_X86_64	 62

#define ELF64_DT_NULL	   0
#define ELF64_DT_HASH	   4
#define ELF64_DT_STRTAB	   5
#define ELF64_DT_SYMTAB	   6
#define ELF64_DT_STRSZ	   10
#define ELF64_DT_GNU_HASH  0x6ffffef5
#define ELF64_DT_VERSYM	   0x6ffffff0
#define ELF64_DT_VERDEF	   0x6ffffffc
#define ELF64_DT_VERDEFNUM 0x6ffffffd

#define ELF64_STB_GLOBAL    1
#define ELF64_STB_WEAK	    2
#define ELF64_STT_FUNC	    2
#define ELF64_SHN_UNDEF	    0
#define ELF64_VERSYM_HIDDEN 0x8000u

struct elf64_ehdr {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum,
		e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct elf64_sym {
	uint32_t st_name;
	unsigned char st_info, st_other;
	uint16_t st_shndx;
	uint64_t st_value, st_size;
};

struct elf64_verdef {
	uint16_t vd_version, vd_flags, vd_ndx, vd_cnt;
	uint32_t vd_hash, vd_aux, vd_next;
};

struct elf64_verdaux {
	uint32_t vda_name, vda_next;
};

#define ELF64_ST_BIND(info) ((info) >> 4)
#define ELF64_ST_TYPE(info) ((info)&0xf)

#endif /* VDSO_ELF64_H */
