/* SPDX-License-Identifier: MIT */
/* The vDSO: its image and data page, and mapping them into address spaces. */
#include "vdso/vdso.h"

#include <frame/vdso.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/page.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/vm.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/msr.h"
#include "arch/x86_64/cpu/percpu.h"
#include "mm/page_meta.h"
#include "vdso/elf64.h"

/* The image osdk built from vdso/ (build.user-images.vdso). */
extern const unsigned char osdk_image_vdso_start[], osdk_image_vdso_end[];

#define CPUID_7_ECX_RDPID	  (1u << 22)
#define CPUID_80000001_EDX_RDTSCP (1u << 27)

BUILD_BUG_ON(VDSO_DATA_SIZE != FRAME_VDSO_DATA_PAGES * VM_PAGE_SIZE);

static struct frame_page *image_pages, *data_page;
static size_t image_npages;
static struct frame_vdso_layout layout;

/* Which instruction reads IA32_TSC_AUX on this CPU, if any. */
static enum vdso_cpu_mode cpu_mode_probe(void)
{
	if (arch_cpuid(0, 0).eax >= 7 &&
	    (arch_cpuid(7, 0).ecx & CPUID_7_ECX_RDPID))
		return VDSO_CPU_RDPID;
	if (arch_cpuid(0x80000000, 0).eax >= 0x80000001 &&
	    (arch_cpuid(0x80000001, 0).edx & CPUID_80000001_EDX_RDTSCP))
		return VDSO_CPU_RDTSCP;
	return VDSO_CPU_SYSCALL;
}

void vdso_cpu_init(void)
{
	/* A CPU without either instruction has no IA32_TSC_AUX to write. */
	if (cpu_mode_probe() != VDSO_CPU_SYSCALL)
		arch_wrmsr(MSR_TSC_AUX,
			   arch_percpu_this()->cpu & VDSO_TSC_AUX_CPU_MASK);
}

struct vdso_data *vdso_data(void)
{
	return data_page ? page_to_virt(page_check_handle(data_page)) : NULL;
}

const void *vdso_image(size_t *len)
{
	*len = layout.image_size;
	return image_pages ? page_to_virt(page_check_handle(image_pages))
			   : NULL;
}

/* Whether [off, off + len) lies inside an image of @size bytes. */
static bool in_image(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

/*
 * The dynamic symbol table, found as a loader finds it: the program
 * headers give PT_DYNAMIC, whose tags give the tables. DT_HASH's chain
 * count is the number of symbols.
 */
struct dyn_tables {
	const struct elf64_sym *syms;
	size_t nsyms;
	const char *strs;
	size_t strsz;
};

static int find_tables(const unsigned char *img, size_t size,
		       struct dyn_tables *t)
{
	const struct elf64_ehdr *eh = (const void *)img;
	const struct elf64_phdr *ph;
	const struct elf64_dyn *dyn = NULL;
	uint64_t hash = 0, symtab = 0, strtab = 0, strsz = 0;
	size_t ndyn = 0;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) ||
	    eh->e_type != ELF64_ET_DYN || eh->e_machine != ELF64_EM_X86_64 ||
	    eh->e_phentsize != sizeof(*ph) ||
	    !in_image(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(*ph), size))
		return -EINVAL;
	ph = (const void *)(img + eh->e_phoff);
	for (size_t i = 0; i < eh->e_phnum; i++) {
		/* One segment at address 0: offsets are addresses. */
		if (ph[i].p_type == ELF64_PT_LOAD &&
		    (ph[i].p_vaddr != 0 || ph[i].p_offset != 0))
			return -EINVAL;
		if (ph[i].p_type != ELF64_PT_DYNAMIC)
			continue;
		if (!in_image(ph[i].p_offset, ph[i].p_filesz, size) ||
		    ph[i].p_offset % 8)
			return -EINVAL;
		dyn = (const void *)(img + ph[i].p_offset);
		ndyn = ph[i].p_filesz / sizeof(*dyn);
	}
	for (size_t i = 0; dyn && i < ndyn && dyn[i].d_tag != ELF64_DT_NULL;
	     i++) {
		if (dyn[i].d_tag == ELF64_DT_HASH)
			hash = dyn[i].d_val;
		else if (dyn[i].d_tag == ELF64_DT_SYMTAB)
			symtab = dyn[i].d_val;
		else if (dyn[i].d_tag == ELF64_DT_STRTAB)
			strtab = dyn[i].d_val;
		else if (dyn[i].d_tag == ELF64_DT_STRSZ)
			strsz = dyn[i].d_val;
	}
	if (!hash || !symtab || !strtab || !strsz || hash % 4 || symtab % 8 ||
	    !in_image(hash, 8, size) || !in_image(strtab, strsz, size) ||
	    img[strtab + strsz - 1])
		return -EINVAL;
	t->nsyms = ((const uint32_t *)(img + hash))[1];
	if (!in_image(symtab, t->nsyms * sizeof(*t->syms), size))
		return -EINVAL;
	t->syms = (const void *)(img + symtab);
	t->strs = (const char *)img + strtab;
	t->strsz = strsz;
	return 0;
}

/* The offset of the defined function @name in the image, or 0. */
static size_t find_function(const struct dyn_tables *t, const char *name,
			    size_t size)
{
	for (size_t i = 1; i < t->nsyms; i++) {
		const struct elf64_sym *s = &t->syms[i];

		if (s->st_name >= t->strsz ||
		    strcmp(t->strs + s->st_name, name))
			continue;
		if (ELF64_ST_TYPE(s->st_info) != ELF64_STT_FUNC ||
		    s->st_shndx == ELF64_SHN_UNDEF ||
		    !in_image(s->st_value, 1, size))
			return 0;
		return s->st_value;
	}
	return 0;
}

void vdso_init(void)
{
	const unsigned char *img = osdk_image_vdso_start;
	size_t size = (size_t)(osdk_image_vdso_end - osdk_image_vdso_start);
	struct frame_vdso_layout l = { 0 };
	struct dyn_tables t;
	unsigned int order = 0;
	const char *missing = NULL;

	image_npages = (size + VM_PAGE_SIZE - 1) / VM_PAGE_SIZE;
	while ((1ul << order) < image_npages)
		order++;
	if (find_tables(img, size, &t))
		frame_panic("vdso: the embedded image is not a shared object "
			    "with a dynamic symbol table");
	l.size = VDSO_DATA_SIZE + image_npages * VM_PAGE_SIZE;
	l.image_offset = VDSO_DATA_SIZE;
	l.image_size = size;
	{
		static const char *const names[] = { "__vdso_clock_gettime",
						     "__vdso_gettimeofday",
						     "__vdso_time",
						     "__vdso_getcpu" };
		size_t *const slots[] = { &l.clock_gettime, &l.gettimeofday,
					  &l.time, &l.getcpu };

		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			*slots[i] = find_function(&t, names[i], size);
			if (!*slots[i])
				missing = names[i];
			*slots[i] += l.image_offset;
		}
	}
	if (missing)
		frame_panic("vdso: the image does not define '%s'", missing);

	image_pages = frame_page_alloc(order, FRAME_PAGE_ZERO);
	data_page = frame_page_alloc(0, FRAME_PAGE_ZERO);
	if (!image_pages || !data_page)
		frame_panic("vdso: no memory for %zu pages", image_npages + 1);
	if (frame_page_write(image_pages, 0, img, size))
		frame_panic("vdso: cannot copy the image");
	vdso_data()->cpu_mode = cpu_mode_probe();
	layout = l;
	log_info("vdso: %zu-byte image, getcpu by %s", size,
		 vdso_data()->cpu_mode == VDSO_CPU_RDPID    ? "RDPID"
		 : vdso_data()->cpu_mode == VDSO_CPU_RDTSCP ? "RDTSCP"
							    : "syscall");
}

void frame_vdso_layout(struct frame_vdso_layout *out)
{
	*out = layout;
}

int frame_vdso_map(struct vm_space *space, uaddr_t addr)
{
	struct vm_cursor c;
	int ret;

	if (!image_pages)
		return -ENODEV;
	ret = vm_cursor_open(&c, space, addr, layout.size);
	if (ret)
		return ret;
	ret = vm_cursor_map_pages(&c, data_page, 0, FRAME_VDSO_DATA_PAGES,
				  VM_PROT_READ);
	if (ret)
		goto out_close;
	ret = vm_cursor_map_pages(&c, image_pages, 0, image_npages,
				  VM_PROT_READ | VM_PROT_EXEC);
	if (ret) {
		/* All or nothing: take the data page back out. */
		vm_cursor_seek(&c, addr);
		vm_cursor_unmap(&c, VDSO_DATA_SIZE);
	}
out_close:
	vm_cursor_close(&c);
	return ret;
}
