/* SPDX-License-Identifier: MIT */
/* ELF64 headers for exec: read, check, summarise. */
#include "exec_internal.h"

#include <fs/file.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/vm.h>

#define EXEC_EHDR_SIZE 64u
#define EXEC_PHDR_SIZE 56u

static uint16_t exec_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t exec_u32(const uint8_t *p)
{
	return (uint32_t)exec_u16(p) | (uint32_t)exec_u16(p + 2) << 16;
}

static uint64_t exec_u64(const uint8_t *p)
{
	return (uint64_t)exec_u32(p) | (uint64_t)exec_u32(p + 4) << 32;
}

int exec_elf_check_header(const uint8_t *buf, size_t len, struct exec_ehdr *eh)
{
	if (len < EXEC_EHDR_SIZE)
		return -ENOEXEC;
	if (buf[0] != 0x7f || buf[1] != 'E' || buf[2] != 'L' || buf[3] != 'F')
		return -ENOEXEC;
	memcpy(eh->ident, buf, 16);
	eh->type = exec_u16(buf + 16);
	eh->machine = exec_u16(buf + 18);
	eh->version = exec_u32(buf + 20);
	eh->entry = exec_u64(buf + 24);
	eh->phoff = exec_u64(buf + 32);
	eh->shoff = exec_u64(buf + 40);
	eh->flags = exec_u32(buf + 48);
	eh->ehsize = exec_u16(buf + 52);
	eh->phentsize = exec_u16(buf + 54);
	eh->phnum = exec_u16(buf + 56);
	eh->shentsize = exec_u16(buf + 58);
	eh->shnum = exec_u16(buf + 60);
	eh->shstrndx = exec_u16(buf + 62);
	/* ELFCLASS64, little-endian, EV_CURRENT */
	if (eh->ident[4] != 2 || eh->ident[5] != 1 || eh->ident[6] != 1)
		return -ENOEXEC;
	if (eh->type != EXEC_ET_EXEC && eh->type != EXEC_ET_DYN)
		return -ENOEXEC;
	if (eh->machine != EXEC_EM_X86_64)
		return -ENOEXEC;
	if (eh->phentsize != EXEC_PHDR_SIZE)
		return -ENOEXEC;
	if (eh->phnum < 1 || eh->phnum > EXEC_PHDR_MAX)
		return -ENOEXEC;
	return 0;
}

static void exec_phdr_decode(const uint8_t *p, struct exec_phdr *ph)
{
	ph->type = exec_u32(p);
	ph->flags = exec_u32(p + 4);
	ph->offset = exec_u64(p + 8);
	ph->vaddr = exec_u64(p + 16);
	ph->paddr = exec_u64(p + 24);
	ph->filesz = exec_u64(p + 32);
	ph->memsz = exec_u64(p + 40);
	ph->align = exec_u64(p + 48);
}

/* One PT_LOAD's own rules. */
static int exec_check_load(const struct exec_phdr *ph)
{
	uint64_t end;

	if (ph->filesz > ph->memsz)
		return -EINVAL;
	/* mmap needs the file offset and the address congruent. */
	if ((ph->offset & (VM_PAGE_SIZE - 1)) !=
	    (ph->vaddr & (VM_PAGE_SIZE - 1)))
		return -EINVAL;
	if (__builtin_add_overflow(ph->vaddr, ph->memsz, &end) ||
	    end > VM_USER_MAX)
		return -EINVAL;
	if (ph->offset + ph->filesz < ph->offset)
		return -EINVAL;
	return 0;
}

int exec_elf_check_phdrs(struct exec_elf *elf)
{
	uint64_t prev_end = 0;
	bool any = false;
	int err;

	elf->interp_idx = -1;
	elf->exec_stack = false;
	elf->lo = UINT64_MAX;
	elf->hi = 0;
	for (int i = 0; i < elf->eh.phnum; i++) {
		const struct exec_phdr *ph = &elf->ph[i];

		switch (ph->type) {
		case EXEC_PT_LOAD:
			err = exec_check_load(ph);
			if (err)
				return err;
			if (!ph->memsz)
				break;
			/* In ascending order and apart, as the ELF spec
			 * requires of loadable segments. */
			if (any && ph->vaddr < prev_end)
				return -EINVAL;
			prev_end = ph->vaddr + ph->memsz;
			elf->lo = MIN(elf->lo,
				      ALIGN_DOWN(ph->vaddr, VM_PAGE_SIZE));
			elf->hi =
				MAX(elf->hi, ALIGN_UP(prev_end, VM_PAGE_SIZE));
			any = true;
			break;
		case EXEC_PT_INTERP:
			if (elf->interp_idx >= 0)
				break;
			if (ph->filesz < 2 || ph->filesz > EXEC_PATH_MAX)
				return -ENOEXEC;
			elf->interp_idx = i;
			break;
		case EXEC_PT_GNU_STACK:
			elf->exec_stack = (ph->flags & EXEC_PF_X) != 0;
			break;
		default:
			break;
		}
	}
	return any ? 0 : -ENOEXEC;
}

void exec_elf_release(struct exec_elf *elf)
{
	frame_free(elf->ph);
	elf->ph = NULL;
}

int exec_elf_read(struct file *f, const uint8_t *buf, size_t len,
		  struct exec_elf *elf)
{
	size_t size;
	uint8_t *raw;
	ssize_t n;
	int err;

	elf->ph = NULL;
	err = exec_elf_check_header(buf, len, &elf->eh);
	if (err)
		return err;
	size = (size_t)elf->eh.phnum * EXEC_PHDR_SIZE;
	raw = frame_alloc(size);
	elf->ph = frame_calloc(elf->eh.phnum, sizeof(*elf->ph));
	if (!raw || !elf->ph) {
		err = -ENOMEM;
		goto out;
	}
	n = file_kernel_read(f, elf->eh.phoff, raw, size);
	if (n < 0) {
		err = (int)n;
		goto out;
	}
	if ((size_t)n != size) {
		err = -EIO;
		goto out;
	}
	for (int i = 0; i < elf->eh.phnum; i++)
		exec_phdr_decode(raw + (size_t)i * EXEC_PHDR_SIZE, &elf->ph[i]);
	err = exec_elf_check_phdrs(elf);
out:
	frame_free(raw);
	if (err)
		exec_elf_release(elf);
	return err;
}
