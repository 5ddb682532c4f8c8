/* SPDX-License-Identifier: MIT */
/* Signal internals shared by the package's sources (not an API). */
#ifndef SIGNAL_SIG_INTERNAL_H
#define SIGNAL_SIG_INTERNAL_H

#include <signal/signal.h>

struct sighand {
	struct frame_spinlock lock;
	unsigned int refs;
	struct sig_action act[SIG_NSIG];
};

struct sig_group {
	struct frame_spinlock lock;
	unsigned int refs;
	struct sighand *hand; /* a reference; the threads' table */
	struct sig_pending shared;
	unsigned int queued; /* rt entries with information, all queues */
	struct sig_thread *threads;
	struct sig_thread *last_target;
	bool stopped;
	int stop_sig;
	bool notify_continue;  /* tell the process at the next delivery */
	unsigned int cont_seq; /* SIGCONTs sent: one cancels a stop that
				  was taken before it but not yet done */
	bool killed;	       /* SIGKILL sent to the group */
	bool exit_reported;    /* group_exit already called */
	struct frame_waitq stop_wq;
	struct frame_waitq queue_wq; /* a signal was queued (signalfd) */
};

/* The synchronous (fault) signals, taken before the others. */
#define SIG_SYNC_MASK                                                    \
	(sigset_bit(SIGSEGV) | sigset_bit(SIGBUS) | sigset_bit(SIGILL) | \
	 sigset_bit(SIGTRAP) | sigset_bit(SIGFPE) | sigset_bit(SIGSYS))
#define SIG_STOP_MASK                                                      \
	(sigset_bit(SIGSTOP) | sigset_bit(SIGTSTP) | sigset_bit(SIGTTIN) | \
	 sigset_bit(SIGTTOU))

/* sig_pending.c: queue operations; callers hold the group's lock. */
void sig_pending_init(struct sig_pending *p);
int sig_pending_add(struct sig_pending *p, const struct ksiginfo *info,
		    unsigned int *queued);
int sig_pending_take(struct sig_pending *p, sigset_t mask, struct ksiginfo *out,
		     unsigned int *queued);
void sig_pending_discard(struct sig_pending *p, sigset_t mask,
			 unsigned int *queued);
/* The next signal sig_pending_take() would return for @mask, or 0. */
int sig_pending_next(const struct sig_pending *p, sigset_t mask);

/* sig_send.c */
/* Whether @t would take @sig now (not blocked, not leaving). */
bool sig_thread_wants(const struct sig_thread *t, int sig);
/* With the group's lock: @t's blocked mask becomes @mask (unblockable
 * bits dropped); group signals it now blocks go to another thread. */
void sig_set_blocked_locked(struct sig_thread *t, sigset_t mask);
void sig_set_blocked(struct sig_thread *t, sigset_t mask);
/* With the group's lock: take @t's next signal in @mask (own first). */
int sig_take_locked(struct sig_thread *t, sigset_t mask, struct ksiginfo *out);

/* sig_frame.c */
/* Build a handler frame for @info with action @ka; 0 or -EFAULT. */
int sig_frame_setup(struct sig_thread *t, const struct ksiginfo *info,
		    const struct sig_action *ka, sigset_t oldmask);
/* rt_sigreturn's work on the current thread; the new RAX, or -EFAULT. */
int sig_frame_restore(struct sig_thread *t, uint64_t *rax);

/* sig_altstack.c */
bool sig_on_altstack(const struct sig_thread *t, uint64_t sp);
uint32_t sig_altstack_flags(const struct sig_thread *t, uint64_t sp);
/* sigaltstack's change; 0, -EPERM, -EINVAL, -ENOMEM. */
int sig_altstack_set(struct sig_thread *t, uint64_t sp, uint64_t ss_sp,
		     uint32_t flags, uint64_t size);

/* An info for @sig with @code and @value (the ktests' shorthand). */
static inline struct ksiginfo sig_test_info(int sig, int code, uint64_t value)
{
	struct ksiginfo i;

	ksiginfo_init(&i, sig, code);
	i.value = value;
	return i;
}

static inline void sig_restart_clear(struct sig_thread *t)
{
	struct sig_restart none = { 0 };

	t->restart = none;
}

/* sig_core.c */
const struct signal_process_ops *sig_ops(void);

#endif /* SIGNAL_SIG_INTERNAL_H */
