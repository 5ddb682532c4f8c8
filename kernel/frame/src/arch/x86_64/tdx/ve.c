/* SPDX-License-Identifier: MIT */
/* The #VE handler: emulate port I/O, MMIO, CPUID, MSRs and HLT by TDVMCALL. */
#include "arch/x86_64/tdx/tdx.h"

#include <frame/panic.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/tdx/insn.h"
#include "arch/x86_64/trap/trap_frame.h"
#include "mm/mm.h"

/*
 * A #VE is what a VM exit would have been, had the host been allowed to
 * see the guest: the TDX module reflects it to the guest instead, which
 * asks the host for just the operation through TDVMCALL and then steps
 * over the instruction. The module reports the instruction's length for
 * I/O, CPUID, MSR and HLT exits; an EPT violation (an access to shared
 * memory the host does not back: device registers) comes without one,
 * so the instruction is decoded (insn.c).
 */

/* The frame's copy of general-purpose register @n (encoding order). */
static uint64_t *gpr(struct arch_trap_frame *f, int n)
{
	uint64_t *regs[16] = {
		&f->rax, &f->rcx, &f->rdx, &f->rbx, &f->rsp, &f->rbp,
		&f->rsi, &f->rdi, &f->r8,  &f->r9,  &f->r10, &f->r11,
		&f->r12, &f->r13, &f->r14, &f->r15,
	};

	return regs[n & 15];
}

/* Write @v, of @size bytes, to a register as the CPU would: 8- and 16-bit
 * writes keep the rest, 32-bit writes clear the upper half. */
static void reg_write(uint64_t *r, unsigned int size, bool high8, uint64_t v)
{
	if (high8)
		*r = (*r & ~0xff00ull) | (v & 0xff) << 8;
	else if (size == 1)
		*r = (*r & ~0xffull) | (v & 0xff);
	else if (size == 2)
		*r = (*r & ~0xffffull) | (v & 0xffff);
	else if (size == 4)
		*r = (uint32_t)v;
	else
		*r = v;
}

static uint64_t mask_of(unsigned int size)
{
	return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* Print the instruction bytes at @rip and panic with @why. */
__noreturn static void cannot_emulate(const struct arch_trap_frame *f,
				      const struct tdx_ve_info *ve,
				      const char *why)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)f->rip;
	uint8_t b[15] = { 0 };
	unsigned int n = mm_kernel_readable(f->rip, sizeof(b)) ? sizeof(b) : 0;

	for (unsigned int i = 0; i < n; i++)
		b[i] = p[i];
	frame_panic("tdx: cannot emulate the #VE at %#llx (exit reason %u, "
		    "qualification %#llx, GPA %#llx): %s; instruction bytes "
		    "%02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x "
		    "%02x %02x %02x %02x%s",
		    (unsigned long long)f->rip, ve->exit_reason,
		    (unsigned long long)ve->exit_qual,
		    (unsigned long long)ve->gpa, why, b[0], b[1], b[2], b[3],
		    b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		    b[13], b[14], n ? "" : " (unreadable)");
}

/* IN/OUT of 1, 2 or 4 bytes through AL/AX/EAX; string forms are not. */
static void emulate_io(struct arch_trap_frame *f, const struct tdx_ve_info *ve)
{
	unsigned int size =
		(unsigned int)(ve->exit_qual & TDX_IO_SIZE_MASK) + 1;
	uint16_t port = TDX_IO_PORT(ve->exit_qual);
	uint32_t v;

	if (ve->exit_qual & TDX_IO_STRING)
		cannot_emulate(f, ve, "string port I/O");
	if (size != 1 && size != 2 && size != 4)
		cannot_emulate(f, ve, "bad I/O size");
	if (ve->exit_qual & TDX_IO_IN) {
		if (tdx_vmcall_io(port, size, false, &v))
			v = 0xffffffffu; /* as from a missing device */
		reg_write(&f->rax, size, false, v);
	} else {
		v = (uint32_t)(f->rax & mask_of(size));
		(void)tdx_vmcall_io(port, size, true, &v);
	}
}

static void emulate_mmio(struct arch_trap_frame *f,
			 const struct tdx_ve_info *ve, unsigned int *len)
{
	const uint8_t *code = (const uint8_t *)(uintptr_t)f->rip;
	struct tdx_insn in;
	uint64_t v, *r;
	bool write;

	if (f->cs & 3)
		cannot_emulate(f, ve, "MMIO from user mode");
	if (!(ve->gpa & tdx_shared_bit()))
		cannot_emulate(f, ve, "EPT violation on private memory");
	if (!mm_kernel_readable(f->rip, 1))
		cannot_emulate(f, ve, "instruction not readable");
	/* Up to 15 bytes, stopping where the mapping might end. */
	if (tdx_insn_decode(code,
			    mm_kernel_readable(f->rip, 15)
				    ? 15
				    : 4096 - (f->rip & 4095),
			    &in))
		cannot_emulate(f, ve, "not a MOV to or from memory");
	write = in.kind == TDX_INSN_STORE || in.kind == TDX_INSN_STORE_IMM;
	if (write != ((ve->exit_qual & 2) != 0))
		cannot_emulate(f, ve, "access direction disagrees");
	if (ve->gpa & (in.mem_size - 1))
		cannot_emulate(f, ve, "unaligned device access");
	r = in.reg != TDX_INSN_NO_REG ? gpr(f, in.reg) : NULL;
	if (write) {
		v = in.kind == TDX_INSN_STORE_IMM ? in.imm
		    : in.reg_high8		  ? *r >> 8
						  : *r;
		v &= mask_of(in.mem_size);
		if (tdx_vmcall_mmio(ve->gpa, in.mem_size, true, &v))
			cannot_emulate(f, ve, "the host refused the write");
	} else {
		if (tdx_vmcall_mmio(ve->gpa, in.mem_size, false, &v))
			cannot_emulate(f, ve, "the host refused the read");
		v &= mask_of(in.mem_size);
		if (in.kind == TDX_INSN_LOAD_SX && in.mem_size < 8 &&
		    (v >> (8 * in.mem_size - 1) & 1))
			v |= ~mask_of(in.mem_size);
		reg_write(r, in.reg_size, in.reg_high8, v);
	}
	*len = in.len;
}

bool tdx_ve_emulate(struct arch_trap_frame *f, const struct tdx_ve_info *ve)
{
	unsigned int len = ve->insn_len;
	uint32_t id[4];
	uint64_t v;

	switch (ve->exit_reason) {
	case TDX_EXIT_IO:
		emulate_io(f, ve);
		break;
	case TDX_EXIT_CPUID:
		if (tdx_vmcall_cpuid((uint32_t)f->rax, (uint32_t)f->rcx, id))
			id[0] = id[1] = id[2] = id[3] = 0;
		f->rax = id[0];
		f->rbx = id[1];
		f->rcx = id[2];
		f->rdx = id[3];
		break;
	case TDX_EXIT_RDMSR:
		if (tdx_vmcall_rdmsr((uint32_t)f->rcx, &v))
			cannot_emulate(f, ve, "the host refused RDMSR");
		f->rax = (uint32_t)v;
		f->rdx = v >> 32;
		break;
	case TDX_EXIT_WRMSR:
		if (tdx_vmcall_wrmsr((uint32_t)f->rcx,
				     (f->rdx & 0xffffffffull) << 32 |
					     (uint32_t)f->rax))
			cannot_emulate(f, ve, "the host refused WRMSR");
		break;
	case TDX_EXIT_HLT:
		(void)tdx_vmcall_hlt(!(f->rflags & ARCH_RFLAGS_IF));
		break;
	case TDX_EXIT_EPT_VIOLATION:
		emulate_mmio(f, ve, &len);
		break;
	default:
		cannot_emulate(f, ve, "exit reason not emulated");
	}
	if (len == 0 || len > 15)
		cannot_emulate(f, ve, "no instruction length");
	f->rip += len;
	return true;
}

bool tdx_ve_handle(struct arch_trap_frame *f)
{
	struct tdx_ve_info ve;

	if (tdx_ve_info_get(&ve))
		frame_panic("tdx: #VE at %#llx without #VE information",
			    (unsigned long long)f->rip);
	return tdx_ve_emulate(f, &ve);
}
