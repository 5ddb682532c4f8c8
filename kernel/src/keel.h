/* SPDX-License-Identifier: MIT */
/* What Keel's boot files share: the size formatter and the reports. */
#ifndef KEEL_KEEL_H
#define KEEL_KEEL_H

#include <frame/types.h>

/*
 * keel_format_size() - a byte count the way a person reads it: "639 KiB",
 * "254.9 MiB", "17 bytes". The fraction is cut, not rounded, to one
 * decimal.
 */
void keel_format_size(char *buf, size_t size, uint64_t bytes);

/* keel_print_platform() - the CPU, randomness, command line, boot modules
 * and PCI functions, one log line each */
void keel_print_platform(void);

/*
 * keel_cpu_roll_call() - start one task on each CPU and wait for them
 *
 * Returns how many answered from the CPU they were started on: every
 * online CPU when scheduling and SMP work, which the boot report says.
 * -ENOMEM when the tasks cannot be made.
 */
int keel_cpu_roll_call(void);

#endif /* KEEL_KEEL_H */
