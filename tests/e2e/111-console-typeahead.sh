#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Console input typed before the kernel reads it is not lost: a kernel that
# reads one line from the console gets every byte piped into `osdk run`.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel typeahead
expect_rc 0 "new --kernel creates the reading kernel"
cat >typeahead/src/main.c <<'C'
/* SPDX-License-Identifier: MIT */
/* Reads one line from the console and reports it. */
#include <frame/boot.h>
#include <frame/console.h>
#include <frame/log.h>

static int typeahead_main(void)
{
	char line[256];
	size_t n = 0;

	while (n < sizeof(line) - 1) {
		if (frame_console_read(line + n, 1, 0) != 1)
			return 2;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	log_info("read %zu bytes: [%s], %llu dropped", n, line,
		 (unsigned long long)frame_console_rx_dropped());
	return 0;
}

FRAME_MAIN(typeahead_main);
C
cd typeahead

# typed [INPUT]: run the kernel with INPUT on its serial console.
typed() {
	out=$(printf '%s\n' "$1" | timeout "${OSDK_TIMEOUT:-600}" "$OSDK" run 2>&1)
	rc=$?
}

typed "echo hi"
expect_rc 0 "the kernel reads a line typed ahead of its boot"
expect_out "read 7 bytes: \[echo hi\], 0 dropped" "and gets all of it"

# Longer than the UART's 16-byte FIFO and its early buffer's first fill.
long=$(printf 'x%.0s' $(seq 1 120))
typed "$long"
expect_rc 0 "the kernel reads a long line typed ahead"
expect_out "read 120 bytes: \[x{120}\], 0 dropped" "and gets all of it"
finish
