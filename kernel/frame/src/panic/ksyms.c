/* SPDX-License-Identifier: MIT */
/* Symbolizing code addresses with the osdk-generated ksyms table. */
#include "panic/ksyms.h"

#include <frame/format.h>

/* Whether entry @i covers @addr (see frame_ksyms_lookup()). */
static bool ksym_covers(size_t i, uint64_t addr, uint64_t *size)
{
	const struct ksym *k = &__ksyms[i];
	uint64_t end;

	if (k->size) {
		end = k->addr + k->size;
	} else {
		/* No size: up to the next symbol at a higher address. */
		size_t j = i + 1;

		while (j < __ksyms_count && __ksyms[j].addr == k->addr)
			j++;
		if (j == __ksyms_count) {
			/* The last symbol: only its own address is known. */
			*size = 0;
			return addr == k->addr;
		}
		end = __ksyms[j].addr;
	}
	*size = end - k->addr;
	return addr >= k->addr && addr < end;
}

bool frame_ksyms_lookup(uint64_t addr, struct frame_ksym_info *out)
{
	size_t lo = 0, hi = __ksyms_count, i;
	uint64_t size;

	/* Find the first entry above @addr; the candidates are just before. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (__ksyms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;

	/* Aliases share an address; take the first that covers @addr. */
	i = lo - 1;
	while (i > 0 && __ksyms[i - 1].addr == __ksyms[i].addr)
		i--;
	for (; i < lo; i++) {
		if (ksym_covers(i, addr, &size)) {
			out->name = __ksyms_names + __ksyms[i].name;
			out->start = __ksyms[i].addr;
			out->size = size;
			return true;
		}
	}
	return false;
}

void frame_ksyms_format(uint64_t addr, bool is_return, char *buf, size_t size)
{
	struct frame_ksym_info sym;

	if (!frame_ksyms_lookup(is_return ? addr - 1 : addr, &sym)) {
		frame_snprintf(buf, size, "0x%016llx",
			       (unsigned long long)addr);
		return;
	}
	frame_snprintf(buf, size, "%s+0x%llx/0x%llx", sym.name,
		       (unsigned long long)(addr - sym.start),
		       (unsigned long long)sym.size);
}
