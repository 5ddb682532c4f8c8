/* SPDX-License-Identifier: MIT */
/* sysinfo: uptime, memory and the number of processes. */
#include <time/syscalls.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/time.h>

#include "time_internal.h"

/* struct sysinfo of x86-64 Linux: 112 bytes. */
struct sysinfo_user {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram;
	uint64_t totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t pad2;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	uint32_t pad3;
};

_Static_assert(sizeof(struct sysinfo_user) == 112, "Linux's struct sysinfo");

/*
 * The load averages are reported as 0: the scheduler keeps no run-queue
 * history. Memory is the page allocator's, in bytes (mem_unit 1); there
 * is no swap, no high memory, and no buffer or shared accounting.
 */
static void sysinfo_fill(struct sysinfo_user *si)
{
	const struct time_process_ops *ops = time_ops();
	struct frame_page_stats st;
	unsigned int procs = ops->process_count ? ops->process_count() : 1;

	memset(si, 0, sizeof(*si));
	frame_page_stats(&st);
	si->uptime = (int64_t)((frame_clock_monotonic_ns() +
				FRAME_NSEC_PER_SEC - 1) /
			       FRAME_NSEC_PER_SEC);
	si->totalram = (uint64_t)st.managed_pages * FRAME_PAGE_SIZE;
	si->freeram = (uint64_t)st.free_pages * FRAME_PAGE_SIZE;
	si->procs = procs > 0xffff ? 0xffff : (uint16_t)procs;
	si->mem_unit = 1;
}

long sys_sysinfo(const uint64_t a[6])
{
	struct sysinfo_user si;

	sysinfo_fill(&si);
	if (frame_copy_to_user(uaddr_from_syscall_arg(a[0]), &si, sizeof(si)))
		return -EFAULT;
	return 0;
}
