/* SPDX-License-Identifier: MIT */
/* Fixture frame: definitions, public and internal. */
#include <frame/api.h>
#include <frame/heap.h>

#include "internal.h"

unsigned long frame_hidden_counter;

void arch_secret(void)
{
	frame_hidden_counter++;
}

void frame_public_fn(int x)
{
	frame_hidden_counter += (unsigned long)x;
}

void frame_hook(void)
{
}

void *frame_alloc(size_t size)
{
	(void)size;
	return NULL;
}
