/* SPDX-License-Identifier: MIT */
/* main.c - the entry point of the {{name}} kernel. */
#include <frame/boot.h>
#include <frame/ktest.h>
#include <frame/log.h>

/*
 * The frame has set up the CPU, memory and the console before it calls this;
 * the return value is the exit code `osdk run` reports.
 */
static int {{ident}}_main(void)
{
	log_info("Hello from the {{name}} kernel!");
	return 0;
}

FRAME_MAIN({{ident}}_main);

/* Kernel unit tests live beside the code; `osdk test` runs them in QEMU. */
KTEST(main_is_registered)
{
	KT_ASSERT_EQ(1 + 1, 2);
}
