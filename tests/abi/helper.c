/* SPDX-License-Identifier: MIT */
/* helper.c - what exec.c runs, built as musl static, glibc static,
 * glibc static-pie and glibc dynamic:
 *   helper fd N     exits 0 when descriptor N is open, 3 when it is not
 *   helper ...      prints "argc=N", one "[i]=arg" line per argument and
 *                   "env=VALUE" for $ABI_X, then exits 7
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *x = getenv("ABI_X");
	int i;

	if (argc == 3 && strcmp(argv[1], "fd") == 0)
		return fcntl(atoi(argv[2]), F_GETFD) == -1 ? 3 : 0;
	printf("argc=%d\n", argc);
	for (i = 0; i < argc; i++)
		printf("[%d]=%s\n", i, argv[i]);
	printf("env=%s\n", x ? x : "(none)");
	fflush(stdout);
	return 7;
}
