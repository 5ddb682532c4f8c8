/* SPDX-License-Identifier: MIT */
/* Silencing the legacy 8259 PICs that the firmware leaves programmed. */
#include "arch/x86_64/arch.h"

#include "arch/x86_64/cpu/cpu.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

#define ICW1_INIT_ICW4 0x11 /* edge-triggered, cascade, ICW4 follows */
#define ICW4_8086      0x01

/* Vectors the PICs deliver at after remapping: clear of the exceptions. */
#define PIC1_VECTOR 0x20
#define PIC2_VECTOR 0x28

/* A write to an unused port: gives the old PICs time between commands. */
static void io_wait(void)
{
	arch_outb(0x80, 0);
}

/*
 * The BIOS leaves the PICs delivering IRQ 0-7 on vectors 8-15, where a
 * timer tick would look like a double fault. Move them above the
 * exceptions and mask every line: the frame does not use them.
 */
void arch_pic_disable(void)
{
	arch_outb(PIC1_CMD, ICW1_INIT_ICW4);
	io_wait();
	arch_outb(PIC2_CMD, ICW1_INIT_ICW4);
	io_wait();
	arch_outb(PIC1_DATA, PIC1_VECTOR);
	io_wait();
	arch_outb(PIC2_DATA, PIC2_VECTOR);
	io_wait();
	arch_outb(PIC1_DATA, 1 << 2); /* the slave hangs off IRQ 2 */
	io_wait();
	arch_outb(PIC2_DATA, 2); /* its cascade identity */
	io_wait();
	arch_outb(PIC1_DATA, ICW4_8086);
	io_wait();
	arch_outb(PIC2_DATA, ICW4_8086);
	io_wait();

	arch_outb(PIC1_DATA, 0xff);
	arch_outb(PIC2_DATA, 0xff);
}
