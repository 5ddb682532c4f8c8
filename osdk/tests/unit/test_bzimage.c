/* SPDX-License-Identifier: MIT */
/* test_bzimage.c - the Linux boot protocol image osdk makes from an ELF. */
#include "unit.h"

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/boot/bzimage.h"
#include "util/err.h"
#include "util/strbuf.h"

#define LOAD 0x100000u

/*
 * A kernel-shaped ELF64: a boot segment at 1 MiB (8 bytes of file, 0x300
 * in memory), a data segment at 1 MiB + 8 KiB (16 bytes of file, 12 KiB in
 * memory: .bss), and function symbols for the frame's Linux entries at
 * @e32, @e64 and, when non-zero, the EFI handover at @ho.
 */
static size_t make_kernel(unsigned char *buf, uint64_t e32, uint64_t e64,
			  uint64_t ho)
{
	static const char strtab[] =
		"\0" BZIMAGE_SYM_ENTRY32 "\0" BZIMAGE_SYM_ENTRY64
		"\0" BZIMAGE_SYM_HANDOVER;
	const size_t n32 = 1, n64 = n32 + sizeof(BZIMAGE_SYM_ENTRY32),
		     nho = n64 + sizeof(BZIMAGE_SYM_ENTRY64);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + 64);
	Elf64_Sym *sym = (Elf64_Sym *)(buf + 512);
	Elf64_Shdr *sh = (Elf64_Shdr *)(buf + 1024);

	memset(buf, 0, 2048);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_machine = EM_X86_64;
	eh->e_phoff = 64;
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 3;
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD,
			      .p_offset = 256,
			      .p_vaddr = LOAD,
			      .p_paddr = LOAD,
			      .p_filesz = 8,
			      .p_memsz = 0x300 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE,
			      .p_offset = 256,
			      .p_paddr = 0x10,
			      .p_filesz = 4,
			      .p_memsz = 4 };
	ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD,
			      .p_offset = 272,
			      .p_vaddr = 0xffffffff80102000ull,
			      .p_paddr = LOAD + 0x2000,
			      .p_filesz = 16,
			      .p_memsz = 0x3000 };
	memcpy(buf + 256, "BOOTCODE", 8);
	memcpy(buf + 272, "DATADATADATADATA", 16);
	memcpy(buf + 768, strtab, sizeof(strtab));
	sym[1] = (Elf64_Sym){ .st_name = n32,
			      .st_shndx = 1,
			      .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
			      .st_value = e32 };
	sym[2] = (Elf64_Sym){ .st_name = n64,
			      .st_shndx = 1,
			      .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
			      .st_value = e64 };
	sym[3] = (Elf64_Sym){ .st_name = nho,
			      .st_shndx = ho ? 1 : SHN_UNDEF,
			      .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
			      .st_value = ho };
	sh[1] = (Elf64_Shdr){ .sh_type = SHT_SYMTAB,
			      .sh_offset = 512,
			      .sh_size = 4 * sizeof(Elf64_Sym),
			      .sh_link = 2,
			      .sh_entsize = sizeof(Elf64_Sym) };
	sh[2] = (Elf64_Shdr){ .sh_type = SHT_STRTAB,
			      .sh_offset = 768,
			      .sh_size = sizeof(strtab) };
	eh->e_shoff = 1024;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = 3;
	return 1024 + 3 * sizeof(Elf64_Shdr);
}

static unsigned int get16(const char *p, unsigned int off)
{
	const unsigned char *u = (const unsigned char *)p;

	return u[off] | (unsigned int)u[off + 1] << 8;
}

static unsigned long get32(const char *p, unsigned int off)
{
	return get16(p, off) | (unsigned long)get16(p, off + 2) << 16;
}

UNIT(setup_header_fields)
{
	static unsigned char elf[2048];
	size_t len = make_kernel(elf, LOAD, LOAD + 0x200, 0);
	struct strbuf out = STRBUF_INIT;
	struct bzimage_layout l;
	struct osdk_err err = OSDK_ERR_INIT;
	const char *h;

	CHECK_INT(bzimage_from_elf(elf, len, "k.elf", &out, &l, &err), 0);
	CHECK_INT(l.load, LOAD);
	CHECK_INT(l.file_size, 0x2010);
	CHECK_INT(l.init_size, 0x5000);
	CHECK_INT(out.len, BZIMAGE_SETUP_SIZE + 0x2010);
	h = out.buf;
	CHECK_INT((unsigned char)h[0x1f1], 7);		/* setup_sects */
	CHECK_INT(get32(h, 0x1f4), (0x2010 + 15) / 16); /* syssize */
	CHECK_INT(get16(h, 0x1fe), 0xaa55);		/* boot_flag */
	CHECK(!memcmp(h + 0x202, "HdrS", 4));
	CHECK_INT(get16(h, 0x206), 0x020c);	  /* version 2.12 */
	CHECK_INT((unsigned char)h[0x211], 0x01); /* LOADED_HIGH */
	CHECK_INT(get32(h, 0x214), LOAD);	  /* code32_start */
	CHECK_INT(get32(h, 0x22c), 0x7fffffff);	  /* initrd_addr_max */
	CHECK_INT(get32(h, 0x230), 0x1000);	  /* kernel_alignment */
	CHECK_INT((unsigned char)h[0x234], 0);	  /* not relocatable */
	CHECK_INT(get16(h, 0x236), 0x0001);	  /* XLF_KERNEL_64 */
	CHECK_INT(get32(h, 0x238), 4095);	  /* cmdline_size */
	CHECK_INT(get32(h, 0x258), LOAD);	  /* pref_address */
	CHECK_INT(get32(h, 0x25c), 0);
	CHECK_INT(get32(h, 0x260), 0x5000); /* init_size */
	CHECK_INT(get32(h, 0x264), 0);	    /* handover_offset */
	/* The 16-bit jump lands on a halt, inside the setup area. */
	CHECK_INT((unsigned char)h[0x200], 0xeb);
	CHECK_INT((unsigned char)h[0x202 + (unsigned char)h[0x201]], 0xfa);
	/* The payload: each segment at its offset from the load address,
	 * zeros between them. */
	CHECK(!memcmp(h + BZIMAGE_SETUP_SIZE, "BOOTCODE", 8));
	CHECK_INT(h[BZIMAGE_SETUP_SIZE + 8], 0);
	CHECK_INT(h[BZIMAGE_SETUP_SIZE + 0x1fff], 0);
	CHECK(!memcmp(h + BZIMAGE_SETUP_SIZE + 0x2000, "DATADATADATADATA", 16));
	strbuf_release(&out);
}

UNIT(handover_entry_sets_its_flag_and_offset)
{
	static unsigned char elf[2048];
	size_t len = make_kernel(elf, LOAD, LOAD + 0x200, LOAD + 0x240);
	struct strbuf out = STRBUF_INIT;
	struct bzimage_layout l;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(bzimage_from_elf(elf, len, "k.elf", &out, &l, &err), 0);
	CHECK_INT(l.handover, LOAD + 0x240);
	/* XLF_KERNEL_64 | XLF_EFI_HANDOVER_64; the 64-bit handover is
	 * handover_offset + 0x200 into the payload. */
	CHECK_INT(get16(out.buf, 0x236), 0x0009);
	CHECK_INT(get32(out.buf, 0x264), 0x40);
	strbuf_release(&out);
}

UNIT(entries_must_be_where_the_protocol_says)
{
	static unsigned char elf[2048];
	struct strbuf out = STRBUF_INIT;
	struct bzimage_layout l;
	struct osdk_err err = OSDK_ERR_INIT;
	size_t len;

	/* No Linux entries: a frame from before the protocol. */
	len = make_kernel(elf, 0, 0, 0);
	CHECK_INT(bzimage_from_elf(elf, len, "k.elf", &out, &l, &err), -EINVAL);
	CHECK_HAS(err.msg, "'k.elf' has no Linux boot protocol entry");
	CHECK_HAS(err.msg, "boot it with multiboot2");
	CHECK_INT(out.len, 0);

	/* The 64-bit entry not 0x200 after the 32-bit one. */
	len = make_kernel(elf, LOAD, LOAD + 0x100, 0);
	CHECK_INT(bzimage_from_elf(elf, len, "k.elf", &out, &l, &err), -EINVAL);
	CHECK_HAS(err.msg, "the protocol wants them at the load address "
			   "0x100000 and 0x200 after it");

	/* A segment below 1 MiB. */
	len = make_kernel(elf, LOAD, LOAD + 0x200, 0);
	((Elf64_Phdr *)(elf + 64))[0].p_paddr = 0x8000;
	CHECK_INT(bzimage_from_elf(elf, len, "k.elf", &out, &l, &err), -EINVAL);
	CHECK_HAS(err.msg, "segment 0 is at physical 0x8000");

	/* A segment whose bytes run past the end of the file. */
	len = make_kernel(elf, LOAD, LOAD + 0x200, 0);
	((Elf64_Phdr *)(elf + 64))[2].p_filesz = 0x10000;
	((Elf64_Phdr *)(elf + 64))[2].p_memsz = 0x10000;
	CHECK_INT(bzimage_from_elf(elf, len, "k.elf", &out, &l, &err), -EINVAL);
	CHECK_HAS(err.msg, "segment 2 lies outside the file");

	/* Not an ELF at all. */
	CHECK_INT(bzimage_from_elf("MZ", 2, "k.efi", &out, &l, &err), -EINVAL);
	CHECK_HAS(err.msg, "'k.efi' is too short for an ELF");
	strbuf_release(&out);
}

UNIT_MAIN()
