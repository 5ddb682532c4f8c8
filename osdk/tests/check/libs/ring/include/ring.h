/* SPDX-License-Identifier: MIT */
/* A pure data structure under libs/: any service may include it. */
#ifndef RING_H
#define RING_H

struct ring {
	unsigned head, tail;
};

#endif
