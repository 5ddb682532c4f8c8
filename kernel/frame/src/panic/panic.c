/* SPDX-License-Identifier: MIT */
/* frame_panic(): report, backtrace, and power off with the panic code. */
#include <frame/panic.h>

#include "arch/x86_64/cpu/cpu.h"
#include "console/console.h"
#include "ktest/panic_probe.h"
#include "ktest/runner.h"
#include "panic/report.h"
#include "power/power.h"

static int panic_depth;

__noreturn static void panic_poweroff(void)
{
	int index;

	power_stop(ktest_current(&index) ? POWER_STOP_KTEST_PANIC
					 : POWER_STOP_PANIC,
		   0);
}

void frame_panic_finish(void)
{
	int index;

	if (ktest_current(&index))
		frame_console_printf("ktest: panic %d\n", index);
	panic_poweroff();
}

void frame_panic_enter(void)
{
	int depth;

	arch_irq_disable();
	depth = __atomic_add_fetch(&panic_depth, 1, __ATOMIC_SEQ_CST);
	if (depth == 1) {
		frame_console_takeover();
		return;
	}
	if (depth == 2) {
		frame_console_takeover();
		frame_console_printf("\npanic: nested panic while reporting a "
				     "panic; stopping\n");
		frame_panic_finish();
	}
	panic_poweroff();
}

void frame_panic(const char *fmt, ...)
{
	uint64_t flags;
	va_list ap;

	/* A ktest that expects this panic gets it back instead. */
	va_start(ap, fmt);
	ktest_panic_catch(fmt, ap);
	va_end(ap);
	frame_panic_enter();

	flags = frame_console_lock();
	frame_console_write_locked("panic: ", 7);
	va_start(ap, fmt);
	frame_console_vprintf_locked(fmt, ap);
	va_end(ap);
	frame_console_write_locked("\n", 1);
	frame_console_unlock(flags);

	/* Start at our own frame: its return address is the caller's site. */
	frame_backtrace_print(0, 0,
			      (uint64_t)(uintptr_t)__builtin_frame_address(0));
	frame_panic_finish();
}
