/* SPDX-License-Identifier: MIT */
/* Interrupt lines, vector ownership, and the dispatcher of every interrupt. */
#include "irq/irq.h"

#include "arch/x86_64/cpu/percpu.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/panic.h>

#include "arch/x86_64/acpi/acpi.h"
#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/apic/ioapic.h"
#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/acpi/madt.h"
#include "arch/x86_64/trap/vectors.h"
#include "lib/handle.h"

enum line_kind {
	LINE_FREE,
	LINE_PLAIN, /* no pin: MSI or software-raised */
	LINE_GSI,   /* an I/O APIC pin */
};

/*
 * One per device vector; a struct irq_line * handed to a service always
 * points into lines[]. Every field is guarded by lines_lock, except
 * count (relaxed atomics, read without the lock) and running (atomics).
 */
struct irq_line {
	uint8_t vector;
	uint8_t kind; /* enum line_kind */
	bool masked;  /* irq_line_mask(); a line with no handler is masked
			 at the pin regardless */
	bool pending; /* arrived while masked; delivered on unmask */
	bool level, active_low;
	uint32_t gsi;
	uint32_t gen;	  /* bumped by irq_line_free() */
	uintptr_t handle; /* the live handle (lib/handle.h) */
	struct irq_handler *handler;
	uint64_t count;
	unsigned int running; /* hard handlers in progress, on any CPU */
};

static struct irq_line lines[ARCH_VECTOR_DEVICE_COUNT];
static struct frame_spinlock lines_lock = FRAME_SPINLOCK_INIT;

#define SYSTEM_VECTORS (ARCH_VECTOR_APIC_ERROR - ARCH_VECTOR_SYSTEM_FIRST)
static irq_system_handler_t system_handlers[SYSTEM_VECTORS];

static irq_return_hook_t preempt_hook;

static uint32_t boot_apic_id;
static bool irq_ready;

/* Statistics; relaxed atomic increments. */
static uint64_t vector_counts[256];
static struct {
	uint64_t delivered, device, timer, spurious, unknown, apic_errors;
	uint64_t bottom_halves;
} stats;

#define STAT_INC(field) __atomic_fetch_add(&(field), 1, __ATOMIC_RELAXED)
#define STAT_GET(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)

/* Error interrupts logged before the log goes quiet about them. */
#define APIC_ERRORS_LOGGED 8

/* In the per-CPU area: all zero (an unlocked, empty queue) to start. */
struct irq_cpu *irq_this_cpu(void)
{
	return &arch_percpu_this()->irq;
}

/* Interrupts off while reading, so a task cannot move CPUs in between. */
bool irq_in_hardirq(void)
{
	uint64_t flags = arch_irq_save();
	bool in = irq_this_cpu()->hardirq_depth != 0;

	arch_irq_restore(flags);
	return in;
}

bool irq_in_bh(void)
{
	uint64_t flags = arch_irq_save();
	bool in = irq_this_cpu()->in_bh;

	arch_irq_restore(flags);
	return in;
}

bool frame_in_interrupt(void)
{
	return irq_in_hardirq() || irq_in_bh();
}

frame_irq_state_t frame_irq_save(void)
{
	return (frame_irq_state_t){ arch_irq_save() & ARCH_RFLAGS_IF };
}

void frame_irq_restore(frame_irq_state_t state)
{
	if (state.enabled_)
		arch_irq_enable();
}

bool frame_irqs_enabled(void)
{
	return arch_irqs_enabled();
}

uint32_t irq_boot_cpu_apic_id(void)
{
	return boot_apic_id;
}

void irq_stats_count_bh(void)
{
	STAT_INC(stats.bottom_halves);
}

/*
 * The line behind a service's handle; panics for anything else: a value
 * that is no line handle, or one whose line was freed since (its
 * generation moved on).
 */
static struct irq_line *line_check_(const struct irq_line *h, const char *what)
{
	uint32_t gen, index;
	struct irq_line *line;

	if (!handle_split((uintptr_t)h, HANDLE_IRQ_LINE, &gen, &index) ||
	    index >= ARRAY_SIZE(lines))
		frame_panic("%s: %p is not an interrupt line", what, h);
	line = &lines[index];
	if (__atomic_load_n(&line->gen, __ATOMIC_ACQUIRE) != gen ||
	    __atomic_load_n(&line->kind, __ATOMIC_RELAXED) == LINE_FREE)
		frame_panic("%s: interrupt line %p is stale (used after "
			    "irq_line_free())",
			    what, h);
	return line;
}

#define line_check(h) line_check_((h), __func__)

void irq_handler_init(struct irq_handler *handler,
		      void (*fn)(struct irq_handler *handler,
				 struct irq_line *line))
{
	handler->fn_ = fn;
}

/* Mask or unmask the pin behind @line, if it has one. Lock held. */
static void line_set_pin(struct irq_line *line, bool masked)
{
	if (line->kind == LINE_GSI)
		BUG_ON(arch_ioapic_set_masked(line->gsi, masked));
}

/*
 * Take a free vector and fill the line in; for a GSI, check the pin is
 * free and route it (masked). Lock held.
 */
static int line_take(enum line_kind kind, uint32_t gsi, bool level,
		     bool active_low, struct irq_line **out)
{
	struct irq_line *free = NULL;
	int ret;

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		if (lines[i].kind == LINE_FREE) {
			if (!free)
				free = &lines[i];
		} else if (kind == LINE_GSI && lines[i].kind == LINE_GSI &&
			   lines[i].gsi == gsi) {
			return -EBUSY;
		}
	}
	if (!free)
		return -ENOSPC;
	if (kind == LINE_GSI) {
		ret = arch_ioapic_route(gsi, free->vector, boot_apic_id, level,
					active_low);
		if (ret)
			return ret;
	}
	free->kind = (uint8_t)kind;
	free->gsi = gsi;
	free->level = level;
	free->active_low = active_low;
	free->masked = false;
	free->pending = false;
	free->handler = NULL;
	free->handle = handle_make(HANDLE_IRQ_LINE, free->gen,
				   (uint32_t)(free - lines));
	__atomic_store_n(&free->count, 0, __ATOMIC_RELAXED);
	*out = (struct irq_line *)free->handle;
	return 0;
}

static int line_alloc(enum line_kind kind, uint32_t gsi, bool level,
		      bool active_low, struct irq_line **out)
{
	uint64_t flags;
	int ret;

	if (!irq_ready)
		return -ENODEV;
	if (kind == LINE_GSI && !arch_ioapic_has_gsi(gsi))
		return -ENODEV;
	flags = frame_spin_lock_irqsave(&lines_lock);
	ret = line_take(kind, gsi, level, active_low, out);
	frame_spin_unlock_irqrestore(&lines_lock, flags);
	return ret;
}

int irq_line_alloc(struct irq_line **out)
{
	return line_alloc(LINE_PLAIN, 0, false, false, out);
}

int irq_line_alloc_isa(unsigned int isa_irq, struct irq_line **out)
{
	const struct arch_isa_route *r;

	if (isa_irq >= ARCH_ISA_IRQS)
		return -EINVAL;
	r = &arch_madt.isa[isa_irq];
	return line_alloc(LINE_GSI, r->gsi, r->level, r->active_low, out);
}

int irq_line_alloc_gsi(unsigned int gsi, unsigned int flags,
		       struct irq_line **out)
{
	if (flags & ~(IRQ_LINE_LEVEL | IRQ_LINE_ACTIVE_LOW))
		return -EINVAL;
	return line_alloc(LINE_GSI, gsi, flags & IRQ_LINE_LEVEL,
			  flags & IRQ_LINE_ACTIVE_LOW, out);
}

/* Wait until no CPU runs @line's handler. */
static void line_quiesce(struct irq_line *line)
{
	if (irq_this_cpu()->current_line == line)
		frame_panic("irq: line %p released from its own handler", line);
	while (__atomic_load_n(&line->running, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
}

void irq_line_release(struct irq_line *line)
{
	uint64_t flags;

	line = line_check(line);
	flags = frame_spin_lock_irqsave(&lines_lock);
	line_set_pin(line, true);
	line->handler = NULL;
	line->pending = false;
	frame_spin_unlock_irqrestore(&lines_lock, flags);
	line_quiesce(line);
}

void irq_line_free(struct irq_line *h)
{
	struct irq_line *line = line_check(h);
	uint64_t flags;

	irq_line_release(h);
	flags = frame_spin_lock_irqsave(&lines_lock);
	if (line->kind == LINE_GSI)
		BUG_ON(arch_ioapic_route(line->gsi, 0, 0, false, false));
	/* Every copy of the handle is stale from here. */
	__atomic_store_n(&line->gen, line->gen + 1, __ATOMIC_RELEASE);
	line->kind = LINE_FREE;
	frame_spin_unlock_irqrestore(&lines_lock, flags);
}

int irq_line_request(struct irq_line *line, struct irq_handler *handler)
{
	uint64_t flags;
	int ret = 0;

	line = line_check(line);
	if (!handler || !handler->fn_)
		return -EINVAL;
	flags = frame_spin_lock_irqsave(&lines_lock);
	if (line->handler) {
		ret = -EBUSY;
		goto out_unlock;
	}
	line->handler = handler;
	line->masked = false;
	line->pending = false;
	line_set_pin(line, false);
out_unlock:
	frame_spin_unlock_irqrestore(&lines_lock, flags);
	return ret;
}

void irq_line_mask(struct irq_line *line)
{
	uint64_t flags;

	line = line_check(line);
	flags = frame_spin_lock_irqsave(&lines_lock);
	line->masked = true;
	line_set_pin(line, true);
	frame_spin_unlock_irqrestore(&lines_lock, flags);
}

void irq_line_unmask(struct irq_line *line)
{
	bool replay = false;
	uint64_t flags;

	line = line_check(line);
	flags = frame_spin_lock_irqsave(&lines_lock);
	line->masked = false;
	if (line->handler) {
		line_set_pin(line, false);
		replay = line->pending;
		line->pending = false;
	}
	frame_spin_unlock_irqrestore(&lines_lock, flags);
	if (replay)
		arch_lapic_send_self_ipi(line->vector);
}

void irq_line_raise(struct irq_line *line)
{
	line = line_check(line);
	arch_lapic_send_self_ipi(line->vector);
}

int irq_line_msi_message(const struct irq_line *line,
			 struct irq_msi_message *out)
{
	const struct irq_line *l = line_check(line);

	if (l->kind != LINE_PLAIN)
		return -EINVAL;
	/* Without interrupt remapping an MSI names an 8-bit APIC ID. */
	if (boot_apic_id > 0xff)
		return -ERANGE;
	/* Intel SDM vol. 3, "Message Signalled Interrupts": fixed, edge,
	 * physical destination. */
	out->address = 0xfee00000ull | (uint64_t)boot_apic_id << 12;
	out->data = l->vector;
	return 0;
}

unsigned int irq_line_vector(const struct irq_line *line)
{
	return line_check(line)->vector;
}

uint64_t irq_line_count(const struct irq_line *line)
{
	return __atomic_load_n(&line_check(line)->count, __ATOMIC_RELAXED);
}

void irq_stats_read(struct irq_stats *out)
{
	uint64_t flags;

	out->delivered = STAT_GET(stats.delivered);
	out->device = STAT_GET(stats.device);
	out->timer = STAT_GET(stats.timer);
	out->spurious = STAT_GET(stats.spurious);
	out->unknown = STAT_GET(stats.unknown);
	out->apic_errors = STAT_GET(stats.apic_errors);
	out->bottom_halves = STAT_GET(stats.bottom_halves);
	out->lines_total = ARRAY_SIZE(lines);
	out->lines_used = 0;
	flags = frame_spin_lock_irqsave(&lines_lock);
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		out->lines_used += lines[i].kind != LINE_FREE;
	frame_spin_unlock_irqrestore(&lines_lock, flags);
}

uint64_t irq_stats_vector(unsigned int vector)
{
	return vector < 256 ? STAT_GET(vector_counts[vector]) : 0;
}

int irq_set_system_handler(unsigned int vector, irq_system_handler_t fn)
{
	irq_system_handler_t expected = NULL;

	if (vector < ARCH_VECTOR_SYSTEM_FIRST ||
	    vector >= ARCH_VECTOR_APIC_ERROR || !fn)
		return -EINVAL;
	if (!__atomic_compare_exchange_n(
		    &system_handlers[vector - ARCH_VECTOR_SYSTEM_FIRST],
		    &expected, fn, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return -EBUSY;
	return 0;
}

irq_return_hook_t irq_preempt_hook(void)
{
	return __atomic_load_n(&preempt_hook, __ATOMIC_ACQUIRE);
}

void irq_set_preempt_hook(irq_return_hook_t fn)
{
	__atomic_store_n(&preempt_hook, fn, __ATOMIC_RELEASE);
}

/* Nothing owns @vector: count it, and end it only if the APIC began it. */
static void dispatch_unowned(unsigned int vector, bool spurious)
{
	if (spurious)
		STAT_INC(stats.spurious);
	else
		STAT_INC(stats.unknown);
	if (arch_lapic_in_service(vector))
		arch_lapic_eoi();
}

static void dispatch_device(struct irq_cpu *cpu, unsigned int vector)
{
	struct irq_line *line = &lines[vector - ARCH_VECTOR_DEVICE_FIRST];
	struct irq_handler *handler;
	uintptr_t handle;

	frame_spin_lock(&lines_lock);
	handler = line->handler;
	handle = line->handle;
	if (handler && line->masked)
		line->pending = true;
	if (!handler || line->masked) {
		frame_spin_unlock(&lines_lock);
		if (handler)
			arch_lapic_eoi();
		else
			dispatch_unowned(vector, false);
		return;
	}
	__atomic_fetch_add(&line->running, 1, __ATOMIC_ACQUIRE);
	frame_spin_unlock(&lines_lock);

	__atomic_fetch_add(&line->count, 1, __ATOMIC_RELAXED);
	STAT_INC(stats.device);
	cpu->current_line = line;
	handler->fn_(handler, (struct irq_line *)handle);
	cpu->current_line = NULL;
	__atomic_fetch_sub(&line->running, 1, __ATOMIC_RELEASE);
	arch_lapic_eoi();
}

static void dispatch_apic_error(void)
{
	uint32_t esr = arch_lapic_error_status();
	uint64_t n =
		__atomic_add_fetch(&stats.apic_errors, 1, __ATOMIC_RELAXED);

	if (n <= APIC_ERRORS_LOGGED)
		log_warn("irq: local APIC error, status 0x%x%s", esr,
			 n == APIC_ERRORS_LOGGED ? " (no more reported)" : "");
	arch_lapic_eoi();
}

static void dispatch_system(struct arch_trap_frame *frame, unsigned int vector)
{
	irq_system_handler_t fn = __atomic_load_n(
		&system_handlers[vector - ARCH_VECTOR_SYSTEM_FIRST],
		__ATOMIC_ACQUIRE);

	if (!fn) {
		dispatch_unowned(vector, false);
		return;
	}
	if (vector == ARCH_VECTOR_TIMER)
		STAT_INC(stats.timer);
	fn(frame);
	arch_lapic_eoi();
}

void irq_dispatch(struct arch_trap_frame *frame)
{
	unsigned int vector = (unsigned int)frame->vector;
	struct irq_cpu *cpu = irq_this_cpu();
	irq_return_hook_t hook;

	BUG_ON(vector < ARCH_VECTOR_EXCEPTIONS_END || vector > 255);
	STAT_INC(stats.delivered);
	STAT_INC(vector_counts[vector]);
	/* For the tick's CPU-time sample (task/sched.c). */
	if (!cpu->hardirq_depth && !cpu->in_bh)
		cpu->from_user = (frame->cs & 3) != 0;
	cpu->hardirq_depth++;
	if (vector == ARCH_VECTOR_SPURIOUS ||
	    (vector >= ARCH_VECTOR_PIC_FIRST && vector <= ARCH_VECTOR_PIC_LAST))
		dispatch_unowned(vector, true);
	else if (vector == ARCH_VECTOR_APIC_ERROR)
		dispatch_apic_error();
	else if (vector >= ARCH_VECTOR_SYSTEM_FIRST)
		dispatch_system(frame, vector);
	else
		dispatch_device(cpu, vector);
	cpu->hardirq_depth--;

	/* Bottom halves and the hook only when returning to task context. */
	if (cpu->hardirq_depth || cpu->in_bh)
		return;
	irq_bh_run(cpu);
	hook = __atomic_load_n(&preempt_hook, __ATOMIC_ACQUIRE);
	if (hook)
		hook(frame);
}

void irq_init(void)
{
	unsigned int ioapics;
	bool madt;

	arch_acpi_init();
	arch_lapic_init();
	boot_apic_id = arch_lapic_id();
	madt = arch_madt_init(boot_apic_id);
	ioapics = arch_ioapic_init();
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		lines[i].vector = (uint8_t)(ARCH_VECTOR_DEVICE_FIRST + i);
		lines[i].gen = 1;
	}
	irq_ready = true;
	irq_bh_init();
	log_info("interrupts: %s, boot CPU APIC ID %u, %u I/O APIC%s with "
		 "%u pins, %u CPU%s%s",
		 arch_lapic_x2apic() ? "x2APIC" : "xAPIC", boot_apic_id,
		 ioapics, ioapics == 1 ? "" : "s", arch_ioapic_pins(),
		 arch_madt.cpu_count, arch_madt.cpu_count == 1 ? "" : "s",
		 madt ? " (ACPI MADT)" : " (PC defaults)");
}
