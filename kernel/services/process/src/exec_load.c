/* SPDX-License-Identifier: MIT */
/* Mapping an ELF image's PT_LOAD segments into a new address space. */
#include "exec_internal.h"

#include <fs/file.h>
#include <mm/mm.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/vm.h>

static unsigned int exec_prot(uint32_t pf)
{
	return ((pf & EXEC_PF_R) ? PROT_READ : 0) |
	       ((pf & EXEC_PF_W) ? PROT_WRITE : 0) |
	       ((pf & EXEC_PF_X) ? PROT_EXEC : 0);
}

/* Without a backing (a file system that cannot map): copy the bytes. */
static int exec_copy_in(struct mm *mm, struct file *f, uint64_t off,
			uint64_t addr, uint64_t n)
{
	uint8_t *buf = frame_alloc(VM_PAGE_SIZE);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	while (n && !err) {
		size_t chunk = (size_t)MIN(n, (uint64_t)VM_PAGE_SIZE);
		ssize_t got = file_kernel_read(f, off, buf, chunk);

		if (got < 0) {
			err = (int)got;
			break;
		}
		if ((size_t)got < chunk)
			memset(buf + got, 0, chunk - (size_t)got);
		err = mm_write(mm, uaddr_from_syscall_arg(addr), buf, chunk);
		off += chunk;
		addr += chunk;
		n -= chunk;
	}
	frame_free(buf);
	return err;
}

/* Map one PT_LOAD at @bias: file pages, then zeroed bss pages. */
static int exec_map_segment(struct mm *mm, struct file *f,
			    struct mm_backing *backing,
			    const struct exec_phdr *ph, uint64_t bias)
{
	uint64_t page_off = ph->vaddr & (VM_PAGE_SIZE - 1);
	uint64_t start = bias + ph->vaddr - page_off;
	uint64_t file_end = bias + ph->vaddr + ph->filesz;
	uint64_t mem_end = ALIGN_UP(bias + ph->vaddr + ph->memsz, VM_PAGE_SIZE);
	uint64_t map_end = ALIGN_UP(file_end, VM_PAGE_SIZE);
	struct mm_map_req req = { 0 };
	uaddr_t got;
	int err;

	req.prot = exec_prot(ph->flags);
	req.flags = MAP_PRIVATE | MAP_FIXED;
	if (ph->filesz) {
		req.addr = uaddr_from_syscall_arg(start);
		req.len = (size_t)(map_end - start);
		req.offset = ph->offset - page_off;
		req.backing = backing;
		if (!backing)
			req.flags |= MAP_ANONYMOUS;
		err = mm_map(mm, &req, &got);
		if (err)
			return err;
		if (!backing) {
			err = exec_copy_in(mm, f, ph->offset - page_off, start,
					   page_off + ph->filesz);
			if (err)
				return err;
		}
		/* The rest of the last file page belongs to the bss. */
		if (ph->memsz > ph->filesz && map_end > file_end) {
			err = mm_zero(mm, uaddr_from_syscall_arg(file_end),
				      (size_t)(map_end - file_end));
			if (err)
				return err;
		}
	} else {
		map_end = start;
	}
	if (mem_end > map_end) {
		req.addr = uaddr_from_syscall_arg(map_end);
		req.len = (size_t)(mem_end - map_end);
		req.offset = 0;
		req.backing = NULL;
		req.flags = MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS;
		err = mm_map(mm, &req, &got);
		if (err)
			return err;
	}
	return 0;
}

/* Where the program headers are in memory (AT_PHDR), before the bias. */
static uint64_t exec_phdr_vaddr(const struct exec_elf *elf)
{
	for (int i = 0; i < elf->eh.phnum; i++)
		if (elf->ph[i].type == EXEC_PT_PHDR)
			return elf->ph[i].vaddr;
	for (int i = 0; i < elf->eh.phnum; i++) {
		const struct exec_phdr *ph = &elf->ph[i];

		if (ph->type == EXEC_PT_LOAD && ph->offset <= elf->eh.phoff &&
		    elf->eh.phoff < ph->offset + ph->filesz)
			return ph->vaddr + (elf->eh.phoff - ph->offset);
	}
	return 0;
}

int exec_load_elf(struct mm *mm, struct file *f, const struct exec_elf *elf,
		  uint64_t base, struct exec_loaded *out)
{
	struct mm_backing *backing = file_backing(f);
	uint64_t bias = 0;
	uaddr_t got;
	int err = 0;

	if (elf->eh.type == EXEC_ET_DYN) {
		/* Reserve the whole span first, so that the segments land
		 * together wherever mm puts it. */
		struct mm_map_req req = { 0 };

		req.addr = uaddr_from_syscall_arg(base);
		req.len = (size_t)(elf->hi - elf->lo);
		req.prot = PROT_NONE;
		req.flags =
			MAP_PRIVATE | MAP_ANONYMOUS | (base ? MAP_FIXED : 0);
		err = mm_map(mm, &req, &got);
		if (err)
			goto out;
		bias = uaddr_value(got) - elf->lo;
	}
	for (int i = 0; i < elf->eh.phnum && !err; i++)
		if (elf->ph[i].type == EXEC_PT_LOAD && elf->ph[i].memsz)
			err = exec_map_segment(mm, f, backing, &elf->ph[i],
					       bias);
	if (err)
		goto out;
	out->bias = bias;
	out->entry = bias + elf->eh.entry;
	out->phdr = bias + exec_phdr_vaddr(elf);
	out->end = bias + elf->hi;
out:
	if (backing)
		backing->ops->put(backing);
	return err;
}
