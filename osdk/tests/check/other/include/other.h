/* SPDX-License-Identifier: MIT */
/* A package nobody in the fixtures depends on. */
#ifndef OTHER_H
#define OTHER_H

int other_value(void);

#endif
