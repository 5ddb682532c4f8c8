/* SPDX-License-Identifier: MIT */
/* Walking the frame-pointer chain and printing it symbolized. */
#include "panic/report.h"

#include "console/console.h"
#include "mm/mm.h"
#include "panic/ksyms.h"

/*
 * Whether @rbp may be dereferenced as a frame record: 8-byte aligned, above
 * @prev, and its two words mapped in the kernel's page tables (stacks live
 * in the image or, from the heap, in the direct map).
 */
static bool frame_record_ok(uint64_t rbp, uint64_t prev)
{
	return rbp && !(rbp & 7) && rbp > prev && mm_kernel_readable(rbp, 16);
}

size_t frame_backtrace_capture(uint64_t rbp, uint64_t *out, size_t max)
{
	uint64_t prev = 0;
	size_t n = 0;

	while (n < max && frame_record_ok(rbp, prev)) {
		const uint64_t *record = (const uint64_t *)(uintptr_t)rbp;
		uint64_t ret = record[1];

		if (!ret)
			break;
		out[n++] = ret;
		prev = rbp;
		rbp = record[0];
	}
	return n;
}

static void print_frame(size_t index, uint64_t addr, bool is_return,
			bool guessed)
{
	char sym[128];

	frame_ksyms_format(addr, is_return, sym, sizeof(sym));
	frame_console_printf("  #%zu 0x%016llx %s%s\n", index,
			     (unsigned long long)addr, guessed ? "? " : "",
			     sym);
}

void frame_backtrace_print(uint64_t rip, uint64_t guess, uint64_t rbp)
{
	uint64_t addrs[BACKTRACE_MAX + 1];
	size_t n, index = 0;

	frame_console_printf("backtrace:\n");
	if (rip)
		print_frame(index++, rip, false, false);
	if (guess)
		print_frame(index++, guess, true, true);
	n = frame_backtrace_capture(rbp, addrs, BACKTRACE_MAX + 1);
	for (size_t i = 0; i < n && i < BACKTRACE_MAX; i++)
		print_frame(index++, addrs[i], true, false);
	if (n > BACKTRACE_MAX)
		frame_console_printf("  ...\n");
}
