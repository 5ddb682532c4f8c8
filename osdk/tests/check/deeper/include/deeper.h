/* SPDX-License-Identifier: MIT */
/* A library that only `dep` depends on. */
#ifndef DEEPER_H
#define DEEPER_H

int deeper_value(void);

#endif
