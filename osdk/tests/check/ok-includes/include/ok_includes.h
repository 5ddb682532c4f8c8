/* SPDX-License-Identifier: MIT */
/* Allowed: the package's public header. */
#ifndef OK_INCLUDES_H
#define OK_INCLUDES_H

int ok_includes_value(void);

#endif
