/* SPDX-License-Identifier: MIT */
/* Keel's main: the command line, the boot report, then init (PID 1). */
#include <frame/boot.h>
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/log.h>
#include <frame/page.h>
#include <frame/smp.h>
#include <frame/string.h>

#include <syscall/syscall.h>

#include "init.h"
#include "keel.h"

void keel_format_size(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB",
					     "TiB", "PiB", "EiB" };
	uint64_t unit = 1024;
	size_t i = 0;

	if (bytes < 1024) {
		frame_snprintf(buf, size, "%llu bytes",
			       (unsigned long long)bytes);
		return;
	}
	while (i + 1 < ARRAY_SIZE(units) && bytes / unit >= 1024) {
		unit *= 1024;
		i++;
	}
	if (bytes % unit == 0)
		frame_snprintf(buf, size, "%llu %s",
			       (unsigned long long)(bytes / unit), units[i]);
	else
		frame_snprintf(buf, size, "%llu.%llu %s",
			       (unsigned long long)(bytes / unit),
			       (unsigned long long)(bytes % unit * 10 / unit),
			       units[i]);
}

/* The firmware's memory map as a table, and the usable total. */
static void print_memory_map(void)
{
	struct frame_mem_region r;
	uint64_t usable = 0;
	char size[32];

	log_info("memory map (%zu regions):", frame_memmap_count());
	log_info("  %-18s  %-18s  %10s  %s", "start", "end", "size", "type");
	for (size_t i = 0; !frame_memmap_get(i, &r); i++) {
		keel_format_size(size, sizeof(size), r.length);
		log_info("  0x%016llx  0x%016llx  %10s  %s",
			 (unsigned long long)r.start,
			 (unsigned long long)(r.start + r.length), size,
			 frame_mem_type_name(r.type));
		if (r.type == FRAME_MEM_USABLE)
			usable += r.length;
	}
	keel_format_size(size, sizeof(size), usable);
	log_info("usable memory: %s (%llu bytes)", size,
		 (unsigned long long)usable);
}

/* What the page allocator and the heap hold, after the frame's own setup. */
static void print_memory_use(void)
{
	struct frame_page_stats st;
	struct frame_heap_stats hs;
	char free[32], total[32], line[128];
	size_t len = 0;

	frame_page_stats(&st);
	frame_heap_stats(&hs);
	keel_format_size(free, sizeof(free),
			 (uint64_t)st.free_pages * FRAME_PAGE_SIZE);
	keel_format_size(total, sizeof(total),
			 (uint64_t)st.managed_pages * FRAME_PAGE_SIZE);
	log_info("page allocator: %s free of %s; heap: %zu slab pages, %zu "
		 "large allocations",
		 free, total, hs.slab_pages, hs.large_allocations);
	for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o++) {
		int n = frame_snprintf(line + len, sizeof(line) - len, " %zu",
				       st.free_blocks[o]);

		if (n < 0 || (size_t)n >= sizeof(line) - len)
			break;
		len += (size_t)n;
	}
	log_info("free blocks by order 0..%d:%s", FRAME_PAGE_MAX_ORDER, line);
	log_info("free by zone: below 16 MiB %zu, below 4 GiB %zu, above %zu "
		 "pages",
		 st.zone_free[FRAME_PAGE_ZONE_DMA],
		 st.zone_free[FRAME_PAGE_ZONE_DMA32],
		 st.zone_free[FRAME_PAGE_ZONE_HIGH]);
}

/* What the command line says about init and the kernel's own options. */
static struct keel_init_cmdline keel_cmdline;

/*
 * `quiet` raises the log threshold to warnings before anything else is
 * said, so the boot report and the services' progress lines are hidden
 * (an explicit `log=` wins over it); `keel.strace=1` turns the syscall
 * tracer on.
 */
static void keel_apply_cmdline(void)
{
	if (keel_init_cmdline_read(&keel_cmdline))
		log_warn("out of memory reading the command line");
	if (keel_cmdline.quiet && !keel_cmdline.log_given)
		log_set_threshold(LOG_WARN);
	syscall_set_strace(keel_cmdline.strace);
}

static int keel_main(void)
{
	int answered;

	keel_apply_cmdline();
	log_info("Keel %s on frame %s", OSDK_PKG_VERSION, frame_version());
	log_info("booted by '%s' through %s", frame_boot_loader_name(),
		 frame_boot_protocol_name());
	log_info("command line: '%s'", frame_cmdline());
	print_memory_map();
	print_memory_use();
	keel_print_platform();
	answered = keel_cpu_roll_call();
	if (answered < 0)
		return 1;
	log_info("cpus: %d of %d answered the roll call", answered,
		 smp_cpu_count());
	if (answered != smp_cpu_count())
		return 1;
	return keel_init_run(&keel_cmdline);
}

FRAME_MAIN(keel_main);

KTEST(format_size_picks_the_unit)
{
	char buf[32];

	keel_format_size(buf, sizeof(buf), 17);
	KT_ASSERT_STREQ(buf, "17 bytes");
	keel_format_size(buf, sizeof(buf), 639 * 1024);
	KT_ASSERT_STREQ(buf, "639 KiB");
	keel_format_size(buf, sizeof(buf), 1536);
	KT_ASSERT_STREQ(buf, "1.5 KiB");
	keel_format_size(buf, sizeof(buf), 2ull << 30);
	KT_ASSERT_STREQ(buf, "2 GiB");
	keel_format_size(buf, sizeof(buf), ~0ull);
	KT_ASSERT_STREQ(buf, "15.9 EiB");
}
