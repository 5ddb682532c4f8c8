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
#include "io/io.h"
#include "io/io_test.h"
#include "io/pci_internal.h"
#include "lib/sha384.h"
#include "mm/kspace.h"
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

/* Whether the direct map's leaf for @va is marked shared. */
static bool direct_shared(uint64_t va)
{
	struct pt_mapping m;

	return pt_query(&kspace, va, &m) && (m.attrs & PT_SHARED);
}

/*
 * Private to shared and back: the direct map's leaves (split to 4 KiB
 * around the pages, the neighbours untouched), the host's view (MapGPA),
 * and the memory still the same memory.
 */
KTEST(tdx_mem_share_converts_pages)
{
	bool began = tdx_test_sim_begin();
	struct frame_page *p = frame_page_alloc(2, FRAME_PAGE_ZERO);
	volatile uint64_t *w;
	struct pt_mapping m;
	uint64_t pa, va;

	KT_ASSERT_NOT_NULL(p);
	pa = page_to_phys(page_check_handle(p)).val;
	va = (uint64_t)(uintptr_t)page_to_virt(page_check_handle(p));
	w = (volatile uint64_t *)(uintptr_t)(va + 4096);
	KT_ASSERT(!direct_shared(va + 4096));
	KT_ASSERT_OK(tdx_mem_share(pa + 4096, 2 * 4096));
	KT_ASSERT(pt_query(&kspace, va + 4096, &m));
	KT_ASSERT(m.attrs & PT_SHARED);
	KT_ASSERT(m.attrs & PT_WRITE);
	KT_ASSERT_EQ(m.size, 4096);
	KT_ASSERT(direct_shared(va + 2 * 4096));
	KT_ASSERT(!direct_shared(va));
	KT_ASSERT(!direct_shared(va + 3 * 4096));
	KT_ASSERT(tdx_sim_is_shared(pa + 4096, 2 * 4096));
	KT_ASSERT(!tdx_sim_is_shared(pa, 4096));
	*w = 0x5eed;
	KT_ASSERT_EQ(*w, 0x5eed);
	KT_ASSERT_OK(tdx_mem_unshare(pa + 4096, 2 * 4096));
	KT_ASSERT(!direct_shared(va + 4096));
	KT_ASSERT(!direct_shared(va + 2 * 4096));
	KT_ASSERT(!tdx_sim_is_shared(pa + 4096, 4096));
	KT_ASSERT_ERR(tdx_mem_share(pa + 8, 4096), -EINVAL);
	KT_ASSERT_ERR(tdx_mem_share(1ull << 46, 4096), -EINVAL);
	frame_page_put(p);
	tdx_test_sim_end(began);
}

/* A coherent DMA buffer of a TD is shared while it lives, the whole
 * block of it, and private again once freed. */
KTEST(tdx_dma_coherent_is_shared)
{
	bool began = tdx_test_sim_begin();
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct dma_buf *buf;
	uint64_t pa, va;
	uint32_t v = 0;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_OK(dma_alloc_coherent(d, 3 * 4096, &buf));
	pa = dma_buf_addr(buf);
	va = (uint64_t)(uintptr_t)mm_phys_to_virt(paddr(pa));
	KT_ASSERT(tdx_sim_is_shared(pa, 4 * 4096));
	KT_ASSERT(direct_shared(va));
	KT_ASSERT(direct_shared(va + 3 * 4096));
	KT_ASSERT_OK(dma_buf_write32(buf, 4096, 0xd1a));
	KT_ASSERT_OK(dma_buf_read32(buf, 4096, &v));
	KT_ASSERT_EQ(v, 0xd1a);
	dma_buf_free(buf);
	KT_ASSERT(!tdx_sim_is_shared(pa, 4096));
	KT_ASSERT(!direct_shared(va));
	tdx_test_sim_end(began);
}

/*
 * A streaming loan in a TD goes through a shared bounce block at the same
 * offset in its page: the loaned page stays private, what the CPU wrote
 * reaches the block when the device gets the buffer, what the device
 * wrote comes back only for a direction that lets it write.
 */
KTEST(tdx_dma_streaming_bounces)
{
	bool began = tdx_test_sim_begin();
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct frame_page *page = frame_page_alloc(0, FRAME_PAGE_ZERO);
	uint8_t *cpu, *dev;
	struct dma_buf *buf;
	uint64_t pa;
	uint32_t v = 0;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_NOT_NULL(page);
	pa = page_to_phys(page_check_handle(page)).val;
	cpu = page_to_virt(page_check_handle(page));
	memcpy(cpu + 0x100, "lent", 4);
	KT_ASSERT_OK(
		dma_map_streaming(d, page, 0x100, 64, DMA_FROM_DEVICE, &buf));
	KT_ASSERT_EQ(dma_buf_addr(buf) % FRAME_PAGE_SIZE, 0x100);
	KT_ASSERT_NE(dma_buf_addr(buf) - 0x100, pa);
	KT_ASSERT(tdx_sim_is_shared(dma_buf_addr(buf), 64));
	KT_ASSERT(!tdx_sim_is_shared(pa, 4096));
	dev = mm_phys_to_virt(paddr(dma_buf_addr(buf)));
	/* The block starts as the page was, then the "device" writes. */
	KT_ASSERT(memcmp(dev, "lent", 4) == 0);
	memcpy(dev + 4, "back", 4);
	KT_ASSERT(memcmp(cpu + 0x104, "back", 4) != 0);
	KT_ASSERT_OK(dma_sync_for_cpu(buf));
	KT_ASSERT(memcmp(cpu + 0x104, "back", 4) == 0);
	KT_ASSERT_OK(dma_buf_read32(buf, 4, &v));
	KT_ASSERT_EQ(v, 0x6b636162); /* "back" */
	dma_buf_free(buf);

	/* To the device only: its writes never come back. */
	KT_ASSERT_OK(dma_map_streaming(d, page, 0, 64, DMA_TO_DEVICE, &buf));
	dev = mm_phys_to_virt(paddr(dma_buf_addr(buf)));
	memcpy(dev, "evil", 4);
	KT_ASSERT_OK(dma_sync_for_cpu(buf));
	KT_ASSERT(memcmp(cpu, "evil", 4) != 0);
	dma_buf_free(buf);
	frame_page_put(page);
	tdx_test_sim_end(began);
}

/* Device memory is the host's: in a TD its mappings are shared; one
 * made before the TD layer came up is not. */
KTEST(tdx_iomap_is_shared_in_a_td)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	void *plain = NULL, *shared;
	struct pt_mapping m;
	bool began;
	uint64_t pa;

	KT_ASSERT_NOT_NULL(d);
	pa = pci_dev_check(d)->bars[0].addr;
	if (!frame_tdx_guest())
		plain = mm_iomap(pa, 4096);
	began = tdx_test_sim_begin();
	shared = mm_iomap(pa, 4096);
	KT_ASSERT_NOT_NULL(shared);
	KT_ASSERT(pt_query(&kspace, (uint64_t)(uintptr_t)shared, &m));
	KT_ASSERT(m.attrs & PT_SHARED);
	KT_ASSERT(m.attrs & PT_UNCACHED);
	if (plain) {
		KT_ASSERT(pt_query(&kspace, (uint64_t)(uintptr_t)plain, &m));
		KT_ASSERT(!(m.attrs & PT_SHARED));
		mm_iounmap(plain, 4096);
	}
	mm_iounmap(shared, 4096);
	tdx_test_sim_end(began);
}
