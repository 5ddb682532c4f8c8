/* SPDX-License-Identifier: MIT */
/* FK-VOLATILE in a header of the package: reported where it is. */
#ifndef FK_VOLATILE_H
#define FK_VOLATILE_H

#include <frame/types.h>

struct fk_regs {
	volatile uint32_t ctrl;
	uint32_t status;
};

#endif
