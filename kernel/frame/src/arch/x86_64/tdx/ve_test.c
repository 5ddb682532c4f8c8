/* SPDX-License-Identifier: MIT */
/* ktests of the #VE handler: the decoder, and emulation from synthetic #VEs. */
#include "arch/x86_64/tdx/tdx.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/msr.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/tdx/insn.h"
#include "arch/x86_64/trap/trap_frame.h"
#include "io/io.h"
#include "io/io_test.h"
#include "io/pci_internal.h"
#include "ktest/panic_probe.h"
#include "mm/mm.h"

#define UART_SCR 7

/* Encodings worked out from the SDM's opcode and ModRM/SIB tables. */
KTEST(tdx_insn_decodes_the_mov_forms)
{
	struct tdx_insn in;

	/* mov %eax, (%rbx) */
	KT_ASSERT_OK(tdx_insn_decode((const uint8_t *)"\x89\x03", 2, &in));
	KT_ASSERT_EQ(in.kind, TDX_INSN_STORE);
	KT_ASSERT_EQ(in.len, 2);
	KT_ASSERT_EQ(in.mem_size, 4);
	KT_ASSERT_EQ(in.reg, 0);
	KT_ASSERT_EQ(in.base, 3);
	/* mov 0x12345678(%r8,%r13,8), %r15 : REX.WRXB 8b, SIB, disp32 */
	KT_ASSERT_OK(tdx_insn_decode(
		(const uint8_t *)"\x4f\x8b\xbc\xe8\x78\x56\x34\x12", 8, &in));
	KT_ASSERT_EQ(in.kind, TDX_INSN_LOAD);
	KT_ASSERT_EQ(in.len, 8);
	KT_ASSERT_EQ(in.mem_size, 8);
	KT_ASSERT_EQ(in.reg, 15);
	KT_ASSERT_EQ(in.base, 8);
	KT_ASSERT_EQ(in.index, 13);
	KT_ASSERT_EQ(in.scale, 8);
	KT_ASSERT_EQ(in.disp, 0x12345678);
	/* movw $0xbeef, -0x10(%rbp) : 66 c7 45 f0 ef be */
	KT_ASSERT_OK(tdx_insn_decode(
		(const uint8_t *)"\x66\xc7\x45\xf0\xef\xbe", 6, &in));
	KT_ASSERT_EQ(in.kind, TDX_INSN_STORE_IMM);
	KT_ASSERT_EQ(in.len, 6);
	KT_ASSERT_EQ(in.mem_size, 2);
	KT_ASSERT_EQ(in.disp, -16);
	KT_ASSERT_EQ(in.imm, 0xffffffffffffbeefull);
	/* movq $-1, 0x0(%rip) : 48 c7 05 <disp32> <imm32> */
	KT_ASSERT_OK(tdx_insn_decode(
		(const uint8_t *)"\x48\xc7\x05\0\0\0\0\xff\xff\xff\xff", 11,
		&in));
	KT_ASSERT(in.rip_relative);
	KT_ASSERT_EQ(in.len, 11);
	KT_ASSERT_EQ(in.mem_size, 8);
	KT_ASSERT_EQ(in.imm, ~0ull);
	/* mov (%rax), %ah : no REX, so register 4 is AH */
	KT_ASSERT_OK(tdx_insn_decode((const uint8_t *)"\x8a\x20", 2, &in));
	KT_ASSERT(in.reg_high8);
	KT_ASSERT_EQ(in.reg, 0);
	/* with a REX, the same encoding is %spl */
	KT_ASSERT_OK(tdx_insn_decode((const uint8_t *)"\x40\x8a\x20", 3, &in));
	KT_ASSERT(!in.reg_high8);
	KT_ASSERT_EQ(in.reg, 4);
	/* movzbl 0x4(%rsp), %ecx : SIB with no index; movswq (%rdx), %rax */
	KT_ASSERT_OK(tdx_insn_decode((const uint8_t *)"\x0f\xb6\x4c\x24\x04", 5,
				     &in));
	KT_ASSERT_EQ(in.kind, TDX_INSN_LOAD_ZX);
	KT_ASSERT_EQ(in.index, TDX_INSN_NO_REG);
	KT_ASSERT_EQ(in.base, 4);
	KT_ASSERT_EQ(in.mem_size, 1);
	KT_ASSERT_EQ(in.reg_size, 4);
	KT_ASSERT_OK(
		tdx_insn_decode((const uint8_t *)"\x48\x0f\xbf\x02", 4, &in));
	KT_ASSERT_EQ(in.kind, TDX_INSN_LOAD_SX);
	KT_ASSERT_EQ(in.mem_size, 2);
	KT_ASSERT_EQ(in.reg_size, 8);
	/* mov 0x1000, %eax : SIB base 101 with mod 00 is an absolute disp32 */
	KT_ASSERT_OK(tdx_insn_decode(
		(const uint8_t *)"\x8b\x04\x25\x00\x10\x00\x00", 7, &in));
	KT_ASSERT_EQ(in.base, TDX_INSN_NO_REG);
	KT_ASSERT_EQ(in.disp, 0x1000);
	/* Refused: a register-to-register move, an add, a lock prefix,
	 * C7 /1, and a truncated instruction. */
	KT_ASSERT_ERR(tdx_insn_decode((const uint8_t *)"\x89\xc3", 2, &in),
		      -EINVAL);
	KT_ASSERT_ERR(tdx_insn_decode((const uint8_t *)"\x01\x03", 2, &in),
		      -EINVAL);
	KT_ASSERT_ERR(tdx_insn_decode((const uint8_t *)"\xf0\x89\x03", 3, &in),
		      -EINVAL);
	KT_ASSERT_ERR(
		tdx_insn_decode((const uint8_t *)"\xc7\x08\0\0\0\0", 6, &in),
		-EINVAL);
	KT_ASSERT_ERR(
		tdx_insn_decode((const uint8_t *)"\x8b\x80\x00\x10", 4, &in),
		-ENODATA);
}

/* A frame as the CPU would have pushed it at @code. */
static void frame_at(struct arch_trap_frame *f, const void *code)
{
	memset(f, 0, sizeof(*f));
	f->vector = 20;
	f->rip = (uint64_t)(uintptr_t)code;
	f->rflags = ARCH_RFLAGS_FIXED;
}

/* Port I/O from exit qualifications as the SDM lays them out: size - 1
 * in bits 2:0, IN in bit 3, the port in bits 31:16. */
KTEST(tdx_ve_emulates_port_io)
{
	bool began = tdx_test_sim_begin();
	struct tdx_ve_info ve = { .exit_reason = TDX_EXIT_IO, .insn_len = 1 };
	static const uint8_t code[2] = { 0xee, 0xec }; /* out/in %al, %dx */
	struct arch_trap_frame f;

	frame_at(&f, code);
	f.rax = 0xffffffffffff0061ull;
	f.rdx = COM1_PORT + UART_SCR;
	ve.exit_qual = (uint64_t)(COM1_PORT + UART_SCR) << 16; /* outb */
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.rip, (uint64_t)(uintptr_t)code + 1);
	KT_ASSERT_EQ(arch_port_in8_native(COM1_PORT + UART_SCR), 0x61);
	/* inb: only AL changes */
	arch_port_out8_native(COM1_PORT + UART_SCR, 0x5e);
	ve.exit_qual |= TDX_IO_IN;
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.rax, 0xffffffffffff005eull);
	KT_ASSERT_EQ(f.rip, (uint64_t)(uintptr_t)code + 2);
	tdx_test_sim_end(began);
}

KTEST(tdx_ve_emulates_cpuid_msr_hlt)
{
	bool began = tdx_test_sim_begin();
	struct tdx_ve_info ve = { .exit_reason = TDX_EXIT_CPUID,
				  .insn_len = 2 };
	struct arch_cpuid n = arch_cpuid_native(0, 0);
	uint64_t aux = arch_rdmsr_native(MSR_TSC_AUX);
	static const uint8_t code[1];
	struct arch_trap_frame f;

	frame_at(&f, code);
	f.rax = 0xdead00000000ull; /* leaf 0: the upper half is ignored */
	f.rcx = 0;
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.rax, n.eax);
	KT_ASSERT_EQ(f.rbx, n.ebx);
	KT_ASSERT_EQ(f.rcx, n.ecx);
	KT_ASSERT_EQ(f.rdx, n.edx);
	KT_ASSERT_EQ(f.rip, (uint64_t)(uintptr_t)code + 2);

	ve.exit_reason = TDX_EXIT_RDMSR;
	f.rcx = MSR_TSC_AUX;
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.rdx << 32 | f.rax, aux);
	ve.exit_reason = TDX_EXIT_WRMSR;
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(arch_rdmsr_native(MSR_TSC_AUX), aux);
	KT_ASSERT_EQ(f.rip, (uint64_t)(uintptr_t)code + 6);

	/* HLT with IF set in the frame: halts until the next tick. */
	ve.exit_reason = TDX_EXIT_HLT;
	ve.insn_len = 1;
	f.rflags |= ARCH_RFLAGS_IF;
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.rip, (uint64_t)(uintptr_t)code + 7);
	tdx_test_sim_end(began);
}

/* Stand-in device memory: a RAM page, which the sim reaches as the host
 * would reach a device's registers. */
static uint8_t dev[4096] __attribute__((aligned(4096)));

static struct tdx_ve_info mmio_ve(uint64_t off, bool write)
{
	return (struct tdx_ve_info){
		.exit_reason = TDX_EXIT_EPT_VIOLATION,
		.exit_qual = write ? 2 : 1,
		.gpa = (mm_virt_to_phys(dev).val + off) | tdx_shared_bit(),
	};
}

/* MMIO from EPT-violation #VEs: no length given, the decoder's counts. */
KTEST(tdx_ve_emulates_mmio_movs)
{
	bool began = tdx_test_sim_begin();
	struct tdx_ve_info ve;
	struct arch_trap_frame f;
	uint32_t w;

	memset(dev, 0, sizeof(dev));
	/* mov %ecx, 0x10(%rbx) : 89 4b 10 */
	frame_at(&f, "\x89\x4b\x10");
	f.rcx = 0xffffffff12345678ull;
	ve = mmio_ve(0x10, true);
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	memcpy(&w, dev + 0x10, 4);
	KT_ASSERT_EQ(w, 0x12345678);
	KT_ASSERT_EQ(dev[0x14], 0);
	KT_ASSERT_EQ(f.rip & 0xfff,
		     ((uint64_t)(uintptr_t) "\x89\x4b\x10" + 3) & 0xfff);
	/* movb $0x9a, (%rdi) : c6 07 9a */
	frame_at(&f, "\xc6\x07\x9a");
	ve = mmio_ve(0x20, true);
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(dev[0x20], 0x9a);
	/* mov 0x10(%rbx), %r9d : 44 8b 4b 10: a 32-bit load clears 63:32 */
	frame_at(&f, "\x44\x8b\x4b\x10");
	f.r9 = ~0ull;
	ve = mmio_ve(0x10, false);
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.r9, 0x12345678);
	/* mov 0x20(%rbx), %bh : 8a 7b 20: only bits 15:8 change */
	frame_at(&f, "\x8a\x7b\x20");
	f.rbx = 0x1111111111111111ull;
	ve = mmio_ve(0x20, false);
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.rbx, 0x1111111111119a11ull);
	/* movsbq 0x20(%rbx), %rax : 48 0f be 43 20 */
	frame_at(&f, "\x48\x0f\xbe\x43\x20");
	ve = mmio_ve(0x20, false);
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.rax, 0xffffffffffffff9aull);
	/* movzwl 0x12(%rbx), %edx : 0f b7 53 12 */
	frame_at(&f, "\x0f\xb7\x53\x12");
	f.rdx = ~0ull;
	ve = mmio_ve(0x12, false);
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(f.rdx, 0x1234);
	/* movw %si, 0x30(%rbx) with 66: only two bytes written */
	frame_at(&f, "\x66\x89\x73\x30");
	f.rsi = 0xabcdef;
	ve = mmio_ve(0x30, true);
	KT_ASSERT(tdx_ve_emulate(&f, &ve));
	KT_ASSERT_EQ(dev[0x30], 0xef);
	KT_ASSERT_EQ(dev[0x31], 0xcd);
	KT_ASSERT_EQ(dev[0x32], 0);
	tdx_test_sim_end(began);
}

/*
 * The whole path: real MOVs on a window that tdx-sim leaves unmapped
 * fault, the fault becomes a #VE, the handler decodes the instruction
 * the CPU ran and the sim does the access on the page behind it.
 */
KTEST(tdx_ve_from_a_real_fault)
{
	bool began = tdx_test_sim_begin();
	uint64_t pa = mm_virt_to_phys(dev).val, calls;
	volatile uint8_t *win = mm_iomap(pa, 4096);
	uint64_t q;

	KT_ASSERT(win != NULL);
	/* The I/O window is never reused: this address stays unmapped. */
	mm_iounmap((void *)(uintptr_t)win, 4096);
	memset(dev, 0, sizeof(dev));
	KT_ASSERT_OK(tdx_sim_mmio_window((uint64_t)(uintptr_t)win, pa, 4096));
	KT_ASSERT_ERR(tdx_sim_mmio_window((uint64_t)(uintptr_t)win, pa, 4096),
		      -EBUSY);
	calls = tdx_sim_vmcall_count(TDVMCALL_REQUEST_MMIO);
	*(volatile uint32_t *)(win + 0x40) = 0xcafef00d;
	*(volatile uint64_t *)(win + 0x48) = 0x0123456789abcdefull;
	win[0x50] = 0x77;
	KT_ASSERT_EQ(*(uint32_t *)(dev + 0x40), 0xcafef00d);
	KT_ASSERT_EQ(*(uint64_t *)(dev + 0x48), 0x0123456789abcdefull);
	KT_ASSERT_EQ(dev[0x50], 0x77);
	dev[0x58] = 0x42;
	KT_ASSERT_EQ(win[0x58], 0x42);
	q = *(volatile uint64_t *)(win + 0x48);
	KT_ASSERT_EQ(q, 0x0123456789abcdefull);
	KT_ASSERT_EQ(*(volatile uint16_t *)(win + 0x40), 0xf00d);
	KT_ASSERT_GE(tdx_sim_vmcall_count(TDVMCALL_REQUEST_MMIO), calls + 6);
	tdx_sim_mmio_window_clear();
	tdx_test_sim_end(began);
}

/* What the handler cannot emulate panics, naming the instruction. */
struct ve_case {
	struct arch_trap_frame f;
	struct tdx_ve_info ve;
};

static void emulate_case(void *arg)
{
	struct ve_case *c = arg;

	tdx_ve_emulate(&c->f, &c->ve);
}

KTEST(tdx_ve_refuses_what_it_cannot_emulate)
{
	bool began = tdx_test_sim_begin();
	static struct ve_case c;
	char msg[256];

	/* add %eax, 0x10(%rbx) on device memory: not a MOV */
	frame_at(&c.f, "\x01\x43\x10");
	c.ve = mmio_ve(0x10, true);
	KT_ASSERT_EQ(ktest_panic_probe(emulate_case, &c, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "not a MOV"));
	KT_ASSERT(ktest_msg_has(msg, "instruction bytes 01 43 10"));
	/* A store whose #VE says read. */
	frame_at(&c.f, "\x89\x4b\x10");
	c.ve = mmio_ve(0x10, false);
	KT_ASSERT_EQ(ktest_panic_probe(emulate_case, &c, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "direction"));
	/* A private GPA: no shared bit. */
	c.ve.gpa &= ~tdx_shared_bit();
	c.ve.exit_qual = 2;
	KT_ASSERT_EQ(ktest_panic_probe(emulate_case, &c, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "private memory"));
	/* String port I/O (qualification bit 4). */
	frame_at(&c.f, "\x6e");
	c.ve = (struct tdx_ve_info){ .exit_reason = TDX_EXIT_IO,
				     .exit_qual = TDX_IO_STRING |
						  (uint64_t)0x3f8 << 16,
				     .insn_len = 1 };
	KT_ASSERT_EQ(ktest_panic_probe(emulate_case, &c, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "string port I/O"));
	/* An exit reason with no emulation (INVD, 13), and CPUID without
	 * a length. */
	c.ve = (struct tdx_ve_info){ .exit_reason = 13, .insn_len = 2 };
	KT_ASSERT_EQ(ktest_panic_probe(emulate_case, &c, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "exit reason 13"));
	c.f.rax = 0;
	c.ve = (struct tdx_ve_info){ .exit_reason = TDX_EXIT_CPUID };
	KT_ASSERT_EQ(ktest_panic_probe(emulate_case, &c, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "no instruction length"));
	tdx_test_sim_end(began);
}

/*
 * The same with a real device behind the window: the edu device's
 * registers, which the sim reaches through an uncached mapping of its
 * own. The ID register reads as through the frame's grant, and the
 * liveness register answers a write with its complement.
 */
KTEST(tdx_ve_reaches_a_device)
{
	bool began = tdx_test_sim_begin();
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	volatile uint32_t *win;
	struct io_mem *w;
	uint32_t id = 0;
	uint64_t pa;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_OK(pci_bar_map(d, 0, &w));
	KT_ASSERT_OK(io_mem_read32(w, EDU_ID, &id));
	pa = pci_dev_check(d)->bars[0].addr;
	win = mm_iomap(pa, 4096);
	KT_ASSERT(win != NULL);
	mm_iounmap((void *)(uintptr_t)win, 4096);
	KT_ASSERT_OK(tdx_sim_mmio_window((uint64_t)(uintptr_t)win, pa, 4096));
	KT_ASSERT_EQ(win[EDU_ID / 4], id);
	KT_ASSERT_EQ(id & 0xff, 0xed);
	win[EDU_LIVENESS / 4] = 0x12345678;
	KT_ASSERT_EQ(win[EDU_LIVENESS / 4], ~0x12345678u);
	tdx_sim_mmio_window_clear();
	io_mem_release(w);
	tdx_test_sim_end(began);
}
