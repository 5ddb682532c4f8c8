/* SPDX-License-Identifier: MIT */
/* Fixture frame: what only the frame may call. */
#ifndef FRAME_INTERNAL_H
#define FRAME_INTERNAL_H

void arch_secret(void);

static inline void arch_halt(void)
{
	__asm__ volatile("hlt");
}

#endif
