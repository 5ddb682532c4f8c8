/* SPDX-License-Identifier: MIT */
/* FK-INCLUDE: headers a service cannot reach lawfully. */
#include <frame/types.h>
#include "../../frame/src/internal.h"
#include <float.h>
#include "../../other/include/other.h"
#include "../../dep/src/private.h"
#include <deeper.h>
#include <dep.h>

int fk_include_value(void)
{
	return dep_value();
}
