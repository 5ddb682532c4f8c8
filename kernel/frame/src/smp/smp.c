/* SPDX-License-Identifier: MIT */
/* Starting the application processors, and which CPU is which. */
#include "smp/smp_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/time.h>

#include "arch/x86_64/boot/ap_boot.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/fpu.h"
#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/acpi/madt.h"
#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/cpu/msr.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/umode/uctx.h"
#include "mm/kspace.h"
#include "mm/mm.h"
#include "task/task.h"
#include "time/time.h"

#define AP_STACK_SIZE	  16384
#define DF_STACK_SIZE	  16384
#define EFER_LME	  (1ull << 8)
#define EFER_NXE	  (1ull << 11)
#define PTE_BITS_TABLE	  0x3ull  /* present, writable */
#define PTE_BITS_2M_LEAF  0x83ull /* present, writable, 2 MiB page */
#define KERNEL_HALF_FIRST 256	  /* first top-level entry of the upper half */
#define AP_START_TIMEOUT  FRAME_NSEC_PER_SEC

static int online_count = 1;
static bool ap_started;
static struct arch_percpu *percpus[ARCH_MAX_CPUS];

struct arch_percpu *smp_percpu_of(int cpu)
{
	if (cpu < 0 || cpu >= ARCH_MAX_CPUS)
		return NULL;
	return __atomic_load_n(&percpus[cpu], __ATOMIC_ACQUIRE);
}

void smp_register_cpu(int cpu, struct arch_percpu *pc)
{
	__atomic_store_n(&percpus[cpu], pc, __ATOMIC_RELEASE);
}

/* Busy-wait on the monotonic clock (interrupts may be off). */
static void delay_ns(uint64_t ns)
{
	uint64_t end = frame_clock_monotonic_ns() + ns;

	while (frame_clock_monotonic_ns() < end)
		arch_cpu_relax();
}

int smp_cpu_count(void)
{
	return __atomic_load_n(&online_count, __ATOMIC_ACQUIRE);
}

int smp_this_cpu(void)
{
	return (int)arch_percpu_this()->cpu;
}

/*
 * The AP's first C code, on its boot stack, with the trampoline's root
 * still loaded: switch to the kernel's tables, then set the CPU up the way
 * the boot CPU was, and become the scheduler's.
 */
static __noreturn void ap_main(uint64_t arg)
{
	struct arch_percpu *pc = (struct arch_percpu *)(uintptr_t)arg;

	arch_write_cr3(kspace.root.val);
	arch_mmu_enable();
	arch_percpu_load(pc);
	arch_gdt_init(pc);
	arch_idt_load();
	arch_fpu_cpu_init();
	arch_umode_cpu_init();
	arch_lapic_init_cpu();
	pc->apic_id = arch_lapic_id();
	time_ap_tick_start();
	__atomic_store_n(&ap_started, true, __ATOMIC_RELEASE);
	sched_ap_start((int)pc->cpu);
}

/* Copy the trampoline below 1 MiB and build its private page tables. */
static void trampoline_setup(void)
{
	uint8_t *page = mm_phys_to_virt(paddr(AP_TRAMPOLINE_PA));
	uint64_t *root = mm_phys_to_virt(paddr(AP_TRAMPOLINE_ROOT));
	uint64_t *pdpt = mm_phys_to_virt(paddr(AP_TRAMPOLINE_PDPT));
	uint64_t *pd = mm_phys_to_virt(paddr(AP_TRAMPOLINE_PD));
	const uint64_t *kroot = mm_phys_to_virt(kspace.root);
	size_t len =
		(size_t)(arch_ap_trampoline_end - arch_ap_trampoline_start);
	uint64_t efer = EFER_LME | (arch_rdmsr(MSR_EFER) & EFER_NXE);

	BUG_ON(len > AP_PARAM_CR3);
	memset(page, 0, MM_PAGE_SIZE * AP_TRAMPOLINE_PAGES);
	memcpy(page, arch_ap_trampoline_start, len);
	for (int i = KERNEL_HALF_FIRST; i < 512; i++)
		root[i] = kroot[i];
	root[0] = AP_TRAMPOLINE_PDPT | PTE_BITS_TABLE;
	pdpt[0] = AP_TRAMPOLINE_PD | PTE_BITS_TABLE;
	pd[0] = 0 | PTE_BITS_2M_LEAF;
	*(uint32_t *)(page + AP_PARAM_CR3) = AP_TRAMPOLINE_ROOT;
	*(uint32_t *)(page + AP_PARAM_EFER) = (uint32_t)efer;
	*(uint64_t *)(page + AP_PARAM_ENTRY) = (uint64_t)(uintptr_t)ap_main;
}

/* Start the CPU with APIC ID @apic_id as CPU @cpu; 0 or -errno. */
static int start_ap(uint32_t apic_id, int cpu)
{
	uint8_t *page = mm_phys_to_virt(paddr(AP_TRAMPOLINE_PA));
	struct arch_percpu *pc;
	uint8_t *stack, *df_stack;
	uint64_t start;
	int err;

	err = sched_cpu_init(cpu);
	if (err)
		return err;
	pc = frame_zalloc(sizeof(*pc));
	stack = frame_alloc(AP_STACK_SIZE);
	df_stack = frame_alloc(DF_STACK_SIZE);
	if (!pc || !stack || !df_stack) {
		err = -ENOMEM;
		goto out_free;
	}
	pc->cpu = (uint32_t)cpu;
	pc->double_fault_stack_top =
		(uint64_t)(uintptr_t)(df_stack + DF_STACK_SIZE);
	*(uint64_t *)(page + AP_PARAM_STACK) =
		(uint64_t)(uintptr_t)(stack + AP_STACK_SIZE);
	*(uint64_t *)(page + AP_PARAM_ARG) = (uint64_t)(uintptr_t)pc;
	__atomic_store_n(&ap_started, false, __ATOMIC_RELEASE);

	/* INIT, 10 ms, STARTUP, 200 us, STARTUP (Intel SDM vol. 3, 8.4.4). */
	arch_lapic_send_init(apic_id);
	delay_ns(10 * FRAME_NSEC_PER_MSEC);
	arch_lapic_send_startup(apic_id, AP_TRAMPOLINE_PA);
	delay_ns(200 * 1000);
	if (!__atomic_load_n(&ap_started, __ATOMIC_ACQUIRE))
		arch_lapic_send_startup(apic_id, AP_TRAMPOLINE_PA);
	start = frame_clock_monotonic_ns();
	while (!__atomic_load_n(&ap_started, __ATOMIC_ACQUIRE)) {
		if (frame_clock_monotonic_ns() - start > AP_START_TIMEOUT) {
			/* It may still wake up on our memory: keep it. */
			return -ETIMEDOUT;
		}
		arch_cpu_relax();
	}
	smp_register_cpu(cpu, pc);
	return 0;

out_free:
	frame_free(df_stack);
	frame_free(stack);
	frame_free(pc);
	return err;
}

void smp_init(void)
{
	uint32_t bsp = arch_lapic_id();
	int cpu = 1;

	smp_register_cpu(0, arch_percpu_this());
	smp_tlb_init();
	smp_calls_init();
	if (arch_madt.cpu_count > 1)
		trampoline_setup();
	for (unsigned int i = 0; i < arch_madt.cpu_count; i++) {
		uint32_t id = arch_madt.cpu_apic_ids[i];
		int err;

		if (id == bsp)
			continue;
		err = start_ap(id, cpu);
		if (err) {
			log_warn("smp: CPU with APIC ID %u did not start (%d)",
				 id, err);
			continue;
		}
		cpu++;
		__atomic_store_n(&online_count, cpu, __ATOMIC_RELEASE);
		sched_cpus_set(cpu);
	}
	log_info("smp: %d CPU%s online", cpu, cpu == 1 ? "" : "s");
}
