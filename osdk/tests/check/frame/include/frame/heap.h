/* SPDX-License-Identifier: MIT */
/* Fixture frame: allocators, by name and by attribute, and a non-one. */
#ifndef FRAME_HEAP_H
#define FRAME_HEAP_H

#include <frame/types.h>

void *frame_alloc(size_t size);
void *frame_zalloc(size_t size);
void *frame_make(size_t size) __attribute__((malloc));
/* Returns void * but hands out memory that is already somebody's. */
void *frame_get_buffer(void);
void frame_free(void *p);

#endif
