/* SPDX-License-Identifier: MIT */
/* bzimage.c - the kernel ELF as a Linux boot protocol image (a bzImage). */
#include "core/boot/bzimage.h"

#include <elf.h>
#include <errno.h>
#include <string.h>

#include "core/build/elf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"

/* Loaders keep below 1 MiB for themselves; the payload must lie above it
 * and below 4 GiB, where a 32-bit code32_start can reach it. */
#define BZ_LOW_LIMIT  0x100000ull
#define BZ_HIGH_LIMIT 0x100000000ull
#define BZ_PAGE	      4096ull
/* The 64-bit entry's fixed place after the 32-bit one (the protocol's). */
#define BZ_ENTRY64_OFFSET 0x200
/* A payload this large is a malformed ELF, not a kernel. */
#define BZ_PAYLOAD_MAX (1ull << 30)

static void put16(unsigned char *p, unsigned int off, uint16_t v)
{
	p[off] = (unsigned char)v;
	p[off + 1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned int off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[off + i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, unsigned int off, uint64_t v)
{
	put32(p, off, (uint32_t)v);
	put32(p, off + 4, (uint32_t)(v >> 32));
}

/* The ELF's loadable segments, checked to lie in the file. */
static int load_segments(const unsigned char *d, size_t len, const char *what,
			 const Elf64_Phdr **ph, size_t *n, struct osdk_err *err)
{
	Elf64_Ehdr eh;

	if (len < sizeof(eh))
		return err_set(err, -EINVAL, "'%s' is too short for an ELF",
			       what);
	memcpy(&eh, d, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64)
		return err_set(err, -EINVAL, "'%s' is not an x86-64 ELF64 file",
			       what);
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phnum ||
	    eh.e_phoff > len ||
	    (len - eh.e_phoff) / sizeof(Elf64_Phdr) < eh.e_phnum ||
	    eh.e_phoff % 8)
		return err_set(err, -EINVAL,
			       "'%s' has a malformed program header table",
			       what);
	*ph = (const Elf64_Phdr *)(const void *)(d + eh.e_phoff);
	*n = eh.e_phnum;
	for (size_t i = 0; i < *n; i++) {
		const Elf64_Phdr *p = &(*ph)[i];

		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_offset > len || p->p_filesz > len - p->p_offset ||
		    p->p_filesz > p->p_memsz)
			return err_set(err, -EINVAL,
				       "'%s': segment %zu lies outside the "
				       "file",
				       what, i);
		if (p->p_paddr < BZ_LOW_LIMIT || p->p_memsz > BZ_HIGH_LIMIT ||
		    p->p_paddr > BZ_HIGH_LIMIT - p->p_memsz)
			return err_set(err, -EINVAL,
				       "'%s': segment %zu is at physical "
				       "0x%llx, outside 1 MiB..4 GiB where the "
				       "Linux boot protocol loads",
				       what, i, (unsigned long long)p->p_paddr);
	}
	return 0;
}

/* The address of function @name, or 0 when the ELF has none. */
static uint64_t sym_addr(const struct elf_syms *syms, const char *name)
{
	for (size_t i = 0; i < syms->n; i++)
		if (!strcmp(syms->v[i].name, name))
			return syms->v[i].addr;
	return 0;
}

/* Find the payload's extent and the entries; fill @l. */
static int layout_of(const unsigned char *d, size_t len, const char *what,
		     struct bzimage_layout *l, struct osdk_err *err)
{
	const Elf64_Phdr *ph;
	struct elf_syms syms = { 0 };
	uint64_t lo = ~0ull, file_end = 0, mem_end = 0, e32, e64;
	size_t n;
	int ret = load_segments(d, len, what, &ph, &n, err);

	if (ret)
		return ret;
	for (size_t i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (ph[i].p_paddr < lo)
			lo = ph[i].p_paddr;
		if (ph[i].p_paddr + ph[i].p_filesz > file_end)
			file_end = ph[i].p_paddr + ph[i].p_filesz;
		if (ph[i].p_paddr + ph[i].p_memsz > mem_end)
			mem_end = ph[i].p_paddr + ph[i].p_memsz;
	}
	if (lo == ~0ull)
		return err_set(err, -EINVAL, "'%s' has no loadable segment",
			       what);
	if (mem_end - lo > BZ_PAYLOAD_MAX)
		return err_set(err, -EINVAL,
			       "'%s' spans %llu MiB of physical memory; a "
			       "kernel image is at most %llu MiB",
			       what, (unsigned long long)((mem_end - lo) >> 20),
			       BZ_PAYLOAD_MAX >> 20);
	ret = elf_parse_functions(d, len, what, &syms, err);
	if (ret)
		return ret;
	e32 = sym_addr(&syms, BZIMAGE_SYM_ENTRY32);
	e64 = sym_addr(&syms, BZIMAGE_SYM_ENTRY64);
	l->handover = sym_addr(&syms, BZIMAGE_SYM_HANDOVER);
	elf_syms_release(&syms);
	if (!e32 || !e64)
		return err_set(err, -EINVAL,
			       "'%s' has no Linux boot protocol entry (%s "
			       "and %s): its frame predates the protocol; "
			       "boot it with multiboot2",
			       what, BZIMAGE_SYM_ENTRY32, BZIMAGE_SYM_ENTRY64);
	if (e32 != lo || e64 != lo + BZ_ENTRY64_OFFSET)
		return err_set(err, -EINVAL,
			       "'%s': the Linux entries are at 0x%llx and "
			       "0x%llx; the protocol wants them at the load "
			       "address 0x%llx and 0x200 after it",
			       what, (unsigned long long)e32,
			       (unsigned long long)e64, (unsigned long long)lo);
	if (l->handover &&
	    (l->handover < lo + BZ_ENTRY64_OFFSET || l->handover >= file_end))
		return err_set(err, -EINVAL,
			       "'%s': the EFI handover entry 0x%llx is not "
			       "in the payload",
			       what, (unsigned long long)l->handover);
	l->load = lo;
	l->file_size = file_end - lo;
	l->init_size = (mem_end - lo + BZ_PAGE - 1) & ~(BZ_PAGE - 1);
	return 0;
}

/* The setup area: the boot sector and the header, nothing else. */
static void setup_area(unsigned char *s, const struct bzimage_layout *l)
{
	uint16_t xlf = BZ_XLF_KERNEL_64;

	memset(s, 0, BZIMAGE_SETUP_SIZE);
	s[BZ_SETUP_SECTS] = BZIMAGE_SETUP_SECTS;
	/* In 16-byte units, as the field has counted since its 16-bit days. */
	put32(s, BZ_SYSSIZE, (uint32_t)((l->file_size + 15) / 16));
	put16(s, BZ_VID_MODE, 0xffff); /* "normal": no mode change */
	put16(s, BZ_BOOT_FLAG, 0xaa55);
	/*
	 * The 16-bit entry is a short jump past the header to a halt loop:
	 * osdk's image has no real-mode code, and a loader that enters there
	 * (linux16) stops visibly rather than running the header as code.
	 */
	s[BZ_JUMP] = 0xeb;
	s[BZ_JUMP + 1] = (unsigned char)(BZ_HEADER_END + 8 - (BZ_JUMP + 2));
	s[BZ_HEADER_END + 8] = 0xfa;  /* cli */
	s[BZ_HEADER_END + 9] = 0xf4;  /* hlt */
	s[BZ_HEADER_END + 10] = 0xeb; /* jmp */
	s[BZ_HEADER_END + 11] = 0xfd; /* ... to the hlt */
	put32(s, BZ_HEADER, BZ_HDRS);
	put16(s, BZ_VERSION, BZIMAGE_VERSION);
	s[BZ_LOADFLAGS] = BZ_LOADED_HIGH;
	put32(s, BZ_CODE32_START, (uint32_t)l->load);
	/* The frame reads the initramfs through its first 4 GiB identity
	 * map; below 2 GiB is what every loader honours. */
	put32(s, BZ_INITRD_ADDR_MAX, 0x7fffffff);
	/* Linked at one physical address: not relocatable, and its
	 * alignment is only that of its pages. */
	put32(s, BZ_KERNEL_ALIGNMENT, BZ_PAGE);
	s[BZ_RELOCATABLE_KERNEL] = 0;
	s[BZ_MIN_ALIGNMENT] = 12;
	if (l->handover)
		xlf |= BZ_XLF_EFI_HANDOVER_64;
	put16(s, BZ_XLOADFLAGS, xlf);
	put32(s, BZ_CMDLINE_SIZE, BZIMAGE_CMDLINE_MAX);
	put64(s, BZ_PREF_ADDRESS, l->load);
	put32(s, BZ_INIT_SIZE, (uint32_t)l->init_size);
	/* The 64-bit handover entry is handover_offset + 0x200 into the
	 * payload. */
	if (l->handover)
		put32(s, BZ_HANDOVER_OFFSET,
		      (uint32_t)(l->handover - l->load - BZ_ENTRY64_OFFSET));
}

int bzimage_from_elf(const void *data, size_t len, const char *what,
		     struct strbuf *out, struct bzimage_layout *layout,
		     struct osdk_err *err)
{
	const unsigned char *d = data;
	unsigned char setup[BZIMAGE_SETUP_SIZE];
	const Elf64_Phdr *ph;
	size_t n, base;
	int ret;

	memset(layout, 0, sizeof(*layout));
	ret = layout_of(d, len, what, layout, err);
	if (!ret)
		ret = load_segments(d, len, what, &ph, &n, err);
	if (ret)
		return ret;
	setup_area(setup, layout);
	strbuf_add(out, setup, sizeof(setup));
	base = out->len;
	/* Zeros first, then each segment's file bytes at its place. */
	for (uint64_t left = layout->file_size; left;) {
		static const unsigned char zeros[BZ_PAGE];
		size_t k = left < sizeof(zeros) ? (size_t)left : sizeof(zeros);

		strbuf_add(out, zeros, k);
		left -= k;
	}
	for (size_t i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_filesz)
			continue;
		memcpy(out->buf + base + (ph[i].p_paddr - layout->load),
		       d + ph[i].p_offset, ph[i].p_filesz);
	}
	return 0;
}

int bzimage_make(const char *elf, const char *path, struct osdk_err *err)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct bzimage_layout l;
	int ret = fs_read(elf, &in, err);

	if (!ret)
		ret = bzimage_from_elf(in.buf, in.len, elf, &out, &l, err);
	if (!ret)
		ret = fs_write_atomic(path, out.buf, out.len, err);
	strbuf_release(&in);
	strbuf_release(&out);
	return ret;
}
