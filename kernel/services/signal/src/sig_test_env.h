/* SPDX-License-Identifier: MIT */
/* For the KTESTs: a signal thread with a real user space to run in. */
#ifndef SIGNAL_SIG_TEST_ENV_H
#define SIGNAL_SIG_TEST_ENV_H

#include "sig_frame.h"
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/time.h>
#include <frame/umode.h>
#include <frame/vm.h>
#include <signal/syscalls.h>

#define SFT_BASE    0x400000ul
#define SFT_PAGES   8
#define SFT_TOP	    (SFT_BASE + SFT_PAGES * VM_PAGE_SIZE)
#define SFT_HANDLER 0x402000ul
#define SFT_RESTORE 0x403000ul
#define SFT_RIP	    0x401234ul
#define SFT_NR	    7 /* poll */

static struct sft_log {
	int exits, status;
} sft_log;

static inline void sft_exit(struct sig_group *g, int status)
{
	(void)g;
	sft_log.exits++;
	sft_log.status = status;
}

static const struct signal_process_ops sft_ops = { .group_exit = sft_exit };

/* A thread with a user space of SFT_PAGES pages at SFT_BASE, attached
 * to the calling (test) task. */
struct sft_env {
	struct vm_space *space;
	struct sig_group *g;
	struct sighand *h;
	struct uctx *u;
	struct sig_thread t;
	const struct signal_process_ops *saved_ops;
};

static inline bool sft_init(struct sft_env *e)
{
	struct frame_page *p = frame_page_alloc(3, FRAME_PAGE_ZERO);
	struct sft_log none = { 0 };
	struct vm_cursor c;
	bool ok = false;

	sft_log = none;
	e->space = vm_space_create();
	e->g = sig_group_create();
	e->h = sighand_create();
	e->u = uctx_create();
	if (!p || !e->space || !e->g || !e->h || !e->u)
		goto out;
	if (vm_cursor_open(&c, e->space, uaddr_from_syscall_arg(SFT_BASE),
			   SFT_PAGES * VM_PAGE_SIZE))
		goto out;
	ok = vm_cursor_map(&c, p,
			   VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC) == 0;
	vm_cursor_close(&c);
	if (!ok)
		goto out;
	vm_space_activate(e->space);
	sig_thread_init(&e->t, task_current(), e->u, e->g, e->h);
	signal_attach(task_current(), &e->t);
	e->saved_ops = sig_ops();
	signal_set_process_ops(&sft_ops);
	uctx_set_reg(e->u, UCTX_RSP, SFT_TOP - 0x103);
	uctx_set_reg(e->u, UCTX_RIP, SFT_RIP);
	uctx_set_reg(e->u, UCTX_RAX, SFT_NR);
out:
	frame_page_put(p);
	return ok;
}

static inline void sft_fini(struct sft_env *e)
{
	if (e->t.group) {
		signal_set_process_ops(e->saved_ops);
		signal_attach(task_current(), NULL);
		sig_thread_exit(&e->t);
		vm_space_activate(NULL);
	}
	if (e->space)
		vm_space_put(e->space);
	sig_group_put(e->g);
	sighand_put(e->h);
	uctx_destroy(e->u);
	task_interrupt_clear();
}

static inline void sft_handler(struct sft_env *e, int sig, uint64_t flags)
{
	struct sig_action a = { .handler = SFT_HANDLER,
				.flags = flags | SA_RESTORER,
				.restorer = SFT_RESTORE,
				.mask = sigset_bit(SIGUSR2) };

	sighand_set_action(e->h, e->g, sig, &a);
}

static inline void sft_send(struct sft_env *e, int sig)
{
	struct ksiginfo i;

	ksiginfo_init(&i, sig, SI_QUEUE);
	i.value = 0xabc;
	signal_send_thread(&e->t, &i);
}

#endif /* SIGNAL_SIG_TEST_ENV_H */
