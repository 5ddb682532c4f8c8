/* SPDX-License-Identifier: MIT */
/* Basic integer types every frame and service file may use. */
#ifndef FRAME_TYPES_H
#define FRAME_TYPES_H

/*
 * Only the compiler's freestanding headers exist in the kernel (there is no
 * libc), so this header gathers them in one place: a service includes
 * <frame/types.h> instead of reaching for <stdint.h> and friends itself.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The signed counterpart of size_t, as the Linux ABI uses it for byte counts
 * that may also carry a negative errno.
 */
typedef long ssize_t;

_Static_assert(sizeof(ssize_t) == sizeof(size_t), "ssize_t must match size_t");
_Static_assert(sizeof(void *) == 8, "Keel is a 64-bit kernel");

#endif /* FRAME_TYPES_H */
