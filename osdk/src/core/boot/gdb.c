/* SPDX-License-Identifier: MIT */
/* gdb.c - the gdb command line that attaches to a kernel in QEMU. */
#include "core/boot/gdb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/strvec.h"
#include "util/xalloc.h"

int gdb_check_addr(const char *addr, const char *what, struct osdk_err *err)
{
	const char *colon = strrchr(addr, ':');
	char *end;
	long port;

	if (*addr && (strchr(addr, '/') || !colon))
		return 0;
	errno = 0;
	port = colon ? strtol(colon + 1, &end, 10) : 0;
	if (colon && colon[1] && !*end && !errno && port >= 1 && port <= 65535)
		return 0;
	return err_set(err, -EINVAL,
		       "bad %s address '%s'; expected HOST:PORT with a port "
		       "from 1 to 65535, or a socket path",
		       what, addr);
}

int gdb_parse_server_spec(const char *spec, char **addr, bool *wait,
			  bool *vscode, struct osdk_err *err)
{
	char *copy = xstrdup(spec), *save = NULL;
	int ret = 0;

	*addr = NULL;
	*wait = false;
	*vscode = false;
	for (char *t = strtok_r(copy, ",", &save); t && !ret;
	     t = strtok_r(NULL, ",", &save)) {
		if (strncmp(t, "addr=", 5) == 0 && t[5]) {
			ret = gdb_check_addr(t + 5, "--gdb-server", err);
			if (!ret) {
				free(*addr);
				*addr = xstrdup(t + 5);
			}
		} else if (strcmp(t, "wait-client") == 0) {
			*wait = true;
		} else if (strcmp(t, "vscode") == 0) {
			*vscode = true;
		} else {
			ret = err_set(err, -EINVAL,
				      "bad --gdb-server part '%s'; expected "
				      "addr=HOST:PORT, addr=PATH, wait-client "
				      "or vscode",
				      t);
		}
	}
	if (!ret && !*addr)
		*addr = xstrdup(GDB_DEFAULT_ADDR);
	if (ret) {
		free(*addr);
		*addr = NULL;
	}
	free(copy);
	return ret;
}

void gdb_argv(const char *elf, const char *addr, const char *const *extra,
	      struct strvec *argv)
{
	strvec_push(argv, "gdb");
	strvec_push(argv, "-q");
	strvec_push(argv, "-ex");
	strvec_push(argv, "set architecture i386:x86-64");
	strvec_push(argv, "-ex");
	strvec_pushf(argv, "target remote %s", addr);
	strvec_pushv(argv, extra);
	/* The ELF comes last so that extra options still apply to it. */
	strvec_push(argv, elf);
}
