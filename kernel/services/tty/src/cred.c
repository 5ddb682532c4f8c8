/* SPDX-License-Identifier: MIT */
/* What the terminal asks of the credentials: privilege for TIOCSCTTY steal. */
#include "console.h"

#include <cred/cred.h>

bool tty_current_is_root(void)
{
	const struct cred *c = cred_current();

	return c && cred_capable(c);
}
