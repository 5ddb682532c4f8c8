/* SPDX-License-Identifier: MIT */
/* KTESTs: pending sets and queues, signal sets, siginfo, action tables. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/umode.h>

KTEST(signal_pending_standard_coalesce)
{
	struct sig_pending p;
	unsigned int queued = 0;
	struct ksiginfo a = sig_test_info(SIGUSR1, SI_QUEUE, 1);
	struct ksiginfo b = sig_test_info(SIGUSR1, SI_QUEUE, 2);
	struct ksiginfo out;

	sig_pending_init(&p);
	KT_ASSERT_OK(sig_pending_add(&p, &a, &queued));
	KT_ASSERT_OK(sig_pending_add(&p, &b, &queued));
	KT_ASSERT_EQ(queued, 1u);
	KT_ASSERT_EQ(sig_pending_take(&p, ~0ull, &out, &queued), SIGUSR1);
	KT_ASSERT_EQ(out.value, 1u); /* the first one's information */
	KT_ASSERT_EQ(sig_pending_take(&p, ~0ull, &out, &queued), 0);
	KT_ASSERT_EQ(p.set, 0u);
	KT_ASSERT_EQ(queued, 0u);
}

KTEST(signal_pending_rt_queue_in_order)
{
	struct sig_pending p;
	unsigned int queued = 0;
	struct ksiginfo out;

	sig_pending_init(&p);
	for (uint64_t v = 1; v <= 3; v++) {
		struct ksiginfo i = sig_test_info(SIGRTMIN + 1, SI_QUEUE, v);

		KT_ASSERT_OK(sig_pending_add(&p, &i, &queued));
	}
	{
		struct ksiginfo i = sig_test_info(SIGRTMIN, SI_QUEUE, 9);

		KT_ASSERT_OK(sig_pending_add(&p, &i, &queued));
	}
	KT_ASSERT_EQ(queued, 4u);
	/* Lowest number first, then each rt instance in sending order. */
	KT_ASSERT_EQ(sig_pending_take(&p, ~0ull, &out, &queued), SIGRTMIN);
	KT_ASSERT_EQ(out.value, 9u);
	for (uint64_t v = 1; v <= 3; v++) {
		KT_ASSERT_EQ(sig_pending_take(&p, ~0ull, &out, &queued),
			     SIGRTMIN + 1);
		KT_ASSERT_EQ(out.value, v);
		KT_ASSERT_EQ(sigset_has(p.set, SIGRTMIN + 1), v < 3);
	}
	KT_ASSERT_EQ(queued, 0u);
}

KTEST(signal_pending_sync_first_and_mask)
{
	struct sig_pending p;
	unsigned int queued = 0;
	struct ksiginfo out;
	struct ksiginfo hup = sig_test_info(SIGHUP, SI_USER, 0);
	struct ksiginfo segv = sig_test_info(SIGSEGV, SEGV_MAPERR, 0);

	sig_pending_init(&p);
	KT_ASSERT_OK(sig_pending_add(&p, &hup, &queued));
	KT_ASSERT_OK(sig_pending_add(&p, &segv, &queued));
	/* A fault signal goes before a lower-numbered one. */
	KT_ASSERT_EQ(sig_pending_next(&p, ~0ull), SIGSEGV);
	/* A mask hides what it does not name. */
	KT_ASSERT_EQ(sig_pending_take(&p, sigset_bit(SIGHUP), &out, &queued),
		     SIGHUP);
	KT_ASSERT_EQ(sig_pending_take(&p, sigset_bit(SIGHUP), &out, &queued),
		     0);
	sig_pending_discard(&p, ~0ull, &queued);
	KT_ASSERT_EQ(p.set, 0u);
	KT_ASSERT_EQ(queued, 0u);
	KT_ASSERT(p.head == NULL);
}

KTEST(signal_pending_rt_limit_eagain)
{
	struct sig_pending p;
	unsigned int queued = SIG_QUEUE_MAX;
	struct ksiginfo q = sig_test_info(SIGRTMIN + 3, SI_QUEUE, 5);
	struct ksiginfo k = sig_test_info(SIGRTMIN + 4, SI_USER, 0);
	struct ksiginfo out;

	sig_pending_init(&p);
	KT_ASSERT_ERR(sig_pending_add(&p, &q, &queued), -EAGAIN);
	KT_ASSERT(!sigset_has(p.set, SIGRTMIN + 3));
	/* kill() of an rt signal beyond the limit: pending, no info. */
	KT_ASSERT_OK(sig_pending_add(&p, &k, &queued));
	KT_ASSERT(sigset_has(p.set, SIGRTMIN + 4));
	KT_ASSERT_EQ(sig_pending_take(&p, ~0ull, &out, &queued), SIGRTMIN + 4);
	KT_ASSERT_EQ(out.code, SI_USER);
	KT_ASSERT_EQ(queued, (unsigned int)SIG_QUEUE_MAX);
}

KTEST(signal_sets_and_defaults)
{
	KT_ASSERT_EQ(sigset_bit(SIGHUP), 1u);
	KT_ASSERT_EQ(sigset_bit(SIGRTMAX), 1ull << 63);
	KT_ASSERT_EQ(sigset_bit(0), 0u);
	KT_ASSERT_EQ(sigset_bit(65), 0u);
	KT_ASSERT_EQ(sigset_first(sigset_bit(SIGCHLD) | sigset_bit(SIGRTMIN)),
		     SIGCHLD);
	KT_ASSERT_EQ(sig_default_action(SIGSEGV), SIG_DEF_CORE);
	KT_ASSERT_EQ(sig_default_action(SIGQUIT), SIG_DEF_CORE);
	KT_ASSERT_EQ(sig_default_action(SIGTERM), SIG_DEF_TERM);
	KT_ASSERT_EQ(sig_default_action(SIGRTMIN + 2), SIG_DEF_TERM);
	KT_ASSERT_EQ(sig_default_action(SIGCHLD), SIG_DEF_IGN);
	KT_ASSERT_EQ(sig_default_action(SIGWINCH), SIG_DEF_IGN);
	KT_ASSERT_EQ(sig_default_action(SIGTSTP), SIG_DEF_STOP);
	KT_ASSERT_EQ(sig_default_action(SIGCONT), SIG_DEF_CONT);
	KT_ASSERT(sig_is_stop(SIGTTOU));
	KT_ASSERT(!sig_is_stop(SIGCONT));
}

KTEST(signal_siginfo_user_layout)
{
	struct ksiginfo i = sig_test_info(SIGCHLD, CLD_EXITED, 0);
	struct siginfo_user u;
	struct ksiginfo back;
	int32_t v32;
	uint64_t v64;

	i.pid = 77;
	i.uid = 1000;
	i.status = 3;
	i.utime = 5;
	ksiginfo_to_user(&i, &u);
	memcpy(&v32, &u.bytes[0], 4);
	KT_ASSERT_EQ(v32, SIGCHLD);
	memcpy(&v32, &u.bytes[8], 4);
	KT_ASSERT_EQ(v32, CLD_EXITED);
	memcpy(&v32, &u.bytes[16], 4);
	KT_ASSERT_EQ(v32, 77);
	memcpy(&v32, &u.bytes[20], 4);
	KT_ASSERT_EQ(v32, 1000);
	memcpy(&v32, &u.bytes[24], 4);
	KT_ASSERT_EQ(v32, 3);
	memcpy(&v64, &u.bytes[32], 8);
	KT_ASSERT_EQ(v64, 5u);

	i = sig_test_info(SIGSEGV, SEGV_ACCERR, 0);
	i.addr = 0xdead000;
	ksiginfo_to_user(&i, &u);
	memcpy(&v64, &u.bytes[16], 8);
	KT_ASSERT_EQ(v64, 0xdead000u);

	i = sig_test_info(SIGRTMIN, SI_QUEUE, 0x1234);
	i.pid = 5;
	ksiginfo_to_user(&i, &u);
	ksiginfo_from_user(&u, &back);
	KT_ASSERT_EQ(back.signo, SIGRTMIN);
	KT_ASSERT_EQ(back.code, SI_QUEUE);
	KT_ASSERT_EQ(back.pid, 5);
	KT_ASSERT_EQ(back.value, 0x1234u);
}

KTEST(signal_sighand_actions)
{
	struct sighand *h = sighand_create();
	struct sighand *c;
	struct sig_action a = { .handler = 0x401000,
				.flags = SA_RESTORER | SA_SIGINFO,
				.mask = sigset_bit(SIGKILL) |
					sigset_bit(SIGINT) };
	struct sig_action ign = { .handler = SIG_IGN };
	struct sig_action got;

	KT_ASSERT_NOT_NULL(h);
	KT_ASSERT_ERR(sighand_set_action(h, NULL, SIGKILL, &a), -EINVAL);
	KT_ASSERT_ERR(sighand_set_action(h, NULL, SIGSTOP, &a), -EINVAL);
	KT_ASSERT_ERR(sighand_set_action(h, NULL, 0, &a), -EINVAL);
	KT_ASSERT_ERR(sighand_set_action(h, NULL, 65, &a), -EINVAL);
	KT_ASSERT_OK(sighand_set_action(h, NULL, SIGUSR1, &a));
	KT_ASSERT_OK(sighand_set_action(h, NULL, SIGPIPE, &ign));
	sighand_get_action(h, SIGUSR1, &got);
	KT_ASSERT_EQ(got.handler, 0x401000u);
	KT_ASSERT_EQ(got.mask, sigset_bit(SIGINT)); /* SIGKILL dropped */
	KT_ASSERT(sighand_ignores(h, SIGPIPE));
	KT_ASSERT(sighand_ignores(h, SIGCHLD));
	KT_ASSERT(!sighand_ignores(h, SIGUSR1));
	KT_ASSERT(!sighand_ignores(h, SIGKILL));
	KT_ASSERT(!sighand_nocldwait(h));
	c = sighand_copy(h);
	KT_ASSERT_NOT_NULL(c);
	sighand_exec_reset(c);
	sighand_get_action(c, SIGUSR1, &got);
	KT_ASSERT_EQ(got.handler, SIG_DFL);
	KT_ASSERT(sighand_ignores(c, SIGPIPE)); /* SIG_IGN survives exec */
	{
		struct sig_action nocld = {
			.handler = SIG_DFL, .flags = SA_NOCLDWAIT | SA_NOCLDSTOP
		};

		KT_ASSERT_OK(sighand_set_action(c, NULL, SIGCHLD, &nocld));
		KT_ASSERT(sighand_nocldwait(c));
		KT_ASSERT(sighand_nocldstop(c));
	}
	sighand_put(c);
	sighand_put(h);
}

/* Recording process ops for the delivery tests. */
