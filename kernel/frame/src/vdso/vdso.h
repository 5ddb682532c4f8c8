/* SPDX-License-Identifier: MIT */
/* Frame-internal vDSO: boot setup, the data page, per-CPU IA32_TSC_AUX. */
#ifndef VDSO_VDSO_H
#define VDSO_VDSO_H

#include <frame/types.h>

#include "vdso/vdso_data.h"

/*
 * vdso_init() - copy the embedded image into pages of its own, find its
 * entry points, allocate the data page and say how getcpu works. Boot
 * calls it once, after mm_init() and before time_init() (which fills the
 * data page). Panics when the image is malformed: it is the frame's own,
 * so that is a build bug.
 */
void vdso_init(void);

/*
 * vdso_cpu_init() - set this CPU's IA32_TSC_AUX to its number, for the
 * vDSO's getcpu. Every CPU calls it while it comes up (with the other
 * per-CPU user-mode setup).
 */
void vdso_cpu_init(void);

/*
 * vdso_data() - the data page as the kernel writes it (time/vdso_clock.c
 * alone, under the sequence counter); NULL before vdso_init()
 */
struct vdso_data *vdso_data(void);

/* vdso_image() - the image as services' processes see it; for tests */
const void *vdso_image(size_t *len);

#endif /* VDSO_VDSO_H */
