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

int mm_resolve_fd_for_map(int fd, struct mm_map_req *req, bool *anon)
{
	unsigned int type = req->flags & MAP_TYPE;
	int ret;

	req->no_write = false;
	/* A shared mapping asked without PROT_WRITE: would the descriptor
	 * allow it? If not, mprotect may never add it (the resolver says
	 * -EACCES for PROT_WRITE on MAP_SHARED without write access). */
	if (type != MAP_PRIVATE && !(req->prot & PROT_WRITE)) {
		ret = mm_resolve_fd(fd, req->prot | PROT_WRITE, req->flags,
				    &req->backing, anon);
		if (ret != -EACCES)
			return ret;
		req->no_write = true;
	}
	return mm_resolve_fd(fd, req->prot, req->flags, &req->backing, anon);
}
