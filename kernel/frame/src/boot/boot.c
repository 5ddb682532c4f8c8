/* SPDX-License-Identifier: MIT */
/* The frame's C entry: bring the machine up, then run main or the ktests. */
#include "boot/entry.h"

#include <frame/boot.h>
#include <frame/log.h>
#include <frame/panic.h>
#include <frame/power.h>

#include "arch/x86_64/arch.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/cpuinfo.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/tdx/pv.h"
#include "boot/bootinfo.h"
#include "console/console.h"
#include "io/io.h"
#include "irq/irq.h"
#include "ktest/runner.h"
#include "log/log_setup.h"
#include "mm/mm.h"
#include "random/random.h"
#include "smp/smp_internal.h"
#include "task/task.h"
#include "time/time.h"
#include "vdso/vdso.h"

/* FRAME_MAIN registrations, collected by the linker script. */
extern const frame_main_fn frame_main_start[];
extern const frame_main_fn frame_main_end[];

const char *frame_version(void)
{
	return OSDK_PKG_VERSION;
}

/* The registered main; panics unless there is exactly one. */
static frame_main_fn find_main(void)
{
	size_t n = (size_t)(frame_main_end - frame_main_start);

	if (n == 0)
		frame_panic("no kernel main is registered: a kernel package "
			    "must use FRAME_MAIN(fn) once (boot with 'ktest' "
			    "to run tests instead)");
	if (n > 1)
		frame_panic("%zu kernel mains are registered with FRAME_MAIN; "
			    "a kernel may have only one",
			    n);
	return frame_main_start[0];
}

void frame_boot_main(uint32_t protocol, uint32_t info_phys, uint32_t magic)
{
	int code;

	/*
	 * Whether this is a trust domain before any port is touched: in one,
	 * port I/O must go to the host by TDVMCALL, the IDT not being up yet.
	 */
	arch_tdx_early_init();
	/*
	 * The per-CPU area before anything else: every spinlock counts
	 * itself there. Then the console, so that every later failure can be
	 * reported.
	 */
	arch_percpu_boot_init();
	frame_console_init();
	arch_cpu_init();

	if (frame_bootinfo_init(protocol, info_phys, magic))
		frame_panic("cannot read the boot loader's information");
	frame_log_init();
	/* The command line may ask for tdx-sim; the IDT takes #VE now. */
	arch_tdx_init();
	frame_bootinfo_log();
	arch_cpuinfo_init();
	/* Drops the identity mapping the boot information was read through;
	 * page 0 (and all of the lower half) is unmapped from then on. */
	mm_init();
	vdso_init();
	arch_umode_init();

	/*
	 * Interrupts last: the APICs and the clocks need the I/O window and
	 * the heap. Interrupts go on only once every handler the frame owns
	 * (timer, spurious, APIC error, bottom-half kick) is in place and
	 * every I/O APIC pin is masked, so the first interrupt is the tick.
	 * From here on, main and the ktests run with interrupts on.
	 */
	irq_init();
	time_init();
	random_init();
	console_input_init();
	/* PCI after the ACPI tables (found by irq_init()): MCFG. */
	io_init();
	/* The boot context becomes the first task; then the other CPUs. */
	sched_init();
	arch_irq_enable();
	smp_init();

	if (frame_cmdline_has("ktest"))
		frame_poweroff(ktest_run_all());

	code = find_main()();
	if (code < 0 || code > 255)
		log_warn("main returned %d, which is not an exit code "
			 "(0..255); reporting %d",
			 code, code & 0xff);
	frame_poweroff(code);
}
