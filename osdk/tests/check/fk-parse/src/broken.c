/* SPDX-License-Identifier: MIT */
/* FK-PARSE: a file that does not parse cannot be checked. */
#include <frame/types.h>

int fk_broken(void)
{
	return fk_undeclared;
}
