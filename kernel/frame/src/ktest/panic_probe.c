/* SPDX-License-Identifier: MIT */
/* ktest_panic_probe(): a test that expects a check to panic, survives it. */
#include "ktest/panic_probe.h"

#include <frame/format.h>

#include "arch/x86_64/cpu/irq_flags.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/setjmp.h"
#include "task/task.h"

/*
 * The probe records who armed it: the task, and the state the panic must
 * find (no spinlock, the same interrupt flag, no interrupt handler) for a
 * jump back to leave nothing behind. A panic anywhere else is real.
 */
static struct {
	struct task *task;
	bool irqs;
	char *msg;
	size_t len;
	struct arch_jmp_buf jmp;
} probe;

void ktest_panic_catch(const char *fmt, va_list ap)
{
	struct task *armed = __atomic_load_n(&probe.task, __ATOMIC_ACQUIRE);
	const struct irq_cpu *ic;

	if (!armed)
		return;
	ic = irq_this_cpu();
	if (sched_current() != armed || arch_preempt_count() ||
	    ic->hardirq_depth || ic->in_bh || arch_irqs_enabled() != probe.irqs)
		return;
	frame_vsnprintf(probe.msg, probe.len, fmt, ap);
	arch_longjmp(&probe.jmp, 1);
}

int ktest_panic_probe(void (*fn)(void *), void *arg, char *msg, size_t len)
{
	int ret = 0;

	probe.msg = msg;
	probe.len = len;
	probe.irqs = arch_irqs_enabled();
	if (len)
		msg[0] = '\0';
	if (arch_setjmp(&probe.jmp) == 0) {
		__atomic_store_n(&probe.task, sched_current(),
				 __ATOMIC_RELEASE);
		fn(arg);
	} else {
		ret = 1;
	}
	__atomic_store_n(&probe.task, NULL, __ATOMIC_RELEASE);
	return ret;
}
