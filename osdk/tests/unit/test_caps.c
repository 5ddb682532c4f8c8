/* SPDX-License-Identifier: MIT */
/* test_caps.c - buffers that grow with input stop at their caps. */
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"

UNIT(process_output_is_cut_with_a_marker)
{
	struct strbuf out = STRBUF_INIT;
	char cmd[128];
	const char *argv[] = { "sh", "-c", cmd, NULL };
	int status = -1;

	snprintf(cmd, sizeof(cmd), "head -c %u /dev/zero | tr '\\0' z",
		 PROC_OUTPUT_MAX + 5000u);
	CHECK_INT(proc_run(argv, NULL, &out, &status), 0);
	CHECK_INT(status, 0);
	CHECK(out.len < PROC_OUTPUT_MAX + 200);
	CHECK(out.len > PROC_OUTPUT_MAX - 8192);
	CHECK_HAS(out.buf + out.len - 80, "more bytes of output dropped]");
	strbuf_release(&out);
}

UNIT(small_output_is_whole)
{
	struct strbuf out = STRBUF_INIT;
	const char *argv[] = { "sh", "-c", "printf 'a\\nb\\n'", NULL };
	int status = -1;

	CHECK_INT(proc_run(argv, NULL, &out, &status), 0);
	CHECK_STR(out.buf, "a\nb\n");
	strbuf_release(&out);
}

UNIT(a_file_over_the_limit_is_refused)
{
	char path[] = "/tmp/osdk-unit-caps.XXXXXX";
	struct strbuf sb = STRBUF_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	char data[3000];
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	memset(data, 'x', sizeof(data));
	CHECK(write(fd, data, sizeof(data)) == (ssize_t)sizeof(data));
	close(fd);
	CHECK_INT(fs_read_max(path, &sb, 2048, &err), -EFBIG);
	CHECK_HAS(err.msg, "larger than 2048");
	strbuf_reset(&sb);
	CHECK_INT(fs_read_max(path, &sb, 3000, &err), 0);
	CHECK_INT(sb.len, 3000);
	strbuf_release(&sb);
	unlink(path);
}

UNIT_MAIN()
