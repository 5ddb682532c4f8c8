/* SPDX-License-Identifier: MIT */
/* lib.c - the {{name}} library. */
#include <{{name}}/{{name}}.h>

#include <frame/errno.h>
#include <frame/ktest.h>

int {{ident}}_checked_add(uint64_t a, uint64_t b, uint64_t *sum)
{
	if (a > (uint64_t)-1 - b)
		return -EOVERFLOW;
	*sum = a + b;
	return 0;
}

/* `osdk test` builds a test kernel with these and runs it in QEMU. */
KTEST(checked_add)
{
	uint64_t sum = 0;

	KT_ASSERT_OK({{ident}}_checked_add(40, 2, &sum));
	KT_ASSERT_EQ(sum, 42);
	KT_ASSERT_ERR({{ident}}_checked_add((uint64_t)-1, 1, &sum), -EOVERFLOW);
}
