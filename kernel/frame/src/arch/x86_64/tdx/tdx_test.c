/* SPDX-License-Identifier: MIT */
/* ktests of the TDX layer: detection, the TDCALL leaves, <frame/tdx.h>. */
#include "arch/x86_64/tdx/tdx.h"

#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/smp.h>
#include <frame/string.h>
#include <frame/tdx.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/msr.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/tdx/pv.h"
#include "lib/sha384.h"
#include "mm/mm.h"
#include "mm/page_meta.h"

#define UART_SCR 7

/* QEMU's TCG is no TDX module: a TD here is tdx-sim, as asked for. */
KTEST(tdx_guest_only_when_asked_for)
{
	char v[8];
	bool asked = !frame_cmdline_get("tdx", v, sizeof(v)) &&
		     strcmp(v, "sim") == 0;

	KT_ASSERT_EQ(frame_tdx_guest(), asked);
	KT_ASSERT_EQ(frame_tdx_simulated(), asked);
	KT_ASSERT_EQ(arch_tdx_pv != 0, asked);
	/* CPUID leaf 0x21 does not name the TDX module under TCG. */
	KT_ASSERT(arch_cpuid_native(0, 0).eax < 0x21 ||
		  arch_cpuid_native(0x21, 0).ebx != 0x65746e49);
}

KTEST(tdx_api_outside_a_td)
{
	uint8_t data[FRAME_TDX_REPORT_DATA_SIZE] = { 0 };
	static uint8_t report[FRAME_TDX_REPORT_SIZE];
	uint8_t digest[FRAME_TDX_DIGEST_SIZE] = { 0 };
	struct frame_tdx_info info;

	if (frame_tdx_guest())
		return;
	KT_ASSERT_ERR(frame_tdx_info(&info), -ENODEV);
	KT_ASSERT_ERR(frame_tdx_report(data, report), -ENODEV);
	KT_ASSERT_ERR(frame_tdx_rtmr_extend(2, digest), -ENODEV);
	KT_ASSERT_ERR(frame_tdx_rtmr_extend(0, digest), -EINVAL);
}

/* TDG.VP.INFO as the sim answers it. */
KTEST(tdx_vp_info)
{
	bool began = tdx_test_sim_begin();
	struct frame_tdx_info info;

	KT_ASSERT_OK(frame_tdx_info(&info));
	KT_ASSERT_EQ(info.gpaw, 48);
	KT_ASSERT_EQ(info.attributes, 0);
	KT_ASSERT_EQ(info.num_vcpus, (uint32_t)smp_cpu_count());
	KT_ASSERT_GE(info.max_vcpus, info.num_vcpus);
	KT_ASSERT_EQ(tdx_shared_bit(), 1ull << 47);
	tdx_test_sim_end(began);
}

/* Instruction.IO reaches the UART: its scratch register keeps a byte
 * written through TDVMCALL, read back with the instruction itself. */
KTEST(tdx_vmcall_io_reaches_the_uart)
{
	bool began = tdx_test_sim_begin();
	uint64_t before = tdx_sim_vmcall_count(TDVMCALL_IO);
	uint32_t v = 0xa7;

	KT_ASSERT_OK(tdx_vmcall_io(COM1_PORT + UART_SCR, 1, true, &v));
	KT_ASSERT_EQ(arch_port_in8_native(COM1_PORT + UART_SCR), 0xa7);
	arch_port_out8_native(COM1_PORT + UART_SCR, 0x3c);
	v = 0;
	KT_ASSERT_OK(tdx_vmcall_io(COM1_PORT + UART_SCR, 1, false, &v));
	KT_ASSERT_EQ(v, 0x3c);
	KT_ASSERT_GE(tdx_sim_vmcall_count(TDVMCALL_IO), before + 2);
	/* A size the GHCI does not have, a port range past 64 KiB. */
	KT_ASSERT_ERR(tdx_vmcall_io(COM1_PORT, 3, false, &v), -EIO);
	KT_ASSERT_ERR(tdx_vmcall_io(0xffff, 2, false, &v), -EIO);
	tdx_test_sim_end(began);
}

KTEST(tdx_vmcall_cpuid_and_msrs)
{
	bool began = tdx_test_sim_begin();
	struct arch_cpuid n = arch_cpuid_native(1, 0);
	uint32_t r[4];
	uint64_t aux = arch_rdmsr_native(MSR_TSC_AUX), v = ~0ull;

	KT_ASSERT_OK(tdx_vmcall_cpuid(1, 0, r));
	/* EBX[31:24] is the APIC ID of the CPU asked: the same one. */
	KT_ASSERT_EQ(r[0], n.eax);
	KT_ASSERT_EQ(r[2], n.ecx);
	KT_ASSERT_EQ(r[3], n.edx);
	KT_ASSERT_OK(tdx_vmcall_rdmsr(MSR_TSC_AUX, &v));
	KT_ASSERT_EQ(v, aux);
	KT_ASSERT_OK(tdx_vmcall_wrmsr(MSR_TSC_AUX, aux));
	KT_ASSERT_EQ(arch_rdmsr_native(MSR_TSC_AUX), aux);
	tdx_test_sim_end(began);
}

/*
 * MapGPA converts a range the sim handles 16 pages per call: 40 pages
 * take three calls (two retries), then the range reads as shared; mapped
 * back without the shared bit, as private.
 */
KTEST(tdx_map_gpa_retries_and_converts)
{
	bool began = tdx_test_sim_begin();
	struct frame_page *p = frame_page_alloc(6, 0);
	uint64_t pa, calls;

	KT_ASSERT_NOT_NULL(p);
	pa = page_to_phys(page_check_handle(p)).val;
	calls = tdx_sim_vmcall_count(TDVMCALL_MAP_GPA);
	KT_ASSERT(!tdx_sim_is_shared(pa, 40 * 4096));
	KT_ASSERT_OK(tdx_vmcall_map_gpa(pa | tdx_shared_bit(), 40 * 4096));
	KT_ASSERT_EQ(tdx_sim_vmcall_count(TDVMCALL_MAP_GPA), calls + 3);
	KT_ASSERT(tdx_sim_is_shared(pa, 40 * 4096));
	KT_ASSERT(!tdx_sim_is_shared(pa, 41 * 4096));
	/* The middle back to private splits the range in two. */
	KT_ASSERT_OK(tdx_vmcall_map_gpa(pa + 8 * 4096, 4096));
	KT_ASSERT(tdx_sim_is_shared(pa, 8 * 4096));
	KT_ASSERT(!tdx_sim_is_shared(pa + 8 * 4096, 4096));
	KT_ASSERT(tdx_sim_is_shared(pa + 9 * 4096, 31 * 4096));
	KT_ASSERT_OK(tdx_vmcall_map_gpa(pa, 40 * 4096));
	KT_ASSERT(!tdx_sim_is_shared(pa, 4096));
	KT_ASSERT_ERR(tdx_vmcall_map_gpa(pa + 1, 4096), -EIO);
	frame_page_put(p);
	tdx_test_sim_end(began);
}

KTEST(tdx_page_accept)
{
	bool began = tdx_test_sim_begin();
	struct frame_page *p = frame_page_alloc(0, 0);
	uint64_t pa;

	KT_ASSERT_NOT_NULL(p);
	pa = page_to_phys(page_check_handle(p)).val;
	KT_ASSERT_OK(tdx_page_accept(pa));
	KT_ASSERT_ERR(tdx_page_accept(pa + 8), -EIO);	  /* misaligned */
	KT_ASSERT_ERR(tdx_page_accept(pa | 2), -EIO);	  /* 1 GiB level */
	KT_ASSERT_ERR(tdx_page_accept(1ull << 46), -EIO); /* not RAM */
	frame_page_put(p);
	tdx_test_sim_end(began);
}

/*
 * The report binds the caller's data; an RTMR extension shows in the
 * next report as SHA-384(old || digest), and only RTMR 2 and 3 are open.
 */
KTEST(tdx_report_and_rtmr_extend)
{
	bool began = tdx_test_sim_begin();
	static uint8_t before[FRAME_TDX_REPORT_SIZE],
		after[FRAME_TDX_REPORT_SIZE];
	uint8_t data[FRAME_TDX_REPORT_DATA_SIZE], digest[FRAME_TDX_DIGEST_SIZE];
	uint8_t expect[SHA384_DIGEST_SIZE];
	struct sha384_ctx c;

	for (unsigned int i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 1);
	for (unsigned int i = 0; i < sizeof(digest); i++)
		digest[i] = (uint8_t)(0xf0 ^ i);
	KT_ASSERT_OK(frame_tdx_report(data, before));
	KT_ASSERT_EQ(before[FRAME_TDX_REPORT_OFF_TYPE], 0x81);
	KT_ASSERT(memcmp(before + FRAME_TDX_REPORT_OFF_REPORT_DATA, data,
			 sizeof(data)) == 0);
	KT_ASSERT_OK(frame_tdx_rtmr_extend(3, digest));
	KT_ASSERT_OK(frame_tdx_report(data, after));
	sha384_init(&c);
	sha384_update(&c, before + FRAME_TDX_REPORT_OFF_RTMR(3), 48);
	sha384_update(&c, digest, sizeof(digest));
	sha384_final(&c, expect);
	KT_ASSERT(memcmp(after + FRAME_TDX_REPORT_OFF_RTMR(3), expect, 48) ==
		  0);
	/* The others are untouched. */
	for (unsigned int i = 0; i < 3; i++)
		KT_ASSERT(memcmp(after + FRAME_TDX_REPORT_OFF_RTMR(i),
				 before + FRAME_TDX_REPORT_OFF_RTMR(i),
				 48) == 0);
	KT_ASSERT_ERR(frame_tdx_rtmr_extend(0, digest), -EINVAL);
	KT_ASSERT_ERR(frame_tdx_rtmr_extend(1, digest), -EINVAL);
	KT_ASSERT_ERR(frame_tdx_rtmr_extend(4, digest), -EINVAL);
	/* The module's own checks: a misaligned report buffer, an index
	 * past RTMR 3. */
	KT_ASSERT_ERR(tdx_report(mm_virt_to_phys(before).val + 64,
				 mm_virt_to_phys(data).val),
		      -EIO);
	KT_ASSERT_ERR(tdx_rtmr_extend(mm_virt_to_phys(before).val, 4), -EIO);
	tdx_test_sim_end(began);
}

/* In a tdx-sim boot the frame's own port I/O, CPUID and MSR accesses go
 * through TDVMCALL: the console alone has made the counts grow. */
KTEST(tdx_sim_boot_reroutes_the_frame)
{
	uint64_t io, cpuid, rdmsr;

	if (!frame_tdx_simulated())
		return;
	io = tdx_sim_vmcall_count(TDVMCALL_IO);
	cpuid = tdx_sim_vmcall_count(TDVMCALL_CPUID);
	rdmsr = tdx_sim_vmcall_count(TDVMCALL_RDMSR);
	KT_ASSERT_GT(io, 0);
	KT_ASSERT_GT(cpuid, 0);
	(void)arch_inb(COM1_PORT + UART_SCR);
	(void)arch_cpuid(0, 0);
	(void)arch_rdmsr(MSR_TSC_AUX);
	KT_ASSERT_GT(tdx_sim_vmcall_count(TDVMCALL_IO), io);
	KT_ASSERT_GT(tdx_sim_vmcall_count(TDVMCALL_CPUID), cpuid);
	KT_ASSERT_GT(tdx_sim_vmcall_count(TDVMCALL_RDMSR), rdmsr);
}
