/* SPDX-License-Identifier: MIT */
/* {{name}}.h - the public API of the {{name}} library. */
#ifndef {{IDENT}}_H
#define {{IDENT}}_H

#include <frame/types.h>

/* {{ident}}_checked_add() - a + b into *sum; -EOVERFLOW if it does not fit */
int {{ident}}_checked_add(uint64_t a, uint64_t b, uint64_t *sum);

#endif
