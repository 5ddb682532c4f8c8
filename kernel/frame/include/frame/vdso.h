/* SPDX-License-Identifier: MIT */
/* The vDSO: clocks and the CPU number for user code, without a syscall. */
#ifndef FRAME_VDSO_H
#define FRAME_VDSO_H

#include <frame/types.h>
#include <frame/user.h>

struct vm_space;

/*
 * Linux processes expect a vDSO: a small shared object the kernel maps
 * into every process and names in the auxiliary vector (AT_SYSINFO_EHDR),
 * whose clock_gettime, gettimeofday, time and getcpu libc calls instead of
 * the syscalls. The frame provides it whole: the image (the frame's
 * vdso/vdso.c, built by osdk as a shared object without relocations and
 * embedded in the kernel), and a read-only data page below it that the
 * frame's timekeeping keeps current under a sequence counter. A service
 * only chooses where a process gets them.
 *
 * Why in the frame: the vDSO reads the TSC (RDTSC) and the CPU number
 * (RDPID or RDTSCP, from the IA32_TSC_AUX MSR the frame sets per CPU),
 * instructions a service may not contain, with the TSC-to-nanoseconds
 * parameters that only the frame's clock knows; and the data page must be
 * written by the frame whenever the clocks change (a calibration, a tick,
 * frame_clock_realtime_set()), under a protocol user code can follow.
 *
 * The mapping, FRAME_VDSO_DATA_PAGES data page(s) first, then the image:
 *
 *	addr                      the data page, read-only
 *	addr + image_offset       the ELF image, read-execute: AT_SYSINFO_EHDR
 *	addr + size               end
 *
 * The image exports, under the version node LINUX_2.6 and also as weak
 * unprefixed aliases, __vdso_clock_gettime, __vdso_gettimeofday,
 * __vdso_time and __vdso_getcpu, with Linux's x86-64 signatures and
 * results. It serves CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW,
 * CLOCK_BOOTTIME and the two _COARSE clocks from the data page (the same
 * values frame_clock_monotonic_ns() and frame_clock_realtime_ns() give;
 * the coarse ones advance with the tick), and makes the real syscall for
 * every other clock, for gettimeofday with a time zone, and for getcpu on
 * a CPU without RDPID and RDTSCP: the service must serve clock_gettime
 * (228), gettimeofday (96), time (201) and getcpu (309) as usual.
 */

/* What frame_vdso_map() maps, as offsets from the address it is given. */
struct frame_vdso_layout {
	size_t size;	     /* bytes mapped, a multiple of VM_PAGE_SIZE */
	size_t image_offset; /* the ELF header: AT_SYSINFO_EHDR */
	size_t image_size;   /* the ELF image's bytes (mapped to a page) */
	/* The entry points, for a service that calls them itself (tests):
	 * offsets of __vdso_clock_gettime and the others. */
	size_t clock_gettime, gettimeofday, time, getcpu;
};

/* One page of data below the image. */
#define FRAME_VDSO_DATA_PAGES 1

/*
 * frame_vdso_layout() - the vDSO's layout, the same for every mapping and
 * fixed from boot on
 */
void frame_vdso_layout(struct frame_vdso_layout *out);

/*
 * frame_vdso_map() - map the vDSO into @space at @addr
 *
 * Maps the data page read-only and the image read-execute, layout.size
 * bytes from @addr, which the service chooses (page-aligned, inside
 * [VM_USER_MIN, VM_USER_MAX)); a process's AT_SYSINFO_EHDR is then @addr
 * + layout.image_offset. 0; -EINVAL for a bad @addr; -EEXIST when
 * something is mapped in the range already; -ENOMEM when page tables
 * cannot be allocated. All or nothing.
 *
 * Safety contract: the pages are the frame's and shared by every process;
 * the mapping holds references on them like any other, so a service
 * unmaps them (or lets the space go) as it would its own pages, and may
 * copy the mapping into a child on fork through the cursor API. The frame
 * never reads the pages back, so nothing a process or a service does to
 * them can affect the kernel; writing them (they are reachable through
 * vm_cursor_query()'s page) only corrupts what user code sees.
 */
int frame_vdso_map(struct vm_space *space, uaddr_t addr);

#endif /* FRAME_VDSO_H */
