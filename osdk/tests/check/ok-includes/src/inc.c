/* SPDX-License-Identifier: MIT */
/* Allowed: the frame's API, own headers, a dependency's and libs/. */
#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include <dep.h>
#include <frame/types.h>
#include <ok_includes.h>
#include <ring.h>

#include "sub/local.h"

int ok_includes_value(void)
{
	struct ring r = { 1, 0 };

	return dep_value() + OK_LOCAL + (int)(r.head - r.tail);
}
