/* SPDX-License-Identifier: MIT */
/* dropcaches.c - /proc/sys/vm/drop_caches, which the fuzzer's leak check
 * writes (tests/fuzz): root writes 1 to 4, other values are EINVAL, a
 * user cannot open it, and memory reads back in /proc/meminfo after. */
#include "abi.h"

#include <fcntl.h>

#define DROP "/proc/sys/vm/drop_caches"

static long drop(const char *s)
{
	int fd = open(DROP, O_WRONLY);
	long r;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s));
	if (r < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return r;
}

static void test_values(void)
{
	CHECK_EQ("write_3", drop("3\n"), 2);
	CHECK_EQ("write_1", drop("1"), 1);
	CHECK_EQ("write_2", drop("2"), 1);
	CHECK_EQ("write_4", drop("4\n"), 2);
	CHECK_ERR("write_0", drop("0\n"), EINVAL);
	CHECK_ERR("write_5", drop("5\n"), EINVAL);
	CHECK_ERR("write_word", drop("all\n"), EINVAL);
	CHECK_ERR("write_negative", drop("-1\n"), EINVAL);
}

static void test_meminfo_after(void)
{
	char buf[4096];
	int fd = open("/proc/meminfo", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	CHECK("meminfo_memfree", n > 0 && strstr(buf, "\nMemFree:"));
}

/* A user other than root is refused at open, before any value. */
static int as_user(void *arg)
{
	(void)arg;
	if (setgid(65534) || setuid(65534))
		return 2;
	return open(DROP, O_WRONLY) == -1 && errno == EACCES ? 0 : 1;
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_values();
	test_meminfo_after();
	CHECK_CHILD_OK("user_eacces", abi_in_child(as_user, NULL));
	return abi_end();
}
