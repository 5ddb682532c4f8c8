/* SPDX-License-Identifier: MIT */
/* The alternate signal stack (sigaltstack's state and rules). */
#include "sig_internal.h"

#include <frame/errno.h>

bool sig_on_altstack(const struct sig_thread *t, uint64_t sp)
{
	/* With SS_AUTODISARM the stack is disabled while in use, so the
	 * thread counts as off it (as Linux). */
	if (t->ss_flags & SS_AUTODISARM)
		return false;
	return t->ss_size && sp > t->ss_sp && sp - t->ss_sp <= t->ss_size;
}

uint32_t sig_altstack_flags(const struct sig_thread *t, uint64_t sp)
{
	if (!t->ss_size)
		return SS_DISABLE;
	return sig_on_altstack(t, sp) ? SS_ONSTACK : 0;
}

int sig_altstack_set(struct sig_thread *t, uint64_t sp, uint64_t ss_sp,
		     uint32_t flags, uint64_t size)
{
	uint32_t mode = flags & ~SS_AUTODISARM;

	if (sig_on_altstack(t, sp))
		return -EPERM;
	if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->ss_sp = 0;
		t->ss_size = 0;
		t->ss_flags = SS_DISABLE;
		return 0;
	}
	if (size < MINSIGSTKSZ)
		return -ENOMEM;
	t->ss_sp = ss_sp;
	t->ss_size = size;
	t->ss_flags = flags & SS_AUTODISARM;
	return 0;
}
