/* SPDX-License-Identifier: MIT */
/* Interrupt lines for device drivers, deferred bottom-half work, statistics. */
#ifndef FRAME_IRQ_H
#define FRAME_IRQ_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * Why in the frame: taking an interrupt means programming the interrupt
 * controllers (the local APIC and the I/O APICs are MMIO or MSRs), owning
 * the IDT and acknowledging the interrupt, none of which C can do safely.
 * A wrong vector or a missing EOI silences every device of that priority
 * or more. So a service never sees a vector: it holds an opaque line that
 * the frame routed, and handlers the frame calls.
 *
 * Contexts. A *hard handler* runs right after the interrupt, with
 * interrupts off on this CPU, on the kernel stack of whatever it
 * interrupted (for user code, that of the umode_run() that entered it):
 * it must be short, must not sleep or wait for another interrupt, and
 * usually quiets the device and defers the rest with frame_defer().
 * *Bottom-half* work (frame_defer(), and the callbacks of <frame/time.h>
 * timers) runs after the hard handler of the interrupt that is returning,
 * with interrupts on, never nested in other bottom-half work on the same
 * CPU; it may be interrupted by hard handlers, must not sleep,
 * and must return with interrupts on. Both may allocate with frame_alloc()
 * and log.
 */

/*
 * A device interrupt line: an opaque handle, not an address. It carries a
 * generation that irq_line_free() ends, so a line used after it was freed
 * panics ("stale") even when its vector went to a new line meanwhile. The
 * handle that irq_line_alloc*() returns is the only reference: it is given
 * back by irq_line_free(), exactly once.
 */
struct irq_line;

/*
 * A hard handler: a struct the driver embeds in its device object; the
 * frame calls @fn(handler, line) for each interrupt of the line it was
 * requested on, and the function finds its object with container_of().
 * The frame sends the end-of-interrupt itself after it returns. The
 * member is the frame's.
 */
struct irq_handler {
	void (*fn_)(struct irq_handler *handler, struct irq_line *line);
};

#define IRQ_HANDLER_INIT(fn) \
	{                    \
		.fn_ = (fn)  \
	}

/* irq_handler_init() - set @handler up to call @fn */
void irq_handler_init(struct irq_handler *handler,
		      void (*fn)(struct irq_handler *handler,
				 struct irq_line *line));

/* Flags of irq_line_alloc_gsi(): how the device drives its pin. */
#define IRQ_LINE_LEVEL	    (1u << 0) /* level-triggered, else edge */
#define IRQ_LINE_ACTIVE_LOW (1u << 1) /* active low, else active high */

/*
 * irq_line_alloc() - a line with no pin behind it: for message-signalled
 * interrupts (see irq_line_msi_message()) and for events raised in
 * software with irq_line_raise().
 *
 * Lines are the frame's device vectors (176 of them), shared by all
 * kinds. Returns 0 and the line in *@out, or -ENOSPC when every one is
 * taken. The line starts with no handler.
 */
int irq_line_alloc(struct irq_line **out);

/*
 * irq_line_alloc_isa() - the line of legacy ISA interrupt @isa_irq
 * (0..15: 1 keyboard, 4 COM1, 8 RTC, 12 mouse...), routed through the I/O
 * APIC with the trigger mode and polarity the firmware's MADT gives (edge,
 * active high when it says nothing), masked until a handler is requested.
 *
 * -EINVAL for an IRQ above 15; -ENODEV when no I/O APIC serves it; -EBUSY
 * when its pin already has a line; -ENOSPC when no vector is free.
 */
int irq_line_alloc_isa(unsigned int isa_irq, struct irq_line **out);

/*
 * irq_line_alloc_gsi() - the line of global system interrupt @gsi (an
 * I/O APIC pin; PCI INTx lines are GSIs 16 and up), with @flags
 * (IRQ_LINE_*) saying how the device drives it. Errors as
 * irq_line_alloc_isa(), and -EINVAL for unknown flags.
 */
int irq_line_alloc_gsi(unsigned int gsi, unsigned int flags,
		       struct irq_line **out);

/*
 * irq_line_free() - give the line back: masks its pin, removes the
 * handler (waiting for it to finish if it runs on another CPU), and frees
 * the vector. The handle is stale afterwards: any use of it panics, as
 * does a value that was never a line, and freeing from the line's own
 * handler.
 */
void irq_line_free(struct irq_line *line);

/*
 * irq_line_request() - call @handler's function for each interrupt of
 * @line, and unmask it. @handler must stay valid until irq_line_release()
 * or irq_line_free() has returned. -EINVAL for a NULL handler or one
 * without a function; -EBUSY when the line has a handler (lines are not
 * shared: a level-triggered PCI pin that several devices share needs one
 * line whose handler asks each).
 */
int irq_line_request(struct irq_line *line, struct irq_handler *handler);

/*
 * irq_line_release() - mask @line and remove its handler; after it
 * returns the handler is not running anywhere and will not be called
 * again. The line stays allocated (and routed) for another request.
 */
void irq_line_release(struct irq_line *line);

/*
 * irq_line_mask(), irq_line_unmask() - stop and restart delivery, say
 * while a bottom half drains a level-triggered device. A pin-backed line
 * is masked at the I/O APIC (an edge while masked is lost, a level stays
 * asserted and is delivered on unmask); a line without a pin remembers an
 * interrupt that arrives while masked and delivers it on unmask. Unmasking
 * a line without a handler does nothing. Callable from any context.
 */
void irq_line_mask(struct irq_line *line);
void irq_line_unmask(struct irq_line *line);

/*
 * irq_line_raise() - deliver @line's interrupt to this CPU now, as if the
 * device had raised it (a self-IPI): for software-raised events and for
 * testing drivers. Taken as soon as interrupts are on. Callable from any
 * context.
 */
void irq_line_raise(struct irq_line *line);

/*
 * An MSI message: what a device writes, where, to raise its line. PCI
 * drivers do not need it: pci_msi_enable() and pci_msix_bind()
 * (<frame/pci.h>) program the device from the line themselves, and the
 * frame keeps the MSI capabilities and MSI-X tables out of the drivers'
 * reach.
 */
struct irq_msi_message {
	uint64_t address;
	uint32_t data;
};

/*
 * irq_line_msi_message() - the message for @line, which must come from
 * irq_line_alloc() (-EINVAL for a pin-backed line). Delivered to the boot
 * CPU, fixed, edge-triggered.
 */
int irq_line_msi_message(const struct irq_line *line,
			 struct irq_msi_message *out);

/* irq_line_count() - interrupts delivered on @line since it was allocated */
uint64_t irq_line_count(const struct irq_line *line);

/*
 * Interrupt statistics of the whole machine since boot. Counted with
 * relaxed atomics: each value is exact, a snapshot of several is not.
 */
struct irq_stats {
	uint64_t delivered;	/* every interrupt (not exception) taken */
	uint64_t device;	/* on device lines with a handler */
	uint64_t timer;		/* local APIC timer interrupts */
	uint64_t spurious;	/* the APIC's spurious vector, legacy PIC */
	uint64_t unknown;	/* a vector nothing owns: dropped */
	uint64_t apic_errors;	/* local APIC error interrupts */
	uint64_t bottom_halves; /* frame_defer() work items run */
	unsigned int lines_used, lines_total;
};

/* irq_stats_read() - fill @out */
void irq_stats_read(struct irq_stats *out);

/*
 * irq_stats_vector() - interrupts taken on @vector (0..255), for a
 * /proc/interrupts-style listing; 0 for vectors above 255. A vector
 * number is only a statistics key here: nothing takes one as input.
 */
uint64_t irq_stats_vector(unsigned int vector);

/*
 * Bottom-half work: a struct a service embeds in its own object and
 * defers; the frame calls @fn(work) later, in bottom-half context, and
 * the function finds its object with container_of(). The members are the
 * frame's.
 */
struct __frame_nocopy frame_work {
	struct frame_work *next_;
	void (*fn_)(struct frame_work *work);
	bool pending_;
	struct frame_live_ live_; /* while pending */
};

/* frame_work_init() - set up @work to call @fn; it starts not pending */
void frame_work_init(struct frame_work *work,
		     void (*fn)(struct frame_work *work));

/*
 * frame_defer() - run @work's function once, in bottom-half context, on
 * this CPU, as soon as possible: when the current interrupt returns, or,
 * called outside one, at once through a self-interrupt (that is, as soon
 * as interrupts are on). Returns true when it queued the work, false when
 * it was still pending (it then runs once, not twice). Work deferred from
 * its own function runs again after the other pending work. Callable from
 * any context; @work must stay valid until it has run or been cancelled.
 */
bool frame_defer(struct frame_work *work);

/*
 * frame_work_cancel() - take @work off the queue if it is pending; returns
 * whether it was (then its function will not run for that deferral). It
 * does not wait for a run that has already started.
 */
bool frame_work_cancel(struct frame_work *work);

/* frame_work_pending() - whether @work is queued and has not started */
bool frame_work_pending(const struct frame_work *work);

/*
 * frame_bh_disable(), frame_bh_enable() - hold off bottom-half work on
 * this CPU, for data that task code shares with a bottom half. They nest;
 * the last enable runs (through a self-interrupt) whatever was deferred
 * meanwhile. Hard handlers still run.
 */
void frame_bh_disable(void);
void frame_bh_enable(void);

/*
 * Keeping this CPU's hard handlers out, for data a driver shares with its
 * own hard handler. The pair nests; restore with what save returned:
 *
 *	frame_irq_state_t s = frame_irq_save();
 *	...
 *	frame_irq_restore(s);
 *
 * Only this CPU: data that other CPUs reach needs a lock as well. Why in
 * the frame: it is the interrupt flag, one instruction.
 */
typedef struct {
	bool enabled_;
} frame_irq_state_t;

frame_irq_state_t frame_irq_save(void);
void frame_irq_restore(frame_irq_state_t state);

/* frame_irqs_enabled() - whether this CPU takes interrupts now */
bool frame_irqs_enabled(void);

/*
 * frame_in_interrupt() - whether the caller runs in a hard handler or a
 * bottom half, where it must not sleep
 */
bool frame_in_interrupt(void);

#endif /* FRAME_IRQ_H */
