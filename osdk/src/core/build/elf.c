/* SPDX-License-Identifier: MIT */
/* elf.c - reading function symbols out of ELF64 objects and kernels. */
#include "core/build/elf.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/sort.h"

/* Whether [off, off + size) lies inside a buffer of len bytes. */
static bool in_bounds(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct elf_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

int elf_read_functions(const char *path, struct elf_syms *out,
		       struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = fs_read(path, &sb, err);
	if (!ret)
		ret = elf_parse_functions(sb.buf, sb.len, path, out, err);
	strbuf_release(&sb);
	return ret;
}

void elf_syms_release(struct elf_syms *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* The header and section table of an ELF64 x86-64 file, checked. */
static int elf_sections(const void *data, size_t len, const char *what,
			const Elf64_Shdr **sh, size_t *nsh,
			struct osdk_err *err)
{
	const Elf64_Ehdr *eh = data;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return err_set(err, -EINVAL, "'%s' is not an x86-64 ELF64 file",
			       what);
	if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !in_bounds(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(**sh), len))
		return err_set(err, -EINVAL, "'%s': bad section header table",
			       what);
	*sh = (const Elf64_Shdr *)((const unsigned char *)data + eh->e_shoff);
	*nsh = eh->e_shnum;
	return 0;
}

/* Call fn on every symbol of every SHT_SYMTAB with its name; stops at the
 * first non-zero return. -EINVAL on a malformed table. */
static int each_sym(const void *data, size_t len, const char *what,
		    int (*fn)(void *ctx, const Elf64_Sym *s, const char *name),
		    void *ctx, struct osdk_err *err)
{
	const unsigned char *p = data;
	const Elf64_Shdr *sh;
	size_t nsh;
	int ret = elf_sections(data, len, what, &sh, &nsh, err);

	for (size_t s = 0; !ret && s < nsh; s++) {
		const Elf64_Shdr *str;
		const Elf64_Sym *syms;

		if (sh[s].sh_type != SHT_SYMTAB)
			continue;
		if (sh[s].sh_link >= nsh ||
		    sh[s].sh_entsize != sizeof(Elf64_Sym) ||
		    !in_bounds(sh[s].sh_offset, sh[s].sh_size, len))
			goto bad;
		str = &sh[sh[s].sh_link];
		if (!in_bounds(str->sh_offset, str->sh_size, len) ||
		    str->sh_size == 0 ||
		    p[str->sh_offset + str->sh_size - 1] != '\0')
			goto bad;
		syms = (const Elf64_Sym *)(p + sh[s].sh_offset);
		for (size_t i = 0; !ret && i < sh[s].sh_size / sizeof(*syms);
		     i++) {
			if (syms[i].st_name >= str->sh_size)
				goto bad;
			ret = fn(ctx, &syms[i],
				 (const char *)p + str->sh_offset +
					 syms[i].st_name);
		}
	}
	return ret;
bad:
	return err_set(err, -EINVAL, "'%s': malformed symbol table", what);
}

/* elf_parse_functions()'s collector: the defined functions that have an
 * address. */
struct fn_collect {
	struct elf_syms *out;
	size_t cap;
};

static int collect_one(void *ctx, const Elf64_Sym *s, const char *name)
{
	struct fn_collect *c = ctx;
	struct elf_sym *e;

	if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == SHN_UNDEF ||
	    s->st_value == 0)
		return 0;
	XGROW(c->out->v, c->cap, c->out->n + 1);
	e = &c->out->v[c->out->n++];
	e->addr = s->st_value;
	e->size = s->st_size;
	e->name = xstrdup(name);
	return 0;
}

int elf_parse_functions(const void *data, size_t len, const char *what,
			struct elf_syms *out, struct osdk_err *err)
{
	struct fn_collect c = { out, 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = each_sym(data, len, what, collect_one, &c, err);
	if (ret) {
		elf_syms_release(out);
		return ret;
	}
	if (out->n)
		sort_array(out->v, out->n, sizeof(*out->v), cmp_sym);
	return 0;
}

struct fn_count {
	size_t n, names;
};

static int count_one(void *ctx, const Elf64_Sym *s, const char *name)
{
	struct fn_count *c = ctx;

	if (ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx != SHN_UNDEF) {
		c->n++;
		c->names += strlen(name) + 1;
	}
	return 0;
}

int elf_count_functions_mem(const void *data, size_t len, const char *what,
			    size_t *n, size_t *names, struct osdk_err *err)
{
	struct fn_count c = { 0, 0 };
	int ret = each_sym(data, len, what, count_one, &c, err);

	*n = c.n;
	*names = c.names;
	return ret;
}

int elf_count_functions(const char *path, size_t *n, size_t *names,
			struct osdk_err *err)
{
	struct stat st;
	void *map;
	int fd, ret;

	*n = *names = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, -errno, "could not read '%s': %s", path,
			       strerror(errno));
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		ret = err_set(err, -EINVAL, "'%s' is not an x86-64 ELF64 file",
			      path);
		goto out;
	}
	/* Mapped, so that only the symbol table's pages are read: objects
	 * with debug information are mostly DWARF. */
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		ret = err_set(err, -errno, "could not read '%s': %s", path,
			      strerror(errno));
		goto out;
	}
	ret = elf_count_functions_mem(map, (size_t)st.st_size, path, n, names,
				      err);
	munmap(map, (size_t)st.st_size);
out:
	close(fd);
	return ret;
}

struct sym_find {
	const char *name;
	const Elf64_Sym *found;
};

static int find_one(void *ctx, const Elf64_Sym *s, const char *name)
{
	struct sym_find *f = ctx;

	if (s->st_shndx == SHN_UNDEF || strcmp(name, f->name) != 0)
		return 0;
	f->found = s;
	return 1;
}

int elf_symbol_place(const void *data, size_t len, const char *what,
		     const char *name, uint64_t *off, uint64_t *room,
		     struct osdk_err *err)
{
	struct sym_find f = { name, NULL };
	const Elf64_Shdr *sh = NULL, *sec;
	size_t nsh = 0;
	int ret = each_sym(data, len, what, find_one, &f, err);

	if (ret < 0)
		return ret;
	if (!f.found)
		return err_set(err, -ENOENT, "'%s' defines no symbol '%s'",
			       what, name);
	ret = elf_sections(data, len, what, &sh, &nsh, err);
	if (ret)
		return ret;
	if (f.found->st_shndx >= nsh)
		return err_set(err, -EINVAL,
			       "'%s': symbol '%s' is in no section", what,
			       name);
	sec = &sh[f.found->st_shndx];
	if (sec->sh_type == SHT_NOBITS || f.found->st_value < sec->sh_addr ||
	    f.found->st_value - sec->sh_addr > sec->sh_size ||
	    !in_bounds(sec->sh_offset, sec->sh_size, len))
		return err_set(err, -EINVAL,
			       "'%s': symbol '%s' has no bytes in the file",
			       what, name);
	*off = sec->sh_offset + (f.found->st_value - sec->sh_addr);
	*room = sec->sh_size - (f.found->st_value - sec->sh_addr);
	return 0;
}

#ifndef DT_RELRSZ
#define DT_RELRSZ 35
#endif

/* The dynamic tags that say a loader has work to do, and what it is. */
static const struct {
	int64_t tag;
	const char *what;
} loader_work[] = {
	{ DT_RELASZ, "relocations (DT_RELA)" },
	{ DT_RELSZ, "relocations (DT_REL)" },
	{ DT_PLTRELSZ, "PLT relocations (DT_JMPREL)" },
	{ DT_RELRSZ, "relative relocations (DT_RELR)" },
};

static int check_dynamic(const unsigned char *p, size_t len,
			 const Elf64_Phdr *dyn, const char *what,
			 struct osdk_err *err)
{
	const Elf64_Dyn *d = (const Elf64_Dyn *)(p + dyn->p_offset);
	size_t n = dyn->p_filesz / sizeof(*d);
	bool hash = false, symtab = false;

	if (!in_bounds(dyn->p_offset, dyn->p_filesz, len) || dyn->p_offset % 8)
		return err_set(err, -EINVAL, "%s: bad PT_DYNAMIC", what);
	for (size_t i = 0; i < n && d[i].d_tag != DT_NULL; i++) {
		int64_t tag = d[i].d_tag;

		for (size_t k = 0;
		     k < sizeof(loader_work) / sizeof(*loader_work); k++)
			if (tag == loader_work[k].tag && d[i].d_un.d_val)
				return err_set(err, -EINVAL,
					       "%s has %s, which need a "
					       "loader; build it with -fPIC "
					       "and hidden or -Bsymbolic "
					       "symbols, and no absolute "
					       "addresses in data",
					       what, loader_work[k].what);
		if (tag == DT_TEXTREL ||
		    (tag == DT_FLAGS && (d[i].d_un.d_val & DF_TEXTREL)))
			return err_set(err, -EINVAL, "%s has text relocations",
				       what);
		if (tag == DT_NEEDED)
			return err_set(err, -EINVAL,
				       "%s needs another shared object; "
				       "link it with -nostdlib",
				       what);
		hash |= tag == DT_HASH || tag == DT_GNU_HASH;
		symtab |= tag == DT_SYMTAB;
	}
	if (!hash || !symtab)
		return err_set(err, -EINVAL,
			       "%s has no dynamic symbol hash table; a libc "
			       "could not find its symbols",
			       what);
	return 0;
}

int elf_check_loader_free(const void *data, size_t len, const char *what,
			  struct osdk_err *err)
{
	const unsigned char *p = data;
	const Elf64_Ehdr *eh = data;
	const Elf64_Phdr *ph, *dyn = NULL;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return err_set(err, -EINVAL, "%s is not an x86-64 ELF64 file",
			       what);
	if (eh->e_type != ET_DYN)
		return err_set(err, -EINVAL, "%s is not a shared object", what);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_bounds(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(*ph), len))
		return err_set(err, -EINVAL, "%s: bad program header table",
			       what);
	ph = (const Elf64_Phdr *)(p + eh->e_phoff);
	for (size_t i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			return err_set(err, -EINVAL,
				       "%s asks for a program interpreter",
				       what);
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = &ph[i];
	}
	if (!dyn)
		return err_set(err, -EINVAL, "%s has no dynamic section", what);
	return check_dynamic(p, len, dyn, what, err);
}
