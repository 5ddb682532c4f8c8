/* SPDX-License-Identifier: MIT */
/* Allowed: a private header of the package itself. */
#ifndef OK_INCLUDES_LOCAL_H
#define OK_INCLUDES_LOCAL_H

#define OK_LOCAL 1

#endif
