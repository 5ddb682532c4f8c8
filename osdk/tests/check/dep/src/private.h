/* SPDX-License-Identifier: MIT */
/* A private header of `dep`: not for its dependants. */
#ifndef DEP_PRIVATE_H
#define DEP_PRIVATE_H

int dep_private_value(void);

#endif
