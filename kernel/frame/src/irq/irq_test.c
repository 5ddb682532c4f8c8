/* SPDX-License-Identifier: MIT */
/* ktests for interrupt lines, dispatch, statistics and the return hooks. */
#include "irq/irq.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/trap/vectors.h"
#include "ktest/panic_probe.h"

/* Halt until *@counter reaches @want or a second has passed. */
static bool wait_count(const unsigned int *counter, unsigned int want)
{
	uint64_t start = frame_clock_monotonic_ns();

	while (__atomic_load_n(counter, __ATOMIC_RELAXED) < want) {
		if (frame_clock_monotonic_ns() - start > FRAME_NSEC_PER_SEC)
			return false;
		arch_irq_enable_and_halt();
	}
	return true;
}

static struct irq_line *all_lines[ARCH_VECTOR_DEVICE_COUNT];

static void never_called(struct irq_handler *h, struct irq_line *line)
{
	(void)h;
	(void)line;
}

static struct irq_handler never_handler = IRQ_HANDLER_INIT(never_called);

KTEST(irq_lines_allocate_until_exhausted)
{
	struct irq_stats before, full, after;
	struct irq_line *extra;
	unsigned int n = 0;
	int ret;

	irq_stats_read(&before);
	KT_ASSERT_EQ(before.lines_total, ARCH_VECTOR_DEVICE_COUNT);
	while (!(ret = irq_line_alloc(&all_lines[n])))
		n++;
	irq_stats_read(&full);
	KT_ASSERT_ERR(irq_line_alloc(&extra), -ENOSPC);
	KT_ASSERT_ERR(irq_line_alloc_isa(1, &extra), -ENOSPC);
	for (unsigned int i = 0; i < n; i++)
		irq_line_free(all_lines[i]);
	irq_stats_read(&after);

	KT_ASSERT_EQ(ret, -ENOSPC);
	KT_ASSERT_EQ(n, before.lines_total - before.lines_used);
	KT_ASSERT_EQ(full.lines_used, full.lines_total);
	KT_ASSERT_EQ(after.lines_used, before.lines_used);
	/* Every line was distinct. */
	for (unsigned int i = 1; i < n; i++)
		KT_ASSERT_NE(all_lines[i], all_lines[i - 1]);
}

KTEST(irq_request_rules)
{
	struct irq_handler empty = { 0 };
	struct irq_line *line;

	KT_ASSERT_OK(irq_line_alloc(&line));
	KT_ASSERT_ERR(irq_line_request(line, NULL), -EINVAL);
	KT_ASSERT_ERR(irq_line_request(line, &empty), -EINVAL);
	KT_ASSERT_OK(irq_line_request(line, &never_handler));
	KT_ASSERT_ERR(irq_line_request(line, &never_handler), -EBUSY);
	irq_line_release(line);
	KT_ASSERT_OK(irq_line_request(line, &never_handler));
	irq_line_free(line);
}

/* What a raised line's hard handler and its bottom half observed. */
static struct {
	unsigned int hard, soft;
	bool hard_irqs_on, hard_in_interrupt, soft_irqs_on, soft_in_bh;
	unsigned int order[2], next;
	struct frame_work work;
	struct irq_handler handler;
} seen;

static void line_bottom_half(struct frame_work *work)
{
	(void)work;
	seen.soft_irqs_on = arch_irqs_enabled();
	seen.soft_in_bh = irq_in_bh() && frame_in_interrupt();
	seen.order[seen.next++ % 2] = 2;
	__atomic_fetch_add(&seen.soft, 1, __ATOMIC_RELAXED);
}

static void line_hard(struct irq_handler *h, struct irq_line *line)
{
	(void)h;
	(void)line;
	seen.hard_irqs_on = arch_irqs_enabled();
	seen.hard_in_interrupt = irq_in_hardirq() && frame_in_interrupt();
	seen.order[seen.next++ % 2] = 1;
	__atomic_fetch_add(&seen.hard, 1, __ATOMIC_RELAXED);
	frame_defer(&seen.work);
}

KTEST(irq_raised_line_runs_handler_then_bottom_half)
{
	struct irq_line *line;
	struct irq_stats s0, s1;
	unsigned int vector;
	uint64_t vcount;

	seen = (__typeof__(seen)){ 0 };
	frame_work_init(&seen.work, line_bottom_half);
	KT_ASSERT_OK(irq_line_alloc(&line));
	irq_handler_init(&seen.handler, line_hard);
	KT_ASSERT_OK(irq_line_request(line, &seen.handler));
	vector = irq_line_vector(line);
	vcount = irq_stats_vector(vector);
	irq_stats_read(&s0);
	irq_line_raise(line);
	KT_ASSERT(wait_count(&seen.soft, 1));
	irq_stats_read(&s1);
	KT_ASSERT_EQ(irq_line_count(line), 1);
	irq_line_free(line);

	KT_ASSERT_EQ(seen.hard, 1);
	KT_ASSERT_EQ(seen.soft, 1);
	KT_ASSERT_EQ(seen.order[0], 1);
	KT_ASSERT_EQ(seen.order[1], 2);
	KT_ASSERT(!seen.hard_irqs_on);
	KT_ASSERT(seen.hard_in_interrupt);
	KT_ASSERT(seen.soft_irqs_on);
	KT_ASSERT(seen.soft_in_bh);
	KT_ASSERT(!frame_in_interrupt());
	KT_ASSERT_GE(vector, ARCH_VECTOR_DEVICE_FIRST);
	KT_ASSERT_LE(vector, ARCH_VECTOR_DEVICE_LAST);
	KT_ASSERT_EQ(irq_stats_vector(vector), vcount + 1);
	KT_ASSERT_GE(s1.device, s0.device + 1);
	KT_ASSERT_GE(s1.bottom_halves, s0.bottom_halves + 1);
	KT_ASSERT_GE(s1.delivered, s0.delivered + 1);
}

static unsigned int mask_hits;

static void count_mask_hit(struct irq_handler *h, struct irq_line *line)
{
	(void)h;
	(void)line;
	__atomic_fetch_add(&mask_hits, 1, __ATOMIC_RELAXED);
}

static struct irq_handler mask_handler = IRQ_HANDLER_INIT(count_mask_hit);

KTEST(irq_masked_line_delivers_on_unmask)
{
	struct irq_line *line;
	unsigned int while_masked;

	mask_hits = 0;
	KT_ASSERT_OK(irq_line_alloc(&line));
	KT_ASSERT_OK(irq_line_request(line, &mask_handler));
	irq_line_mask(line);
	irq_line_raise(line);
	irq_line_raise(line);
	frame_delay_us(2000);
	while_masked = __atomic_load_n(&mask_hits, __ATOMIC_RELAXED);
	irq_line_unmask(line);
	KT_ASSERT(wait_count(&mask_hits, 1));
	frame_delay_us(2000);
	irq_line_free(line);

	KT_ASSERT_EQ(while_masked, 0);
	/* Two raises while masked are remembered as one. */
	KT_ASSERT_EQ(mask_hits, 1);
}

KTEST(irq_spurious_and_unknown_vectors_are_counted)
{
	struct irq_line *line;
	struct irq_stats s0, s1;
	unsigned int vector;
	uint64_t ticks;

	/* A line nobody handles: its vector has no owner. */
	KT_ASSERT_OK(irq_line_alloc(&line));
	vector = irq_line_vector(line);
	irq_stats_read(&s0);
	/* Apart, so that the APIC cannot merge two into one. */
	irq_line_raise(line);
	frame_delay_us(500);
	irq_line_raise(line);
	frame_delay_us(500);
	/* The spurious vector and a legacy PIC vector, as the APIC would
	 * deliver them; the dispatcher ends only what is in service. */
	arch_lapic_send_self_ipi(ARCH_VECTOR_SPURIOUS);
	frame_delay_us(500);
	arch_lapic_send_self_ipi(ARCH_VECTOR_PIC_FIRST + 7);
	frame_delay_us(500);
	irq_stats_read(&s1);
	irq_line_free(line);

	KT_ASSERT_EQ(s1.unknown - s0.unknown, 2);
	KT_ASSERT_EQ(s1.spurious - s0.spurious, 2);
	KT_ASSERT(!arch_lapic_in_service(vector));
	KT_ASSERT(!arch_lapic_in_service(ARCH_VECTOR_SPURIOUS));
	/* Interrupts still flow: the tick goes on. */
	ticks = frame_ticks();
	frame_delay_us(20000);
	KT_ASSERT_GT(frame_ticks(), ticks);
}

KTEST(irq_msi_message_targets_the_boot_cpu)
{
	struct irq_line *line;
	struct irq_msi_message msg;

	KT_ASSERT_OK(irq_line_alloc(&line));
	KT_ASSERT_OK(irq_line_msi_message(line, &msg));
	KT_ASSERT_EQ(msg.address,
		     0xfee00000ull | (uint64_t)irq_boot_cpu_apic_id() << 12);
	KT_ASSERT_EQ(msg.data, irq_line_vector(line));
	irq_line_free(line);
}

static unsigned int preempt_calls;
static uint64_t preempt_cs;
static irq_return_hook_t saved_hook;

/* Counts, then chains to the scheduler's hook, which stays in charge. */
static void count_preempt(struct arch_trap_frame *frame)
{
	preempt_cs = frame->cs;
	__atomic_fetch_add(&preempt_calls, 1, __ATOMIC_RELAXED);
	if (saved_hook)
		saved_hook(frame);
}

/* Interrupts returning to this test (task context) reach the hook. */
KTEST(irq_preempt_hook_runs_on_return_to_task_context)
{
	bool ok;

	preempt_calls = 0;
	saved_hook = irq_preempt_hook();
	irq_set_preempt_hook(count_preempt);
	ok = wait_count(&preempt_calls, 2);
	irq_set_preempt_hook(saved_hook);
	KT_ASSERT(ok);

	KT_ASSERT_EQ(preempt_cs & 3, 0);
}

KTEST(irq_save_restore_nests)
{
	frame_irq_state_t outer, inner;
	bool off_inside, off_after_inner;

	KT_ASSERT(frame_irqs_enabled());
	outer = frame_irq_save();
	off_inside = !frame_irqs_enabled();
	inner = frame_irq_save();
	frame_irq_restore(inner);
	off_after_inner = !frame_irqs_enabled();
	frame_irq_restore(outer);

	KT_ASSERT(off_inside);
	KT_ASSERT(off_after_inner);
	KT_ASSERT(frame_irqs_enabled());
}

static void free_line(void *line)
{
	irq_line_free(line);
}

static void raise_line(void *line)
{
	irq_line_raise(line);
}

/*
 * A freed line's handle is stale: using it again panics, even once its
 * vector belongs to a new line (which the old handle must not reach).
 */
KTEST(irq_line_after_free_is_caught)
{
	struct irq_line *old, *new;
	char msg[160];
	int caught_free, caught_raise;

	KT_ASSERT_OK(irq_line_alloc(&old));
	irq_line_free(old);
	KT_ASSERT_OK(irq_line_alloc(&new));
	KT_ASSERT(new != old);
	caught_raise = ktest_panic_probe(raise_line, old, msg, sizeof(msg));
	KT_ASSERT(ktest_msg_has(msg, "stale"));
	caught_free = ktest_panic_probe(free_line, old, msg, sizeof(msg));
	KT_ASSERT_EQ(irq_line_count(new), 0);
	irq_line_free(new);
	KT_ASSERT_EQ(caught_raise, 1);
	KT_ASSERT_EQ(caught_free, 1);
	KT_ASSERT_EQ(ktest_panic_probe(free_line, &msg, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "not an interrupt line"));
}
