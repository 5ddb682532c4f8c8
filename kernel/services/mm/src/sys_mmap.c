/* SPDX-License-Identifier: MIT */
/* mmap(2): anonymous and file mappings, private and shared. */
#include <mm/syscalls.h>

#include "mm_internal.h"

struct mmap_args {
	struct mm_map_req req;
	int fd;
};

static int mmap_decode(const uint64_t a[6], struct mmap_args *m)
{
	m->req.addr = uaddr_from_syscall_arg(a[0]);
	m->req.len = a[1];
	m->req.prot = (unsigned int)a[2];
	m->req.flags = (unsigned int)a[3];
	m->fd = (int)a[4];
	m->req.offset = a[5];
	m->req.backing = NULL;
	m->req.no_write = false; /* set by the fd's resolution */
	m->req.no_exec = false;
	/* Unknown flag bits are ignored (MAP_SHARED_VALIDATE aside), as
	 * on Linux; unknown protection bits are not. */
	if (a[2] > 0xffffffffu)
		return -EINVAL;
	m->req.prot &= ~PROT_SEM;
	if (m->req.offset & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (!m->req.len)
		return -EINVAL;
	if (m->req.prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	switch (m->req.flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_PRIVATE:
	case MAP_SHARED_VALIDATE:
		return 0;
	default:
		return -EINVAL;
	}
}

static long do_mmap(struct mm *mm, struct mmap_args *m)
{
	bool anon = false;
	uaddr_t out;
	int ret;

	if (!(m->req.flags & MAP_ANONYMOUS)) {
		ret = mm_resolve_fd_for_map(m->fd, &m->req, &anon);
		if (ret)
			return ret;
		if (anon) {
			m->req.backing = NULL;
			m->req.flags |= MAP_ANONYMOUS;
		}
	}
	ret = mm_map(mm, &m->req, &out);
	if (m->req.backing)
		m->req.backing->ops->put(m->req.backing);
	return ret ? ret : (long)uaddr_value(out);
}

long sys_mmap(const uint64_t a[6])
{
	struct mm *mm = mm_current();
	struct mmap_args m;
	int ret;

	if (!mm)
		return -EFAULT;
	ret = mmap_decode(a, &m);
	if (ret)
		return ret;
	return do_mmap(mm, &m);
}
