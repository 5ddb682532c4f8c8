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

/* Whether @fd would resolve for @prot: 0 or the resolver's -errno. */
static int mm_resolve_probe(int fd, unsigned int prot, unsigned int flags)
{
	struct mm_backing *b = NULL;
	bool anon;
	int ret;

	ret = mm_resolve_fd(fd, prot, flags, &b, &anon);
	if (!ret && !anon && b)
		b->ops->put(b);
	return ret;
}

int mm_resolve_fd_for_map(int fd, struct mm_map_req *req, bool *anon)
{
	unsigned int type = req->flags & MAP_TYPE;

	req->no_write = false;
	req->no_exec = false;
	/* Asked without PROT_WRITE (shared) or PROT_EXEC: would the
	 * descriptor allow them? If not, mprotect may never add them: the
	 * resolver says -EACCES for PROT_WRITE on MAP_SHARED without write
	 * access, -EPERM for PROT_EXEC on a noexec mount. */
	if (type != MAP_PRIVATE && !(req->prot & PROT_WRITE))
		req->no_write = mm_resolve_probe(fd, req->prot | PROT_WRITE,
						 req->flags) == -EACCES;
	if (!(req->prot & PROT_EXEC))
		req->no_exec = mm_resolve_probe(fd, req->prot | PROT_EXEC,
						req->flags) == -EPERM;
	return mm_resolve_fd(fd, req->prot, req->flags, &req->backing, anon);
}
