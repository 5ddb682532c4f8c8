/* SPDX-License-Identifier: MIT */
/* Fixture frame: the basic types. */
#ifndef FRAME_TYPES_H
#define FRAME_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;

#endif
