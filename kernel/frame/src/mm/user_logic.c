/* SPDX-License-Identifier: MIT */
/* User-memory access's bounds and retry logic (proved: see user_logic.h). */
#include "mm/user_logic.h"

#include <frame/compiler.h>

bool user_range_ok(unsigned long addr, size_t len)
{
	return addr <= USER_ADDR_END && len <= USER_ADDR_END - addr;
}

bool user_span_ok(size_t size, size_t offset, size_t len)
{
	return offset <= size && len <= size - offset;
}

int user_step(unsigned long *cur, size_t *n, size_t left, unsigned int *tries,
	      bool nofault)
{
	size_t done = *n - left;

	*cur += done;
	*n = left;
	if (!left)
		return 0;
	if (done)
		*tries = 0;
	if (nofault || *tries >= VM_FAULT_RETRIES)
		return -EFAULT;
	++*tries;
	return 1;
}

size_t user_str_max(unsigned long a, size_t size)
{
	return MIN(size, (size_t)(USER_ADDR_END - a));
}

size_t user_str_chunk(unsigned long a, size_t done, size_t max)
{
	unsigned long at = a + done;

	return MIN(max - done, VM_PAGE_SIZE - at % VM_PAGE_SIZE);
}

int user_word_check(unsigned long a)
{
	if (a % 4)
		return -EINVAL;
	return user_range_ok(a, sizeof(uint32_t)) ? 0 : -EFAULT;
}

int user_retry(unsigned int *tries)
{
	if (*tries >= VM_FAULT_RETRIES)
		return -EFAULT;
	++*tries;
	return 0;
}
