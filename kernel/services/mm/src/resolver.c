/* SPDX-License-Identifier: MIT */
/* The file resolver fs registers for mmap() of a descriptor. */
#include <mm/mm.h>

#include "mm_internal.h"

static const struct mm_file_resolver *mm_resolver;

void mm_set_file_resolver(const struct mm_file_resolver *r)
{
	mm_resolver = r;
}

const struct mm_file_resolver *mm_get_file_resolver(void)
{
	return mm_resolver;
}

int mm_resolve_fd(int fd, unsigned int prot, unsigned int flags,
		  struct mm_backing **out, bool *anon)
{
	const struct mm_file_resolver *r = mm_resolver;

	*anon = false;
	if (!r || !r->resolve)
		return -EBADF;
	return r->resolve(fd, prot, flags, out, anon);
}
