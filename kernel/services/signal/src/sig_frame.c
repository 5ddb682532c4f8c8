/* SPDX-License-Identifier: MIT */
/* Handler frames on the user stack, and rt_sigreturn's restore. */
#include "sig_frame.h"
#include "sig_internal.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/umode.h>

_Static_assert(sizeof(struct sig_stack_user) == 24, "stack_t");
_Static_assert(sizeof(struct sig_context_user) == 256, "sigcontext");
_Static_assert(offsetof(struct sig_context_user, rip) == 128, "rip");
_Static_assert(offsetof(struct sig_context_user, eflags) == 136, "eflags");
_Static_assert(offsetof(struct sig_context_user, cs) == 144, "cs");
_Static_assert(offsetof(struct sig_context_user, err) == 152, "err");
_Static_assert(offsetof(struct sig_context_user, oldmask) == 168, "oldmask");
_Static_assert(offsetof(struct sig_context_user, cr2) == 176, "cr2");
_Static_assert(offsetof(struct sig_context_user, fpstate) == 184, "fpstate");
_Static_assert(offsetof(struct sig_ucontext_user, uc_stack) == 16, "uc_stack");
_Static_assert(offsetof(struct sig_ucontext_user, uc_mcontext) == 40,
	       "uc_mcontext");
_Static_assert(offsetof(struct sig_ucontext_user, uc_sigmask) == 296,
	       "uc_sigmask");
_Static_assert(sizeof(struct sig_ucontext_user) == 304, "ucontext");
_Static_assert(offsetof(struct sig_rt_frame_user, uc) == 8, "rt_sigframe.uc");
_Static_assert(offsetof(struct sig_rt_frame_user, info) == 312,
	       "rt_sigframe.info");
_Static_assert(sizeof(struct sig_rt_frame_user) == 440, "rt_sigframe");

/* The FPU's initial image, which a handler starts with. */
static uint8_t *sig_fpu_init_image;
static struct frame_spinlock sig_fpu_init_lock = FRAME_SPINLOCK_INIT;

static const uint8_t *sig_fpu_init(void)
{
	size_t n = uctx_fpu_size();
	struct uctx *ctx;
	uint8_t *img;

	if (sig_fpu_init_image)
		return sig_fpu_init_image;
	ctx = uctx_create();
	img = frame_alloc(n);
	if (!ctx || !img || uctx_fpu_read(ctx, img, n)) {
		uctx_destroy(ctx);
		frame_free(img);
		return NULL;
	}
	uctx_destroy(ctx);
	frame_spin_lock(&sig_fpu_init_lock);
	if (!sig_fpu_init_image) {
		sig_fpu_init_image = img;
		img = NULL;
	}
	frame_spin_unlock(&sig_fpu_init_lock);
	frame_free(img);
	return sig_fpu_init_image;
}

static void sig_save_regs(const struct uctx *u, struct sig_context_user *sc)
{
	sc->r8 = uctx_get_reg(u, UCTX_R8);
	sc->r9 = uctx_get_reg(u, UCTX_R9);
	sc->r10 = uctx_get_reg(u, UCTX_R10);
	sc->r11 = uctx_get_reg(u, UCTX_R11);
	sc->r12 = uctx_get_reg(u, UCTX_R12);
	sc->r13 = uctx_get_reg(u, UCTX_R13);
	sc->r14 = uctx_get_reg(u, UCTX_R14);
	sc->r15 = uctx_get_reg(u, UCTX_R15);
	sc->rdi = uctx_get_reg(u, UCTX_RDI);
	sc->rsi = uctx_get_reg(u, UCTX_RSI);
	sc->rbp = uctx_get_reg(u, UCTX_RBP);
	sc->rbx = uctx_get_reg(u, UCTX_RBX);
	sc->rdx = uctx_get_reg(u, UCTX_RDX);
	sc->rax = uctx_get_reg(u, UCTX_RAX);
	sc->rcx = uctx_get_reg(u, UCTX_RCX);
	sc->rsp = uctx_get_reg(u, UCTX_RSP);
	sc->rip = uctx_get_reg(u, UCTX_RIP);
	sc->eflags = uctx_get_reg(u, UCTX_RFLAGS);
	sc->cs = SIG_USER_CS;
	sc->ss = SIG_USER_SS;
}

static void sig_load_regs(struct uctx *u, const struct sig_context_user *sc)
{
	uint64_t fl = uctx_get_reg(u, UCTX_RFLAGS);

	uctx_set_reg(u, UCTX_R8, sc->r8);
	uctx_set_reg(u, UCTX_R9, sc->r9);
	uctx_set_reg(u, UCTX_R10, sc->r10);
	uctx_set_reg(u, UCTX_R11, sc->r11);
	uctx_set_reg(u, UCTX_R12, sc->r12);
	uctx_set_reg(u, UCTX_R13, sc->r13);
	uctx_set_reg(u, UCTX_R14, sc->r14);
	uctx_set_reg(u, UCTX_R15, sc->r15);
	uctx_set_reg(u, UCTX_RDI, sc->rdi);
	uctx_set_reg(u, UCTX_RSI, sc->rsi);
	uctx_set_reg(u, UCTX_RBP, sc->rbp);
	uctx_set_reg(u, UCTX_RBX, sc->rbx);
	uctx_set_reg(u, UCTX_RDX, sc->rdx);
	uctx_set_reg(u, UCTX_RAX, sc->rax);
	uctx_set_reg(u, UCTX_RCX, sc->rcx);
	uctx_set_reg(u, UCTX_RSP, sc->rsp);
	uctx_set_reg(u, UCTX_RIP, sc->rip);
	/* Only the arithmetic and a few control flags come from the frame;
	 * uctx_set_reg() masks the rest again. */
	fl = (fl & ~SIG_FIX_EFLAGS) | (sc->eflags & SIG_FIX_EFLAGS);
	uctx_set_reg(u, UCTX_RFLAGS, fl);
}

/* The size of the FPU image in a frame (with XSAVE's trailing magic). */
static size_t sig_fpu_frame_size(void)
{
	return uctx_fpu_size() + (uctx_fpu_xsave() ? FP_XSTATE_MAGIC2_SIZE : 0);
}

/* Mark an XSAVE image as one with extended state, as Linux does. */
static void sig_fpu_tag(uint8_t *img, size_t n)
{
	uint32_t m1 = FP_XSTATE_MAGIC1, m2 = FP_XSTATE_MAGIC2;
	uint32_t ext = (uint32_t)(n + FP_XSTATE_MAGIC2_SIZE),
		 size = (uint32_t)n;
	uint64_t xfeatures;

	memcpy(&xfeatures, &img[512], sizeof(xfeatures)); /* XSTATE_BV */
	xfeatures |= 3; /* x87 and SSE are always there */
	memset(&img[FPX_SW_OFFSET], 0, 48);
	memcpy(&img[FPX_SW_OFFSET], &m1, 4);
	memcpy(&img[FPX_SW_OFFSET + 4], &ext, 4);
	memcpy(&img[FPX_SW_OFFSET + 8], &xfeatures, 8);
	memcpy(&img[FPX_SW_OFFSET + 16], &size, 4);
	memcpy(&img[n], &m2, 4);
}

/*
 * Where the frame goes: below the red zone, or at the top of the
 * alternate stack for SA_ONSTACK when the thread is not on it yet; the
 * FPU image 64-byte aligned above the frame, and the frame so that RSP+8
 * is 16-byte aligned at the handler's entry (as after a call).
 */
static int sig_frame_place(struct sig_thread *t, const struct sig_action *ka,
			   uint64_t sp, uint64_t *frame, uint64_t *fpu,
			   bool *onstack)
{
	bool was_on = sig_on_altstack(t, sp);

	*onstack = false;
	sp -= SIG_REDZONE;
	if ((ka->flags & SA_ONSTACK) && t->ss_size && !was_on &&
	    !(t->ss_flags & SS_DISABLE)) {
		sp = t->ss_sp + t->ss_size;
		*onstack = true;
	}
	*fpu = (sp - sig_fpu_frame_size()) & ~63ull;
	sp = *fpu - sizeof(struct sig_rt_frame_user);
	sp = (sp & ~15ull) - 8;
	*frame = sp;
	/* The frame must fit on the alternate stack it went to. */
	if ((*onstack || was_on) && t->ss_size &&
	    (sp <= t->ss_sp || sp - t->ss_sp > t->ss_size))
		return -EFAULT;
	return 0;
}

int sig_frame_setup(struct sig_thread *t, const struct ksiginfo *info,
		    const struct sig_action *ka, sigset_t oldmask)
{
	struct uctx *u = t->uctx;
	uint64_t sp = uctx_rsp(u), frame, fpu;
	size_t fpn = uctx_fpu_size();
	struct sig_rt_frame_user *f;
	uint8_t *img = NULL;
	const uint8_t *init;
	bool onstack;
	int err = -EFAULT;

	if (!(ka->flags & SA_RESTORER))
		return -EFAULT; /* x86-64 has no fallback return trampoline */
	if (sig_frame_place(t, ka, sp, &frame, &fpu, &onstack))
		return -EFAULT;
	f = frame_zalloc(sizeof(*f));
	img = frame_zalloc(fpn + FP_XSTATE_MAGIC2_SIZE);
	if (!f || !img)
		goto out_free;
	if (uctx_fpu_read(u, img, fpn))
		goto out_free;
	if (uctx_fpu_xsave())
		sig_fpu_tag(img, fpn);

	f->pretcode = ka->restorer;
	f->uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS |
			 (uctx_fpu_xsave() ? UC_FP_XSTATE : 0);
	f->uc.uc_stack.ss_sp = t->ss_sp;
	f->uc.uc_stack.ss_flags = (int32_t)(sig_altstack_flags(t, sp) |
					    (t->ss_flags & SS_AUTODISARM));
	f->uc.uc_stack.ss_size = t->ss_size;
	sig_save_regs(u, &f->uc.uc_mcontext);
	f->uc.uc_mcontext.trapno = (uint64_t)info->trapno;
	f->uc.uc_mcontext.err = info->err;
	f->uc.uc_mcontext.oldmask = oldmask;
	if (info->signo == SIGSEGV || info->signo == SIGBUS)
		f->uc.uc_mcontext.cr2 = info->addr;
	f->uc.uc_mcontext.fpstate = fpu;
	f->uc.uc_sigmask = oldmask;
	ksiginfo_to_user(info, &f->info);

	if (frame_copy_to_user(uaddr_from_syscall_arg(fpu), img,
			       sig_fpu_frame_size()) ||
	    frame_copy_to_user(uaddr_from_syscall_arg(frame), f, sizeof(*f)))
		goto out_free;

	/* Enter the handler: (sig, &info, &uc), a fresh FPU. */
	if (onstack && (t->ss_flags & SS_AUTODISARM)) {
		t->ss_sp = 0;
		t->ss_size = 0;
		t->ss_flags = SS_DISABLE;
	}
	uctx_set_reg(u, UCTX_RDI, (uint64_t)info->signo);
	uctx_set_reg(u, UCTX_RSI,
		     frame + offsetof(struct sig_rt_frame_user, info));
	uctx_set_reg(u, UCTX_RDX,
		     frame + offsetof(struct sig_rt_frame_user, uc));
	uctx_set_reg(u, UCTX_RAX, 0);
	uctx_set_reg(u, UCTX_RSP, frame);
	uctx_set_reg(u, UCTX_RIP, ka->handler);
	uctx_set_reg(u, UCTX_RFLAGS,
		     uctx_get_reg(u, UCTX_RFLAGS) & ~SIG_HANDLER_CLEAR);
	init = sig_fpu_init();
	if (init)
		uctx_fpu_write(u, init, fpn);
	err = 0;
out_free:
	frame_free(img);
	frame_free(f);
	return err;
}

int sig_frame_restore(struct sig_thread *t, uint64_t *rax)
{
	struct uctx *u = t->uctx;
	uint64_t sp = uctx_rsp(u);
	uint64_t frame = sp - sizeof(uint64_t);
	size_t fpn = uctx_fpu_size();
	struct sig_rt_frame_user *f;
	uint8_t *img = NULL;
	int err = -EFAULT;

	f = frame_alloc(sizeof(*f));
	if (!f)
		return -EFAULT;
	if (frame_copy_from_user(f, uaddr_from_syscall_arg(frame), sizeof(*f)))
		goto out_free;
	if (f->uc.uc_mcontext.fpstate) {
		img = frame_alloc(fpn);
		if (!img ||
		    frame_copy_from_user(
			    img,
			    uaddr_from_syscall_arg(f->uc.uc_mcontext.fpstate),
			    fpn))
			goto out_free;
		if (uctx_fpu_write(u, img, fpn))
			goto out_free;
	} else {
		const uint8_t *init = sig_fpu_init();

		if (init)
			uctx_fpu_write(u, init, fpn);
	}
	sig_set_blocked(t, f->uc.uc_sigmask);
	/* As Linux: errors here are ignored (still on the stack: EPERM). */
	sig_altstack_set(t, sp, f->uc.uc_stack.ss_sp,
			 (uint32_t)f->uc.uc_stack.ss_flags,
			 f->uc.uc_stack.ss_size);
	sig_load_regs(u, &f->uc.uc_mcontext);
	sig_restart_clear(t);
	*rax = f->uc.uc_mcontext.rax;
	err = 0;
out_free:
	frame_free(img);
	frame_free(f);
	return err;
}
