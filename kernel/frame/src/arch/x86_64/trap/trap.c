/* SPDX-License-Identifier: MIT */
/* Trap dispatch, and the register-dump panic for unhandled exceptions. */
#include "arch/x86_64/arch.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/trap/extable.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/tdx/tdx.h"
#include "arch/x86_64/trap/vectors.h"
#include "console/console.h"
#include "irq/irq.h"
#include "mm/mm.h"
#include "panic/ksyms.h"
#include "task/task.h"
#include "panic/report.h"

#define VECTOR_DOUBLE_FAULT	  8
#define VECTOR_GENERAL_PROTECTION 13
#define VECTOR_PAGE_FAULT	  14
#define VECTOR_MACHINE_CHECK	  18
#define NUM_EXCEPTIONS		  32

/* Names and mnemonics from the Intel SDM's exception table. */
/* clang-format off */
static const struct {
	const char *name;
	const char *mnemonic;
} exceptions[NUM_EXCEPTIONS] = {
	[0] = { "divide error", "#DE" },
	[1] = { "debug", "#DB" },
	[2] = { "non-maskable interrupt", "NMI" },
	[3] = { "breakpoint", "#BP" },
	[4] = { "overflow", "#OF" },
	[5] = { "bound range exceeded", "#BR" },
	[6] = { "invalid opcode", "#UD" },
	[7] = { "device not available", "#NM" },
	[8] = { "double fault", "#DF" },
	[9] = { "coprocessor segment overrun", "CSO" },
	[10] = { "invalid TSS", "#TS" },
	[11] = { "segment not present", "#NP" },
	[12] = { "stack-segment fault", "#SS" },
	[13] = { "general protection fault", "#GP" },
	[14] = { "page fault", "#PF" },
	[15] = { "reserved exception", "#15" },
	[16] = { "x87 floating-point error", "#MF" },
	[17] = { "alignment check", "#AC" },
	[18] = { "machine check", "#MC" },
	[19] = { "SIMD floating-point exception", "#XM" },
	[20] = { "virtualization exception", "#VE" },
	[21] = { "control protection exception", "#CP" },
	[22] = { "reserved exception", "#22" },
	[23] = { "reserved exception", "#23" },
	[24] = { "reserved exception", "#24" },
	[25] = { "reserved exception", "#25" },
	[26] = { "reserved exception", "#26" },
	[27] = { "reserved exception", "#27" },
	[28] = { "hypervisor injection exception", "#HV" },
	[29] = { "VMM communication exception", "#VC" },
	[30] = { "security exception", "#SX" },
	[31] = { "reserved exception", "#31" },
};
/* clang-format on */

static arch_trap_handler_t trap_handlers[256];

const char *arch_trap_name(unsigned int vector)
{
	return vector < NUM_EXCEPTIONS ? exceptions[vector].name : "interrupt";
}

int arch_trap_set_handler(unsigned int vector, arch_trap_handler_t fn)
{
	arch_trap_handler_t expected = NULL;

	if (vector >= ARRAY_SIZE(trap_handlers) || !fn)
		return -EINVAL;
	if (vector == VECTOR_DOUBLE_FAULT || vector == VECTOR_MACHINE_CHECK)
		return -EPERM;
	if (!__atomic_compare_exchange_n(&trap_handlers[vector], &expected, fn,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return -EBUSY;
	return 0;
}

void arch_trap_clear_handler(unsigned int vector)
{
	if (vector < ARRAY_SIZE(trap_handlers))
		__atomic_store_n(&trap_handlers[vector], NULL,
				 __ATOMIC_RELEASE);
}

/* The page-fault error code in words (Intel SDM vol. 3, "#PF"). */
static void print_page_fault(const struct arch_trap_frame *f)
{
	uint64_t e = f->error_code;

	frame_console_printf(
	    "  fault address (CR2) 0x%016llx: %s on %s, "
	    "%s mode%s\n",
	    (unsigned long long)arch_read_cr2(),
	    e & 0x10   ? "instruction fetch"
	    : e & 0x02 ? "write"
		       : "read",
	    e & 0x01 ? "a protection violation" : "a not-present page",
	    e & 0x04 ? "user" : "kernel", e & 0x08 ? ", reserved bit set" : "");
}

static void print_registers(const struct arch_trap_frame *f)
{
	frame_console_printf(
	    "  RIP %016llx  RSP %016llx  RFLAGS %016llx\n"
	    "  CS  %04llx              SS  %04llx              "
	    "error code %016llx\n"
	    "  RAX %016llx  RBX %016llx  RCX %016llx\n"
	    "  RDX %016llx  RSI %016llx  RDI %016llx\n"
	    "  RBP %016llx  R8  %016llx  R9  %016llx\n"
	    "  R10 %016llx  R11 %016llx  R12 %016llx\n"
	    "  R13 %016llx  R14 %016llx  R15 %016llx\n"
	    "  CR0 %016llx  CR3 %016llx  CR4 %016llx\n",
	    (unsigned long long)f->rip, (unsigned long long)f->rsp,
	    (unsigned long long)f->rflags, (unsigned long long)f->cs,
	    (unsigned long long)f->ss, (unsigned long long)f->error_code,
	    (unsigned long long)f->rax, (unsigned long long)f->rbx,
	    (unsigned long long)f->rcx, (unsigned long long)f->rdx,
	    (unsigned long long)f->rsi, (unsigned long long)f->rdi,
	    (unsigned long long)f->rbp, (unsigned long long)f->r8,
	    (unsigned long long)f->r9, (unsigned long long)f->r10,
	    (unsigned long long)f->r11, (unsigned long long)f->r12,
	    (unsigned long long)f->r13, (unsigned long long)f->r14,
	    (unsigned long long)f->r15, (unsigned long long)arch_read_cr0(),
	    (unsigned long long)arch_read_cr3(),
	    (unsigned long long)arch_read_cr4());
}

/*
 * The return address of the function that trapped, when the frame-pointer
 * chain will not show it: GCC gives leaf functions no frame record even
 * with -fno-omit-frame-pointer, and a fault in a prologue comes before the
 * record exists. Then %rbp still holds the caller's frame, whose walk skips
 * the caller itself; but the return address sits at the top of the stack
 * (one slot up after "push %rbp"), assuming the function pushed nothing
 * else. It is printed marked as a guess. Returns 0 when there is no need to
 * guess, or nothing plausible to find.
 */
static uint64_t guess_return(const struct arch_trap_frame *f)
{
	static const uint8_t prologue[] = {0x55, 0x48, 0x89, 0xe5};
	struct frame_ksym_info fn, caller;
	const uint8_t *code;
	uint64_t slot, ret;

	if (!frame_ksyms_lookup(f->rip, &fn))
		return 0;
	code = (const uint8_t *)(uintptr_t)fn.start;
	if (fn.size >= sizeof(prologue) &&
	    !memcmp(code, prologue, sizeof(prologue))) {
		/* push %rbp; mov %rsp, %rbp: a record, unless not made yet. */
		if (f->rip - fn.start >= sizeof(prologue))
			return 0;
		slot = f->rip == fn.start ? f->rsp : f->rsp + 8;
	} else {
		slot = f->rsp;
	}
	if (slot & 7 || !mm_kernel_readable(slot, 8))
		return 0;
	ret = *(const uint64_t *)(uintptr_t)slot;
	/* Only an address just after a call in a known function will do. */
	if (!frame_ksyms_lookup(ret - 1, &caller))
		return 0;
	return ret;
}

/*
 * A fault in the unmapped gap below a task's stack (the page fault, or the
 * double fault the CPU raises when it cannot push the page fault's frame
 * there) is a stack overflow: say so first, in words.
 */
static void report_stack_overflow(const struct arch_trap_frame *f)
{
	const struct task *t = NULL;

	if (f->cs & 3)
		return;
	if (f->vector == VECTOR_PAGE_FAULT)
		t = task_stack_guard_owner(arch_read_cr2());
	if (!t && (f->vector == VECTOR_PAGE_FAULT ||
		   f->vector == VECTOR_DOUBLE_FAULT))
		t = task_stack_guard_owner(f->rsp - 8);
	if (t)
		frame_console_printf("panic: kernel stack overflow in task "
				     "'%s'\n",
				     task_name(t));
}

/* The default for every vector: report the CPU state and panic. */
__noreturn static void trap_panic(const struct arch_trap_frame *f)
{
	unsigned int v = (unsigned int)f->vector;
	char where[128];

	frame_panic_enter();
	frame_ksyms_format(f->rip, false, where, sizeof(where));
	report_stack_overflow(f);
	if (v < NUM_EXCEPTIONS)
		frame_console_printf("panic: %s (%s, vector %u) at %s\n",
				     exceptions[v].name, exceptions[v].mnemonic,
				     v, where);
	else
		frame_console_printf("panic: unexpected interrupt, vector %u, "
				     "at %s\n",
				     v, where);
	if (v == VECTOR_PAGE_FAULT)
		print_page_fault(f);
	print_registers(f);
	frame_backtrace_print(f->rip, guess_return(f), f->rbp);
	frame_panic_finish();
}

/*
 * Whether a kernel-mode fault is one the exception table covers: a page
 * fault on a user address, or a general-protection fault (a non-canonical
 * address), at an instruction with an entry. A page fault on a kernel
 * address is a kernel bug even inside a user-copy routine (its kernel side
 * must always be valid), so it still panics.
 */
static bool trap_fixup(struct arch_trap_frame *f)
{
	uint64_t fixup;

	if (f->cs & 3)
		return false;
	if (f->vector == VECTOR_PAGE_FAULT) {
		if (arch_read_cr2() >= USER_ADDR_END)
			return false;
	} else if (f->vector != VECTOR_GENERAL_PROTECTION) {
		return false;
	}
	fixup = arch_extable_fixup(f->rip);
	if (!fixup)
		return false;
	f->rip = fixup;
	return true;
}

bool arch_trap_call_handler(struct arch_trap_frame *frame)
{
	arch_trap_handler_t fn = NULL;

	if (frame->vector < ARRAY_SIZE(trap_handlers))
		fn = __atomic_load_n(&trap_handlers[frame->vector],
				     __ATOMIC_ACQUIRE);
	if (fn && fn(frame))
		return true;
	/*
	 * Interrupts are never fatal: irq_dispatch() serves, acknowledges or
	 * counts every vector from 0x20 up, whichever mode it came from.
	 */
	if (frame->vector >= ARCH_VECTOR_EXCEPTIONS_END) {
		irq_dispatch(frame);
		return true;
	}
	return false;
}

void arch_trap_dispatch(struct arch_trap_frame *frame)
{
	/*
	 * A handler first: the one that will resolve user page faults (demand
	 * paging, copy-on-write) must get the chance to map the page before a
	 * user-copy routine gives up on it.
	 */
	/* tdx-sim: a fault on a window that stands for device memory is the
	 * #VE a trust domain would take there (tdx/sim.c). */
	if (unlikely(frame->vector == VECTOR_PAGE_FAULT && tdx_ops) &&
	    tdx_sim_page_fault(frame, arch_read_cr2()))
		return;
	if (arch_trap_call_handler(frame))
		return;
	if (trap_fixup(frame))
		return;
	trap_panic(frame);
}
