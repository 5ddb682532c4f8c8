/* SPDX-License-Identifier: MIT */
/* tdx-sim: a software TDX module and host, doing each operation for real. */
#include "arch/x86_64/tdx/tdx.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/smp.h>
#include <frame/string.h>
#include <frame/sync.h>
#include <frame/tdx.h>

#include "arch/x86_64/acpi/madt.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/trap/trap_frame.h"
#include "lib/sha384.h"
#include "mm/mm.h"

/*
 * What the sim answers: a TD with 4-level guest paging (GPAW 48, so the
 * shared bit is bit 47) and no attribute bits (a production TD). A
 * TDVMCALL is served by doing what the host would do on the guest's
 * behalf, with the instruction itself: IN/OUT, an access to the device
 * memory through the frame's own mapping, CPUID, RDMSR/WRMSR, HLT. So
 * every TDVMCALL path of the frame runs against real devices under any
 * x86-64 machine, QEMU's TCG included.
 */
#define SIM_GPAW 48

/* Pages MapGPA converts per call before it asks the guest to retry, as
 * hosts do for long ranges, so that the retry path runs too. */
#define SIM_MAP_CHUNK_PAGES 16

/* Shared ranges: page-aligned, disjoint, unordered. */
#define SIM_SHARED_MAX 64

struct sim_range {
	uint64_t start, end;
};

static struct {
	struct frame_spinlock lock; /* everything below */
	uint8_t rtmr[4][SHA384_DIGEST_SIZE];
	struct sim_range shared[SIM_SHARED_MAX];
	unsigned int nshared;
	/* The device page tdx_vmcall_mmio() reached last, mapped. */
	uint64_t mmio_page;
	uint8_t *mmio_va;
} sim = { .lock = FRAME_SPINLOCK_INIT };

/* The #VE information waiting for TDG.VP.VEINFO.GET, per CPU. */
static struct {
	struct tdx_ve_info ve;
	bool valid;
} pending_ve[ARCH_MAX_CPUS];

/* The one MMIO window whose page faults become #VEs. */
static struct {
	uint64_t va, pa, len;
} window;

enum {
	VMC_IO,
	VMC_MMIO,
	VMC_CPUID,
	VMC_RDMSR,
	VMC_WRMSR,
	VMC_HLT,
	VMC_MAP_GPA,
	VMC_COUNT
};
static uint64_t vmcall_counts[VMC_COUNT];

static uint64_t shared_bit(void)
{
	return 1ull << (SIM_GPAW - 1);
}

static bool aligned(uint64_t v, uint64_t a)
{
	return (v & (a - 1)) == 0;
}

/* Memory the guest hands the module: RAM, in the direct map. */
static void *guest_mem(uint64_t gpa, uint64_t len)
{
	if (gpa & shared_bit() || !mm_phys_is_mapped(gpa, len))
		return NULL;
	return mm_phys_to_virt(paddr(gpa));
}

/* Instruction.IO: R12 size, R13 direction (1 = write), R14 port, R15
 * the value written; R11 the value read. */
static uint64_t sim_io(struct tdx_args *a)
{
	uint16_t port = (uint16_t)a->r14;
	uint64_t v = 0;

	if ((a->r12 != 1 && a->r12 != 2 && a->r12 != 4) || a->r13 > 1 ||
	    a->r14 > 0xffff || a->r14 + a->r12 > 0x10000)
		return TDVMCALL_INVALID_OPERAND;
	if (a->r13) {
		if (a->r12 == 1)
			arch_port_out8_native(port, (uint8_t)a->r15);
		else if (a->r12 == 2)
			arch_port_out16_native(port, (uint16_t)a->r15);
		else
			arch_port_out32_native(port, (uint32_t)a->r15);
	} else {
		if (a->r12 == 1)
			v = arch_port_in8_native(port);
		else if (a->r12 == 2)
			v = arch_port_in16_native(port);
		else
			v = arch_port_in32_native(port);
		a->r11 = v;
	}
	return TDVMCALL_SUCCESS;
}

/*
 * #VE.RequestMMIO: R12 size, R13 direction, R14 the shared GPA, R15 the
 * value written; R11 the value read. RAM is reached through the direct
 * map, device memory through an uncached mapping of its page, kept for
 * the next access (a driver's accesses cluster on one register page).
 */
static uint64_t sim_mmio(struct tdx_args *a)
{
	uint64_t gpa = a->r14 & ~shared_bit(), page = gpa & ~0xfffull;
	volatile uint8_t *p;
	uint64_t flags;

	if ((a->r12 != 1 && a->r12 != 2 && a->r12 != 4 && a->r12 != 8) ||
	    a->r13 > 1 || !(a->r14 & shared_bit()) || !aligned(gpa, a->r12))
		return TDVMCALL_INVALID_OPERAND;
	flags = frame_spin_lock_irqsave(&sim.lock);
	if (mm_phys_is_mapped(gpa, a->r12)) {
		p = mm_phys_to_virt(paddr(gpa));
	} else {
		if (!sim.mmio_va || sim.mmio_page != page) {
			uint8_t *va = mm_iomap(page, 4096);

			if (!va) {
				frame_spin_unlock_irqrestore(&sim.lock, flags);
				return TDVMCALL_INVALID_OPERAND;
			}
			if (sim.mmio_va)
				mm_iounmap(sim.mmio_va, 4096);
			sim.mmio_va = va;
			sim.mmio_page = page;
		}
		p = sim.mmio_va + (gpa - page);
	}
	if (a->r13) {
		switch (a->r12) {
		case 1:
			*p = (uint8_t)a->r15;
			break;
		case 2:
			*(volatile uint16_t *)p = (uint16_t)a->r15;
			break;
		case 4:
			*(volatile uint32_t *)p = (uint32_t)a->r15;
			break;
		default:
			*(volatile uint64_t *)p = a->r15;
			break;
		}
	} else {
		switch (a->r12) {
		case 1:
			a->r11 = *p;
			break;
		case 2:
			a->r11 = *(volatile uint16_t *)p;
			break;
		case 4:
			a->r11 = *(volatile uint32_t *)p;
			break;
		default:
			a->r11 = *(volatile uint64_t *)p;
			break;
		}
	}
	frame_spin_unlock_irqrestore(&sim.lock, flags);
	return TDVMCALL_SUCCESS;
}

/*
 * The shared ranges with [@s, @e) made shared (@on) or private again;
 * false, changing nothing, when the table would overflow.
 */
static bool shared_set(uint64_t s, uint64_t e, bool on)
{
	static struct sim_range next[SIM_SHARED_MAX + 2];
	unsigned int n = 0;

	for (unsigned int i = 0; i < sim.nshared; i++) {
		struct sim_range r = sim.shared[i];

		if (r.end <= s || r.start >= e) {
			next[n++] = r;
			continue;
		}
		if (r.start < s)
			next[n++] = (struct sim_range){ r.start, s };
		if (r.end > e)
			next[n++] = (struct sim_range){ e, r.end };
	}
	if (on)
		next[n++] = (struct sim_range){ s, e };
	if (n > SIM_SHARED_MAX)
		return false;
	memcpy(sim.shared, next, n * sizeof(next[0]));
	sim.nshared = n;
	return true;
}

bool tdx_sim_is_shared(uint64_t gpa, uint64_t size)
{
	uint64_t flags = frame_spin_lock_irqsave(&sim.lock);
	uint64_t at = gpa, end = gpa + size;
	bool progress = true;

	/* Cover [gpa, end) range by range. */
	while (at < end && progress) {
		progress = false;
		for (unsigned int i = 0; i < sim.nshared; i++) {
			if (sim.shared[i].start <= at &&
			    at < sim.shared[i].end) {
				at = sim.shared[i].end;
				progress = true;
			}
		}
	}
	frame_spin_unlock_irqrestore(&sim.lock, flags);
	return at >= end;
}

/*
 * MapGPA: R12 the start GPA, the shared bit saying which way, R13 the
 * size; pages, aligned. Converts at most SIM_MAP_CHUNK_PAGES and answers
 * RETRY with the next GPA in R11 when more remain.
 */
static uint64_t sim_map_gpa(struct tdx_args *a)
{
	bool to_shared = a->r12 & shared_bit();
	uint64_t s = a->r12 & ~shared_bit(), e, flags;
	bool ok;

	if (!aligned(s, 4096) || !a->r13 || !aligned(a->r13, 4096) ||
	    s + a->r13 < s || s + a->r13 > shared_bit())
		return TDVMCALL_INVALID_OPERAND;
	e = s + a->r13;
	if (e - s > SIM_MAP_CHUNK_PAGES * 4096ull)
		e = s + SIM_MAP_CHUNK_PAGES * 4096ull;
	flags = frame_spin_lock_irqsave(&sim.lock);
	ok = shared_set(s, e, to_shared);
	frame_spin_unlock_irqrestore(&sim.lock, flags);
	if (!ok)
		return TDVMCALL_INVALID_OPERAND;
	if (e < s + a->r13) {
		a->r11 = e | (to_shared ? shared_bit() : 0);
		return TDVMCALL_RETRY;
	}
	return TDVMCALL_SUCCESS;
}

/* Instruction.HLT: R12 says whether the guest has interrupts blocked. */
static uint64_t sim_hlt(struct tdx_args *a)
{
	if (a->r12) {
		__asm__ volatile("hlt" : : : "memory");
	} else {
		bool was_on = arch_irqs_enabled();

		/* Wake for an interrupt even if the guest has IF clear: the
		 * handler runs here, as the host would have woken the vCPU
		 * and the guest would take it once it sets IF. */
		arch_irq_enable_and_halt_native();
		if (!was_on)
			arch_irq_disable();
	}
	return TDVMCALL_SUCCESS;
}

static uint64_t sim_vmcall(struct tdx_args *a)
{
	uint64_t status;
	unsigned int which;

	if ((a->rcx & TDVMCALL_EXPOSE_R10_R15) != TDVMCALL_EXPOSE_R10_R15 ||
	    a->r10 != 0) {
		a->r10 = TDVMCALL_INVALID_OPERAND;
		return TDX_SUCCESS;
	}
	switch (a->r11) {
	case TDVMCALL_IO:
		which = VMC_IO;
		status = sim_io(a);
		break;
	case TDVMCALL_REQUEST_MMIO:
		which = VMC_MMIO;
		status = sim_mmio(a);
		break;
	case TDVMCALL_CPUID: {
		struct arch_cpuid r =
			arch_cpuid_native((uint32_t)a->r12, (uint32_t)a->r13);

		which = VMC_CPUID;
		a->r12 = r.eax;
		a->r13 = r.ebx;
		a->r14 = r.ecx;
		a->r15 = r.edx;
		status = TDVMCALL_SUCCESS;
		break;
	}
	case TDVMCALL_RDMSR:
		which = VMC_RDMSR;
		a->r11 = arch_rdmsr_native((uint32_t)a->r12);
		status = TDVMCALL_SUCCESS;
		break;
	case TDVMCALL_WRMSR:
		which = VMC_WRMSR;
		arch_wrmsr_native((uint32_t)a->r12, a->r13);
		status = TDVMCALL_SUCCESS;
		break;
	case TDVMCALL_HLT:
		which = VMC_HLT;
		status = sim_hlt(a);
		break;
	case TDVMCALL_MAP_GPA:
		which = VMC_MAP_GPA;
		status = sim_map_gpa(a);
		break;
	default:
		a->r10 = TDVMCALL_INVALID_OPERAND;
		return TDX_SUCCESS;
	}
	__atomic_fetch_add(&vmcall_counts[which], 1, __ATOMIC_RELAXED);
	a->r10 = status;
	return TDX_SUCCESS;
}

uint64_t tdx_sim_vmcall_count(uint64_t fn)
{
	static const uint64_t fns[VMC_COUNT] = {
		[VMC_IO] = TDVMCALL_IO,
		[VMC_MMIO] = TDVMCALL_REQUEST_MMIO,
		[VMC_CPUID] = TDVMCALL_CPUID,
		[VMC_RDMSR] = TDVMCALL_RDMSR,
		[VMC_WRMSR] = TDVMCALL_WRMSR,
		[VMC_HLT] = TDVMCALL_HLT,
		[VMC_MAP_GPA] = TDVMCALL_MAP_GPA,
	};

	for (unsigned int i = 0; i < VMC_COUNT; i++)
		if (fns[i] == fn)
			return __atomic_load_n(&vmcall_counts[i],
					       __ATOMIC_RELAXED);
	return 0;
}

/*
 * TDG.MR.REPORT: R8 sub-type 0 only. The report the module would MAC:
 * type 0x81 (TDX), the caller's data, the TD's attributes and RTMRs; the
 * MAC stays zero, the sim having no key.
 */
static uint64_t sim_report(struct tdx_args *a)
{
	uint8_t *report = guest_mem(a->rcx, FRAME_TDX_REPORT_SIZE);
	const uint8_t *data = guest_mem(a->rdx, FRAME_TDX_REPORT_DATA_SIZE);
	uint64_t attrs = 0, flags;

	if (!report || !data || !aligned(a->rcx, 1024) ||
	    !aligned(a->rdx, 64) || a->r8 != 0)
		return TDX_OPERAND_INVALID;
	memset(report, 0, FRAME_TDX_REPORT_SIZE);
	report[FRAME_TDX_REPORT_OFF_TYPE] = 0x81;
	memcpy(report + FRAME_TDX_REPORT_OFF_REPORT_DATA, data,
	       FRAME_TDX_REPORT_DATA_SIZE);
	memcpy(report + FRAME_TDX_REPORT_OFF_TD_ATTRS, &attrs, sizeof(attrs));
	flags = frame_spin_lock_irqsave(&sim.lock);
	for (unsigned int i = 0; i < 4; i++)
		memcpy(report + FRAME_TDX_REPORT_OFF_RTMR(i), sim.rtmr[i],
		       SHA384_DIGEST_SIZE);
	frame_spin_unlock_irqrestore(&sim.lock, flags);
	return TDX_SUCCESS;
}

/* TDG.MR.RTMR.EXTEND: RCX the 64-byte aligned digest, RDX the index. */
static uint64_t sim_rtmr_extend(struct tdx_args *a)
{
	const uint8_t *digest = guest_mem(a->rcx, SHA384_DIGEST_SIZE);
	struct sha384_ctx c;
	uint64_t flags;

	if (!digest || !aligned(a->rcx, 64) || a->rdx > 3)
		return TDX_OPERAND_INVALID;
	flags = frame_spin_lock_irqsave(&sim.lock);
	sha384_init(&c);
	sha384_update(&c, sim.rtmr[a->rdx], SHA384_DIGEST_SIZE);
	sha384_update(&c, digest, SHA384_DIGEST_SIZE);
	sha384_final(&c, sim.rtmr[a->rdx]);
	frame_spin_unlock_irqrestore(&sim.lock, flags);
	return TDX_SUCCESS;
}

/*
 * The CPU number is looked up only by the leaves that need it: MSR
 * accesses come through here while a CPU is setting up the very GS base
 * smp_this_cpu() reads.
 */
static uint64_t sim_call(struct tdx_args *a)
{
	uint64_t level;
	int cpu;

	switch (a->rax) {
	case TDX_VP_VMCALL:
		return a->rax = sim_vmcall(a);
	case TDX_VP_INFO:
		cpu = smp_this_cpu();
		a->rcx = SIM_GPAW;
		a->rdx = 0;
		a->r8 = (uint64_t)ARCH_MAX_CPUS << 32 |
			(uint32_t)smp_cpu_count();
		a->r9 = (uint32_t)cpu;
		a->r10 = a->r11 = 0;
		return a->rax = TDX_SUCCESS;
	case TDX_VP_VEINFO_GET:
		cpu = smp_this_cpu();
		if (!pending_ve[cpu].valid)
			return a->rax = TDX_OPERAND_INVALID;
		a->rcx = pending_ve[cpu].ve.exit_reason;
		a->rdx = pending_ve[cpu].ve.exit_qual;
		a->r8 = pending_ve[cpu].ve.gla;
		a->r9 = pending_ve[cpu].ve.gpa;
		a->r10 = (uint64_t)pending_ve[cpu].ve.insn_info << 32 |
			 pending_ve[cpu].ve.insn_len;
		pending_ve[cpu].valid = false;
		return a->rax = TDX_SUCCESS;
	case TDX_MEM_PAGE_ACCEPT:
		/* 4 KiB or 2 MiB, aligned, private RAM. */
		level = a->rcx & 7;
		if (level > 1 ||
		    !guest_mem(a->rcx & ~7ull, level ? 1ull << 21 : 4096) ||
		    !aligned(a->rcx & ~7ull, level ? 1ull << 21 : 4096))
			return a->rax = TDX_OPERAND_INVALID;
		return a->rax = TDX_SUCCESS;
	case TDX_MR_REPORT:
		return a->rax = sim_report(a);
	case TDX_MR_RTMR_EXTEND:
		return a->rax = sim_rtmr_extend(a);
	default:
		return a->rax = TDX_OPERAND_INVALID;
	}
}

const struct tdx_ops tdx_sim_ops = { "tdx-sim software module", sim_call };

void tdx_sim_set_ve(const struct tdx_ve_info *ve)
{
	int cpu = smp_this_cpu();

	pending_ve[cpu].ve = *ve;
	pending_ve[cpu].valid = true;
}

int tdx_sim_mmio_window(uint64_t va, uint64_t pa, uint64_t len)
{
	if (!len || !aligned(va | pa | len, 4096) || va + len < va)
		return -EINVAL;
	if (__atomic_load_n(&window.len, __ATOMIC_ACQUIRE))
		return -EBUSY;
	window.va = va;
	window.pa = pa;
	__atomic_store_n(&window.len, len, __ATOMIC_RELEASE);
	return 0;
}

void tdx_sim_mmio_window_clear(void)
{
	__atomic_store_n(&window.len, 0, __ATOMIC_RELEASE);
}

/*
 * In a real TD, an access to shared memory the host has not backed (its
 * device registers) is an EPT violation the module reflects to the guest
 * as a #VE. Here the window is simply unmapped: its page fault is turned
 * into that #VE, with the information the module would give (exit
 * qualification bit 0 read, bit 1 write; no instruction length), and
 * handed to the #VE handler as if vector 20 had been raised.
 */
bool tdx_sim_page_fault(struct arch_trap_frame *f, uint64_t cr2)
{
	uint64_t len = __atomic_load_n(&window.len, __ATOMIC_ACQUIRE);
	struct tdx_ve_info ve = { .exit_reason = TDX_EXIT_EPT_VIOLATION };

	if (tdx_ops != &tdx_sim_ops || !len || cr2 < window.va ||
	    cr2 - window.va >= len || (f->cs & 3))
		return false;
	ve.exit_qual = (f->error_code & 2) ? 2 : 1;
	ve.gla = cr2;
	ve.gpa = (window.pa + (cr2 - window.va)) | shared_bit();
	tdx_sim_set_ve(&ve);
	f->vector = 20;
	f->error_code = 0;
	return tdx_ve_handle(f);
}
