/* SPDX-License-Identifier: MIT */
/* TDX guest: detection, the backend choice, TDCALL leaves and <frame/tdx.h>. */
#include "arch/x86_64/tdx/tdx.h"

#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/sync.h>
#include <frame/tdx.h>

#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/mmu/pte.h"
#include "arch/x86_64/tdx/pv.h"
#include "mm/mm.h"

#define VECTOR_VE 20

/* CPUID leaf 0x21, subleaf 0: the TDX module's vendor string in EBX, EDX,
 * ECX (TDX ABI spec, "CPUID Virtualization"). */
#define CPUID_LEAF_TDX 0x21

_Static_assert(__builtin_offsetof(struct tdx_args, r15) == 80,
	       "tdcall.S's offsets");

uint8_t arch_tdx_pv;
const struct tdx_ops *tdx_ops;

/* TDG.VP.INFO's answer at boot. */
static struct frame_tdx_info td_info;

const struct tdx_ops tdx_hw_ops = { "TDX module", tdx_tdcall_hw };

static bool cpuid_names_tdx(void)
{
	struct arch_cpuid r;

	if (arch_cpuid(0, 0).eax < CPUID_LEAF_TDX)
		return false;
	r = arch_cpuid(CPUID_LEAF_TDX, 0);
	return r.ebx == 0x65746e49 /* "Inte" */ &&
	       r.edx == 0x5844546c /* "lTDX" */ &&
	       r.ecx == 0x20202020 /* "    " */;
}

/* Status of a TDCALL, as 0 or -EIO. */
static int tdcall(struct tdx_args *a)
{
	return (tdx_ops->call(a) & TDX_STATUS_ERROR) ? -EIO : 0;
}

/*
 * One TDG.VP.VMCALL standard sub-function: @fn with R12-R15 as inputs;
 * R11 (and R12-R15, for CPUID) come back in @a. 0, or -EIO when the
 * module or the host refused.
 */
static int vmcall(struct tdx_args *a, uint64_t fn)
{
	a->rax = TDX_VP_VMCALL;
	a->rcx = TDVMCALL_EXPOSE_R10_R15;
	a->r10 = 0;
	a->r11 = fn;
	if (tdcall(a) || a->r10 != TDVMCALL_SUCCESS)
		return -EIO;
	return 0;
}

int tdx_vp_info(uint32_t *gpaw, uint64_t *attrs, uint32_t *num_vcpus,
		uint32_t *max_vcpus)
{
	struct tdx_args a = { .rax = TDX_VP_INFO };

	if (tdcall(&a))
		return -EIO;
	*gpaw = (uint32_t)(a.rcx & 0x3f);
	*attrs = a.rdx;
	*num_vcpus = (uint32_t)a.r8;
	*max_vcpus = (uint32_t)(a.r8 >> 32);
	return 0;
}

int tdx_ve_info_get(struct tdx_ve_info *out)
{
	struct tdx_args a = { .rax = TDX_VP_VEINFO_GET };

	if (tdcall(&a))
		return -EIO;
	out->exit_reason = (uint32_t)a.rcx;
	out->exit_qual = a.rdx;
	out->gla = a.r8;
	out->gpa = a.r9;
	out->insn_len = (uint32_t)a.r10;
	out->insn_info = (uint32_t)(a.r10 >> 32);
	return 0;
}

/* Level 0 (4 KiB) in bits 2:0 of RCX. */
int tdx_page_accept(uint64_t gpa)
{
	struct tdx_args a = { .rax = TDX_MEM_PAGE_ACCEPT, .rcx = gpa };

	return tdcall(&a);
}

int tdx_report(uint64_t report_gpa, uint64_t data_gpa)
{
	struct tdx_args a = { .rax = TDX_MR_REPORT,
			      .rcx = report_gpa,
			      .rdx = data_gpa };

	return tdcall(&a);
}

int tdx_rtmr_extend(uint64_t digest_gpa, unsigned int index)
{
	struct tdx_args a = { .rax = TDX_MR_RTMR_EXTEND,
			      .rcx = digest_gpa,
			      .rdx = index };

	return tdcall(&a);
}

int tdx_vmcall_io(uint16_t port, unsigned int size, bool write, uint32_t *val)
{
	struct tdx_args a = { .r12 = size, .r13 = write, .r14 = port };
	int ret;

	if (write)
		a.r15 = *val;
	ret = vmcall(&a, TDVMCALL_IO);
	if (!ret && !write)
		*val = (uint32_t)a.r11;
	return ret;
}

int tdx_vmcall_mmio(uint64_t gpa, unsigned int size, bool write, uint64_t *val)
{
	struct tdx_args a = { .r12 = size, .r13 = write, .r14 = gpa };
	int ret;

	if (write)
		a.r15 = *val;
	ret = vmcall(&a, TDVMCALL_REQUEST_MMIO);
	if (!ret && !write)
		*val = a.r11;
	return ret;
}

int tdx_vmcall_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	struct tdx_args a = { .r12 = leaf, .r13 = subleaf };
	int ret = vmcall(&a, TDVMCALL_CPUID);

	if (!ret) {
		out[0] = (uint32_t)a.r12;
		out[1] = (uint32_t)a.r13;
		out[2] = (uint32_t)a.r14;
		out[3] = (uint32_t)a.r15;
	}
	return ret;
}

int tdx_vmcall_rdmsr(uint32_t msr, uint64_t *val)
{
	struct tdx_args a = { .r12 = msr };
	int ret = vmcall(&a, TDVMCALL_RDMSR);

	if (!ret)
		*val = a.r11;
	return ret;
}

int tdx_vmcall_wrmsr(uint32_t msr, uint64_t val)
{
	struct tdx_args a = { .r12 = msr, .r13 = val };

	return vmcall(&a, TDVMCALL_WRMSR);
}

int tdx_vmcall_hlt(bool irq_blocked)
{
	struct tdx_args a = { .r12 = irq_blocked };

	return vmcall(&a, TDVMCALL_HLT);
}

/*
 * MapGPA may convert part of the range and ask to be called again for the
 * rest (RETRY, with the first GPA not done in R11). Each retry must move
 * forward, which bounds the loop.
 */
int tdx_vmcall_map_gpa(uint64_t gpa, uint64_t size)
{
	uint64_t end = gpa + size;

	while (gpa < end) {
		struct tdx_args a = { .rax = TDX_VP_VMCALL,
				      .rcx = TDVMCALL_EXPOSE_R10_R15,
				      .r11 = TDVMCALL_MAP_GPA,
				      .r12 = gpa,
				      .r13 = end - gpa };

		if (tdcall(&a))
			return -EIO;
		if (a.r10 == TDVMCALL_SUCCESS)
			return 0;
		if (a.r10 != TDVMCALL_RETRY || a.r11 <= gpa || a.r11 > end)
			return -EIO;
		gpa = a.r11;
	}
	return -EIO;
}

uint64_t tdx_shared_bit(void)
{
	return td_info.gpaw ? 1ull << (td_info.gpaw - 1) : 0;
}

/*
 * Private to shared: the direct map's entries first, so that no access
 * through a private mapping follows the conversion, then MapGPA. The
 * memory's contents are lost in a real TD: the host backs a shared GPA
 * with other memory.
 */
int tdx_mem_share(uint64_t pa, uint64_t len)
{
	int ret = mm_direct_set_shared(paddr(pa), len, true);

	if (!ret)
		ret = tdx_vmcall_map_gpa(pa | tdx_shared_bit(), len);
	if (ret)
		(void)mm_direct_set_shared(paddr(pa), len, false);
	return ret;
}

/*
 * Shared to private: the mapping back, MapGPA without the shared bit,
 * then each page accepted, as the module requires before the TD may use
 * a page the host (re)assigned it as private.
 */
int tdx_mem_unshare(uint64_t pa, uint64_t len)
{
	int ret = mm_direct_set_shared(paddr(pa), len, false);

	if (!ret)
		ret = tdx_vmcall_map_gpa(pa, len);
	for (uint64_t off = 0; !ret && off < len; off += 4096)
		ret = tdx_page_accept(pa + off);
	return ret;
}

/* The wrappers' TDVMCALL side (pv.h). */

uint32_t arch_tdx_port_in(uint16_t port, unsigned int size)
{
	uint32_t v = 0;

	if (tdx_vmcall_io(port, size, false, &v))
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	return v;
}

void arch_tdx_port_out(uint16_t port, unsigned int size, uint32_t v)
{
	(void)tdx_vmcall_io(port, size, true, &v);
}

void arch_tdx_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	if (tdx_vmcall_cpuid(leaf, subleaf, out))
		memset(out, 0, 4 * sizeof(out[0]));
}

uint64_t arch_tdx_rdmsr(uint32_t msr)
{
	uint64_t v = 0;

	if (tdx_vmcall_rdmsr(msr, &v))
		frame_panic("tdx: the host refused to read MSR %#x", msr);
	return v;
}

void arch_tdx_wrmsr(uint32_t msr, uint64_t v)
{
	if (tdx_vmcall_wrmsr(msr, v))
		frame_panic("tdx: the host refused to write MSR %#x", msr);
}

/*
 * The idle halt, entered with interrupts off. The TDVMCALL's "interrupts
 * blocked" flag says false, so the host wakes the vCPU for an interrupt
 * that arrives meanwhile even though IF is clear; it stays pending, and
 * is taken once interrupts are enabled on return. Enabling them first
 * would open the window sti;hlt closes: an interrupt taken before the
 * call, and the halt sleeping past it.
 */
void arch_tdx_safe_halt(void)
{
	(void)tdx_vmcall_hlt(false);
	arch_irq_enable();
}

void arch_tdx_early_init(void)
{
	if (!cpuid_names_tdx())
		return;
	tdx_ops = &tdx_hw_ops;
	/* From here on, no port access may trap: the IDT is not up yet. */
	arch_tdx_pv = ARCH_TDX_PV_IO | ARCH_TDX_PV_HLT;
}

/* Vector 20: every #VE goes to the emulator. */
static bool ve_trap(struct arch_trap_frame *f)
{
	return tdx_ve_handle(f);
}

void arch_tdx_init(void)
{
	char mode[8];

	if (!tdx_ops && !frame_cmdline_get("tdx", mode, sizeof(mode))) {
		if (strcmp(mode, "sim") == 0) {
			tdx_ops = &tdx_sim_ops;
			arch_tdx_pv = ARCH_TDX_PV_IO | ARCH_TDX_PV_HLT |
				      ARCH_TDX_PV_CPU;
		} else {
			log_warn("tdx: ignoring 'tdx=%s' (only 'tdx=sim' is "
				 "known)",
				 mode);
		}
	}
	if (!tdx_ops)
		return;
	if (tdx_vp_info(&td_info.gpaw, &td_info.attributes, &td_info.num_vcpus,
			&td_info.max_vcpus))
		frame_panic("tdx: TDG.VP.INFO failed");
	arch_mmu.tdx_shared =
		frame_tdx_simulated() ? PTE_SW_TDX_SHARED : tdx_shared_bit();
	if (arch_trap_set_handler(VECTOR_VE, ve_trap))
		frame_panic("tdx: vector 20 (#VE) already has a handler");
	log_info("tdx: trust domain on the %s: GPAW %u, attributes %#llx, "
		 "%u of %u vCPUs",
		 tdx_ops->name, td_info.gpaw,
		 (unsigned long long)td_info.attributes, td_info.num_vcpus,
		 td_info.max_vcpus);
}

/* <frame/tdx.h> */

bool frame_tdx_guest(void)
{
	return tdx_ops != NULL;
}

bool frame_tdx_simulated(void)
{
	return tdx_ops == &tdx_sim_ops;
}

int frame_tdx_info(struct frame_tdx_info *out)
{
	if (!tdx_ops)
		return -ENODEV;
	/* Asked again: the vCPU count grows as CPUs come up. */
	if (tdx_vp_info(&out->gpaw, &out->attributes, &out->num_vcpus,
			&out->max_vcpus))
		return -EIO;
	return 0;
}

/*
 * TDG.MR.REPORT wants the report 1024-byte aligned and the data 64-byte
 * aligned, by guest-physical address; TDG.MR.RTMR.EXTEND the digest
 * 64-byte aligned. One set of buffers in the image, under a lock.
 */
static struct {
	uint8_t report[FRAME_TDX_REPORT_SIZE] __attribute__((aligned(1024)));
	uint8_t data[FRAME_TDX_REPORT_DATA_SIZE] __attribute__((aligned(64)));
	uint8_t digest[64] __attribute__((aligned(64)));
} mr_buf;
static struct frame_spinlock mr_lock = FRAME_SPINLOCK_INIT;

static uint64_t gpa_of(const void *va)
{
	return mm_virt_to_phys(va).val;
}

int frame_tdx_report(const uint8_t report_data[FRAME_TDX_REPORT_DATA_SIZE],
		     uint8_t report[FRAME_TDX_REPORT_SIZE])
{
	uint64_t flags;
	int ret;

	if (!tdx_ops)
		return -ENODEV;
	flags = frame_spin_lock_irqsave(&mr_lock);
	memcpy(mr_buf.data, report_data, sizeof(mr_buf.data));
	ret = tdx_report(gpa_of(mr_buf.report), gpa_of(mr_buf.data));
	if (!ret)
		memcpy(report, mr_buf.report, sizeof(mr_buf.report));
	frame_spin_unlock_irqrestore(&mr_lock, flags);
	return ret;
}

int frame_tdx_rtmr_extend(unsigned int index,
			  const uint8_t digest[FRAME_TDX_DIGEST_SIZE])
{
	uint64_t flags;
	int ret;

	if (index != 2 && index != 3)
		return -EINVAL;
	if (!tdx_ops)
		return -ENODEV;
	flags = frame_spin_lock_irqsave(&mr_lock);
	memcpy(mr_buf.digest, digest, FRAME_TDX_DIGEST_SIZE);
	ret = tdx_rtmr_extend(gpa_of(mr_buf.digest), index);
	frame_spin_unlock_irqrestore(&mr_lock, flags);
	return ret;
}

bool tdx_test_sim_begin(void)
{
	if (tdx_ops)
		return false;
	tdx_ops = &tdx_sim_ops;
	if (tdx_vp_info(&td_info.gpaw, &td_info.attributes, &td_info.num_vcpus,
			&td_info.max_vcpus))
		frame_panic("tdx: the sim's TDG.VP.INFO failed");
	arch_mmu.tdx_shared = PTE_SW_TDX_SHARED;
	return true;
}

void tdx_test_sim_end(bool began)
{
	if (!began)
		return;
	tdx_ops = NULL;
	arch_mmu.tdx_shared = 0;
	memset(&td_info, 0, sizeof(td_info));
}
