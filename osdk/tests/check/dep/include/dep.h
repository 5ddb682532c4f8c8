/* SPDX-License-Identifier: MIT */
/* The public header of `dep`. */
#ifndef DEP_H
#define DEP_H

int dep_value(void);

#endif
