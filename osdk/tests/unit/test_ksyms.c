/* SPDX-License-Identifier: MIT */
/* test_ksyms.c - the symbol table's room, its contents, and where it lies. */
#include "unit.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/build/elf.h"
#include "core/build/ksyms.h"
#include "util/err.h"
#include "util/strbuf.h"

/*
 * An ELF64 with a PROGBITS section at 0x1000 (file offset 0x200, 0x40
 * bytes), a NOBITS one at 0x2000 and a symbol table: "room" at 0x1010,
 * "bss" in the NOBITS section, "f0" a function at 0 as in an object file,
 * "ext" an undefined function and "obj" a datum.
 */
static size_t make_elf(unsigned char *buf)
{
	static const char strtab[] = "\0room\0bss\0f0\0ext\0obj";
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(buf + 0x300);
	Elf64_Sym *sym = (Elf64_Sym *)(buf + 0x100);

	memset(buf, 0, 0x500);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_machine = EM_X86_64;
	memcpy(buf + 0x80, strtab, sizeof(strtab));
	sym[1] = (Elf64_Sym){ .st_name = 1, .st_shndx = 1, .st_value = 0x1010 };
	sym[2] = (Elf64_Sym){ .st_name = 6, .st_shndx = 2, .st_value = 0x2000 };
	sym[3] = (Elf64_Sym){ .st_name = 10,
			      .st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC),
			      .st_shndx = 1 };
	sym[4] = (Elf64_Sym){ .st_name = 13,
			      .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC) };
	sym[5] = (Elf64_Sym){ .st_name = 17,
			      .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
			      .st_shndx = 1 };
	sh[1] = (Elf64_Shdr){ .sh_type = SHT_PROGBITS,
			      .sh_addr = 0x1000,
			      .sh_offset = 0x200,
			      .sh_size = 0x40 };
	sh[2] = (Elf64_Shdr){ .sh_type = SHT_NOBITS,
			      .sh_addr = 0x2000,
			      .sh_size = 0x40 };
	sh[3] = (Elf64_Shdr){ .sh_type = SHT_SYMTAB,
			      .sh_offset = 0x100,
			      .sh_size = 6 * sizeof(Elf64_Sym),
			      .sh_link = 4,
			      .sh_entsize = sizeof(Elf64_Sym) };
	sh[4] = (Elf64_Shdr){ .sh_type = SHT_STRTAB,
			      .sh_offset = 0x80,
			      .sh_size = sizeof(strtab) };
	eh->e_shoff = 0x300;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = 5;
	return 0x300 + 5 * sizeof(Elf64_Shdr);
}

UNIT(ksyms_room_is_zeros_of_the_asked_size)
{
	struct strbuf sb = STRBUF_INIT;

	ksyms_emit_room(3, 10, &sb);
	CHECK_HAS(sb.buf, ".section .ksyms");
	CHECK_HAS(sb.buf, "__ksyms_count:\n\t.quad 0\n");
	CHECK_HAS(sb.buf, "__ksyms:\n\t.zero 48\n");
	CHECK_HAS(sb.buf, "__ksyms_names:\n\t.zero 10\n");
	strbuf_reset(&sb);
	/* An empty table still has a names array to point into. */
	ksyms_emit_room(0, 0, &sb);
	CHECK_HAS(sb.buf, "__ksyms:\n\t.globl __ksyms_names\n");
	CHECK_HAS(sb.buf, "__ksyms_names:\n\t.zero 1\n");
	strbuf_release(&sb);
}

UNIT(ksyms_encode_layout)
{
	struct elf_sym v[] = { { 0x1000, 32, "alpha" },
			       { 0xffffffff80002000ull, 16, "zeta" } };
	struct elf_syms syms = { v, 2 };
	struct strbuf count = STRBUF_INIT, ent = STRBUF_INIT,
		      names = STRBUF_INIT;
	const unsigned char *e;

	ksyms_encode(&syms, &count, &ent, &names);
	CHECK_INT(count.len, 8);
	CHECK_INT((unsigned char)count.buf[0], 2);
	CHECK_INT(ent.len, 32);
	CHECK_INT(names.len, ksyms_names_size(&syms));
	CHECK(memcmp(names.buf, "alpha\0zeta\0", 11) == 0);
	e = (const unsigned char *)ent.buf + 16;
	/* The second entry: its address, size 16, name at offset 6. */
	CHECK_INT(e[0], 0x00);
	CHECK_INT(e[1], 0x20);
	CHECK_INT(e[7], 0xff);
	CHECK_INT(e[8], 16);
	CHECK_INT(e[12], 6);
	strbuf_release(&count);
	strbuf_release(&ent);
	strbuf_release(&names);
}

UNIT(elf_count_functions_bounds_an_object)
{
	unsigned char buf[0x500];
	size_t len = make_elf(buf), n = 99, names = 99;
	struct osdk_err err = OSDK_ERR_INIT;

	/* f0 counts though it lies at 0; ext is undefined, obj no function. */
	CHECK_INT(elf_count_functions_mem(buf, len, "o", &n, &names, &err), 0);
	CHECK_INT(n, 1);
	CHECK_INT(names, 3);
	CHECK_INT(elf_count_functions_mem(buf, 10, "cut", &n, &names, &err),
		  -EINVAL);
	CHECK_INT(elf_count_functions("/nonexistent/x.o", &n, &names, &err),
		  -ENOENT);
}

UNIT(elf_symbol_place_finds_the_bytes)
{
	unsigned char buf[0x500];
	size_t len = make_elf(buf);
	struct osdk_err err = OSDK_ERR_INIT;
	uint64_t off = 0, room = 0;

	CHECK_INT(elf_symbol_place(buf, len, "k", "room", &off, &room, &err),
		  0);
	CHECK_INT(off, 0x210);
	CHECK_INT(room, 0x30);
	CHECK_INT(elf_symbol_place(buf, len, "k", "bss", &off, &room, &err),
		  -EINVAL);
	CHECK_HAS(err.msg, "no bytes in the file");
	CHECK_INT(elf_symbol_place(buf, len, "k", "none", &off, &room, &err),
		  -ENOENT);
	CHECK_INT(elf_symbol_place(buf, len, "k", "ext", &off, &room, &err),
		  -ENOENT);
	/* A section that claims bytes past the end of the file. */
	((Elf64_Shdr *)(buf + 0x300))[1].sh_size = 0x10000;
	CHECK_INT(elf_symbol_place(buf, len, "k", "room", &off, &room, &err),
		  -EINVAL);
}

UNIT_MAIN()
