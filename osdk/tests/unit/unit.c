/* SPDX-License-Identifier: MIT */
/* unit.c - runs every UNIT case of one test binary and prints a summary. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "util/fs.h"
#include "util/xalloc.h"

int unit_failed_checks;

/* What unit_tmpdir() made, for the exit to remove. */
#define UNIT_MAX_DIRS 4
static char *unit_dirs[UNIT_MAX_DIRS];
static int unit_ndirs;

extern const struct unit_case __start_unit_cases[];
extern const struct unit_case __stop_unit_cases[];

/* With an argument, runs only the cases whose name contains it. */
int unit_main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;

	for (const struct unit_case *c = __start_unit_cases;
	     c < __stop_unit_cases; c++) {
		if (filter && !strstr(c->name, filter))
			continue;
		int before = unit_failed_checks;
		c->fn();
		if (unit_failed_checks == before) {
			printf("ok   %s\n", c->name);
			passed++;
		} else {
			printf("FAIL %s\n", c->name);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static void unit_remove_dirs(void)
{
	for (int i = 0; i < unit_ndirs; i++)
		fs_remove_tree(unit_dirs[i], NULL);
}

int unit_tmpdir(char *tmpl)
{
	if (!strstr(tmpl, "XXXXXX"))
		return 0;
	if (unit_ndirs == UNIT_MAX_DIRS) {
		UNIT_FAIL("more than %d directories of unit_tmpdir()",
			  UNIT_MAX_DIRS);
		return 0;
	}
	if (!mkdtemp(tmpl)) {
		UNIT_FAIL("mkdtemp '%s': %s", tmpl, strerror(errno));
		return 0;
	}
	if (unit_ndirs == 0)
		atexit(unit_remove_dirs);
	unit_dirs[unit_ndirs++] = tmpl;
	return 1;
}

void unit_fresh_dir(char *tmpl)
{
	if (unit_tmpdir(tmpl) || strstr(tmpl, "XXXXXX"))
		return;
	fs_remove_tree(tmpl, NULL);
	CHECK_INT(mkdir(tmpl, 0777), 0);
}

void unit_put(const char *root, const char *rel, const char *text)
{
	char *path = fs_join(root, rel);
	char *dir = xstrdup(path);

	*strrchr(dir, '/') = '\0';
	CHECK_INT(fs_mkdirs(dir, NULL), 0);
	CHECK_INT(fs_write_atomic(path, text, strlen(text), NULL), 0);
	free(dir);
	free(path);
}
