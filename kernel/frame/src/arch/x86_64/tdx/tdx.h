/* SPDX-License-Identifier: MIT */
/* Frame-internal TDX guest layer: TDCALL leaves, backends and #VE emulation. */
#ifndef ARCH_X86_64_TDX_TDX_H
#define ARCH_X86_64_TDX_TDX_H

#include <frame/types.h>

struct arch_trap_frame;

/*
 * TDCALL leaf numbers (RAX on entry), from Intel's TDX Module ABI
 * specification, "TDX Module Guest-Side Interface Functions".
 */
#define TDX_VP_VMCALL	    0
#define TDX_VP_INFO	    1
#define TDX_MR_RTMR_EXTEND  2
#define TDX_VP_VEINFO_GET   3
#define TDX_MR_REPORT	    4
#define TDX_MEM_PAGE_ACCEPT 6

/* Completion status in RAX: bit 63 set is an error. */
#define TDX_SUCCESS	    0ull
#define TDX_STATUS_ERROR    (1ull << 63)
#define TDX_OPERAND_INVALID 0xc000010000000000ull

/*
 * TDG.VP.VMCALL (the GHCI specification): R10 = 0 selects the standard
 * sub-functions, whose number goes in R11; RCX says which registers the
 * host may see (here R10 to R15). On return R10 holds the VMCALL status
 * and R11 the output value.
 */
#define TDVMCALL_EXPOSE_R10_R15 0xfc00ull
#define TDVMCALL_CPUID		10
#define TDVMCALL_HLT		12
#define TDVMCALL_IO		30
#define TDVMCALL_RDMSR		31
#define TDVMCALL_WRMSR		32
#define TDVMCALL_REQUEST_MMIO	48
#define TDVMCALL_MAP_GPA	0x10001

#define TDVMCALL_SUCCESS	 0ull
#define TDVMCALL_RETRY		 1ull
#define TDVMCALL_INVALID_OPERAND 0x8000000000000000ull

/* The register image a TDCALL reads and writes (the ABI's inputs and
 * outputs; RBX, RBP, RSI and RDI are not used by the leaves here). */
struct tdx_args {
	uint64_t rax, rcx, rdx, r8, r9, r10, r11, r12, r13, r14, r15;
};

/*
 * A backend: @call executes one TDCALL on @a in place and returns the
 * completion status (RAX). Chosen once at boot: the instruction itself in
 * a real trust domain, software (tdx/sim.c) in tdx-sim mode.
 */
struct tdx_ops {
	const char *name;
	uint64_t (*call)(struct tdx_args *a);
};

extern const struct tdx_ops tdx_hw_ops;
extern const struct tdx_ops tdx_sim_ops;

/* tdcall.S: the TDCALL instruction on @a, all eleven registers in and out. */
uint64_t tdx_tdcall_hw(struct tdx_args *a);

/*
 * The #VE information of TDG.VP.VEINFO.GET: the exit reason that would
 * have been a VM exit, its qualification, the linear and guest-physical
 * addresses, and the instruction's length and information (valid only for
 * the exit reasons that report them: I/O, CPUID, MSR, HLT).
 */
struct tdx_ve_info {
	uint32_t exit_reason;
	uint64_t exit_qual;
	uint64_t gla;
	uint64_t gpa;
	uint32_t insn_len;
	uint32_t insn_info;
};

/* Basic exit reasons (Intel SDM vol. 3, appendix C). */
#define TDX_EXIT_CPUID	       10
#define TDX_EXIT_HLT	       12
#define TDX_EXIT_IO	       30
#define TDX_EXIT_RDMSR	       31
#define TDX_EXIT_WRMSR	       32
#define TDX_EXIT_EPT_VIOLATION 48

/* I/O exit qualification (Intel SDM vol. 3, "Exit Qualification for I/O
 * Instructions"). */
#define TDX_IO_SIZE_MASK 0x7ull /* access size - 1 */
#define TDX_IO_IN	 (1ull << 3)
#define TDX_IO_STRING	 (1ull << 4)
#define TDX_IO_PORT(q)	 ((uint16_t)((q) >> 16))

/* The backend in use; NULL outside a trust domain. */
extern const struct tdx_ops *tdx_ops;

/* Leaf wrappers: 0, or -EIO when the module (or the host) refused. */
int tdx_vp_info(uint32_t *gpaw, uint64_t *attrs, uint32_t *num_vcpus,
		uint32_t *max_vcpus);
int tdx_ve_info_get(struct tdx_ve_info *out);
int tdx_page_accept(uint64_t gpa);
int tdx_report(uint64_t report_gpa, uint64_t data_gpa);
int tdx_rtmr_extend(uint64_t digest_gpa, unsigned int index);

/* TDVMCALL wrappers: the host does the operation for the guest. */
int tdx_vmcall_io(uint16_t port, unsigned int size, bool write, uint32_t *val);
int tdx_vmcall_mmio(uint64_t gpa, unsigned int size, bool write, uint64_t *val);
int tdx_vmcall_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);
int tdx_vmcall_rdmsr(uint32_t msr, uint64_t *val);
int tdx_vmcall_wrmsr(uint32_t msr, uint64_t val);
int tdx_vmcall_hlt(bool irq_blocked);
int tdx_vmcall_map_gpa(uint64_t gpa, uint64_t size);

/*
 * tdx_mem_share() - convert the RAM pages [@pa, @pa + @len) to memory
 * shared with the host (for a device to reach), or back to private
 * (tdx_mem_unshare()): the direct map's shared bit, MapGPA and, back to
 * private, acceptance. Page-aligned. 0, -EINVAL, -ENOMEM or -EIO; a
 * failed unshare leaves pages that must never be reused as private.
 */
int tdx_mem_share(uint64_t pa, uint64_t len);
int tdx_mem_unshare(uint64_t pa, uint64_t len);

/* The shared bit of a guest-physical address: GPAW - 1. */
uint64_t tdx_shared_bit(void);

/*
 * tdx_ve_handle() - emulate the instruction behind the #VE @f took:
 * fetch the #VE information, perform the access through TDVMCALL and
 * step RIP past the instruction. Returns true when handled; panics,
 * naming the instruction bytes, for what it cannot emulate.
 */
bool tdx_ve_handle(struct arch_trap_frame *f);

/* The same, with @ve already fetched: for the sim's ktests. */
bool tdx_ve_emulate(struct arch_trap_frame *f, const struct tdx_ve_info *ve);

/*
 * tdx-sim: whether a page fault at the address @f faulted on is a
 * simulated #VE (an access to a window tdx_sim_mmio_window() set up);
 * if so it has been emulated as one and true is returned.
 */
bool tdx_sim_page_fault(struct arch_trap_frame *f, uint64_t cr2);

/*
 * tdx_sim_mmio_window() - make accesses to [@va, @va + @len) fault into
 * simulated #VEs for the device memory at @pa: @va must be unmapped
 * kernel space. One window at a time (ktests); 0, -EBUSY or -EINVAL.
 * tdx_sim_mmio_window_clear() removes it.
 */
int tdx_sim_mmio_window(uint64_t va, uint64_t pa, uint64_t len);
void tdx_sim_mmio_window_clear(void);

/* tdx-sim: hand @ve to the next TDG.VP.VEINFO.GET on this CPU. */
void tdx_sim_set_ve(const struct tdx_ve_info *ve);

/* tdx-sim: how many TDVMCALLs of sub-function @fn the sim served. */
uint64_t tdx_sim_vmcall_count(uint64_t fn);

/* tdx-sim: whether [@gpa, +@size) is shared (converted by MapGPA). */
bool tdx_sim_is_shared(uint64_t gpa, uint64_t size);

/*
 * For ktests only: outside a TD, make tdx-sim's model the backend (true),
 * without the port/CPUID/MSR rerouting of a tdx-sim boot, so the TDCALL,
 * TDVMCALL and #VE paths run in every boot; tdx_test_sim_end() with what
 * begin returned undoes it. Inside a TD, begin changes nothing (false).
 */
bool tdx_test_sim_begin(void);
void tdx_test_sim_end(bool began);

#endif /* ARCH_X86_64_TDX_TDX_H */
