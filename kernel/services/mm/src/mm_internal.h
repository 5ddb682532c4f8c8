/* SPDX-License-Identifier: MIT */
/* mm's private declarations, shared by its source files. */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <frame/errno.h>
#include <mm/mm.h>

int mm_resolve_fd(int fd, unsigned int prot, unsigned int flags,
		  struct mm_backing **out, bool *anon);

#endif /* MM_INTERNAL_H */
