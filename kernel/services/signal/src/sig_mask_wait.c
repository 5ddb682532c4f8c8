/* SPDX-License-Identifier: MIT */
/* A temporary blocked mask for the length of a wait (ppoll, pselect6). */
#include "sig_internal.h"

void signal_mask_wait_begin(sigset_t mask)
{
	struct sig_thread *t = sig_thread_current();
	uint64_t fl;

	if (!t || !t->group)
		return;
	fl = frame_spin_lock_irqsave(&t->group->lock);
	t->saved_mask = t->blocked;
	t->restore_mask = true;
	sig_set_blocked_locked(t, mask);
	frame_spin_unlock_irqrestore(&t->group->lock, fl);
	/* A signal the new mask lets through, pending before the wait, must
	 * end it: nobody sent it with the thread waiting. */
	if (signal_pending(t))
		task_interrupt(t->task);
}

void signal_mask_wait_end(bool interrupted)
{
	struct sig_thread *t = sig_thread_current();
	uint64_t fl;

	if (!t || !t->group || interrupted)
		return;
	fl = frame_spin_lock_irqsave(&t->group->lock);
	if (t->restore_mask) {
		t->restore_mask = false;
		sig_set_blocked_locked(t, t->saved_mask);
	}
	frame_spin_unlock_irqrestore(&t->group->lock, fl);
}
