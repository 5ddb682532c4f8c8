/* SPDX-License-Identifier: MIT */
/* Running a function that may fault, and reporting the fault: for ktests. */
#ifndef ARCH_X86_64_FAULT_PROBE_H
#define ARCH_X86_64_FAULT_PROBE_H

#include <frame/types.h>

/* The fault a probe caught. */
struct arch_fault {
	unsigned int vector; /* 13 (#GP) or 14 (#PF) */
	uint64_t error_code;
	uint64_t address; /* CR2, for a page fault */
};

/* Page-fault error code bits (Intel SDM vol. 3, "Page-Fault Exception"). */
#define PF_ERR_PRESENT (1u << 0) /* a protection violation, not a miss */
#define PF_ERR_WRITE   (1u << 1)
#define PF_ERR_USER    (1u << 2)
#define PF_ERR_FETCH   (1u << 4)

/*
 * arch_fault_probe() - call @fn(@arg); catch a page or general-protection
 * fault it takes
 *
 * Returns 1 and fills *@out when @fn faulted (it is abandoned at the
 * fault, as a failed ktest is), 0 when it returned normally, -EBUSY when
 * another handler holds vector 13 or 14. Tests use it to prove that an
 * access is refused (W^X, NX, SMEP, SMAP) without crashing the kernel.
 * Not reentrant; @fn must not hold locks at the point where it may fault.
 */
int arch_fault_probe(void (*fn)(void *), void *arg, struct arch_fault *out);

#endif /* ARCH_X86_64_FAULT_PROBE_H */
