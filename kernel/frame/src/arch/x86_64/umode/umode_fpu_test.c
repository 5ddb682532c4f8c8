/* SPDX-License-Identifier: MIT */
/* ktests for user mode: vector registers, FPU images, FS and GS bases. */
#include "arch/x86_64/umode/umode_test.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/fpu.h"
#include "arch/x86_64/cpu/msr.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/umode/uctx.h"

/* The vector program's buffers and a second stack, inside UT_DATA. */
#define UT_VEC_BUF_A  UT_DATA
#define UT_VEC_BUF_B  (UT_DATA + 2048)
#define UT_STACK_B    (UT_STACK_TOP - 4096)
#define UT_QWORD_STEP 0x0101010101010101ull

static bool ut_avx(void)
{
	return arch_fpu.xcr0 & XFEATURE_AVX;
}

/* Run @ctx up to the vector program's yield. */
static void ut_vec_start(struct umode_test_env *env, struct uctx *ctx,
			 uint64_t seed, uint64_t buf, uint32_t mxcsr,
			 uint16_t fcw)
{
	struct umode_trap t;

	uctx_set_rip(ctx, umode_test_addr(umode_test_prog_vec));
	KT_ASSERT_OK(uctx_set_reg(ctx, UCTX_RDI, seed));
	KT_ASSERT_OK(uctx_set_reg(ctx, UCTX_RSI, ut_avx()));
	KT_ASSERT_OK(uctx_set_reg(ctx, UCTX_RDX, buf));
	KT_ASSERT_OK(uctx_set_reg(ctx, UCTX_R8, mxcsr));
	KT_ASSERT_OK(uctx_set_reg(ctx, UCTX_R9, fcw));
	KT_ASSERT_OK(umode_test_run(ctx, env->space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_syscall_nr(ctx), UT_SYS_YIELD);
}

/* Run @ctx on from the yield; the program must report no difference. */
static void ut_vec_finish(struct umode_test_env *env, struct uctx *ctx)
{
	struct umode_trap t;

	KT_ASSERT_OK(umode_test_run(ctx, env->space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_syscall_nr(ctx), UT_SYS_REPORT);
	KT_ASSERT_EQ(uctx_get_reg(ctx, UCTX_RDI), 0);
}

static uint64_t ut_qword(const uint8_t *img, size_t offset)
{
	uint64_t v;

	memcpy(&v, img + offset, sizeof(v));
	return v;
}

/* The saved image of a context stopped at the yield holds its values. */
static void ut_vec_check_image(struct uctx *ctx, uint64_t seed, uint32_t mxcsr,
			       uint16_t fcw)
{
	uint8_t *img = frame_alloc(uctx_fpu_size());
	/* Register i was loaded from qword i * (2 or 4) of the pattern. */
	size_t stride = ut_avx() ? 4 : 2;
	uint16_t saved_fcw;
	uint32_t saved_mxcsr;

	KT_ASSERT_NOT_NULL(img);
	KT_ASSERT_OK(uctx_fpu_read(ctx, img, uctx_fpu_size()));
	memcpy(&saved_fcw, img + FPU_FCW_OFFSET, sizeof(saved_fcw));
	memcpy(&saved_mxcsr, img + FPU_MXCSR_OFFSET, sizeof(saved_mxcsr));
	KT_ASSERT_EQ(saved_fcw, fcw);
	KT_ASSERT_EQ(saved_mxcsr, mxcsr);
	for (size_t i = 0; i < 16; i++) {
		size_t off = FPU_XMM0_OFFSET + 16 * i;

		KT_ASSERT_EQ(ut_qword(img, off),
			     seed + stride * i * UT_QWORD_STEP);
		KT_ASSERT_EQ(ut_qword(img, off + 8),
			     seed + (stride * i + 1) * UT_QWORD_STEP);
	}
	if (ut_avx()) {
		/* The upper half of YMM0 and YMM15, in the AVX component. */
		KT_ASSERT(ut_qword(img, XSAVE_HEADER_OFFSET) & XFEATURE_AVX);
		KT_ASSERT_EQ(ut_qword(img, arch_fpu.avx_offset),
			     seed + 2 * UT_QWORD_STEP);
		KT_ASSERT_EQ(ut_qword(img, arch_fpu.avx_offset + 15 * 16 + 8),
			     seed + 63 * UT_QWORD_STEP);
	}
	frame_free(img);
}

KTEST(umode_vector_state_survives_syscalls_and_other_contexts)
{
	const uint64_t seed_a = 0x1000000000000001ull;
	const uint64_t seed_b = 0x2000000000000002ull;
	struct umode_test_env env;
	struct uctx *b, *c;

	KT_ASSERT_OK(umode_test_env_init(&env));
	b = uctx_create();
	c = uctx_create();
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_NOT_NULL(c);
	uctx_set_rsp(b, UT_STACK_B);

	/* Two threads of one process load different values and yield. */
	ut_vec_start(&env, env.ctx, seed_a, UT_VEC_BUF_A, 0x7f80, 0x0f7f);
	ut_vec_check_image(env.ctx, seed_a, 0x7f80, 0x0f7f);
	ut_vec_start(&env, b, seed_b, UT_VEC_BUF_B, 0x3f80, 0x077f);
	ut_vec_check_image(b, seed_b, 0x3f80, 0x077f);
	/* A fork of the first one, stopped at the same point. */
	uctx_copy(c, env.ctx);

	/* Each finds its own registers again. */
	ut_vec_finish(&env, env.ctx);
	ut_vec_finish(&env, b);
	ut_vec_finish(&env, c);
	uctx_destroy(c);
	uctx_destroy(b);
	umode_test_env_release(&env);
}

/* Run the program that reports XMM0's low qword and MXCSR. */
static void ut_xmm0_report(struct umode_test_env *env, uint64_t xmm0,
			   uint32_t mxcsr)
{
	struct umode_trap t;

	uctx_set_rip(env->ctx, umode_test_addr(umode_test_prog_xmm0));
	KT_ASSERT_OK(umode_test_run(env->ctx, env->space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_syscall_nr(env->ctx), UT_SYS_REPORT);
	KT_ASSERT_EQ(uctx_get_reg(env->ctx, UCTX_RDI), xmm0);
	KT_ASSERT_EQ(uctx_get_reg(env->ctx, UCTX_RSI), mxcsr);
}

KTEST(umode_fpu_image_is_checked_and_loaded)
{
	const uint64_t xmm0 = 0x1122334455667788ull;
	size_t size = uctx_fpu_size();
	struct umode_test_env env;
	uint32_t mxcsr = 0x3f80, bad_mxcsr = 0x80001f80;
	uint8_t *img, *bad;
	uint16_t fcw;

	KT_ASSERT_EQ(uctx_fpu_xsave(), arch_fpu.xsave);
	KT_ASSERT_GE(size, FPU_LEGACY_SIZE);
	KT_ASSERT_OK(umode_test_env_init(&env));
	img = frame_alloc(size);
	bad = frame_alloc(size);
	KT_ASSERT_NOT_NULL(img);
	KT_ASSERT_NOT_NULL(bad);

	/* A new context starts from the power-on settings. */
	KT_ASSERT_OK(uctx_fpu_read(env.ctx, img, size));
	memcpy(&fcw, img + FPU_FCW_OFFSET, sizeof(fcw));
	KT_ASSERT_EQ(fcw, FPU_FCW_DEFAULT);
	KT_ASSERT_EQ(ut_qword(img, FPU_XMM0_OFFSET), 0);
	ut_xmm0_report(&env, 0, FPU_MXCSR_DEFAULT);

	/* An image written while this CPU still holds the old state. */
	KT_ASSERT_OK(uctx_fpu_read(env.ctx, img, size));
	memcpy(img + FPU_XMM0_OFFSET, &xmm0, sizeof(xmm0));
	memcpy(img + FPU_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
	if (arch_fpu.xsave) {
		uint64_t bv = ut_qword(img, XSAVE_HEADER_OFFSET) | XFEATURE_SSE;

		memcpy(img + XSAVE_HEADER_OFFSET, &bv, sizeof(bv));
	}
	KT_ASSERT_OK(uctx_fpu_write(env.ctx, img, size));
	ut_xmm0_report(&env, xmm0, mxcsr);

	/* Images the CPU would refuse leave the context as it was. */
	KT_ASSERT_ERR(uctx_fpu_read(env.ctx, img, size - 1), -EINVAL);
	KT_ASSERT_ERR(uctx_fpu_write(env.ctx, img, size + 1), -EINVAL);
	memcpy(bad, img, size);
	memcpy(bad + FPU_MXCSR_OFFSET, &bad_mxcsr, sizeof(bad_mxcsr));
	KT_ASSERT_ERR(uctx_fpu_write(env.ctx, bad, size), -EINVAL);
	if (arch_fpu.xsave) {
		uint64_t v = 1ull << 63;

		memcpy(bad, img, size);
		memcpy(bad + XSAVE_HEADER_OFFSET, &v, sizeof(v));
		KT_ASSERT_ERR(uctx_fpu_write(env.ctx, bad, size), -EINVAL);
		memcpy(bad, img, size);
		memcpy(bad + XSAVE_HEADER_OFFSET + 8, &v, sizeof(v));
		KT_ASSERT_ERR(uctx_fpu_write(env.ctx, bad, size), -EINVAL);
		memcpy(bad, img, size);
		bad[XSAVE_HEADER_OFFSET + 40] = 1;
		KT_ASSERT_ERR(uctx_fpu_write(env.ctx, bad, size), -EINVAL);
	}
	ut_xmm0_report(&env, xmm0, mxcsr);

	/* Reset is back to the power-on state. */
	uctx_reset(env.ctx);
	uctx_set_rsp(env.ctx, UT_STACK_TOP);
	ut_xmm0_report(&env, 0, FPU_MXCSR_DEFAULT);
	frame_free(bad);
	frame_free(img);
	umode_test_env_release(&env);
}

/* Run the program that reports FS:0 and GS:8. */
static void ut_segbase_report(struct umode_test_env *env, struct uctx *ctx,
			      uint64_t fs_value, uint64_t gs_value)
{
	struct umode_trap t;

	uctx_set_rip(ctx, umode_test_addr(umode_test_prog_segbase));
	KT_ASSERT_OK(umode_test_run(ctx, env->space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_get_reg(ctx, UCTX_RDI), fs_value);
	KT_ASSERT_EQ(uctx_get_reg(ctx, UCTX_RSI), gs_value);
}

KTEST(umode_fs_and_gs_bases_are_honoured)
{
	const uint64_t v[4] = { 0xf5f5000000000001ull, 0x6565000000000002ull,
				0xf5f5000000000003ull, 0x6565000000000004ull };
	struct umode_test_env env;
	struct uctx *b;

	KT_ASSERT_OK(umode_test_env_init(&env));
	b = uctx_create();
	KT_ASSERT_NOT_NULL(b);
	uctx_set_rsp(b, UT_STACK_B);
	KT_ASSERT_OK(frame_page_write(env.data, 0x100, &v[0], 8));
	KT_ASSERT_OK(frame_page_write(env.data, 0x208, &v[1], 8));
	KT_ASSERT_OK(frame_page_write(env.data, 0x300, &v[2], 8));
	KT_ASSERT_OK(frame_page_write(env.data, 0x408, &v[3], 8));
	KT_ASSERT_OK(uctx_set_fs_base(env.ctx, UT_DATA + 0x100));
	KT_ASSERT_OK(uctx_set_gs_base(env.ctx, UT_DATA + 0x200));
	KT_ASSERT_OK(uctx_set_fs_base(b, UT_DATA + 0x300));
	KT_ASSERT_OK(uctx_set_gs_base(b, UT_DATA + 0x400));

	ut_segbase_report(&env, env.ctx, v[0], v[1]);
	ut_segbase_report(&env, b, v[2], v[3]);
	ut_segbase_report(&env, env.ctx, v[0], v[1]);
	KT_ASSERT_EQ(uctx_fs_base(env.ctx), UT_DATA + 0x100);
	KT_ASSERT_EQ(uctx_gs_base(env.ctx), UT_DATA + 0x200);
	/* Back in the kernel, GS is this CPU's area again. */
	KT_ASSERT_EQ(arch_rdmsr(MSR_GS_BASE),
		     (uint64_t)(uintptr_t)arch_percpu_this());
	KT_ASSERT_EQ(arch_rdmsr(MSR_KERNEL_GS_BASE), UT_DATA + 0x200);
	uctx_destroy(b);
	umode_test_env_release(&env);
}
