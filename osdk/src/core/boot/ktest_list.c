/* SPDX-License-Identifier: MIT */
/* ktest_list.c - the KTEST cases of a test kernel, read from its ELF. */
#include "core/boot/ktest_list.h"

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/sort.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* struct ktest_desc on x86_64: three pointers, the function, a u32 line,
 * padded to 8 (kernel/frame/include/frame/ktest.h). */
#define DESC_SIZE   40
#define DESC_LINE   32
#define ELF_MAX	    (256u << 20)

struct image {
	const unsigned char *data;
	size_t len;
	const Elf64_Shdr *sh;
	size_t shnum;
};

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The NUL-terminated string at virtual address @va, or NULL. */
static char *string_at(const struct image *im, uint64_t va)
{
	for (size_t i = 0; i < im->shnum; i++) {
		const Elf64_Shdr *s = &im->sh[i];
		const unsigned char *start, *nul;
		size_t room;

		if (!(s->sh_flags & SHF_ALLOC) || s->sh_type == SHT_NOBITS ||
		    va < s->sh_addr || va - s->sh_addr >= s->sh_size ||
		    s->sh_offset > im->len || s->sh_size > im->len - s->sh_offset)
			continue;
		start = im->data + s->sh_offset + (va - s->sh_addr);
		room = s->sh_size - (va - s->sh_addr);
		nul = memchr(start, 0, room);
		return nul ? xstrndup((const char *)start,
				      (size_t)(nul - start)) :
			     NULL;
	}
	return NULL;
}

static const Elf64_Shdr *find_section(const struct image *im, const char *want)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	const Elf64_Shdr *strs;

	if (eh->e_shstrndx >= im->shnum)
		return NULL;
	strs = &im->sh[eh->e_shstrndx];
	if (strs->sh_offset > im->len || strs->sh_size > im->len - strs->sh_offset)
		return NULL;
	for (size_t i = 0; i < im->shnum; i++) {
		size_t off = im->sh[i].sh_name;
		const char *name = (const char *)im->data + strs->sh_offset + off;

		if (off < strs->sh_size &&
		    strnlen(name, strs->sh_size - off) == strlen(want) &&
		    !strcmp(name, want))
			return &im->sh[i];
	}
	return NULL;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct ktest_entry *x = a, *y = b;
	int c = strcmp(x->pkg, y->pkg);

	if (!c)
		c = strcmp(x->file, y->file);
	if (!c)
		c = (x->line > y->line) - (x->line < y->line);
	return c;
}

static int parse(const struct image *im, const char *path,
		 struct ktest_list *out, struct osdk_err *err)
{
	const Elf64_Shdr *kt = find_section(im, ".ktest");
	size_t n;

	if (!kt)
		return 0; /* built without tests */
	if (kt->sh_offset > im->len || kt->sh_size > im->len - kt->sh_offset ||
	    kt->sh_size % DESC_SIZE)
		return err_set(err, -ENOEXEC, "'%s': a malformed .ktest section",
			       path);
	n = kt->sh_size / DESC_SIZE;
	out->v = xcalloc(n ? n : 1, sizeof(*out->v));
	for (size_t i = 0; i < n; i++) {
		const unsigned char *d = im->data + kt->sh_offset + i * DESC_SIZE;
		struct ktest_entry *e = &out->v[out->n++];

		e->pkg = string_at(im, get64(d));
		e->name = string_at(im, get64(d + 8));
		e->file = string_at(im, get64(d + 16));
		e->line = (unsigned)(get64(d + DESC_LINE) & 0xffffffffu);
		if (!e->pkg || !e->name || !e->file)
			return err_set(err, -ENOEXEC,
				       "'%s': test %zu of .ktest points outside "
				       "the image",
				       path, i);
	}
	sort_array(out->v, out->n, sizeof(*out->v), entry_cmp);
	return 0;
}

int ktest_list_read(const char *path, struct ktest_list *out,
		    struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct image im = { 0 };
	const Elf64_Ehdr *eh;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = fs_read_max(path, &sb, ELF_MAX, err);
	if (ret)
		return ret;
	im.data = (const unsigned char *)sb.buf;
	im.len = sb.len;
	eh = (const void *)im.data;
	if (im.len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > im.len ||
	    (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > im.len - eh->e_shoff ||
	    eh->e_shoff % 8) {
		ret = err_set(err, -ENOEXEC,
			      "'%s' is not a 64-bit little-endian ELF kernel",
			      path);
		goto out;
	}
	im.sh = (const void *)(im.data + eh->e_shoff);
	im.shnum = eh->e_shnum;
	ret = parse(&im, path, out, err);
	if (ret)
		ktest_list_release(out);
out:
	strbuf_release(&sb);
	return ret;
}

bool ktest_matches(const struct ktest_entry *t, const char *filter, bool exact)
{
	bool hit;
	char *full;

	if (!filter)
		return true;
	full = xasprintf("%s::%s", t->pkg, t->name);
	hit = exact ? !strcmp(full, filter) || !strcmp(t->name, filter) :
		      strstr(full, filter) != NULL;
	free(full);
	return hit;
}

int ktest_shard_parse(const char *s, struct ktest_select *sel,
		      struct osdk_err *err)
{
	unsigned long k, n;
	char *end;

	if (*s < '0' || *s > '9')
		goto bad;
	k = strtoul(s, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		goto bad;
	n = strtoul(end + 1, &end, 10);
	if (*end)
		goto bad;
	if (n < 1 || n > 1000000 || k < 1 || k > n)
		return err_set(err, -EINVAL,
			       "shard '%s': K/N needs 1 <= K <= N <= 1000000",
			       s);
	sel->shard_k = (unsigned)k;
	sel->shard_n = (unsigned)n;
	return 0;
bad:
	return err_set(err, -EINVAL,
		       "shard '%s' is not K/N (the K-th of N slices, e.g. 1/4)",
		       s);
}

size_t ktest_list_select(const struct ktest_list *l,
			 const struct ktest_select *sel, bool *on)
{
	size_t selected = 0;

	for (size_t i = 0; i < l->n; i++) {
		on[i] = false;
		if (!ktest_matches(&l->v[i], sel->filter, sel->exact))
			continue;
		on[i] = !sel->shard_n ||
			selected % sel->shard_n == sel->shard_k - 1;
		selected++;
	}
	return selected;
}

void ktest_list_release(struct ktest_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].pkg);
		free(l->v[i].name);
		free(l->v[i].file);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
