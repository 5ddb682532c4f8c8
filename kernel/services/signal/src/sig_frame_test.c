/* SPDX-License-Identifier: MIT */
/* KTESTs: handler frames in a real user space, sigreturn, restarts,
 * alternate stacks, and a handler run in user mode. */
#include "sig_test_env.h"

struct sft_result {
	bool ok;
	uint64_t rip, rsp, rdi, rsi, rdx, rflags, blocked;
	struct sig_rt_frame_user f;
	uint32_t magic1, magic2;
	long ret;
	uint64_t rip2, rbx2, rflags2, blocked2;
};

KTEST(signal_frame_layout_and_sigreturn)
{
	static struct sft_result r;
	struct sft_env e = { 0 };
	uint64_t a[6] = { 0 };

	r.ok = sft_init(&e);
	if (r.ok) {
		sft_handler(&e, SIGUSR1, SA_SIGINFO);
		sig_set_blocked(&e.t, sigset_bit(SIGHUP));
		uctx_set_reg(e.u, UCTX_RBX, 0x1111);
		uctx_set_reg(e.u, UCTX_RFLAGS, 0x602); /* DF set */
		sft_send(&e, SIGUSR1);
		signal_deliver(&e.t, true, -ERESTARTSYS);
		r.rip = uctx_rip(e.u);
		r.rsp = uctx_rsp(e.u);
		r.rdi = uctx_get_reg(e.u, UCTX_RDI);
		r.rsi = uctx_get_reg(e.u, UCTX_RSI);
		r.rdx = uctx_get_reg(e.u, UCTX_RDX);
		r.rflags = uctx_get_reg(e.u, UCTX_RFLAGS);
		r.blocked = e.t.blocked;
		r.ok = frame_copy_from_user(&r.f, uaddr_from_syscall_arg(r.rsp),
					    sizeof(r.f)) == 0;
		frame_copy_from_user(
			&r.magic1,
			uaddr_from_syscall_arg(r.f.uc.uc_mcontext.fpstate +
					       FPX_SW_OFFSET),
			4);
		frame_copy_from_user(
			&r.magic2,
			uaddr_from_syscall_arg(r.f.uc.uc_mcontext.fpstate +
					       uctx_fpu_size()),
			4);
		/* The handler returns: its RET popped pretcode. */
		uctx_set_reg(e.u, UCTX_RSP, r.rsp + 8);
		uctx_set_reg(e.u, UCTX_RBX, 0x9999);
		r.ret = sys_rt_sigreturn(a);
		signal_deliver(&e.t, true, r.ret);
		r.rip2 = uctx_rip(e.u);
		r.rbx2 = uctx_get_reg(e.u, UCTX_RBX);
		r.rflags2 = uctx_get_reg(e.u, UCTX_RFLAGS);
		r.blocked2 = e.t.blocked;
	}
	sft_fini(&e);
	KT_ASSERT(r.ok);
	KT_ASSERT_EQ(r.rip, SFT_HANDLER);
	KT_ASSERT_EQ(r.rsp % 16, 8u); /* as just after a call */
	KT_ASSERT_LT(r.rsp, SFT_TOP - 0x103 - SIG_REDZONE);
	KT_ASSERT_EQ(r.rdi, (uint64_t)SIGUSR1);
	KT_ASSERT_EQ(r.rsi, r.rsp + 312);
	KT_ASSERT_EQ(r.rdx, r.rsp + 8);
	KT_ASSERT_EQ(r.rflags & 0x400, 0u); /* DF clear in the handler */
	KT_ASSERT_EQ(r.blocked, sigset_bit(SIGHUP) | sigset_bit(SIGUSR1) |
					sigset_bit(SIGUSR2));
	KT_ASSERT_EQ(r.f.pretcode, SFT_RESTORE);
	KT_ASSERT_EQ(r.f.uc.uc_mcontext.rip, SFT_RIP);
	KT_ASSERT_EQ(r.f.uc.uc_mcontext.rax, (uint64_t)-EINTR);
	KT_ASSERT_EQ(r.f.uc.uc_mcontext.rbx, 0x1111u);
	KT_ASSERT_EQ(r.f.uc.uc_mcontext.rsp, SFT_TOP - 0x103);
	KT_ASSERT_EQ(r.f.uc.uc_mcontext.cs, SIG_USER_CS);
	KT_ASSERT_EQ(r.f.uc.uc_sigmask, sigset_bit(SIGHUP));
	KT_ASSERT_EQ(r.f.uc.uc_mcontext.oldmask, sigset_bit(SIGHUP));
	KT_ASSERT_EQ(r.f.uc.uc_stack.ss_flags, SS_DISABLE);
	KT_ASSERT_EQ(r.f.uc.uc_mcontext.fpstate % 64, 0u);
	KT_ASSERT_GE(r.f.uc.uc_mcontext.fpstate, r.rsp + sizeof(r.f));
	KT_ASSERT_LE(r.f.uc.uc_mcontext.fpstate + uctx_fpu_size(),
		     SFT_TOP - 0x103 - SIG_REDZONE);
	KT_ASSERT_EQ(r.f.info.bytes[0], SIGUSR1);
	if (uctx_fpu_xsave()) {
		KT_ASSERT_EQ(r.f.uc.uc_flags & UC_FP_XSTATE, UC_FP_XSTATE);
		KT_ASSERT_EQ(r.magic1, FP_XSTATE_MAGIC1);
		KT_ASSERT_EQ(r.magic2, FP_XSTATE_MAGIC2);
	}
	KT_ASSERT_EQ(r.ret, -EINTR);
	KT_ASSERT_EQ(r.rip2, SFT_RIP);
	KT_ASSERT_EQ(r.rbx2, 0x1111u);
	KT_ASSERT_EQ(r.rflags2 & 0x400, 0x400u);
	KT_ASSERT_EQ(r.blocked2, sigset_bit(SIGHUP));
}

KTEST(signal_restart_rules)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	struct sig_rt_frame_user f;
	uint64_t rip_nohand = 0, rax_nohand = 0, rax_block = 0, rip_block = 0;
	uint64_t rax_eintr = 0, rip_restart = 0, rax_restart = 0;
	uint64_t rax_noint = 0, rip_lost = 0, rax_lost = 0;

	if (ok) {
		/* No handler: every restart code rewinds. */
		signal_deliver(&e.t, true, -ERESTARTNOHAND);
		rip_nohand = uctx_rip(e.u);
		rax_nohand = uctx_get_reg(e.u, UCTX_RAX);
		uctx_set_rip(e.u, SFT_RIP);
		signal_deliver(&e.t, true, -ERESTART_RESTARTBLOCK);
		rip_block = uctx_rip(e.u);
		rax_block = uctx_get_reg(e.u, UCTX_RAX);
		/* A handler: NOHAND gives EINTR, SYS with SA_RESTART and
		 * NOINTR rewind. */
		uctx_set_rip(e.u, SFT_RIP);
		uctx_set_reg(e.u, UCTX_RAX, SFT_NR);
		sft_handler(&e, SIGUSR1, SA_RESTART);
		sft_send(&e, SIGUSR1);
		signal_deliver(&e.t, true, -ERESTARTNOHAND);
		frame_copy_from_user(&f, uaddr_from_syscall_arg(uctx_rsp(e.u)),
				     sizeof(f));
		rax_eintr = f.uc.uc_mcontext.rax;
		sig_set_blocked(&e.t, 0);
		uctx_set_rip(e.u, SFT_RIP);
		uctx_set_reg(e.u, UCTX_RSP, SFT_TOP - 0x100);
		uctx_set_reg(e.u, UCTX_RAX, SFT_NR);
		sft_send(&e, SIGUSR1);
		signal_deliver(&e.t, true, -ERESTARTSYS);
		frame_copy_from_user(&f, uaddr_from_syscall_arg(uctx_rsp(e.u)),
				     sizeof(f));
		rip_restart = f.uc.uc_mcontext.rip;
		rax_restart = f.uc.uc_mcontext.rax;
		sig_set_blocked(&e.t, 0);
		sft_handler(&e, SIGUSR1, 0);
		uctx_set_rip(e.u, SFT_RIP);
		uctx_set_reg(e.u, UCTX_RSP, SFT_TOP - 0x100);
		uctx_set_reg(e.u, UCTX_RAX, SFT_NR);
		sft_send(&e, SIGUSR1);
		signal_deliver(&e.t, true, -ERESTARTNOINTR);
		frame_copy_from_user(&f, uaddr_from_syscall_arg(uctx_rsp(e.u)),
				     sizeof(f));
		rax_noint = f.uc.uc_mcontext.rax;
		/* A loop that already stored the result: EINTR, no rewind. */
		sig_set_blocked(&e.t, 0);
		uctx_set_rip(e.u, SFT_RIP);
		uctx_set_reg(e.u, UCTX_RAX, (uint64_t)-ERESTARTSYS);
		signal_deliver(&e.t, true, -ERESTARTSYS);
		rip_lost = uctx_rip(e.u);
		rax_lost = uctx_get_reg(e.u, UCTX_RAX);
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(rip_nohand, SFT_RIP - 2);
	KT_ASSERT_EQ(rax_nohand, (uint64_t)SFT_NR);
	KT_ASSERT_EQ(rip_block, SFT_RIP - 2);
	KT_ASSERT_EQ(rax_block, 219u);
	KT_ASSERT_EQ(rax_eintr, (uint64_t)-EINTR);
	KT_ASSERT_EQ(rip_restart, SFT_RIP - 2);
	KT_ASSERT_EQ(rax_restart, (uint64_t)SFT_NR);
	KT_ASSERT_EQ(rax_noint, (uint64_t)SFT_NR);
	KT_ASSERT_EQ(rip_lost, SFT_RIP);
	KT_ASSERT_EQ(rax_lost, (uint64_t)-EINTR);
}

KTEST(signal_frame_fault_forces_sigsegv)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	int exits = 0, status = 0;

	if (ok) {
		sft_handler(&e, SIGUSR1, 0);
		uctx_set_reg(e.u, UCTX_RSP, 0x10000000); /* unmapped */
		sft_send(&e, SIGUSR1);
		signal_deliver(&e.t, false, 0);
		exits = sft_log.exits;
		status = sft_log.status;
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(exits, 1);
	KT_ASSERT_EQ(status, SIGSEGV | SIG_STATUS_CORE);
}

KTEST(signal_altstack_frames_and_rules)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	struct sig_stack_user ss = { .ss_sp = SFT_BASE + 0x1000,
				     .ss_size = 0x3000 };
	struct sig_stack_user got = { 0 };
	const uint64_t uss = SFT_BASE + 0x100, uoss = SFT_BASE + 0x200;
	uint64_t a[6] = { uss, 0 };
	uint64_t b[6] = { 0, uoss };
	long set = 1, eperm = 0, query = 1, enomem = 0, einval = 0;
	uint64_t rsp = 0;
	struct sig_rt_frame_user f;

	if (ok) {
		frame_copy_to_user(uaddr_from_syscall_arg(uss), &ss,
				   sizeof(ss));
		set = sys_sigaltstack(a);
		sft_handler(&e, SIGUSR1, SA_ONSTACK);
		sft_send(&e, SIGUSR1);
		signal_deliver(&e.t, false, 0);
		rsp = uctx_rsp(e.u);
		frame_copy_from_user(&f, uaddr_from_syscall_arg(rsp),
				     sizeof(f));
		/* Now on the alternate stack: it cannot change. */
		eperm = sys_sigaltstack(a);
		query = sys_sigaltstack(b);
		frame_copy_from_user(&got, uaddr_from_syscall_arg(uoss),
				     sizeof(got));
		uctx_set_reg(e.u, UCTX_RSP, SFT_TOP - 0x100);
		ss.ss_size = MINSIGSTKSZ - 1;
		frame_copy_to_user(uaddr_from_syscall_arg(uss), &ss,
				   sizeof(ss));
		enomem = sys_sigaltstack(a);
		ss.ss_size = MINSIGSTKSZ;
		ss.ss_flags = 7;
		frame_copy_to_user(uaddr_from_syscall_arg(uss), &ss,
				   sizeof(ss));
		einval = sys_sigaltstack(a);
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(set, 0);
	KT_ASSERT_GT(rsp, SFT_BASE + 0x1000);
	KT_ASSERT_LT(rsp, SFT_BASE + 0x4000);
	KT_ASSERT_EQ(f.uc.uc_stack.ss_sp, SFT_BASE + 0x1000);
	KT_ASSERT_EQ(f.uc.uc_stack.ss_size, 0x3000u);
	KT_ASSERT_EQ(f.uc.uc_stack.ss_flags, 0); /* was not on it */
	KT_ASSERT_EQ(eperm, -EPERM);
	KT_ASSERT_EQ(query, 0);
	KT_ASSERT_EQ(got.ss_flags, SS_ONSTACK);
	KT_ASSERT_EQ(enomem, -ENOMEM);
	KT_ASSERT_EQ(einval, -EINVAL);
}

/* SA_RESETHAND and SA_NODEFER; a fault signal forced through a block
 * and an ignoring action; two deliverable signals stack two frames. */
KTEST(signal_resethand_nodefer_force_and_stacking)
{
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	struct sig_action got = { 0 }, ign = { .handler = SIG_IGN };
	sigset_t blocked_nodefer = 0, blocked_force = 0;
	uint64_t rsp1 = 0, rsp2 = 0, rdi2 = 0;
	struct sig_rt_frame_user f;
	int exits = 0, status = 0;

	if (ok) {
		sft_handler(&e, SIGUSR1, SA_RESETHAND | SA_NODEFER);
		sft_send(&e, SIGUSR1);
		signal_deliver(&e.t, false, 0);
		sighand_get_action(e.h, SIGUSR1, &got);
		blocked_nodefer = e.t.blocked;

		/* Two frames: SIGINT's is built first, then SIGTERM's
		 * (its mask does not block SIGTERM) below it, which runs
		 * first and returns into SIGINT's handler. */
		sig_set_blocked(&e.t, 0);
		uctx_set_reg(e.u, UCTX_RSP, SFT_TOP - 0x100);
		sft_handler(&e, SIGINT, 0);
		sft_handler(&e, SIGTERM, 0);
		sft_send(&e, SIGINT);
		sft_send(&e, SIGTERM);
		rsp1 = SFT_TOP - 0x100;
		signal_deliver(&e.t, false, 0);
		rsp2 = uctx_rsp(e.u);
		rdi2 = uctx_get_reg(e.u, UCTX_RDI);
		frame_copy_from_user(&f, uaddr_from_syscall_arg(rsp2),
				     sizeof(f));

		/* A blocked, ignored SIGSEGV is still fatal when forced. */
		sig_set_blocked(&e.t, sigset_bit(SIGSEGV));
		sighand_set_action(e.h, e.g, SIGSEGV, &ign);
		{
			struct ksiginfo i;

			ksiginfo_init(&i, SIGSEGV, SEGV_MAPERR);
			signal_force(&e.t, &i);
		}
		blocked_force = e.t.blocked;
		signal_deliver(&e.t, false, 0);
		exits = sft_log.exits;
		status = sft_log.status;
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(got.handler, SIG_DFL);
	KT_ASSERT(!sigset_has(blocked_nodefer, SIGUSR1));
	KT_ASSERT(sigset_has(blocked_nodefer, SIGUSR2)); /* sa_mask */
	KT_ASSERT_EQ(rdi2, (uint64_t)SIGTERM);
	/* The second frame sits below the first; its saved context is the
	 * first handler's entry. */
	KT_ASSERT_LT(rsp2 + sizeof(f) + SIG_REDZONE, rsp1);
	KT_ASSERT_EQ(f.uc.uc_mcontext.rip, SFT_HANDLER);
	KT_ASSERT_EQ(f.uc.uc_mcontext.rdi, (uint64_t)SIGINT);
	KT_ASSERT_EQ(blocked_force, 0u);
	KT_ASSERT_EQ(exits, 1);
	KT_ASSERT_EQ(status, SIGSEGV | SIG_STATUS_CORE);
}

/*
 * End to end in user mode: a program spinning in place gets SIGUSR1; its
 * handler stores a flag and returns through its restorer, which calls
 * rt_sigreturn; the program spins again with its registers and FPU
 * control state back. The machine code is data written into the space.
 */
#define SFT_CODE SFT_BASE
#define SFT_UH	 (SFT_BASE + 0x10)
#define SFT_UR	 (SFT_BASE + 0x20)
#define SFT_FLAG (SFT_BASE + 0x800)

KTEST(signal_user_mode_handler_round_trip)
{
	static const uint8_t spin[] = { 0xeb, 0xfe }; /* jmp . */
	/* movl $1, FLAG(%rip); ret */
	uint8_t handler[11] = { 0xc7, 0x05, 0, 0, 0, 0, 1, 0, 0, 0, 0xc3 };
	/* mov $15, %eax; syscall */
	static const uint8_t restorer[] = { 0xb8, 15, 0, 0, 0, 0x0f, 0x05 };
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	int32_t disp = (int32_t)(SFT_FLAG - (SFT_UH + 10));
	size_t fpn = uctx_fpu_size();
	uint8_t *img = frame_alloc(fpn);
	int kicks = 0, sigreturns = 0, traps = 0, runs = 0;
	uint32_t flag = 0, mxcsr = 0;
	uint64_t rip = 0, rbx = 0, rsp = 0;
	sigset_t blocked = 1;

	memcpy(&handler[2], &disp, 4);
	if (ok && img) {
		struct sig_action a = { .handler = SFT_UH,
					.flags = SA_RESTORER | SA_SIGINFO,
					.restorer = SFT_UR };
		uint32_t m = 0x1f80 | 0x6000; /* round toward zero */

		frame_copy_to_user(uaddr_from_syscall_arg(SFT_CODE), spin,
				   sizeof(spin));
		frame_copy_to_user(uaddr_from_syscall_arg(SFT_UH), handler,
				   sizeof(handler));
		frame_copy_to_user(uaddr_from_syscall_arg(SFT_UR), restorer,
				   sizeof(restorer));
		sighand_set_action(e.h, e.g, SIGUSR1, &a);
		uctx_fpu_read(e.u, img, fpn);
		memcpy(&img[24], &m, 4);
		uctx_fpu_write(e.u, img, fpn);
		uctx_set_rip(e.u, SFT_CODE);
		uctx_set_reg(e.u, UCTX_RSP, SFT_TOP - 0x100);
		uctx_set_reg(e.u, UCTX_RBX, 0x77);
		sft_send(&e, SIGUSR1);
		for (runs = 0; runs < 200; runs++) {
			struct umode_trap trap;

			if (umode_run(e.u, e.space, &trap))
				break;
			if (trap.reason == UMODE_KICK) {
				kicks++;
				signal_deliver(&e.t, false, 0);
			} else if (trap.reason == UMODE_SYSCALL) {
				uint64_t a6[6];
				long r = -ENOSYS;

				uctx_syscall_args(e.u, a6);
				if (uctx_syscall_nr(e.u) == 15) {
					r = sys_rt_sigreturn(a6);
					sigreturns++;
				}
				signal_deliver(&e.t, true, r);
			} else if (trap.reason == UMODE_INTERRUPT) {
				if (sigreturns && uctx_rip(e.u) == SFT_CODE)
					break;
			} else {
				traps++;
				break;
			}
		}
		frame_copy_from_user(&flag, uaddr_from_syscall_arg(SFT_FLAG),
				     4);
		rip = uctx_rip(e.u);
		rbx = uctx_get_reg(e.u, UCTX_RBX);
		rsp = uctx_rsp(e.u);
		blocked = e.t.blocked;
		uctx_fpu_read(e.u, img, fpn);
		memcpy(&mxcsr, &img[24], 4);
	}
	sft_fini(&e);
	frame_free(img);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(traps, 0);
	KT_ASSERT_GE(kicks, 1);
	KT_ASSERT_EQ(sigreturns, 1);
	KT_ASSERT_EQ(flag, 1u);
	KT_ASSERT_EQ(rip, SFT_CODE);
	KT_ASSERT_EQ(rbx, 0x77u);
	KT_ASSERT_EQ(rsp, SFT_TOP - 0x100);
	KT_ASSERT_EQ(blocked, 0u);
	KT_ASSERT_EQ(mxcsr, 0x1f80u | 0x6000u);
}

KTEST(signal_int3_in_user_mode_is_a_breakpoint_trap)
{
	static const uint8_t code[] = { 0xcc, 0xeb, 0xfe };
	struct sft_env e = { 0 };
	bool ok = sft_init(&e);
	struct umode_trap trap = { 0 };
	uint64_t rip = 0;
	int err = -1;

	if (ok) {
		frame_copy_to_user(uaddr_from_syscall_arg(SFT_CODE), code,
				   sizeof(code));
		uctx_set_rip(e.u, SFT_CODE);
		task_interrupt_clear();
		for (int i = 0; i < 20; i++) {
			err = umode_run(e.u, e.space, &trap);
			if (err || trap.reason == UMODE_EXCEPTION)
				break;
		}
		rip = uctx_rip(e.u);
	}
	sft_fini(&e);
	KT_ASSERT(ok);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(trap.reason, UMODE_EXCEPTION);
	KT_ASSERT_EQ(trap.vector, 3u);
	KT_ASSERT_EQ(rip, SFT_CODE + 1);
}
