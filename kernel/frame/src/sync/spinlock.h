/* SPDX-License-Identifier: MIT */
/* The frame's spinlock, for frame code: the public one of <frame/sync.h>. */
#ifndef SYNC_SPINLOCK_H
#define SYNC_SPINLOCK_H

/*
 * Frame code uses the same lock as services; this header stays so that
 * frame files keep one include for it. Taking a spinlock needs the CPU's
 * per-CPU area (it counts held locks there), so nothing may take one
 * before arch_percpu_boot_init() (boot) or arch_percpu_load() (an AP).
 */
#include <frame/sync.h>

#endif /* SYNC_SPINLOCK_H */
