/* SPDX-License-Identifier: MIT */
/* User contexts: creating them, and their registers, bases and FPU image. */
#include "arch/x86_64/umode/uctx.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/fpu.h"
#include "arch/x86_64/layout.h"
#include "lib/handle.h"

BUILD_BUG_ON(UCTX_RFLAGS_USER_MASK !=
	     (ARCH_RFLAGS_CF | ARCH_RFLAGS_PF | ARCH_RFLAGS_AF |
	      ARCH_RFLAGS_ZF | ARCH_RFLAGS_SF | ARCH_RFLAGS_TF |
	      ARCH_RFLAGS_DF | ARCH_RFLAGS_OF | ARCH_RFLAGS_NT |
	      ARCH_RFLAGS_RF | ARCH_RFLAGS_AC | ARCH_RFLAGS_ID));
BUILD_BUG_ON(UCTX_RFLAGS_DEFAULT != (ARCH_RFLAGS_IF | ARCH_RFLAGS_FIXED));

/* The entry code's view of the frame (uctx.h) is the C one. */
#define UF_CHECK(field, off) \
	BUILD_BUG_ON(__builtin_offsetof(struct arch_trap_frame, field) != (off))
UF_CHECK(r15, UF_R15);
UF_CHECK(r14, UF_R14);
UF_CHECK(r13, UF_R13);
UF_CHECK(r12, UF_R12);
UF_CHECK(r11, UF_R11);
UF_CHECK(r10, UF_R10);
UF_CHECK(r9, UF_R9);
UF_CHECK(r8, UF_R8);
UF_CHECK(rbp, UF_RBP);
UF_CHECK(rdi, UF_RDI);
UF_CHECK(rsi, UF_RSI);
UF_CHECK(rdx, UF_RDX);
UF_CHECK(rcx, UF_RCX);
UF_CHECK(rbx, UF_RBX);
UF_CHECK(rax, UF_RAX);
UF_CHECK(vector, UF_VECTOR);
UF_CHECK(rip, UF_RIP);
UF_CHECK(cs, UF_CS);
UF_CHECK(rflags, UF_RFLAGS);
UF_CHECK(rsp, UF_RSP);
BUILD_BUG_ON(sizeof(struct arch_trap_frame) != UF_SIZE);

/* XSAVE wants its image 64-byte aligned. */
#define FPU_ALIGN 64

/* The next fpu_id; 0 is never handed out, so it can mean "no owner". */
static uint64_t fpu_next_id = 1;

static uint64_t fpu_new_id(void)
{
	return __atomic_fetch_add(&fpu_next_id, 1, __ATOMIC_RELAXED);
}

/*
 * Bytes to ask the heap for: a power of two, which it aligns to itself up
 * to a page, and larger blocks are whole pages.
 */
static size_t fpu_alloc_size(void)
{
	size_t n = FPU_ALIGN;

	while (n < arch_fpu.size)
		n <<= 1;
	return n;
}

/* Where register @reg lives in @f; NULL for a value outside the enum. */
static uint64_t *uctx_slot(struct arch_trap_frame *f, enum uctx_reg reg)
{
	switch (reg) {
	case UCTX_RAX:
		return &f->rax;
	case UCTX_RBX:
		return &f->rbx;
	case UCTX_RCX:
		return &f->rcx;
	case UCTX_RDX:
		return &f->rdx;
	case UCTX_RSI:
		return &f->rsi;
	case UCTX_RDI:
		return &f->rdi;
	case UCTX_RBP:
		return &f->rbp;
	case UCTX_RSP:
		return &f->rsp;
	case UCTX_R8:
		return &f->r8;
	case UCTX_R9:
		return &f->r9;
	case UCTX_R10:
		return &f->r10;
	case UCTX_R11:
		return &f->r11;
	case UCTX_R12:
		return &f->r12;
	case UCTX_R13:
		return &f->r13;
	case UCTX_R14:
		return &f->r14;
	case UCTX_R15:
		return &f->r15;
	case UCTX_RIP:
		return &f->rip;
	case UCTX_RFLAGS:
		return &f->rflags;
	case UCTX_NR_REGS:
		break;
	}
	return NULL;
}

/* RFLAGS as user code may hold it: see UCTX_RFLAGS_USER_MASK. */
static uint64_t uctx_user_rflags(uint64_t v)
{
	return (v & UCTX_RFLAGS_USER_MASK) | UCTX_RFLAGS_DEFAULT;
}

/*
 * Contexts are reached by handle (lib/handle.h): what uctx_create()
 * returns names a slot and a generation, which uctx_destroy() ends, so a
 * context used after it was destroyed panics instead of reaching freed
 * memory or the next context.
 */
static struct handle_table uctx_handles =
	HANDLE_TABLE_INIT("user context", HANDLE_UCTX, 65536);

struct uctx *uctx_of(const struct uctx *h, const char *what)
{
	return handle_get(&uctx_handles, (uintptr_t)h, what);
}

static void uctx_reset_raw(struct uctx *ctx);

struct uctx *uctx_create(void)
{
	struct uctx *ctx = frame_zalloc(sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->fpu = frame_alloc(fpu_alloc_size());
	if (!ctx->fpu)
		goto out_free_ctx;
	BUG_ON(!IS_ALIGNED((uintptr_t)ctx->fpu, FPU_ALIGN));
	uctx_reset_raw(ctx);
	if (handle_alloc(&uctx_handles, ctx, &ctx->handle))
		goto out_free_fpu;
	return (struct uctx *)ctx->handle;

out_free_fpu:
	frame_free(ctx->fpu);
out_free_ctx:
	frame_free(ctx);
	return NULL;
}

void uctx_destroy(struct uctx *h)
{
	struct uctx *ctx;

	if (!h)
		return;
	ctx = uctx_of(h, __func__);
	BUG_ON(__atomic_load_n(&ctx->running, __ATOMIC_ACQUIRE));
	handle_free(&uctx_handles, ctx->handle);
	frame_free(ctx->fpu);
	frame_free(ctx);
}

void uctx_reset(struct uctx *h)
{
	uctx_reset_raw(uctx_of(h, __func__));
}

static void uctx_reset_raw(struct uctx *ctx)
{
	BUG_ON(__atomic_load_n(&ctx->running, __ATOMIC_ACQUIRE));
	memset(&ctx->regs, 0, sizeof(ctx->regs));
	ctx->regs.rflags = UCTX_RFLAGS_DEFAULT;
	ctx->regs.cs = USER_CS;
	ctx->regs.ss = USER_DS;
	ctx->fault_addr = 0;
	ctx->fs_base = 0;
	ctx->gs_base = 0;
	arch_fpu_state_init(ctx->fpu);
	ctx->fpu_id = fpu_new_id();
}

void uctx_copy(struct uctx *dst_h, const struct uctx *src_h)
{
	struct uctx *dst = uctx_of(dst_h, __func__);
	const struct uctx *src = uctx_of(src_h, __func__);

	BUG_ON(__atomic_load_n(&dst->running, __ATOMIC_ACQUIRE));
	BUG_ON(__atomic_load_n(&src->running, __ATOMIC_ACQUIRE));
	if (dst == src)
		return;
	dst->regs = src->regs;
	dst->fault_addr = src->fault_addr;
	dst->fs_base = src->fs_base;
	dst->gs_base = src->gs_base;
	memcpy(dst->fpu, src->fpu, arch_fpu.size);
	dst->fpu_id = fpu_new_id();
}

uint64_t uctx_get_reg(const struct uctx *h, enum uctx_reg reg)
{
	const struct uctx *ctx = uctx_of(h, __func__);
	/* uctx_slot() only computes an address; nothing is written here. */
	const uint64_t *slot =
		uctx_slot((struct arch_trap_frame *)&ctx->regs, reg);

	return slot ? *slot : 0;
}

int uctx_set_reg(struct uctx *h, enum uctx_reg reg, uint64_t value)
{
	struct uctx *ctx = uctx_of(h, __func__);
	uint64_t *slot = uctx_slot(&ctx->regs, reg);

	if (!slot)
		return -EINVAL;
	*slot = reg == UCTX_RFLAGS ? uctx_user_rflags(value) : value;
	return 0;
}

void uctx_syscall_args(const struct uctx *h, uint64_t args[6])
{
	const struct uctx *ctx = uctx_of(h, __func__);
	args[0] = ctx->regs.rdi;
	args[1] = ctx->regs.rsi;
	args[2] = ctx->regs.rdx;
	args[3] = ctx->regs.r10;
	args[4] = ctx->regs.r8;
	args[5] = ctx->regs.r9;
}

uint64_t uctx_fs_base(const struct uctx *h)
{
	const struct uctx *ctx = uctx_of(h, __func__);
	return ctx->fs_base;
}

int uctx_set_fs_base(struct uctx *h, uint64_t base)
{
	struct uctx *ctx = uctx_of(h, __func__);
	if (!arch_va_canonical(base))
		return -EINVAL;
	ctx->fs_base = base;
	return 0;
}

uint64_t uctx_gs_base(const struct uctx *h)
{
	const struct uctx *ctx = uctx_of(h, __func__);
	return ctx->gs_base;
}

int uctx_set_gs_base(struct uctx *h, uint64_t base)
{
	struct uctx *ctx = uctx_of(h, __func__);
	if (!arch_va_canonical(base))
		return -EINVAL;
	ctx->gs_base = base;
	return 0;
}

size_t uctx_fpu_size(void)
{
	return arch_fpu.size;
}

bool uctx_fpu_xsave(void)
{
	return arch_fpu.xsave;
}

int uctx_fpu_read(const struct uctx *h, void *buf, size_t len)
{
	const struct uctx *ctx = uctx_of(h, __func__);
	if (len != arch_fpu.size)
		return -EINVAL;
	memcpy(buf, ctx->fpu, len);
	return 0;
}

int uctx_fpu_write(struct uctx *h, const void *buf, size_t len)
{
	struct uctx *ctx = uctx_of(h, __func__);
	int ret;

	if (len != arch_fpu.size)
		return -EINVAL;
	ret = arch_fpu_state_check(buf);
	if (ret)
		return ret;
	memcpy(ctx->fpu, buf, len);
	/* The registers of whichever CPU held the old image are stale now. */
	ctx->fpu_id = fpu_new_id();
	return 0;
}
