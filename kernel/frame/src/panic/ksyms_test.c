/* SPDX-License-Identifier: MIT */
/* ktests for symbol lookup and the frame-pointer walk. */
#include "panic/ksyms.h"

#include <frame/boot.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "panic/report.h"

KTEST(ksyms_names_a_frame_function)
{
	uint64_t addr = (uint64_t)(uintptr_t)frame_cmdline_has;
	struct frame_ksym_info sym;
	char buf[96];

	KT_ASSERT_GT(__ksyms_count, 0);
	KT_ASSERT(frame_ksyms_lookup(addr, &sym));
	KT_ASSERT_STREQ(sym.name, "frame_cmdline_has");
	KT_ASSERT_EQ(sym.start, addr);
	KT_ASSERT_GT(sym.size, 1);

	KT_ASSERT(frame_ksyms_lookup(addr + 1, &sym));
	KT_ASSERT_STREQ(sym.name, "frame_cmdline_has");

	frame_ksyms_format(addr + 1, false, buf, sizeof(buf));
	KT_ASSERT_EQ(strncmp(buf, "frame_cmdline_has+0x1/0x", 24), 0);

	/* A return address just past a function still names it. */
	frame_ksyms_format(sym.start + sym.size, true, buf, sizeof(buf));
	KT_ASSERT_EQ(strncmp(buf, "frame_cmdline_has+", 18), 0);
}

KTEST(ksyms_unknown_address_prints_raw)
{
	struct frame_ksym_info sym;
	char buf[32];

	KT_ASSERT(!frame_ksyms_lookup(0x1000, &sym));
	frame_ksyms_format(0x1000, false, buf, sizeof(buf));
	KT_ASSERT_STREQ(buf, "0x0000000000001000");
}

KTEST(backtrace_walks_to_the_boot_code)
{
	uint64_t addrs[BACKTRACE_MAX];
	struct frame_ksym_info sym;
	size_t n;

	n = frame_backtrace_capture(
	    (uint64_t)(uintptr_t)__builtin_frame_address(0), addrs,
	    BACKTRACE_MAX);

	/* The runner called this test; the chain ends in the boot code. */
	KT_ASSERT_GE(n, 3);
	KT_ASSERT(frame_ksyms_lookup(addrs[0] - 1, &sym));
	KT_ASSERT_STREQ(sym.name, "ktest_run_one");
	KT_ASSERT(frame_ksyms_lookup(addrs[n - 1] - 1, &sym));
	KT_ASSERT_STREQ(sym.name, "frame_boot_high");
}
