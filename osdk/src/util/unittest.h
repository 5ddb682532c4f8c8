/* SPDX-License-Identifier: MIT */
/* unittest.h - UNITTEST: static in the tool, visible to the unit tests. */
#ifndef OSDK_UTIL_UNITTEST_H
#define OSDK_UTIL_UNITTEST_H

#ifdef OSDK_UNITTEST
#define UNITTEST
#else
#define UNITTEST static
#endif

#endif
